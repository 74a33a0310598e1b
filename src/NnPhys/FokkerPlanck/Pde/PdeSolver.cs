namespace NnPhys.FokkerPlanck.Pde;

/// <summary>What one call of <see cref="PdeSolver.Evolve{TField}"/> did.</summary>
/// <param name="StartTime">Time at the start.</param>
/// <param name="EndTime">Time at the end.</param>
/// <param name="Substeps">Explicit substeps taken.</param>
/// <param name="TimeStep">Length of each substep.</param>
/// <param name="MinimumSubsteps">Substeps the settings ask for (MinSubstepsPerUnitTime × duration).</param>
/// <param name="StabilityRate">The equation's stability rate: dt must stay below Limit·Safety/StabilityRate.</param>
/// <param name="RefinedForStability">True when the stability bound forced more than the minimum substeps.</param>
public sealed record EvolutionReport(double StartTime, double EndTime, int Substeps, double TimeStep, int MinimumSubsteps,
                                     double StabilityRate, bool RefinedForStability)
{
    /// <summary>A one-line account, e.g. for a log: "t 3→4: 100 substeps (dt = 0.01)" or "… refined from 100 for stability".</summary>
    public override string ToString() =>
        $"t {StartTime:G4}→{EndTime:G4}: {Substeps} substeps (dt = {TimeStep:G4})" +
        (RefinedForStability ? $", refined from {MinimumSubsteps} for stability (max outflow rate {StabilityRate:G4})" : "");
}

/// <summary>Settings of the shared explicit time loop (<see cref="PdeSolver"/>), for the Fokker–Planck and the KPZ equation alike.</summary>
/// <param name="MinSubstepsPerUnitTime">Minimum substeps per unit time; the paper uses 100 per epoch.</param>
/// <param name="StabilitySafety">Substeps satisfy dt·rate ≤ StabilityLimit·this (≤ 1; 0.9 leaves a margin). For Fokker–Planck the
/// limit is 1 (keeps P ≥ 0), for KPZ 0.5.</param>
/// <param name="MaxSubstepsPerUnitTime">Refuse to refine beyond this many substeps per unit time (a grid or drift mistake).</param>
public sealed record PdeSolverSettings(int MinSubstepsPerUnitTime = 100, double StabilitySafety = 0.9, int MaxSubstepsPerUnitTime = 1_000_000)
{
    /// <summary>Checks the values.</summary>
    /// <exception cref="InvalidConfigException">Out of range.</exception>
    public void Validate()
    {
        if (MinSubstepsPerUnitTime < 1) throw new InvalidConfigException($"MinSubstepsPerUnitTime must be ≥ 1 (got {MinSubstepsPerUnitTime}); the paper uses 100.");
        if (!(StabilitySafety > 0 && StabilitySafety <= 1)) throw new InvalidConfigException($"StabilitySafety must be in (0, 1] (got {StabilitySafety}).");
        if (MaxSubstepsPerUnitTime < MinSubstepsPerUnitTime) throw new InvalidConfigException("MaxSubstepsPerUnitTime must be ≥ MinSubstepsPerUnitTime.");
    }
}

/// <summary>
/// The one explicit time loop (the py-pde "controller") of the Fokker–Planck density and the KPZ potential: advances a
/// field under a fixed <see cref="IExplicitPde{TField}"/> for a given duration by explicit substeps, choosing their number
/// as max(MinSubstepsPerUnitTime·duration, duration·rate/(limit·safety)) (<see cref="PlanSubsteps{TField}"/>), and calls
/// the trackers. The field is updated in place.
/// </summary>
public static class PdeSolver
{
    /// <summary>The number of substeps <see cref="Evolve{TField}"/> will take for this equation, initial state and duration.</summary>
    /// <exception cref="InvalidConfigException">Bad duration or settings.</exception>
    /// <exception cref="NumericalInstabilityException">More than MaxSubstepsPerUnitTime would be needed.</exception>
    public static (int Substeps, int Minimum, double Rate) PlanSubsteps<TField>(IExplicitPde<TField> pde, ReadOnlySpan<double> state, double duration,
                                                                             PdeSolverSettings settings) where TField : IGridField
    {
        settings.Validate();
        if (!(duration > 0) || !double.IsFinite(duration)) throw new InvalidConfigException($"Duration {duration} must be positive and finite.");
        double rate = pde.MaxRate(state);
        int minimum = (int)Math.Ceiling(settings.MinSubstepsPerUnitTime * duration - 1e-9);
        double needed = Math.Ceiling(duration * rate / (pde.StabilityLimit * settings.StabilitySafety));
        if (needed > (double)settings.MaxSubstepsPerUnitTime * Math.Max(duration, 1))
            throw new NumericalInstabilityException(
                $"The {pde.Name} stability bound needs {needed:G3} substeps for duration {duration:G3} (max rate {rate:G3}), above the limit " +
                $"{settings.MaxSubstepsPerUnitTime} per unit time. The drift or diffusion is too large for the grid spacing ({pde.Grid}); use a coarser grid, check the drift units, or raise MaxSubstepsPerUnitTime.");
        return (Math.Max(minimum, (int)needed), minimum, rate);
    }

    /// <summary>
    /// Advances <paramref name="field"/> in place from <paramref name="startTime"/> by <paramref name="duration"/>.
    /// </summary>
    /// <exception cref="InvalidConfigException">Equation and field on different grids, or bad duration/settings.</exception>
    /// <exception cref="NumericalInstabilityException">The stability bound needs more substeps than allowed, or the result is
    /// not acceptable to the equation (KPZ: not finite).</exception>
    public static EvolutionReport Evolve<TField>(TField field, IExplicitPde<TField> pde, double startTime, double duration,
                                                 PdeSolverSettings? settings = null, IReadOnlyList<IPdeTracker<TField>>? trackers = null)
        where TField : class, IGridField
    {
        settings ??= new PdeSolverSettings();
        if (!field.Grid.Matches(pde.Grid)) throw new InvalidConfigException($"The field and the {pde.Name} operator must be on the same grid.");
        var (substeps, minimum, rate) = PlanSubsteps(pde, field.Values, duration, settings);
        double dt = duration / substeps;
        var stepper = pde.CreateStepper(dt);
        trackers ??= [];

        var current = field;
        var other = pde.Wrap(new double[field.Values.Length]);
        foreach (var tracker in trackers) tracker.Initialize(current, startTime);
        for (int s = 1; s <= substeps; s++)
        {
            stepper.Step(current.Values, other.Values);
            (current, other) = (other, current);
            double time = startTime + s * dt;
            foreach (var tracker in trackers) tracker.Handle(current, time, dt);
        }
        double endTime = startTime + duration;
        if (!ReferenceEquals(current, field)) current.Values.AsSpan().CopyTo(field.Values);
        pde.CheckResult(field.Values);
        foreach (var tracker in trackers) tracker.Finalize(field, endTime);
        return new EvolutionReport(startTime, endTime, substeps, dt, minimum, rate, substeps > minimum);
    }
}
