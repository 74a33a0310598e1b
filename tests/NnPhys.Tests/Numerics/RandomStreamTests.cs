using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>
/// RandomStream: reproducibility, independence of streams, distribution moments against their exact values with
/// 5-standard-error tolerances (false-failure rate ~1e-6 per check), and bit-exact state round trips.
/// </summary>
public class RandomStreamTests
{
    const int N = 200_000;

    [Fact]
    public void SameSeedAndStreamGiveTheSameSequence()
    {
        var a = new RandomStream(42, 3); var b = new RandomStream(42, 3);
        for (int i = 0; i < 1000; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
        Assert.NotEqual(new RandomStream(42, 3).NextUInt64(), new RandomStream(43, 3).NextUInt64());
        Assert.NotEqual(new RandomStream(42, 3).NextUInt64(), new RandomStream(42, 4).NextUInt64());
    }

    [Fact]
    public void DifferentStreamsAndForksAreUncorrelated()
    {
        // For independent uniforms the sample correlation has standard deviation 1/√N.
        double limit = 5 / Math.Sqrt(N);
        var pairs = new (RandomStream, RandomStream)[]
        {
            (new RandomStream(1, 0), new RandomStream(1, 1)),
            (new RandomStream(1, 0), new RandomStream(2, 0)),
            (new RandomStream(7, 5).Fork(0), new RandomStream(7, 5).Fork(1)),
            (new RandomStream(7, 5), new RandomStream(7, 5).Fork(0)),
        };
        foreach (var (s, t) in pairs)
        {
            var x = new double[N]; var y = new double[N];
            s.FillUniform(x); t.FillUniform(y);
            Assert.InRange(Statistics.Pearson(x, y), -limit, limit);
            Assert.InRange(Statistics.Pearson(x.AsSpan(1), y.AsSpan(0, N - 1)), -limit, limit); // lag-1 cross-correlation
        }
    }

    [Fact]
    public void NormalDrawsHaveGaussianMoments()
    {
        var z = new double[N];
        new RandomStream(2024).FillNormal(z);
        var m = new StreamingMoments(); m.Add(z);
        // Standard errors for N(0,1): mean 1/√N, variance √(2/N), skewness √(6/N), excess kurtosis √(24/N).
        Assert.InRange(m.Mean, -5 / Math.Sqrt(N), 5 / Math.Sqrt(N));
        Assert.InRange(m.Variance, 1 - 5 * Math.Sqrt(2.0 / N), 1 + 5 * Math.Sqrt(2.0 / N));
        Assert.InRange(m.Skewness, -5 * Math.Sqrt(6.0 / N), 5 * Math.Sqrt(6.0 / N));
        Assert.InRange(m.ExcessKurtosis, -5 * Math.Sqrt(24.0 / N), 5 * Math.Sqrt(24.0 / N)); // kurtosis 3
    }

    [Fact]
    public void UniformDrawsHaveUniformMoments()
    {
        var u = new double[N];
        new RandomStream(99).FillUniform(u);
        var m = new StreamingMoments(); m.Add(u);
        // U[0,1): mean 1/2 (σ/√N with σ² = 1/12), variance 1/12, excess kurtosis −6/5.
        Assert.InRange(m.Mean, 0.5 - 5 * Math.Sqrt(1.0 / 12 / N), 0.5 + 5 * Math.Sqrt(1.0 / 12 / N));
        Assert.InRange(m.Variance, 1.0 / 12 - 0.002, 1.0 / 12 + 0.002);
        Assert.InRange(m.ExcessKurtosis, -1.2 - 0.03, -1.2 + 0.03);
        Assert.All(u, x => Assert.InRange(x, 0.0, 1.0 - 1e-17));
    }

    [Fact]
    public void NextIntIsUniformOverItsRange()
    {
        // χ² with 6 degrees of freedom: P(χ² > 30) ≈ 4e-5.
        var rng = new RandomStream(5); var counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[rng.NextInt(7)]++;
        double chi2 = 0;
        foreach (int c in counts) chi2 += (c - 10_000.0) * (c - 10_000.0) / 10_000.0;
        Assert.True(chi2 < 30, $"χ² = {chi2}");
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
    }

    [Fact]
    public void FillNormalEqualsRepeatedNextNormalInAnyChunking()
    {
        var one = new RandomStream(3, 1); var expected = new double[1001];
        for (int i = 0; i < expected.Length; i++) expected[i] = 2 + 0.5 * one.NextNormal();
        var chunked = new RandomStream(3, 1); var actual = new double[1001];
        chunked.FillNormal(actual.AsSpan(0, 1), 2, 0.5);    // leaves a spare
        chunked.FillNormal(actual.AsSpan(1, 500), 2, 0.5);  // consumes it, odd tail
        chunked.FillNormal(actual.AsSpan(501), 2, 0.5);
        Assert.Equal(expected, actual);
        var f = new float[11]; new RandomStream(3, 1).FillNormal(f, 2, 0.5);
        for (int i = 0; i < f.Length; i++) Assert.Equal((float)expected[i], f[i]);
    }

    [Fact]
    public void StateRoundTripResumesBitExactly()
    {
        var rng = new RandomStream(77, 2);
        rng.NextNormal(); // leaves a cached spare normal in the state
        var state = rng.GetState();
        var expected = new double[50]; rng.FillNormal(expected);
        var resumed = new RandomStream(0); resumed.SetState(state);
        var actual = new double[50]; resumed.FillNormal(actual);
        Assert.Equal(expected, actual);
        Assert.Throws<ArgumentException>(() => resumed.SetState(new ulong[5]));
    }

    [Fact]
    public void ShuffleIsAPermutationAndReproducible()
    {
        var a = new int[100]; var b = new int[100];
        for (int i = 0; i < 100; i++) a[i] = b[i] = i;
        new RandomStream(8).Shuffle<int>(a); new RandomStream(8).Shuffle<int>(b);
        Assert.Equal(a, b);
        var sorted = (int[])a.Clone(); Array.Sort(sorted);
        for (int i = 0; i < 100; i++) Assert.Equal(i, sorted[i]);
        Assert.NotEqual(Enumerable.Range(0, 100), a);
    }
}
