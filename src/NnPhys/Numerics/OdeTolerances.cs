namespace NnPhys.Numerics;

/// <summary>Tolerances and step limits of <see cref="DormandPrince45"/>.</summary>
/// <param name="RelativeTolerance">rtol: local error allowed per unit of |y| (default 1e-8).</param>
/// <param name="AbsoluteTolerance">atol: local error allowed where y ≈ 0 (default 1e-10).</param>
/// <param name="InitialStep">First trial step; null picks one from f(t0, y0) (Hairer I, §II.4 "starting step size").</param>
/// <param name="MaxStep">Largest step taken (default: unbounded).</param>
/// <param name="MaxSteps">Accepted plus rejected steps before giving up (default 1,000,000).</param>
public sealed record OdeTolerances(double RelativeTolerance = 1e-8, double AbsoluteTolerance = 1e-10,
    double? InitialStep = null, double MaxStep = double.PositiveInfinity, int MaxSteps = 1_000_000)
{
    /// <summary>Throws if a tolerance or limit is unusable.</summary>
    /// <exception cref="InvalidConfigException">A tolerance is negative, both are zero, or a limit is not positive.</exception>
    public void Validate()
    {
        if (!(RelativeTolerance >= 0) || !(AbsoluteTolerance >= 0) || RelativeTolerance + AbsoluteTolerance <= 0 || !double.IsFinite(RelativeTolerance + AbsoluteTolerance))
            throw new InvalidConfigException($"ODE tolerances rtol={RelativeTolerance}, atol={AbsoluteTolerance} are invalid; use finite non-negative values, not both zero (e.g. 1e-8, 1e-10).");
        if (InitialStep is double h0 && !(h0 > 0 && double.IsFinite(h0)))
            throw new InvalidConfigException($"Initial step {h0} is invalid; use a positive finite step or leave it unset.");
        if (!(MaxStep > 0)) throw new InvalidConfigException($"Maximum step {MaxStep} must be positive.");
        if (MaxSteps <= 0) throw new InvalidConfigException($"Step limit {MaxSteps} must be positive.");
    }
}
