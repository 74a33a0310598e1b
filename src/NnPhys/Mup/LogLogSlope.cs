namespace NnPhys.Mup;

/// <summary>Least-squares slope of log y against log x: the exponent p of y ∝ x^p that a coordinate check reads off.</summary>
public static class LogLogSlope
{
    /// <summary>
    /// The ordinary-least-squares slope of ln y on ln x over the points where y is positive and finite; NaN when fewer
    /// than two such points remain (e.g. a run that diverged at every width).
    /// </summary>
    /// <exception cref="ArgumentException">x and y differ in length, or an x is not positive.</exception>
    public static double Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"x has {x.Length} points, y has {y.Length}.");
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (!(x[i] > 0)) throw new ArgumentException($"x[{i}] = {x[i]} is not positive; a log-log slope needs x > 0.");
            if (!(y[i] > 0) || !double.IsFinite(y[i])) continue;
            double lx = Math.Log(x[i]), ly = Math.Log(y[i]);
            sx += lx; sy += ly; sxx += lx * lx; sxy += lx * ly; n++;
        }
        if (n < 2) return double.NaN;
        double denominator = n * sxx - sx * sx;
        return denominator > 0 ? (n * sxy - sx * sy) / denominator : double.NaN;
    }

    /// <summary>Root mean square of a span (over all coordinates), accumulated in double.</summary>
    public static double Rms(ReadOnlySpan<float> values)
    {
        double s = 0;
        foreach (var v in values) s += (double)v * v;
        return values.Length == 0 ? 0 : Math.Sqrt(s / values.Length);
    }

    /// <summary>Root mean square of the difference a − b (over all coordinates), accumulated in double.</summary>
    public static double RmsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Spans differ in length: {a.Length} vs {b.Length}.");
        double s = 0;
        for (int i = 0; i < a.Length; i++) { double d = (double)a[i] - b[i]; s += d * d; }
        return a.Length == 0 ? 0 : Math.Sqrt(s / a.Length);
    }
}
