namespace NnPhys.Numerics;

/// <summary>Argument checks shared by the ODE integrators.</summary>
internal static class OdeChecks
{
    /// <summary>Throws unless t0, t1 are finite and the step count is positive.</summary>
    public static void Interval(double t0, double t1, int steps)
    {
        if (!double.IsFinite(t0) || !double.IsFinite(t1))
            throw new ArgumentException($"Integration interval [{t0}, {t1}] is not finite; give finite start and end times.");
        if (steps <= 0) throw new ArgumentException($"Step count {steps} must be positive.", nameof(steps));
    }
}
