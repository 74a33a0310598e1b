using System.Collections.Concurrent;

namespace NnPhys.Numerics;

/// <summary>
/// Gauss–Hermite quadrature: nodes xᵢ and weights wᵢ with ∫ e^(−x²) f(x) dx ≈ Σᵢ wᵢ f(xᵢ), exact for polynomials of
/// degree ≤ 2n − 1. Nodes by Newton's method on the orthonormal Hermite recurrence (Golub–Welsch gives the same rule);
/// rules are cached per order, so repeated expectations cost only the function evaluations.
/// </summary>
public static class GaussHermite
{
    /// <summary>Largest supported order. From n = 199 on, Newton from the second asymptotic guess falls back onto the
    /// largest root and the rule collapses (weights summing to √π/5 at n = 400), so orders are capped below that.</summary>
    public const int MaxOrder = 192;

    static readonly ConcurrentDictionary<int, (double[] Nodes, double[] Weights)> Cache = new();
    static readonly ConcurrentDictionary<int, (double[] Points, double[] Weights)> NormalCache = new();

    /// <summary>The n-point rule for the weight e^(−x²), nodes in decreasing order. Arrays are shared: do not modify.</summary>
    /// <exception cref="ArgumentOutOfRangeException">n is not in 1…<see cref="MaxOrder"/>.</exception>
    public static (double[] Nodes, double[] Weights) Rule(int n)
    {
        if (n < 1 || n > MaxOrder) throw new ArgumentOutOfRangeException(nameof(n), n, $"The Gauss–Hermite order must be between 1 and {MaxOrder}.");
        return Cache.GetOrAdd(n, Compute);
    }

    /// <summary>E[f(Z)] for Z ~ N(0, 1) by the n-point rule: (1/√π) Σᵢ wᵢ f(√2 xᵢ).</summary>
    public static double Expectation(Func<double, double> f, int n = 64)
    {
        var (x, w) = Rule(n);
        double s = 0;
        for (int i = 0; i < n; i++) s += w[i] * f(Math.Sqrt(2) * x[i]);
        return s / Math.Sqrt(Math.PI);
    }

    /// <summary>The probabilists' rule for Z ~ N(0, 1): points zᵢ = √2 xᵢ and weights summing to 1. Arrays are shared
    /// (cached): do not modify.</summary>
    public static (double[] Points, double[] Weights) StandardNormalRule(int n) => NormalCache.GetOrAdd(n, k =>
    {
        var (x, w) = Rule(k);
        var z = new double[k]; var p = new double[k];
        for (int i = 0; i < k; i++) { z[i] = Math.Sqrt(2) * x[i]; p[i] = w[i] / Math.Sqrt(Math.PI); }
        return (z, p);
    });

    static (double[] Nodes, double[] Weights) Compute(int n)
    {
        // Orthonormal Hermite recurrence p_j = x √(2/j) p_{j−1} − √((j−1)/j) p_{j−2}, p_0 = π^(−1/4); p_n′ = √(2n) p_{n−1};
        // weight wᵢ = 2 / p_n′(xᵢ)². Initial guesses for the largest roots from the asymptotics of Hermite zeros.
        var x = new double[n]; var w = new double[n];
        double pim4 = Math.Pow(Math.PI, -0.25), z = 0;
        int m = (n + 1) / 2;
        for (int i = 0; i < m; i++)
        {
            z = i switch
            {
                0 => Math.Sqrt(2.0 * n + 1) - 1.85575 * Math.Pow(2.0 * n + 1, -1.0 / 6),
                1 => z - 1.14 * Math.Pow(n, 0.426) / z,
                2 => 1.86 * z - 0.86 * x[0],
                3 => 1.91 * z - 0.91 * x[1],
                _ => 2.0 * z - x[i - 2],
            };
            double pp = 0;
            for (int iter = 0; iter < 100; iter++)
            {
                double p1 = pim4, p2 = 0;
                for (int j = 1; j <= n; j++)
                {
                    double p3 = p2; p2 = p1;
                    p1 = z * Math.Sqrt(2.0 / j) * p2 - Math.Sqrt((j - 1.0) / j) * p3;
                }
                pp = Math.Sqrt(2.0 * n) * p2;
                double dz = p1 / pp;
                z -= dz;
                if (Math.Abs(dz) <= 1e-15 * Math.Max(1, Math.Abs(z))) break;
            }
            x[i] = z; x[n - 1 - i] = -z;
            w[i] = w[n - 1 - i] = 2.0 / (pp * pp);
        }
        if (n % 2 == 1) x[n / 2] = 0; // exact middle node
        return (x, w);
    }
}
