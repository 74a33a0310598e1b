using NnPhys.Ensembles;
using NnPhys.Numerics;

namespace NnPhys.Tests.Ensembles;

/// <summary>The statistics machinery: partitions, moment–cumulant relations, streaming accumulators, deterministic parallel sampling.</summary>
public class CorrelatorStatisticsTests
{
    [Fact]
    public void PartitionCountsAreBellNumbers()
    {
        int[] bell = [1, 2, 5, 15, 52, 203];
        for (int n = 1; n <= 6; n++) Assert.Equal(bell[n - 1], SetPartitions.Of((1 << n) - 1).Length);
    }

    [Fact]
    public void CumulantsOfGaussianMomentsVanishBeyondSecondOrder()
    {
        // Isserlis: a zero-mean Gaussian vector has m(S) = Σ over pairings Π C; all its joint cumulants of order > 2 vanish
        double[,] c = { { 1.0, 0.3, -0.2, 0.5, 0.1, 0.0 }, { 0.3, 2.0, 0.4, 0.0, 0.2, 0.1 }, { -0.2, 0.4, 1.5, 0.3, 0.0, 0.2 },
                        { 0.5, 0.0, 0.3, 1.2, 0.1, 0.3 }, { 0.1, 0.2, 0.0, 0.1, 0.9, 0.4 }, { 0.0, 0.1, 0.2, 0.3, 0.4, 1.1 } };
        double Moment(int mask)
        {
            if (SetPartitions.Size(mask) % 2 == 1) return 0;
            double sum = 0;
            foreach (var partition in SetPartitions.Of(mask))
            {
                if (partition.Any(b => SetPartitions.Size(b) != 2)) continue;
                double term = 1;
                foreach (var b in partition) { int i = System.Numerics.BitOperations.TrailingZeroCount(b), j = 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)b); term *= c[i, j]; }
                sum += term;
            }
            return sum;
        }
        Assert.Equal(0.3, SetPartitions.CumulantFromMoments(0b11, Moment), 12);
        Assert.Equal(0, SetPartitions.CumulantFromMoments(0b1111, Moment), 12);
        Assert.Equal(0, SetPartitions.CumulantFromMoments(0b111111, Moment), 12);
        // and moment-from-cumulants inverts cumulant-from-moments
        Assert.Equal(Moment(0b111111), SetPartitions.MomentFromCumulants(0b111111, m => SetPartitions.CumulantFromMoments(m, Moment)), 12);
    }

    [Fact]
    public void MergedAccumulatorsEqualOneAccumulationToRoundOff()
    {
        var rng = new RandomStream(3);
        var whole = new VectorMomentAccumulator(3);
        var parts = new[] { new VectorMomentAccumulator(3), new VectorMomentAccumulator(3), new VectorMomentAccumulator(3) };
        var x = new double[3];
        for (int s = 0; s < 3000; s++)
        {
            x[0] = rng.NextNormal(); x[1] = x[0] * 2 + rng.NextNormal(); x[2] = 5 + rng.NextDouble();
            whole.Add(x); parts[s % 7 == 0 ? 0 : s < 1500 ? 1 : 2].Add(x);
        }
        parts[0].Merge(parts[1]); parts[0].Merge(parts[2]);
        Assert.Equal(whole.Count, parts[0].Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(whole.Mean[i], parts[0].Mean[i], 12);
            for (int j = 0; j < 3; j++) Assert.Equal(whole.Covariance(i, j), parts[0].Covariance(i, j), 10);
        }
        Assert.Equal(5.0, whole.Covariance(1, 1), 0); // Var(2x0 + n) = 5, to a sample tolerance of 0.5
    }

    [Fact]
    public void SamplingGivesTheSameBytesForAnyThreadCount()
    {
        var e = NeuronSumEnsemble.CosNet(2, 20);
        var pts = new PointSet([[0.0, 0.0], [0.5, 0.5]]);
        int[][] tuples = [[0, 1], [0, 0, 1, 1]];
        var one = Correlators.SampleNetworks(e, pts, tuples, 7, 1000, maxThreads: 1);
        var two = Correlators.SampleNetworks(e, pts, tuples, 7, 1000, maxThreads: 2);
        for (int t = 0; t < 2; t++)
        {
            Assert.True(one.TupleMoments(t).Mean.SequenceEqual(two.TupleMoments(t).Mean));
            Assert.True(one.TupleMoments(t).Comoment.SequenceEqual(two.TupleMoments(t).Comoment));
        }
        var other = Correlators.SampleNetworks(e, pts, tuples, 8, 1000);
        Assert.NotEqual(one.TupleMoments(0).Mean[2], other.TupleMoments(0).Mean[2]);
    }

    [Fact]
    public void DeltaMethodStandardErrorMatchesSpreadOverIndependentRuns()
    {
        // the standard error of G4c predicted from one run should match the scatter of G4c over independent runs
        var e = NeuronSumEnsemble.CosNet(1, 2);
        var pts = new PointSet([[0.0], [0.7]]);
        int[][] tuples = [[0, 0, 1, 1]];
        var values = new List<double>();
        double predicted = 0;
        for (ulong seed = 0; seed < 24; seed++)
        {
            var acc = Correlators.SampleNetworks(e, pts, tuples, seed * 1000 + 1, 2000);
            var g = CorrelatorEstimators.Connected(acc, 0);
            values.Add(g.Value); predicted += g.StandardError / 24;
        }
        double mean = values.Average(), sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        Assert.InRange(sd / predicted, 0.6, 1.5);
    }
}
