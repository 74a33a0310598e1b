namespace NnPhys.Cosmology;

/// <summary>
/// The momentum that critically damps a mode of stiffness κ (NTK eigenvalue per point, so the mode obeys
/// m ä + 3H ȧ + κ a = 0): 3H² = 4mκ with 3H = (1 − μ)/√η. Closed forms in x = ηκ (docs/cosmology.md §4).
/// </summary>
public static class CriticalMomentum
{
    /// <summary>Leading order (m = 1): (1 − μ)² = 4x ⇒ μ* = 1 − 2√x (0 when x ≥ ¼).</summary>
    public static double Leading(double learningRate, double stiffness) => Math.Max(0, 1 - 2 * Math.Sqrt(Check(learningRate, stiffness)));

    /// <summary>Corrected (m = (1 + μ)/2): (1 − μ)² = 2x(1 + μ) ⇒ μ* = 1 + x − √(x(x + 4)).</summary>
    public static double Corrected(double learningRate, double stiffness)
    {
        double x = Check(learningRate, stiffness);
        return Math.Max(0, 1 + x - Math.Sqrt(x * (x + 4)));
    }

    /// <summary>
    /// Exact for the discrete linear recursion a_{t+1} = (1 + μ − x)a_t − μa_{t−1}: double root when (1 + μ − x)² = 4μ,
    /// μ* = (1 − √x)² (x ≤ 1). The corrected formula agrees with it to O(x^{3/2}), the leading one only to O(x).
    /// </summary>
    public static double ExactDiscrete(double learningRate, double stiffness)
    {
        double x = Check(learningRate, stiffness);
        return x >= 1 ? 0 : Math.Pow(1 - Math.Sqrt(x), 2);
    }

    static double Check(double eta, double kappa)
    {
        if (!(eta > 0) || !double.IsFinite(eta)) throw new InvalidConfigException($"Learning rate η = {eta} must be finite and > 0.");
        if (!(kappa > 0) || !double.IsFinite(kappa)) throw new InvalidConfigException($"Mode stiffness κ = {kappa} must be finite and > 0 (an NTK eigenvalue).");
        return eta * kappa;
    }

    /// <summary>
    /// Steps until the loss ½a² of a mode with stiffness κ, started at rest at a₀, falls below <paramref name="lossFraction"/> of
    /// its initial value for good, predicted from the field equation m ä + 3H ȧ + κa = 0 of the given order (closed form), or
    /// from the overdamped flow 3H ȧ = −κa when <paramref name="order"/> is null. "For good": once the mechanical energy
    /// ½m ȧ² + ½κa² (non-increasing under friction) is below ½κ·lossFraction·a₀², the loss can never exceed the target
    /// again; the answer is one step after the last step above target. Returns <paramref name="maxSteps"/> + 1 when not reached.
    /// </summary>
    public static int PredictedSteps(HeavyBallMapping mapping, double stiffness, double initialResidual, double lossFraction, MappingOrder? order, int maxSteps)
    {
        double gamma = mapping.Friction, h = mapping.TimeStep, a0 = initialResidual, threshold = lossFraction * a0 * a0;
        if (order is null)
        {
            // a = a₀ e^{−κs/3H} falls monotonically: a² ≤ threshold at s = (3H/2κ) ln(1/lossFraction)
            double s = gamma / (2 * stiffness) * Math.Log(1 / lossFraction);
            return Math.Min(maxSteps + 1, (int)Math.Ceiling(s / h - 1e-12));
        }
        double m = mapping.Mass(order.Value);
        double v0 = order == MappingOrder.Corrected ? -h / 2 * stiffness * a0 : 0;
        var disc = System.Numerics.Complex.Sqrt(gamma * gamma - 4 * m * stiffness);
        System.Numerics.Complex w1 = (-gamma + disc) / (2 * m), w2 = (-gamma - disc) / (2 * m);
        bool critical = (w1 - w2).Magnitude < 1e-9 * w1.Magnitude;
        System.Numerics.Complex c1 = critical ? 0 : (v0 - w2 * a0) / (w1 - w2), c2 = a0 - c1;
        int last = 0;
        for (int t = 1; t <= maxSteps; t++)
        {
            double s = t * h, a, v;
            if (critical)
            {
                double w = w1.Real, e = Math.Exp(w * s), b = v0 - w * a0;
                a = (a0 + b * s) * e; v = (b + w * (a0 + b * s)) * e;
            }
            else
            {
                System.Numerics.Complex e1 = System.Numerics.Complex.Exp(w1 * s), e2 = System.Numerics.Complex.Exp(w2 * s);
                a = (c1 * e1 + c2 * e2).Real; v = (c1 * w1 * e1 + c2 * w2 * e2).Real;
            }
            if (a * a > threshold) last = t;
            else if (m * v * v + stiffness * a * a <= stiffness * threshold) return last + 1;
        }
        return maxSteps + 1;
    }
}
