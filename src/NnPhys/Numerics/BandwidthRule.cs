namespace NnPhys.Numerics;

/// <summary>
/// Rule-of-thumb bandwidths for Gaussian kernel density estimates in d dimensions with a diagonal bandwidth
/// (one h per axis), as in SciPy's <c>gaussian_kde</c> factors applied to each axis's sample standard deviation σ_j
/// (n − 1 normalisation):
/// <list type="bullet">
/// <item><see cref="Scott"/>: h_j = σ_j · n^(−1/(d+4)).  1-D: σ n^(−1/5); 2-D: σ_j n^(−1/6).</item>
/// <item><see cref="Silverman"/>: h_j = σ_j · (n (d+2)/4)^(−1/(d+4)).  1-D: (3n/4)^(−1/5) σ ≈ 1.06 σ n^(−1/5);
/// 2-D: identical to Scott, σ_j n^(−1/6).</item>
/// </list>
/// </summary>
public enum BandwidthRule { Scott, Silverman }

/// <summary>Bandwidth factors and per-axis bandwidths for <see cref="BandwidthRule"/>.</summary>
public static class KdeBandwidth
{
    /// <summary>The factor multiplying σ_j for n points in d dimensions (see <see cref="BandwidthRule"/>).</summary>
    public static double Factor(BandwidthRule rule, long n, int dimensions)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), "A bandwidth rule needs at least one point.");
        if (dimensions < 1) throw new ArgumentOutOfRangeException(nameof(dimensions), "Dimension must be at least 1.");
        double exponent = -1.0 / (dimensions + 4);
        return rule switch
        {
            BandwidthRule.Scott => Math.Pow(n, exponent),
            BandwidthRule.Silverman => Math.Pow(n * (dimensions + 2) / 4.0, exponent),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), $"Unknown bandwidth rule {rule}; use Scott or Silverman."),
        };
    }

    /// <summary>h = Factor(rule, n, d) · σ, with σ the sample standard deviation of <paramref name="values"/>.</summary>
    /// <exception cref="NnPhysException">Fewer than 2 points, or all points equal (σ = 0): pass an explicit bandwidth.</exception>
    public static double ForAxis(ReadOnlySpan<double> values, BandwidthRule rule, int dimensions, string axisName = "x")
    {
        if (values.Length < 2) throw new NnPhysException($"KDE bandwidth rule {rule} needs at least 2 points, got {values.Length}; pass an explicit bandwidth.");
        double mean = 0;
        for (int i = 0; i < values.Length; i++) mean += values[i];
        mean /= values.Length;
        double ss = 0;
        for (int i = 0; i < values.Length; i++) { double d = values[i] - mean; ss += d * d; }
        double sigma = Math.Sqrt(ss / (values.Length - 1));
        if (!(sigma > 0) || !double.IsFinite(sigma))
            throw new NnPhysException($"KDE bandwidth rule {rule}: the {axisName} values have standard deviation {sigma}; pass an explicit bandwidth.");
        return Factor(rule, values.Length, dimensions) * sigma;
    }
}
