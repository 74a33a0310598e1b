namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// An evolution equation ∂f/∂t = F(f) on a grid, as the shared explicit time loop <see cref="PdeSolver"/> needs it (py-pde's
/// "PDE"): a stability rate that bounds the substep, a stepper for a fixed substep, and a wrapper for the loop's second
/// buffer. Implemented by <see cref="FokkerPlanckOperator"/> (P, eq. 11) and <see cref="KpzOperator"/> (V = −log P, eq. 14).
/// </summary>
/// <typeparam name="TField">The field it advances.</typeparam>
public interface IExplicitPde<TField> where TField : IGridField
{
    /// <summary>Name used in messages, e.g. "Fokker–Planck".</summary>
    string Name { get; }
    /// <summary>The grid.</summary>
    Grid2D Grid { get; }
    /// <summary>A substep dt is stable when dt·<see cref="MaxRate"/> ≤ StabilityLimit·StabilitySafety.</summary>
    double StabilityLimit { get; }
    /// <summary>The stability rate for the state at the start of an evolution (it may ignore the state).</summary>
    double MaxRate(ReadOnlySpan<double> state);
    /// <summary>A stepper for substeps of length <paramref name="dt"/>.</summary>
    IExplicitStepper CreateStepper(double dt);
    /// <summary>Wraps cell values (not copied) as a field of this equation's kind.</summary>
    TField Wrap(double[] values);
    /// <summary>Checks the state after the last substep (e.g. that it stayed finite).</summary>
    /// <exception cref="NumericalInstabilityException">The state is not acceptable.</exception>
    void CheckResult(ReadOnlySpan<double> state);
}

/// <summary>One explicit substep of fixed length: <c>next</c> = the state advanced by dt; the two spans must not overlap.</summary>
public interface IExplicitStepper
{
    /// <summary>The substep length.</summary>
    double TimeStep { get; }
    /// <summary>Writes the state after one substep into <paramref name="next"/>.</summary>
    void Step(ReadOnlySpan<double> state, Span<double> next);
}
