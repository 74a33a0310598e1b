namespace NnPhys.FokkerPlanck;

/// <summary>What one call of <see cref="FokkerPlanckSolver.Evolve"/> did.</summary>
/// <param name="StartTime">Time at the start.</param>
/// <param name="EndTime">Time at the end.</param>
/// <param name="Substeps">Explicit substeps taken.</param>
/// <param name="TimeStep">Length of each substep.</param>
/// <param name="MinimumSubsteps">Substeps the settings ask for (MinSubstepsPerUnitTime × duration).</param>
/// <param name="StabilityRate">MaxOutflowRate of the operator: dt must stay below Safety/StabilityRate.</param>
/// <param name="RefinedForStability">True when the stability bound forced more than the minimum substeps.</param>
public sealed record EvolutionReport(double StartTime, double EndTime, int Substeps, double TimeStep, int MinimumSubsteps,
                                     double StabilityRate, bool RefinedForStability)
{
    /// <summary>A one-line account, e.g. for a log: "t 3→4: 100 substeps (dt = 0.01)" or "… refined from 100 for stability".</summary>
    public override string ToString() =>
        $"t {StartTime:G4}→{EndTime:G4}: {Substeps} substeps (dt = {TimeStep:G4})" +
        (RefinedForStability ? $", refined from {MinimumSubsteps} for stability (max outflow rate {StabilityRate:G4})" : "");
}

/// <summary>Settings of the explicit Fokker–Planck time loop.</summary>
/// <param name="MinSubstepsPerUnitTime">Minimum substeps per unit time; the paper uses 100 per epoch.</param>
/// <param name="StabilitySafety">Substeps satisfy dt·MaxOutflowRate ≤ this (≤ 1 keeps P ≥ 0; 0.9 leaves a margin).</param>
/// <param name="MaxSubstepsPerUnitTime">Refuse to refine beyond this many substeps per unit time (a grid or drift mistake).</param>
public sealed record FokkerPlanckSolverSettings(int MinSubstepsPerUnitTime = 100, double StabilitySafety = 0.9, int MaxSubstepsPerUnitTime = 1_000_000)
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
/// The time loop (the py-pde "controller"): advances a density under a fixed <see cref="FokkerPlanckOperator"/> for a given
/// duration by explicit substeps, choosing their number as max(MinSubstepsPerUnitTime·duration, duration·rate/safety), and
/// calls the trackers. The density is updated in place.
/// </summary>
public static class FokkerPlanckSolver
{
    /// <summary>The number of substeps <see cref="Evolve"/> will take for this operator and duration.</summary>
    /// <exception cref="NumericalInstabilityException">More than MaxSubstepsPerUnitTime would be needed.</exception>
    public static (int Substeps, int Minimum, double Rate) PlanSubsteps(FokkerPlanckOperator op, double duration, FokkerPlanckSolverSettings settings)
    {
        settings.Validate();
        if (!(duration > 0) || !double.IsFinite(duration)) throw new InvalidConfigException($"Duration {duration} must be positive and finite.");
        double rate = op.MaxOutflowRate();
        int minimum = (int)Math.Ceiling(settings.MinSubstepsPerUnitTime * duration - 1e-9);
        double needed = Math.Ceiling(duration * rate / settings.StabilitySafety);
        if (needed > (double)settings.MaxSubstepsPerUnitTime * Math.Max(duration, 1))
            throw new NumericalInstabilityException(
                $"The Fokker–Planck stability bound needs {needed:G3} substeps for duration {duration:G3} (max outflow rate {rate:G3}), above the limit " +
                $"{settings.MaxSubstepsPerUnitTime} per unit time. The drift or diffusion is too large for the grid spacing ({op.Grid}); use a coarser grid, check the drift units, or raise MaxSubstepsPerUnitTime.");
        return (Math.Max(minimum, (int)needed), minimum, rate);
    }

    /// <summary>
    /// Advances <paramref name="density"/> in place from <paramref name="startTime"/> by <paramref name="duration"/>.
    /// </summary>
    /// <exception cref="InvalidConfigException">Operator and density on different grids, or bad duration/settings.</exception>
    /// <exception cref="NumericalInstabilityException">The stability bound needs more substeps than allowed.</exception>
    public static EvolutionReport Evolve(DensityField density, FokkerPlanckOperator op, double startTime, double duration,
                                         FokkerPlanckSolverSettings? settings = null, IReadOnlyList<IFokkerPlanckTracker>? trackers = null)
    {
        settings ??= new FokkerPlanckSolverSettings();
        if (!density.Grid.Matches(op.Grid)) throw new InvalidConfigException("Density and operator must be on the same grid.");
        var (substeps, minimum, rate) = PlanSubsteps(op, duration, settings);
        double dt = duration / substeps;
        var stepper = new ExplicitFokkerPlanckStepper(op, dt);
        trackers ??= [];

        var current = density;
        var other = DensityField.Zero(density.Grid);
        foreach (var tracker in trackers) tracker.Initialize(current, startTime);
        for (int s = 1; s <= substeps; s++)
        {
            stepper.Step(current.Values, other.Values);
            (current, other) = (other, current);
            double time = startTime + s * dt;
            foreach (var tracker in trackers) tracker.Handle(current, time, dt);
        }
        double endTime = startTime + duration;
        if (!ReferenceEquals(current, density)) current.Values.AsSpan().CopyTo(density.Values);
        foreach (var tracker in trackers) tracker.Finalize(density, endTime);
        return new EvolutionReport(startTime, endTime, substeps, dt, minimum, rate, substeps > minimum);
    }
}
