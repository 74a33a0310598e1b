using System.Numerics.Tensors;

namespace NnPhys.Numerics;

/// <summary>
/// Building blocks shared by <see cref="Kde1D"/> and <see cref="Kde2D"/>: grid validation, truncated Gaussian
/// weights on a uniform grid, linear binning onto a padded grid, and the exact per-axis kernel matrix.
/// </summary>
internal static class KdeGrid
{
    /// <summary>Kernel truncation radius in bandwidths: exp(−5²/2) ≈ 3.7e-6 of the peak is dropped.</summary>
    public const double TruncationSigmas = 5.0;
    /// <summary>Linear binning is used only when h ≥ this many grid spacings (binning error ~ (Δ/h)²/12 ≲ 1%).</summary>
    public const double MinBandwidthInSpacings = 3.0;
    /// <summary>Linear binning is used only when the kernel radius is at most this many grid lengths (else exact).</summary>
    public const double MaxPaddingInGrids = 2.0;

    static readonly double InvSqrt2Pi = 1.0 / Math.Sqrt(2 * Math.PI);

    public static void ValidateAxis(string name, double min, double max, int nodes)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(max > min))
            throw new NnPhysException($"KDE grid: {name} range [{min}, {max}] must be finite with {name}Max > {name}Min.");
        if (nodes < 2) throw new NnPhysException($"KDE grid: n{name} = {nodes}; a grid needs at least 2 nodes per axis.");
    }

    public static void ValidateBandwidth(string name, double h)
    {
        if (!(h > 0) || !double.IsFinite(h)) throw new NnPhysException($"KDE: bandwidth h{name} = {h} must be positive and finite.");
    }

    public static void ValidatePoints(string name, ReadOnlySpan<double> v)
    {
        if (v.Length == 0) throw new NnPhysException("KDE needs at least one data point.");
        for (int i = 0; i < v.Length; i++)
            if (!double.IsFinite(v[i])) throw new NnPhysException($"KDE: {name}[{i}] is {v[i]}; remove NaN/infinite points first.");
    }

    /// <summary>Gaussian density φ_h(u) = exp(−u²/2h²)/(√(2π) h).</summary>
    public static double Gaussian(double u, double h) { double z = u / h; return Math.Exp(-0.5 * z * z) * InvSqrt2Pi / h; }

    /// <summary>Nodes of padding needed on each side for the truncated kernel: ⌈5h/Δ⌉.</summary>
    public static int Radius(double h, double spacing) => (int)Math.Ceiling(TruncationSigmas * h / spacing);

    /// <summary>Whether binning is accurate and affordable for this axis (see the constants above).</summary>
    public static bool BinningSuits(double h, double spacing, int nodes) =>
        h >= MinBandwidthInSpacings * spacing && Radius(h, spacing) <= MaxPaddingInGrids * nodes;

    /// <summary>w[l + radius] = φ_h(l·Δ) for l = −radius..radius.</summary>
    public static double[] Weights(double h, double spacing, int radius)
    {
        var w = new double[2 * radius + 1];
        for (int l = -radius; l <= radius; l++) w[l + radius] = Gaussian(l * spacing, h);
        return w;
    }

    /// <summary>
    /// Linear binning position of value v on a padded axis whose node j sits at min + (j − pad)·Δ: returns the lower
    /// node and the weight fraction given to the upper node, or lower = −1 when v falls outside the padded axis.
    /// </summary>
    public static (int lower, double upperFraction) Bin(double v, double min, double spacing, int pad, int paddedNodes)
    {
        double t = (v - min) / spacing + pad;
        if (!(t >= 0) || t > paddedNodes - 1) return (-1, 0);
        int j = Math.Min((int)t, paddedNodes - 2);
        return (j, t - j);
    }

    /// <summary>1-D convolution restricted to the window: out[i] = Σ_l w[l] · padded[i + radius − l], i in [0, nodes).</summary>
    public static void ConvolveWindow(ReadOnlySpan<double> padded, ReadOnlySpan<double> w, int radius, Span<double> output)
    {
        output.Clear();
        for (int l = -radius; l <= radius; l++)
            TensorPrimitives.MultiplyAdd(padded.Slice(radius - l, output.Length), w[l + radius], output, output);
    }

    /// <summary>Exact kernel matrix rows K[i, j] = φ_h(node_j − v_i) for a chunk of points, shape (chunk, nodes).</summary>
    public static void KernelRows(ReadOnlySpan<double> v, double min, double spacing, int nodes, double h, Span<double> k)
    {
        for (int i = 0; i < v.Length; i++)
        {
            var row = k.Slice(i * nodes, nodes);
            for (int j = 0; j < nodes; j++) row[j] = Gaussian(min + j * spacing - v[i], h);
        }
    }
}
