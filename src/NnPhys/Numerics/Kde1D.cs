namespace NnPhys.Numerics;

/// <summary>
/// One-dimensional Gaussian kernel density estimate on a uniform grid:
/// <c>f(x) = (1/n) Σ_i φ_h(x − x_i)</c> with <c>φ_h(u) = exp(−u²/2h²)/(√(2π) h)</c>, evaluated at the nodes
/// <c>x_ix = xMin + ix·(xMax − xMin)/(nx − 1)</c>. The estimate integrates to 1 over the whole real line (not over
/// the window: mass outside [xMin, xMax] is simply not shown). Fast path: linear binning of the points onto a grid
/// padded by 5h, then a discrete convolution with the Gaussian truncated at 5h — used when h ≥ 3 grid spacings;
/// otherwise (or when the padding would exceed twice the grid) the exact sum is evaluated.
/// </summary>
public static class Kde1D
{
    /// <summary>Density at the nx grid nodes with the bandwidth from <paramref name="rule"/> (see <see cref="BandwidthRule"/>, d = 1).</summary>
    /// <exception cref="NnPhysException">Fewer than 2 points, NaN points, zero spread, or a bad grid.</exception>
    public static double[] Density(ReadOnlySpan<double> xs, double xMin, double xMax, int nx, BandwidthRule rule = BandwidthRule.Scott)
    {
        KdeGrid.ValidatePoints("x", xs);
        return Density(xs, xMin, xMax, nx, KdeBandwidth.ForAxis(xs, rule, 1));
    }

    /// <summary>Density at the nx grid nodes with an explicit bandwidth h (the Gaussian's standard deviation).</summary>
    /// <exception cref="NnPhysException">No points, NaN points, h ≤ 0, or a bad grid.</exception>
    public static double[] Density(ReadOnlySpan<double> xs, double xMin, double xMax, int nx, double h)
    {
        KdeGrid.ValidatePoints("x", xs);
        KdeGrid.ValidateAxis("x", xMin, xMax, nx);
        KdeGrid.ValidateBandwidth("", h);
        double dx = (xMax - xMin) / (nx - 1);
        return KdeGrid.BinningSuits(h, dx, nx) ? Binned(xs, xMin, dx, nx, h) : Exact(xs, xMin, dx, nx, h);
    }

    /// <summary>The exact sum (1/n) Σ_i φ_h(x_ix − x_i) at every node, O(n·nx).</summary>
    public static double[] DensityExact(ReadOnlySpan<double> xs, double xMin, double xMax, int nx, double h)
    {
        KdeGrid.ValidatePoints("x", xs);
        KdeGrid.ValidateAxis("x", xMin, xMax, nx);
        KdeGrid.ValidateBandwidth("", h);
        return Exact(xs, xMin, (xMax - xMin) / (nx - 1), nx, h);
    }

    static double[] Exact(ReadOnlySpan<double> xs, double xMin, double dx, int nx, double h)
    {
        var f = new double[nx];
        for (int i = 0; i < xs.Length; i++)
            for (int ix = 0; ix < nx; ix++) f[ix] += KdeGrid.Gaussian(xMin + ix * dx - xs[i], h);
        for (int ix = 0; ix < nx; ix++) f[ix] /= xs.Length;
        return f;
    }

    static double[] Binned(ReadOnlySpan<double> xs, double xMin, double dx, int nx, double h)
    {
        int pad = KdeGrid.Radius(h, dx), padded = nx + 2 * pad;
        var counts = new double[padded]; // linear-binned weights on the padded grid
        foreach (double x in xs)
        {
            var (j, frac) = KdeGrid.Bin(x, xMin, dx, pad, padded);
            if (j < 0) continue; // farther than 5h from the window: contributes < 4e-6 of a peak
            counts[j] += 1 - frac;
            counts[j + 1] += frac;
        }
        var f = new double[nx];
        KdeGrid.ConvolveWindow(counts, KdeGrid.Weights(h, dx, pad), pad, f);
        for (int ix = 0; ix < nx; ix++) f[ix] /= xs.Length;
        return f;
    }
}
