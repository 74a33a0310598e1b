using System.Numerics.Tensors;

namespace NnPhys.Numerics;

/// <summary>
/// One-pass (streaming) moments of a scalar observable: count n, mean, and central sums
/// M_p = Σ (x − mean)^p for p = 2, 3, 4, updated per observation and mergeable across shards with the pairwise
/// formulas of Chan, Golub &amp; LeVeque (1979) and Pébay (2008, SAND2008-6212, eqs. 2.1–2.4 / 3.1).
/// Numerically stable (no sums of raw powers). Derived estimators are documented on each property.
/// </summary>
public sealed class StreamingMoments
{
    /// <summary>Number of observations.</summary>
    public long Count { get; private set; }
    /// <summary>Running mean (0 when empty).</summary>
    public double Mean { get; private set; }
    /// <summary>M2 = Σ (x − mean)².</summary>
    public double M2 { get; private set; }
    /// <summary>M3 = Σ (x − mean)³.</summary>
    public double M3 { get; private set; }
    /// <summary>M4 = Σ (x − mean)⁴.</summary>
    public double M4 { get; private set; }

    /// <summary>Unbiased sample variance M2/(n−1); NaN when n &lt; 2.</summary>
    public double Variance => Count < 2 ? double.NaN : M2 / (Count - 1);
    /// <summary>Population (biased) variance M2/n; NaN when empty.</summary>
    public double PopulationVariance => Count < 1 ? double.NaN : M2 / Count;
    /// <summary>Sample standard deviation √Variance.</summary>
    public double StandardDeviation => Math.Sqrt(Variance);
    /// <summary>Standard error of the mean √(Variance/n), assuming independent observations.</summary>
    public double StandardError => Math.Sqrt(Variance / Count);
    /// <summary>Skewness g1 = √n·M3 / M2^{3/2} (moment estimator); NaN when M2 = 0 or n &lt; 2.</summary>
    public double Skewness => Count < 2 || M2 == 0 ? double.NaN : Math.Sqrt(Count) * M3 / Math.Pow(M2, 1.5);
    /// <summary>Excess kurtosis g2 = n·M4 / M2² − 3 (moment estimator; 0 for a Gaussian); NaN when M2 = 0 or n &lt; 2.</summary>
    public double ExcessKurtosis => Count < 2 || M2 == 0 ? double.NaN : Count * M4 / (M2 * M2) - 3.0;

    /// <summary>Adds one observation (Pébay 2008 eq. 2.1–2.4 with n_B = 1).</summary>
    /// <exception cref="NnPhysException">x is NaN or infinite.</exception>
    public void Add(double x)
    {
        if (!double.IsFinite(x)) throw new NnPhysException($"StreamingMoments.Add: observation {Count} is {x}; moments of non-finite data are meaningless — filter or fix the source.");
        long n1 = Count, n = n1 + 1;
        double delta = x - Mean, deltaN = delta / n, deltaN2 = deltaN * deltaN, term1 = delta * deltaN * n1;
        Mean += deltaN;
        M4 += term1 * deltaN2 * ((double)n * n - 3.0 * n + 3) + 6 * deltaN2 * M2 - 4 * deltaN * M3;
        M3 += term1 * deltaN * (n - 2) - 3 * deltaN * M2;
        M2 += term1;
        Count = n;
    }

    /// <summary>Adds a batch: its moments are computed with a two-pass sum and merged (same result as adding one by one, to rounding).</summary>
    /// <exception cref="NnPhysException">An observation is NaN or infinite.</exception>
    public void Add(ReadOnlySpan<double> xs)
    {
        if (xs.Length == 0) return;
        double mean = TensorPrimitives.Sum(xs) / xs.Length;
        double m2 = 0, m3 = 0, m4 = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double d = xs[i] - mean, d2 = d * d;
            m2 += d2; m3 += d2 * d; m4 += d2 * d2;
        }
        if (!double.IsFinite(m4))
            for (int i = 0; i < xs.Length; i++)
                if (!double.IsFinite(xs[i])) throw new NnPhysException($"StreamingMoments.Add: batch element {i} is {xs[i]}; filter or fix the source.");
        Merge(xs.Length, mean, m2, m3, m4);
    }

    /// <summary>Merges another accumulator into this one (the other is not changed).</summary>
    public void Merge(StreamingMoments other) => Merge(other.Count, other.Mean, other.M2, other.M3, other.M4);

    /// <summary>Returns a new accumulator equal to the union of the two samples.</summary>
    public static StreamingMoments Combine(StreamingMoments a, StreamingMoments b)
    {
        var r = a.Clone(); r.Merge(b); return r;
    }

    void Merge(long nb, double meanB, double m2B, double m3B, double m4B)
    {
        if (nb == 0) return;
        if (Count == 0) { Count = nb; Mean = meanB; M2 = m2B; M3 = m3B; M4 = m4B; return; }
        var (n, mean, m2, m3, m4) = PairwiseMerge(Count, Mean, M2, M3, M4, nb, meanB, m2B, m3B, m4B);
        Count = n; Mean = mean; M2 = m2; M3 = m3; M4 = m4;
    }

    /// <summary>Pébay (2008) eq. 3.1 (p = 2, 3, 4) for two non-empty samples A and B.</summary>
    internal static (long n, double mean, double m2, double m3, double m4) PairwiseMerge(
        long na, double meanA, double m2A, double m3A, double m4A, long nb, double meanB, double m2B, double m3B, double m4B)
    {
        long n = na + nb;
        double dn = n, a = na, b = nb;
        double delta = meanB - meanA, d2 = delta * delta;
        double mean = meanA + delta * b / dn;
        double m2 = m2A + m2B + d2 * a * b / dn;
        double m3 = m3A + m3B + d2 * delta * a * b * (a - b) / (dn * dn) + 3 * delta * (a * m2B - b * m2A) / dn;
        double m4 = m4A + m4B + d2 * d2 * a * b * (a * a - a * b + b * b) / (dn * dn * dn)
                    + 6 * d2 * (a * a * m2B + b * b * m2A) / (dn * dn) + 4 * delta * (a * m3B - b * m3A) / dn;
        return (n, mean, m2, m3, m4);
    }

    /// <summary>A deep copy.</summary>
    public StreamingMoments Clone() => new() { Count = Count, Mean = Mean, M2 = M2, M3 = M3, M4 = M4 };

    /// <summary>The state as [count, mean, M2, M3, M4] (for files; restore with <see cref="FromArray"/>).</summary>
    public double[] ToArray() => [Count, Mean, M2, M3, M4];

    /// <summary>Restores a state written by <see cref="ToArray"/>.</summary>
    /// <exception cref="NnPhysException">The array does not have 5 entries or holds an invalid state.</exception>
    public static StreamingMoments FromArray(ReadOnlySpan<double> state)
    {
        if (state.Length != 5) throw new NnPhysException($"A StreamingMoments state has 5 entries [count, mean, M2, M3, M4], got {state.Length}.");
        double count = state[0];
        if (!(count >= 0) || count != Math.Floor(count) || count > 1e18)
            throw new NnPhysException($"StreamingMoments state has count {count}; it must be a non-negative integer.");
        for (int i = 1; i < 5; i++)
            if (!double.IsFinite(state[i])) throw new NnPhysException($"StreamingMoments state entry {i} is {state[i]}; the file is corrupt.");
        if (state[2] < 0 || state[4] < 0) throw new NnPhysException("StreamingMoments state has a negative M2 or M4; the file is corrupt.");
        return new() { Count = (long)count, Mean = state[1], M2 = state[2], M3 = state[3], M4 = state[4] };
    }

    public override string ToString() => $"n={Count}, mean={Mean:G6} ± {StandardError:G3}, var={Variance:G6}";
}
