using NnPhys.Numerics;

namespace NnPhys.FokkerPlanck;

/// <summary>
/// Empirical vs theoretical latent outputs compared as densities (fokker-planck-to-callan-symanzik eq. 28): both point sets
/// are turned into Gaussian KDEs (<see cref="Kde2D"/>, Scott's rule per set) on one common lattice (spanning the min to the max of all points of both sets, as in the paper's
/// figures), each density is scaled so its peak is 1, and MSE = mean over lattice points of (y − x)² and Pearson r are taken
/// over the lattice values.
/// </summary>
/// <param name="XMin">Lattice left end.</param>
/// <param name="XMax">Lattice right end.</param>
/// <param name="YMin">Lattice bottom end.</param>
/// <param name="YMax">Lattice top end.</param>
/// <param name="Size">Lattice points per axis.</param>
/// <param name="Empirical">Peak-normalised KDE of the empirical outputs, (Size, Size) row-major (y rows).</param>
/// <param name="Theoretical">Peak-normalised KDE of the theoretical outputs, (Size, Size).</param>
/// <param name="Mse">Mean squared difference of the two peak-normalised densities.</param>
/// <param name="Pearson">Pearson correlation of the two densities over the lattice.</param>
public sealed record LatentDensityComparison(double XMin, double XMax, double YMin, double YMax, int Size,
                                             double[] Empirical, double[] Theoretical, double Mse, double Pearson)
{
    /// <summary>Compares two (E, 2) point sets on a Size × Size lattice.</summary>
    /// <exception cref="InvalidConfigException">Shapes differ, fewer than 2 points, Size &lt; 4, or a non-finite value.</exception>
    public static LatentDensityComparison Compare(ReadOnlySpan<double> empirical, ReadOnlySpan<double> theoretical, int size = 100)
    {
        if (empirical.Length != theoretical.Length || empirical.Length < 4 || empirical.Length % 2 != 0)
            throw new InvalidConfigException($"Latent comparison needs two (E, 2) arrays of the same shape with E ≥ 2; got {empirical.Length} and {theoretical.Length} values.");
        if (size < 4) throw new InvalidConfigException($"KDE lattice size {size} is too small; use ≥ 4 (100 is the default).");
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        foreach (var set in new[] { empirical.ToArray(), theoretical.ToArray() })
            for (int e = 0; e < set.Length / 2; e++)
            {
                double x = set[2 * e], y = set[2 * e + 1];
                if (!double.IsFinite(x) || !double.IsFinite(y)) throw new InvalidConfigException($"Latent output {e} is not finite ({x}, {y}).");
                xMin = Math.Min(xMin, x); xMax = Math.Max(xMax, x); yMin = Math.Min(yMin, y); yMax = Math.Max(yMax, y);
            }
        if (xMax - xMin < 1e-12) { xMin -= 0.5; xMax += 0.5; }
        if (yMax - yMin < 1e-12) { yMin -= 0.5; yMax += 0.5; }
        var p = PeakNormalized(Kde(empirical, xMin, xMax, yMin, yMax, size));
        var q = PeakNormalized(Kde(theoretical, xMin, xMax, yMin, yMax, size));
        // eq. (28) over the lattice values; Pearson r is undefined (NaN) only if a peak-normalised KDE were constant
        double r = IsConstant(p) || IsConstant(q) ? double.NaN : Statistics.Pearson(p, q);
        return new LatentDensityComparison(xMin, xMax, yMin, yMax, size, p, q, Statistics.MeanSquaredError(q, p), r);
    }

    // Gaussian KDE with Scott's per-axis bandwidth σ_a·n^(−1/6) on the size × size lattice (ends included), (size, size).
    static double[] Kde(ReadOnlySpan<double> points, double xMin, double xMax, double yMin, double yMax, int size)
    {
        int n = points.Length / 2;
        var xs = new double[n]; var ys = new double[n];
        for (int e = 0; e < n; e++) { xs[e] = points[2 * e]; ys[e] = points[2 * e + 1]; }
        return Kde2D.Density(xs, ys, xMin, xMax, size, yMin, yMax, size, BandwidthRule.Scott);
    }

    static double[] PeakNormalized(double[] density)
    {
        double peak = System.Numerics.Tensors.TensorPrimitives.Max<double>(density);
        if (peak > 0) System.Numerics.Tensors.TensorPrimitives.Multiply(density, 1 / peak, density);
        return density;
    }

    static bool IsConstant(ReadOnlySpan<double> v)
    {
        for (int i = 1; i < v.Length; i++) if (v[i] != v[0]) return false;
        return true;
    }
}
