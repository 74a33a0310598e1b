namespace NnPhys.Ensembles;

/// <summary>
/// Standard error of a smooth function f of sample means by the delta method: SE² = ∇fᵀ Σ ∇f / M, with Σ the per-sample
/// covariance and ∇f by central differences (exact for the multilinear cumulant formulas).
/// </summary>
internal static class DeltaMethod
{
    public static CorrelatorEstimate Estimate(VectorMomentAccumulator moments, Func<double[], double> f)
    {
        if (moments.Count == 0) throw new InvalidConfigException("No samples were accumulated; run with at least 1 sample (2 for a standard error).");
        var m = moments.Mean.ToArray();
        double value = f(m);
        if (moments.Count < 2) return new CorrelatorEstimate(value, double.NaN);
        int k = m.Length;
        double scale = 0;
        for (int i = 0; i < k; i++) scale = Math.Max(scale, Math.Abs(m[i]));
        if (scale == 0) scale = 1;
        var gradient = new double[k];
        for (int i = 0; i < k; i++)
        {
            double original = m[i], h = 1e-4 * Math.Max(Math.Abs(original), 1e-3 * scale);
            m[i] = original + h; double up = f(m);
            m[i] = original - h; double down = f(m);
            m[i] = original;
            gradient[i] = (up - down) / (2 * h);
        }
        double variance = 0;
        for (int i = 0; i < k; i++)
        {
            if (gradient[i] == 0) continue;
            for (int j = 0; j < k; j++) variance += gradient[i] * moments.Covariance(i, j) * gradient[j];
        }
        return new CorrelatorEstimate(value, Math.Sqrt(Math.Max(variance, 0) / moments.Count));
    }
}
