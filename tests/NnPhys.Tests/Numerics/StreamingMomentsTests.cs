using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>StreamingMoments and MomentAccumulator against a naive two-pass computation, hand values, and split-merge invariance.</summary>
public class StreamingMomentsTests
{
    /// <summary>Naive two-pass central sums Σ(x−x̄)^p, p = 2, 3, 4.</summary>
    static (double mean, double m2, double m3, double m4) TwoPass(ReadOnlySpan<double> x)
    {
        double mean = 0; foreach (double v in x) mean += v; mean /= x.Length;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (double v in x) { double d = v - mean; m2 += d * d; m3 += d * d * d; m4 += d * d * d * d; }
        return (mean, m2, m3, m4);
    }

    static double[] Skewed(ulong seed, int n)
    {
        // Shifted exponential draws, offset far from zero to stress cancellation.
        var rng = new RandomStream(seed); var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 1e3 - Math.Log(1 - rng.NextDouble());
        return x;
    }

    static void AssertRel(double expected, double actual, double rel) =>
        Assert.True(Math.Abs(expected - actual) <= rel * Math.Max(Math.Abs(expected), 1e-300), $"expected {expected}, got {actual}");

    [Fact]
    public void HandComputedSmallSample()
    {
        var m = new StreamingMoments();
        foreach (double x in new[] { 1.0, 2, 3, 4, 10 }) m.Add(x);
        // mean 4; deviations −3,−2,−1,0,6: M2 = 50, M3 = −27−8−1+216 = 180, M4 = 81+16+1+1296 = 1394.
        Assert.Equal(5, m.Count);
        Assert.Equal(4.0, m.Mean, 14); Assert.Equal(50.0, m.M2, 12); Assert.Equal(180.0, m.M3, 11); Assert.Equal(1394.0, m.M4, 10);
        Assert.Equal(12.5, m.Variance, 12);
        Assert.Equal(Math.Sqrt(12.5 / 5), m.StandardError, 12);
        Assert.Equal(Math.Sqrt(5) * 180 / Math.Pow(50, 1.5), m.Skewness, 12);
        Assert.Equal(5 * 1394 / 2500.0 - 3, m.ExcessKurtosis, 12);
    }

    [Fact]
    public void OnePassAgreesWithNaiveTwoPass()
    {
        var x = Skewed(1, 10_000);
        var m = new StreamingMoments(); foreach (double v in x) m.Add(v);
        var (mean, m2, m3, m4) = TwoPass(x);
        AssertRel(mean, m.Mean, 1e-14); AssertRel(m2, m.M2, 1e-10); AssertRel(m3, m.M3, 1e-8); AssertRel(m4, m.M4, 1e-9);
        // Exponential(1): skewness 2, excess kurtosis 6 (loose: the sample estimators fluctuate).
        Assert.InRange(m.Skewness, 1.7, 2.3); Assert.InRange(m.ExcessKurtosis, 4.0, 8.0);
    }

    [Fact]
    public void MergeOfSplitDataEqualsOnePass()
    {
        var x = Skewed(2, 9_001);
        var whole = new StreamingMoments(); whole.Add(x);
        var merged = new StreamingMoments();
        int[] cuts = [0, 1, 1, 700, 4_000, 9_001]; // includes an empty and a single-element shard
        for (int s = 0; s + 1 < cuts.Length; s++)
        {
            var shard = new StreamingMoments();
            foreach (double v in x.AsSpan(cuts[s], cuts[s + 1] - cuts[s])) shard.Add(v);
            merged.Merge(shard);
        }
        Assert.Equal(whole.Count, merged.Count);
        AssertRel(whole.Mean, merged.Mean, 1e-12); AssertRel(whole.M2, merged.M2, 1e-12);
        AssertRel(whole.M3, merged.M3, 1e-12); AssertRel(whole.M4, merged.M4, 1e-12);
        var combined = StreamingMoments.Combine(whole, merged);
        Assert.Equal(2 * whole.Count, combined.Count);
        AssertRel(2 * whole.M2, combined.M2, 1e-12);
    }

    [Fact]
    public void StateRoundTripsAndRejectsCorruptArrays()
    {
        var m = new StreamingMoments(); m.Add(Skewed(3, 100));
        var back = StreamingMoments.FromArray(m.ToArray());
        Assert.Equal(m.ToArray(), back.ToArray());
        Assert.Throws<NnPhysException>(() => StreamingMoments.FromArray([1, 2, 3]));
        Assert.Throws<NnPhysException>(() => StreamingMoments.FromArray([-1, 0, 0, 0, 0]));
        Assert.Throws<NnPhysException>(() => StreamingMoments.FromArray([2, double.NaN, 0, 0, 0]));
    }

    [Fact]
    public void NonFiniteObservationsAreRejectedAndEmptyIsNaN()
    {
        var m = new StreamingMoments();
        Assert.True(double.IsNaN(m.Variance));
        Assert.Throws<NnPhysException>(() => m.Add(double.NaN));
        Assert.Throws<NnPhysException>(() => m.Add([1.0, double.PositiveInfinity]));
        Assert.Equal(0, m.Count);
    }

    [Fact]
    public void AccumulatorMatchesScalarMomentsPerObservable()
    {
        const int k = 13, n = 2_000;
        var rng = new RandomStream(6);
        var rows = new double[n * k]; // (n, k)
        for (int i = 0; i < rows.Length; i++) rows[i] = (i % k) * 10 + Math.Exp(rng.NextNormal()); // lognormal, shifted per slot
        var acc = new MomentAccumulator(k); acc.AddRows(rows);
        var column = new double[n];
        for (int j = 0; j < k; j++)
        {
            for (int i = 0; i < n; i++) column[i] = rows[i * k + j];
            var (mean, m2, m3, m4) = TwoPass(column);
            AssertRel(mean, acc.Mean[j], 1e-13); AssertRel(m2, acc.M2[j], 1e-11);
            AssertRel(m3, acc.M3[j], 1e-9); AssertRel(m4, acc.M4[j], 1e-10);
            var s = acc.Get(j);
            Assert.Equal(s.Variance, acc.Variance()[j]); Assert.Equal(s.Skewness, acc.Skewness()[j]);
            Assert.Equal(s.ExcessKurtosis, acc.ExcessKurtosis()[j]); Assert.Equal(s.StandardError, acc.StandardError()[j]);
        }
    }

    [Fact]
    public void AccumulatorShardsMergeToOnePassAndSerialise()
    {
        const int k = 5, n = 3_000;
        var rng = new RandomStream(12);
        var rows = new double[n * k]; rng.FillNormal(rows, mean: 50, std: 3);
        var whole = new MomentAccumulator(k); whole.AddRows(rows);
        var merged = new MomentAccumulator(k);
        foreach (var (start, count) in new[] { (0, 1000), (1000, 1), (1001, 1999) })
        {
            var shard = new MomentAccumulator(k); shard.AddRows(rows.AsSpan(start * k, count * k));
            merged.Merge(MomentAccumulator.FromArray(shard.ToArray())); // as if written to a file and read back
        }
        Assert.Equal(whole.Count, merged.Count);
        for (int j = 0; j < k; j++)
        {
            AssertRel(whole.Mean[j], merged.Mean[j], 1e-12); AssertRel(whole.M2[j], merged.M2[j], 1e-12);
            Assert.True(Math.Abs(whole.M3[j] - merged.M3[j]) <= 1e-11 * Math.Pow(whole.M2[j], 1.5) / Math.Sqrt(n)); // M3 ≈ 0: compare on its natural scale
            AssertRel(whole.M4[j], merged.M4[j], 1e-12);
        }
        Assert.Throws<ArgumentException>(() => merged.Merge(new MomentAccumulator(k + 1)));
        Assert.Throws<ArgumentException>(() => merged.Add(new double[k - 1]));
        Assert.Throws<NnPhysException>(() => merged.Add([1, 2, double.NaN, 4, 5]));
        Assert.Throws<NnPhysException>(() => MomentAccumulator.FromArray([2, 1, 0, 0, 0]));
    }
}
