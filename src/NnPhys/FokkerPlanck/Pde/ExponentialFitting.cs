namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// Scharfetter–Gummel exponential fitting of a one-dimensional face flux J = u·P − a·∂P/∂x with constant u, a ≥ 0 across
/// the face between cells L and R a distance h apart. Solving the flux exactly for a constant J gives
/// J = (a/h)·[B(−Pe)·P_L − B(Pe)·P_R], Pe = u·h/a, with the Bernoulli function B(z) = z/(eᶻ − 1).
/// As a → 0 this becomes pure upwind (J = u⁺·P_L − u⁻·P_R); as u → 0 central diffusion (a/h)(P_L − P_R).
/// </summary>
public static class ExponentialFitting
{
    /// <summary>The Bernoulli function B(z) = z/(eᶻ − 1), B(0) = 1, accurate for all finite z.</summary>
    public static double Bernoulli(double z)
    {
        double az = Math.Abs(z);
        if (az < 1e-2)
            return 1 - z / 2 + z * z / 12 - z * z * z * z / 720; // Taylor series, error < z⁶/30240
        if (z > 740) return 0;          // z·e^(−z) underflows
        if (z < -740) return -z;        // e^z underflows
        return z / (Math.Exp(z) - 1);
    }

    /// <summary>
    /// The two coefficients of the fitted flux J = Alpha·P_L − Beta·P_R for velocity u and diffusivity a ≥ 0 across a
    /// face of spacing h. Both are ≥ 0. With a = 0 (or |Pe| beyond 1e12) the upwind limit is returned exactly.
    /// </summary>
    public static (double Alpha, double Beta) FaceCoefficients(double u, double a, double h)
    {
        if (a <= 0 || Math.Abs(u * h) > 1e12 * a)
            return (Math.Max(u, 0), Math.Max(-u, 0)); // upwind limit of Scharfetter–Gummel
        double pe = u * h / a;
        double g = a / h;
        return (g * Bernoulli(-pe), g * Bernoulli(pe));
    }
}
