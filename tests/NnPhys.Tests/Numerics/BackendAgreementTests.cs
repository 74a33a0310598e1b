using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>Managed GEMM against OpenBLAS on the same inputs (float and double, all transposes), when OpenBLAS is installed.</summary>
[Collection("BlasBackend")]
public class BackendAgreementTests
{
    [OpenBlasTheory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 13, 5)]
    [InlineData(97, 61, 300)]
    [InlineData(256, 256, 256)]
    public void ManagedGemmAgreesWithOpenBlas(int m, int n, int k)
    {
        var rng = new RandomStream(17, (ulong)(m + n + k));
        foreach (var ta in new[] { Transpose.No, Transpose.Yes })
            foreach (var tb in new[] { Transpose.No, Transpose.Yes })
            {
                int lda = (ta == Transpose.No ? k : m) + 1, ldb = (tb == Transpose.No ? n : k) + 2;
                var a = GemmReference.Random(rng, ta == Transpose.No ? m : k, ta == Transpose.No ? k : m, lda);
                var b = GemmReference.Random(rng, tb == Transpose.No ? k : n, tb == Transpose.No ? n : k, ldb);
                var c0 = new double[m * n]; rng.FillNormal(c0);
                var cm = (double[])c0.Clone(); var co = (double[])c0.Clone();
                BlasBackends.With(BlasBackend.Managed, () => Gemm.Multiply(ta, tb, m, n, k, 0.9, a, lda, b, ldb, 0.4, cm, n));
                BlasBackends.With(BlasBackend.OpenBlas, () => Gemm.Multiply(ta, tb, m, n, k, 0.9, a, lda, b, ldb, 0.4, co, n));
                Assert.True(GemmReference.MaxError(co, cm, m, n, n) < 1e-12 * Math.Sqrt(k) * 10);
                var fm = GemmReference.ToFloat(c0); var fo = GemmReference.ToFloat(c0);
                var af = GemmReference.ToFloat(a); var bf = GemmReference.ToFloat(b);
                BlasBackends.With(BlasBackend.Managed, () => Gemm.Multiply(ta, tb, m, n, k, 0.9f, af, lda, bf, ldb, 0.4f, fm, n));
                BlasBackends.With(BlasBackend.OpenBlas, () => Gemm.Multiply(ta, tb, m, n, k, 0.9f, af, lda, bf, ldb, 0.4f, fo, n));
                Assert.True(GemmReference.MaxError(GemmReference.ToDouble(fo), GemmReference.ToDouble(fm), m, n, n) < 1e-5 * Math.Sqrt(k) * 10);
            }
    }

    [Fact]
    public void ScopedChoiceIsRestoredAndStaysOnItsOwnThread()
    {
        var before = BlasProvider.Active;
        var other = before == BlasBackend.Managed && BlasProvider.OpenBlasAvailable ? BlasBackend.OpenBlas : BlasBackend.Managed;
        using (BlasProvider.Use(other))
        {
            Assert.Equal(other, BlasProvider.Active);
            using (BlasProvider.Use(BlasBackend.Managed)) Assert.Equal(BlasBackend.Managed, BlasProvider.Active); // nests
            Assert.Equal(other, BlasProvider.Active);
            BlasBackend seenElsewhere = other;
            var thread = new Thread(() => seenElsewhere = BlasProvider.Active); // a thread started without our flow
            System.Threading.ExecutionContext.SuppressFlow();
            try { thread.Start(); } finally { System.Threading.ExecutionContext.RestoreFlow(); }
            thread.Join();
            Assert.Equal(before, seenElsewhere);
        }
        Assert.Equal(before, BlasProvider.Active);
    }

    [Fact]
    public void DescriptionNamesTheActiveBackend()
    {
        Assert.StartsWith("managed (", BlasBackends.With(BlasBackend.Managed, BlasProvider.Describe));
        if (BlasProvider.OpenBlasAvailable)
            Assert.Matches(@"^openblas \(.+, \d+ threads\)$", BlasBackends.With(BlasBackend.OpenBlas, BlasProvider.Describe));
    }

    [Fact]
    public void BenchmarkReportsPositiveThroughput()
    {
        double managed = GemmBenchmark.MeasureGflops(BlasBackend.Managed, 48, repetitions: 1);
        Assert.True(managed > 0 && double.IsFinite(managed));
        var r = GemmBenchmark.Compare(32, repetitions: 1);
        Assert.Equal(32, r.Size);
        Assert.True(r.Managed > 0);
        Assert.Equal(BlasProvider.OpenBlasAvailable, double.IsFinite(r.OpenBlasDirect) && r.OpenBlasDirect > 0);
    }
}
