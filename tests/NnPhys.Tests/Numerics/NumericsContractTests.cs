using NnPhys.Numerics;
using NnPhys.Numerics.Sampling;

namespace NnPhys.Tests.Numerics;

/// <summary>
/// Contracts of the small Numerics types the algorithm tests pass through without checking: Matrix shape rules and
/// transpose, the bandwidth factors by hand, statistics messages, the moment accumulators' derived estimators and
/// corrupt-state refusals, shard ranges, and the parallel sampler's determinism across thread counts.
/// </summary>
public class NumericsContractTests
{
    [Fact]
    public void MatrixShapeTransposeIdentityAndProduct()
    {
        var a = new Matrix<double>(2, 3, [1, 2, 3, 4, 5, 6]);
        Assert.Equal(6.0, a[1, 2]);
        Assert.Equal([4.0, 5, 6], a.Row(1).ToArray());
        var t = a.Transposed();
        Assert.Equal((3, 2), (t.Rows, t.Cols));
        Assert.Equal([1.0, 4, 2, 5, 3, 6], t.Data);
        var id = Matrix<double>.Identity(3);
        Assert.Equal([1.0, 0, 0, 0, 1, 0, 0, 0, 1], id.Data);
        var p = a * id;
        Assert.Equal(a.Data, p.Data);
        var gram = a * t; // [[14, 32], [32, 77]]
        Assert.Equal([14.0, 32, 32, 77], gram.Data);
        var clone = a.Clone();
        clone[0, 0] = 9;
        Assert.Equal(1.0, a[0, 0]);
        Assert.Equal(6, a.AsSpan().Length);
        Assert.Equal("Matrix<Double>(2×3)", a.ToString());
        Assert.Contains("inner sizes differ", Assert.Throws<ArgumentException>(() => a * a).Message);
        Assert.Contains("(-1, 2)", Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix<double>(-1, 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix<double>(2, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix<double>(2, -1, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix<double>(-2, -1, [1, 2]));
        Assert.Contains("Data length 5", Assert.Throws<ArgumentException>(() => new Matrix<double>(2, 3, new double[5])).Message);
        Assert.Empty(new Matrix<double>(0, 4).Data);
    }

    [Fact]
    public void BandwidthFactorsByHand()
    {
        // Scott: n^(−1/(d+4)); Silverman: (n(d+2)/4)^(−1/(d+4)) — 1-D at n = 32: 32^(−1/5) = 1/2, (24)^(−1/5)
        Assert.Equal(0.5, KdeBandwidth.Factor(BandwidthRule.Scott, 32, 1), 14);
        Assert.Equal(Math.Pow(24, -0.2), KdeBandwidth.Factor(BandwidthRule.Silverman, 32, 1), 14);
        Assert.Equal(Math.Pow(64, -1.0 / 6), KdeBandwidth.Factor(BandwidthRule.Silverman, 64, 2), 14); // = Scott in 2-D
        Assert.Equal(Math.Pow(81 * 5 / 4.0, -1.0 / 7), KdeBandwidth.Factor(BandwidthRule.Silverman, 81, 3), 14);
        Assert.Equal(1.0, KdeBandwidth.Factor(BandwidthRule.Scott, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => KdeBandwidth.Factor(BandwidthRule.Scott, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => KdeBandwidth.Factor(BandwidthRule.Scott, 5, 0));
        Assert.Contains("Unknown bandwidth rule", Assert.Throws<ArgumentOutOfRangeException>(() => KdeBandwidth.Factor((BandwidthRule)7, 5, 1)).Message);
        // σ of {0, 2} with n − 1 normalisation is √2; h = 2^(−1/5) √2 for Scott in 1-D
        Assert.Equal(Math.Pow(2, -0.2) * Math.Sqrt(2), KdeBandwidth.ForAxis([0.0, 2.0], BandwidthRule.Scott, 1), 14);
        Assert.Contains("at least 2 points, got 1", Assert.Throws<NnPhysException>(() => KdeBandwidth.ForAxis([1.0], BandwidthRule.Scott, 1)).Message);
        Assert.Contains("the y values", Assert.Throws<NnPhysException>(() => KdeBandwidth.ForAxis([3.0, 3.0], BandwidthRule.Scott, 2, "y")).Message);
    }

    [Fact]
    public void KdeGridChecksNameTheAxis()
    {
        Assert.Contains("x range [1, 0]", Assert.Throws<NnPhysException>(() => Kde1D.Density([0.0, 1.0], 1, 0, 10, 0.5)).Message);
        Assert.Contains("x range", Assert.Throws<NnPhysException>(() => Kde1D.Density([0.0, 1.0], double.NegativeInfinity, 0, 10, 0.5)).Message);
        Assert.Contains("x range", Assert.Throws<NnPhysException>(() => Kde1D.DensityExact([0.0, 1.0], 0, double.NaN, 10, 0.5)).Message);
        Assert.Contains("nx = 1", Assert.Throws<NnPhysException>(() => Kde1D.Density([0.0, 1.0], 0, 1, 1, 0.5)).Message);
        Assert.Contains("ny = 1", Assert.Throws<NnPhysException>(() => Kde2D.Density([0.0, 1.0], [0.0, 1.0], 0, 1, 5, 0, 1, 1, 0.5, 0.5)).Message);
        Assert.Contains("y range", Assert.Throws<NnPhysException>(() => Kde2D.DensityExact([0.0, 1.0], [0.0, 1.0], 0, 1, 5, 2, 1, 5, 0.5, 0.5)).Message);
        Assert.Contains("bandwidth hy = 0", Assert.Throws<NnPhysException>(() => Kde2D.Density([0.0, 1.0], [0.0, 1.0], 0, 1, 5, 0, 1, 5, 0.5, 0)).Message);
        Assert.Contains("bandwidth hx = ∞".Replace("∞", double.PositiveInfinity.ToString()),
            Assert.Throws<NnPhysException>(() => Kde2D.Density([0.0, 1.0], [0.0, 1.0], 0, 1, 5, 0, 1, 5, double.PositiveInfinity, 0.5)).Message);
        Assert.Contains("y[1]", Assert.Throws<NnPhysException>(() => Kde2D.Density([0.0, 1.0], [0.0, double.NaN], 0, 1, 5, 0, 1, 5, 0.5, 0.5)).Message);
        Assert.Contains("at least one data point", Assert.Throws<NnPhysException>(() => Kde1D.DensityExact([], 0, 1, 5, 0.5)).Message);
    }

    [Fact]
    public void KdeOfOnePointIsTheKernelItself()
    {
        // one point at 0.3, h = 0.4: f(x) = φ_h(x − 0.3) exactly (exact path: h < 3 spacings on a 0.1 grid)
        var f = Kde1D.Density([0.3], -1, 1, 21, 0.25);
        for (int i = 0; i < 21; i++)
        {
            double x = -1 + i * 0.1, u = (x - 0.3) / 0.25;
            Assert.Equal(Math.Exp(-0.5 * u * u) / (Math.Sqrt(2 * Math.PI) * 0.25), f[i], 13);
        }
        // binned path (h = 10 spacings), point on a node: linear binning is exact there, only the 5h truncation differs
        var g = Kde1D.Density([0.0], -2, 2, 401, 0.1);
        for (int i = 0; i < 401; i++)
        {
            double x = -2 + i * 0.01, u = x / 0.1;
            double exact = Math.Abs(x) <= 0.5 + 1e-9 ? Math.Exp(-0.5 * u * u) / (Math.Sqrt(2 * Math.PI) * 0.1) : 0;
            Assert.Equal(exact, g[i], 10);
        }
        // 2-D: the product of the two kernels, binned (h = 4 spacings on both axes)
        var f2 = Kde2D.Density([0.5], [-0.25], -1, 1, 41, -1, 1, 81, 0.2, 0.1);
        double peak = 1 / (2 * Math.PI * 0.2 * 0.1);
        Assert.Equal(peak, f2[(30) * 41 + 30], 8); // node (x = 0.5, y = −0.25): ix = 30, iy = 30
        double offX = Math.Exp(-0.5 * 0.25 * 0.25 / 0.04) * peak;
        Assert.Equal(offX, f2[30 * 41 + 25], 8); // x = 0.25
    }

    [Fact]
    public void StatisticsMessagesNameTheInput()
    {
        Assert.Contains("x has 2 values but y has 3", Assert.Throws<ArgumentException>(() => Statistics.Pearson([1, 2], [1, 2, 3])).Message);
        Assert.Contains("at least 2 points, got 1", Assert.Throws<ArgumentException>(() => Statistics.Pearson([1.0], [1.0])).Message);
        Assert.Contains("y[2]", Assert.Throws<NnPhysException>(() => Statistics.Pearson([1, 2, 3], [1, 2, double.NaN])).Message);
        Assert.Contains("y is constant", Assert.Throws<NnPhysException>(() => Statistics.Pearson([1, 2, 3], [4, 4, 4])).Message);
        Assert.Contains("x is constant", Assert.Throws<NnPhysException>(() => Statistics.Pearson([2, 2, 2], [4, 5, 4])).Message);
        Assert.Contains("2 predictions but 1 targets", Assert.Throws<ArgumentException>(() => Statistics.MeanSquaredError([1, 2], [1])).Message);
        Assert.Contains("predicted[0]", Assert.Throws<NnPhysException>(() => Statistics.MeanSquaredError([double.NaN], [1])).Message);
        Assert.Contains("zero values", Assert.Throws<ArgumentException>(() => Statistics.Mean([])).Message);
        // by hand: x̄ = 2.5, ȳ = 1; Σdxdy = −1.5 + 0 + 1.5 − 6 = −6, Σdx² = 5, Σdy² = 26
        Assert.Equal(-6 / Math.Sqrt(5 * 26), Statistics.Pearson([1, 2, 3, 4], [2, 1, 4, -3]), 14);
    }

    [Fact]
    public void StreamingMomentsDerivedEstimatorsByHand()
    {
        var m = new StreamingMoments();
        Assert.True(double.IsNaN(m.PopulationVariance));
        Assert.True(double.IsNaN(m.Skewness));
        Assert.True(double.IsNaN(m.ExcessKurtosis));
        m.Add(5);
        Assert.Equal(0.0, m.PopulationVariance);
        Assert.True(double.IsNaN(m.Variance));
        Assert.True(double.IsNaN(m.Skewness));
        m.Add(5);
        Assert.True(double.IsNaN(m.Skewness));        // M2 = 0
        Assert.True(double.IsNaN(m.ExcessKurtosis));
        var s = new StreamingMoments();
        s.Add([1.0, 3.0]);                             // mean 2, M2 = 2, M3 = 0, M4 = 2
        Assert.Equal(1.0, s.PopulationVariance, 15);
        Assert.Equal(2.0, s.Variance, 15);
        Assert.Equal(Math.Sqrt(2), s.StandardDeviation, 15);
        Assert.Equal(1.0, s.StandardError, 15);
        Assert.Equal(0.0, s.Skewness, 15);
        Assert.Equal(2 * 2 / 4.0 - 3, s.ExcessKurtosis, 15);
        s.Add(ReadOnlySpan<double>.Empty);
        Assert.Equal(2, s.Count);
        Assert.Contains("n=2, mean=2", s.ToString());
        Assert.Contains("batch element 1", Assert.Throws<NnPhysException>(() => s.Add([1.0, double.NaN])).Message);
        Assert.Contains("observation 2", Assert.Throws<NnPhysException>(() => s.Add(double.NegativeInfinity)).Message);
        Assert.Contains("5 entries", Assert.Throws<NnPhysException>(() => StreamingMoments.FromArray([1, 2, 3, 4])).Message);
        Assert.Contains("count 1.5", Assert.Throws<NnPhysException>(() => StreamingMoments.FromArray([1.5, 0, 0, 0, 0])).Message);
        Assert.Throws<NnPhysException>(() => StreamingMoments.FromArray([2e18, 0, 0, 0, 0]));
        Assert.Contains("entry 4", Assert.Throws<NnPhysException>(() => StreamingMoments.FromArray([2, 0, 0, 0, double.PositiveInfinity])).Message);
        Assert.Contains("negative M2 or M4", Assert.Throws<NnPhysException>(() => StreamingMoments.FromArray([2, 0, -1, 0, 0])).Message);
        Assert.Throws<NnPhysException>(() => StreamingMoments.FromArray([2, 0, 1, 0, -1]));
        Assert.Equal(3.0, StreamingMoments.FromArray([2, 0, 1, 5, 3]).M4);
        // merging into an empty accumulator copies; merging an empty one changes nothing
        var empty = new StreamingMoments();
        empty.Merge(s);
        Assert.Equal(s.ToArray(), empty.ToArray());
        s.Merge(new StreamingMoments());
        Assert.Equal(empty.ToArray(), s.ToArray());
    }

    [Fact]
    public void MomentAccumulatorDerivedEstimatorsAndRefusals()
    {
        var acc = new MomentAccumulator(2);
        Assert.All(acc.Variance(), v => Assert.True(double.IsNaN(v)));
        Assert.All(acc.StandardError(), v => Assert.True(double.IsNaN(v)));
        acc.AddRows([1.0, 7, 3, 7]); // observable 0: {1, 3}; observable 1: {7, 7}
        Assert.Equal([2.0, 0.0], acc.Variance());
        Assert.Equal(1.0, acc.StandardError()[0], 15);
        Assert.Equal(0.0, acc.Skewness()[0], 15);
        Assert.True(double.IsNaN(acc.Skewness()[1]));
        Assert.Equal(-2.0, acc.ExcessKurtosis()[0], 15);
        Assert.True(double.IsNaN(acc.ExcessKurtosis()[1]));
        Assert.Equal(2, acc.Observables);
        Assert.Equal([2.0, 2, 2, 7, 2, 0, 0, 0, 2, 0], acc.ToArray());
        var empty = new MomentAccumulator(2);
        empty.Merge(acc);
        Assert.Equal(acc.ToArray(), empty.ToArray());
        acc.Merge(new MomentAccumulator(2));
        Assert.Equal(2, acc.Count);
        Assert.Contains("3 values is not a whole number of rows of 2", Assert.Throws<ArgumentException>(() => acc.AddRows([1.0, 2, 3])).Message);
        Assert.Throws<InvalidOperationException>(() => new MomentAccumulator(0).AddRows([1.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MomentAccumulator(-1));
        Assert.Contains("observable 1 of sample 2", Assert.Throws<NnPhysException>(() => acc.Add([0.0, double.NaN])).Message);
        Assert.Equal(2, acc.Count);
        Assert.Contains("at least 2 entries", Assert.Throws<NnPhysException>(() => MomentAccumulator.FromArray([1.0])).Message);
        Assert.Contains("claims 1 observables", Assert.Throws<NnPhysException>(() => MomentAccumulator.FromArray([1, 0, 0, 0, 0])).Message);
        Assert.Throws<NnPhysException>(() => MomentAccumulator.FromArray([-1, 0]));
        Assert.Throws<NnPhysException>(() => MomentAccumulator.FromArray([0.5, 0]));
        Assert.Contains("count -1", Assert.Throws<NnPhysException>(() => MomentAccumulator.FromArray([0, -1])).Message);
        Assert.Throws<NnPhysException>(() => MomentAccumulator.FromArray([0, 0.5]));
        Assert.Throws<NnPhysException>(() => MomentAccumulator.FromArray([0, 2e18]));
        Assert.Contains("entry 5", Assert.Throws<NnPhysException>(() => MomentAccumulator.FromArray([1, 1, 0, 0, 0, double.NaN])).Message);
        var zero = MomentAccumulator.FromArray([0, 0]);
        Assert.Equal((0, 0L), (zero.Observables, zero.Count));
        var back = MomentAccumulator.FromArray(acc.ToArray());
        Assert.Equal(acc.ToArray(), back.ToArray());
        Assert.Equal(2.0, back.Get(0).Variance, 15);
    }

    [Fact]
    public void ShardsTileTheRunAndParseTheirSpec()
    {
        long covered = 0;
        for (int k = 0; k < 4; k++)
        {
            var r = StreamRange.Shard(k, 4, 10);
            Assert.Equal(covered, r.First);
            Assert.InRange(r.Count, 2, 3);                   // sizes differ by at most one
            covered = r.End;
        }
        Assert.Equal(10, covered);
        Assert.Equal(new StreamRange(7, 3), StreamRange.Shard(3, 4, 10)); // ⌊30/4⌋ = 7 .. 10
        Assert.Equal("[7, 10)", StreamRange.Shard(3, 4, 10).ToString());
        Assert.Equal((2, 5), StreamRange.ParseShard("2/5"));
        Assert.Contains("not of the form k/n", Assert.Throws<InvalidConfigException>(() => StreamRange.ParseShard("2-5")).Message);
        Assert.Throws<InvalidConfigException>(() => StreamRange.ParseShard("a/5"));
        Assert.Throws<InvalidConfigException>(() => StreamRange.ParseShard("1/b"));
        Assert.Throws<InvalidConfigException>(() => StreamRange.ParseShard("1/2/3"));
        Assert.Contains("Shard 4/4", Assert.Throws<InvalidConfigException>(() => StreamRange.Shard(4, 4, 10)).Message);
        Assert.Throws<InvalidConfigException>(() => StreamRange.Shard(-1, 4, 10));
        Assert.Throws<InvalidConfigException>(() => StreamRange.Shard(0, 0, 10));
        Assert.Contains("got 0", Assert.Throws<InvalidConfigException>(() => StreamRange.Shard(0, 1, 0)).Message);
        Assert.Contains("Cannot split 3 samples into 4", Assert.Throws<InvalidConfigException>(() => StreamRange.Shard(0, 4, 3)).Message);
        Assert.Equal(new StreamRange(0, 1), StreamRange.Shard(0, 1, 1));
        var a = new StreamRange(0, 5);
        Assert.True(a.Overlaps(new StreamRange(4, 2)));
        Assert.False(a.Overlaps(new StreamRange(5, 2)));
        Assert.False(new StreamRange(5, 2).Overlaps(a));
        Assert.True(new StreamRange(2, 1).Overlaps(a));
    }

    sealed class SumObserver : ISampleObserver<SumObserver>
    {
        public List<double> Values { get; } = [];
        public void Observe(ReadOnlySpan<double> values) => Values.Add(values[0]);
        public void Merge(SumObserver other) => Values.AddRange(other.Values);
    }

    [Fact]
    public void ParallelSamplerDrawsStreamSFromRandomStreamSeedSInOrderForAnyThreadCount()
    {
        var range = new StreamRange(5, 1000); // several chunks of 128 and waves
        Func<Action<RandomStream, SumObserver>> worker = () => (rng, o) => o.Observe([rng.NextDouble()]);
        var progress = new List<double>();
        var one = ParallelSampler.Run(range, () => new SumObserver(), worker, seed: 9, maxThreads: 1, progress: new SyncProgress(progress));
        var two = ParallelSampler.Run(range, () => new SumObserver(), worker, seed: 9, maxThreads: 2);
        var all = ParallelSampler.Run(range, () => new SumObserver(), worker, seed: 9);
        Assert.Equal(1000, one.Values.Count);
        for (int s = 0; s < 1000; s++) Assert.Equal(new RandomStream(9, (ulong)(5 + s)).NextDouble(), one.Values[s]);
        Assert.Equal(one.Values, two.Values);
        Assert.Equal(one.Values, all.Values);
        Assert.Equal(1.0, progress[^1]);
        Assert.All(progress, p => Assert.InRange(p, 0.0, 1.0));
        Assert.Equal(progress.Order(), progress);
        Assert.Contains("≥ 1, got 0", Assert.Throws<InvalidConfigException>(() => ParallelSampler.Run(new StreamRange(0, 0), () => new SumObserver(), worker, 1)).Message);
        Assert.Contains("start at 0, got -1", Assert.Throws<InvalidConfigException>(() => ParallelSampler.Run(new StreamRange(-1, 5), () => new SumObserver(), worker, 1)).Message);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ParallelSampler.Run(range, () => new SumObserver(), worker, 1, cancellation: cancelled.Token));
    }

    sealed class SyncProgress(List<double> values) : IProgress<double>
    {
        public void Report(double value) { lock (values) values.Add(value); }
    }
}
