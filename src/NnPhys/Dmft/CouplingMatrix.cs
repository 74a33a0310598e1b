using NnPhys.Numerics;

namespace NnPhys.Dmft;

/// <summary>
/// Random couplings with bidirectional correlation (SPEC §4): J_ij Gaussian, mean 0, Var J_ij = 1/N,
/// Cov(J_ij, J_ji) = η/N, J_ii = 0, η ∈ [−1, 1]. SPEC writes J = J_s + k·J_a with k = √((1−η)/(1+η)); we draw each pair
/// (i &lt; j) as J_ij = a·u + b·v, J_ji = a·u − b·v with u, v ~ N(0, 1), a = √((1+η)/2N), b = √((1−η)/2N), which is the same
/// law (a·u is the symmetric part, b·v the antisymmetric one, b/a = k) and also covers η = ±1, where k is 0 or ∞.
/// </summary>
public static class CouplingMatrix
{
    /// <summary>Throws <see cref="InvalidConfigException"/> unless η ∈ [−1, 1].</summary>
    public static void CheckCorrelation(double eta)
    {
        if (!double.IsFinite(eta) || eta < -1 || eta > 1)
            throw new InvalidConfigException($"The coupling correlation η must be in [−1, 1] (η = Cov(J_ij, J_ji)·N), got {eta}; pass e.g. --eta 0.5.");
    }

    /// <summary>Samples the N×N matrix, row-major.</summary>
    public static double[] Sample(int n, double eta, RandomStream random)
    {
        CheckCorrelation(eta);
        if (n < 2) throw new InvalidConfigException($"A network needs at least 2 neurons, got N = {n}.");
        var j = new double[n * n];
        double a = Math.Sqrt((1 + eta) / (2.0 * n)), b = Math.Sqrt((1 - eta) / (2.0 * n));
        for (int r = 0; r < n; r++)
            for (int c = r + 1; c < n; c++)
            {
                double u = random.NextNormal(), v = random.NextNormal();
                j[r * n + c] = a * u + b * v;
                j[c * n + r] = a * u - b * v;
            }
        return j;
    }

    /// <summary>The predicted ellipse of the spectrum of gJ (elliptic law, N → ∞): semi-axes g(1+η) (real), g(1−η) (imaginary).</summary>
    public static (double RealSemiAxis, double ImaginarySemiAxis) EllipseSemiAxes(double gain, double eta) => (gain * (1 + eta), gain * (1 - eta));
}
