namespace NnPhys.Numerics;

/// <summary>Basic sample statistics on spans of doubles, with checks on lengths and NaN.</summary>
public static class Statistics
{
    /// <summary>
    /// Pearson correlation r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²), computed with two passes (means first).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or fewer than 2 points.</exception>
    /// <exception cref="NnPhysException">A value is NaN/infinite, or x or y is constant (r undefined).</exception>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Pearson: x has {x.Length} values but y has {y.Length}.");
        if (x.Length < 2) throw new ArgumentException($"Pearson correlation needs at least 2 points, got {x.Length}.");
        CheckFinite("Pearson", "x", x); CheckFinite("Pearson", "y", y);
        double mx = Mean(x), my = Mean(y);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        if (sxx == 0 || syy == 0)
            throw new NnPhysException($"Pearson: {(sxx == 0 ? "x" : "y")} is constant, so the correlation is undefined.");
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1.0, 1.0);
    }

    /// <summary>Mean squared error (1/n) Σ (predicted_i − target_i)².</summary>
    /// <exception cref="ArgumentException">Lengths differ or the spans are empty.</exception>
    /// <exception cref="NnPhysException">A value is NaN/infinite.</exception>
    public static double MeanSquaredError(ReadOnlySpan<double> predicted, ReadOnlySpan<double> target)
    {
        if (predicted.Length != target.Length) throw new ArgumentException($"MeanSquaredError: {predicted.Length} predictions but {target.Length} targets.");
        if (predicted.Length == 0) throw new ArgumentException("MeanSquaredError of zero values is undefined.");
        CheckFinite("MeanSquaredError", "predicted", predicted); CheckFinite("MeanSquaredError", "target", target);
        double s = 0;
        for (int i = 0; i < predicted.Length; i++) { double d = predicted[i] - target[i]; s += d * d; }
        return s / predicted.Length;
    }

    /// <summary>Arithmetic mean (1/n) Σ x_i.</summary>
    /// <exception cref="ArgumentException">The span is empty.</exception>
    public static double Mean(ReadOnlySpan<double> x)
    {
        if (x.Length == 0) throw new ArgumentException("Mean of zero values is undefined.");
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i];
        return s / x.Length;
    }

    static void CheckFinite(string what, string name, ReadOnlySpan<double> v)
    {
        for (int i = 0; i < v.Length; i++)
            if (!double.IsFinite(v[i])) throw new NnPhysException($"{what}: {name}[{i}] is {v[i]}; remove NaN/infinite values first.");
    }
}
