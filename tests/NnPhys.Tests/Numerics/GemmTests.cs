using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>
/// GEMM paths against the readable <see cref="GemmReference"/>: the packed AVX2 kernel (BlockedGemm), the
/// portable path, and the public dispatcher on whatever backend is active; all four transpose cases, float and
/// double, tails of every size mod the 6×16 / 6×8 tiles, k spanning several depth blocks, lda &gt; cols.
/// </summary>
public class GemmTests
{
    public static readonly TheoryData<int, int, int> Shapes = new()
    {
        { 0, 5, 3 }, { 4, 0, 3 }, { 3, 4, 0 }, { 1, 1, 1 }, { 1, 17, 1 }, { 7, 1, 9 }, { 6, 16, 8 }, { 13, 33, 7 },
        { 5, 9, 300 }, { 37, 53, 301 }, { 64, 64, 64 }, { 131, 19, 523 }, { 12, 130, 17 },
    };

    static readonly Transpose[] Both = [Transpose.No, Transpose.Yes];

    delegate void FloatGemm(Transpose ta, Transpose tb, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc);
    delegate void DoubleGemm(Transpose ta, Transpose tb, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc);

    /// <summary>Runs a float and a double implementation against the reference for all transposes, with padded strides.</summary>
    internal static void CheckAgainstReference(int m, int n, int k, Action<Transpose, Transpose, int, int, int, double, double[], int, double[], int, double, double[], int, bool> run)
    {
        var rng = new RandomStream(11, (ulong)(m * 10007 + n * 101 + k));
        foreach (var ta in Both)
            foreach (var tb in Both)
                foreach (var (alpha, beta) in new[] { (1.0, 0.0), (0.75, -1.25), (-2.0, 1.0) })
                {
                    int aRows = ta == Transpose.No ? m : k, aCols = ta == Transpose.No ? k : m;
                    int bRows = tb == Transpose.No ? k : n, bCols = tb == Transpose.No ? n : k;
                    int lda = aCols + 3, ldb = bCols + 1, ldc = n + 2; // leading dimensions larger than the column counts
                    var a = GemmReference.Random(rng, aRows, aCols, lda);
                    var b = GemmReference.Random(rng, bRows, bCols, ldb);
                    var c0 = GemmReference.Random(rng, m, n, ldc);
                    var expected = (double[])c0.Clone();
                    GemmReference.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
                    foreach (bool single in new[] { true, false })
                    {
                        var actual = (double[])c0.Clone();
                        run(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, actual, ldc, single);
                        double tol = (single ? 2e-6 : 1e-13) * Math.Sqrt(k + 1) * 4 * Math.Max(1, Math.Abs(alpha));
                        double err = GemmReference.MaxError(expected, actual, m, n, ldc);
                        Assert.True(err <= tol, $"{(single ? "float" : "double")} m={m} n={n} k={k} {ta}/{tb} alpha={alpha} beta={beta}: error {err} > {tol}");
                        for (int i = 0; i < actual.Length; i++) // padding of C untouched
                            if (i % ldc >= n) Assert.Equal(c0[i], actual[i]);
                    }
                }
    }

    static Action<Transpose, Transpose, int, int, int, double, double[], int, double[], int, double, double[], int, bool> Wrap(FloatGemm f, DoubleGemm d) =>
        (ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, single) =>
        {
            if (single)
            {
                var cf = GemmReference.ToFloat(c);
                f(ta, tb, m, n, k, (float)alpha, GemmReference.ToFloat(a), lda, GemmReference.ToFloat(b), ldb, (float)beta, cf, ldc);
                GemmReference.ToDouble(cf).CopyTo(c, 0);
            }
            else d(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        };

    [Avx2Theory, MemberData(nameof(Shapes))]
    public void BlockedKernelMatchesReference(int m, int n, int k)
    {
        CheckAgainstReference(m, n, k, Wrap(BlockedGemm.Multiply, BlockedGemm.Multiply));
    }

    [Theory, MemberData(nameof(Shapes))]
    public void PortablePathMatchesReference(int m, int n, int k) =>
        CheckAgainstReference(m, n, k, Wrap(ManagedGemm.Portable, ManagedGemm.Portable));

    [Theory, MemberData(nameof(Shapes))]
    public void ActiveBackendMatchesReference(int m, int n, int k) =>
        CheckAgainstReference(m, n, k, Wrap(Gemm.Multiply, Gemm.Multiply));

    [Avx2Fact]
    public void LargeProductWithSeveralDepthAndColumnBlocksMatchesReference()
    {
        // k = 600 spans three 256-deep blocks; n = 3100 spans two 3072-wide column blocks; threaded row blocks.
        int m = 50, n = 3100, k = 600;
        var rng = new RandomStream(5);
        var a = GemmReference.Random(rng, m, k, k); var b = GemmReference.Random(rng, k, n, n);
        var expected = new double[m * n]; var actual = new double[m * n];
        GemmReference.Multiply(Transpose.No, Transpose.No, m, n, k, 1, a, k, b, n, 0, expected, n);
        BlockedGemm.Multiply(Transpose.No, Transpose.No, m, n, k, 1.0, a, k, b, n, 0.0, actual, n);
        Assert.True(GemmReference.MaxError(expected, actual, m, n, n) < 1e-11);
    }

    [Avx2Fact]
    public void BlockedResultIsBitIdenticalWhateverTheTilingOfRows()
    {
        // Rows 7.. computed on their own fall in different MR tiles, row blocks and threads than in the full
        // product; the result must still match bit for bit (same per-element arithmetic everywhere).
        int m = 130, n = 45, k = 700, skip = 7;
        var rng = new RandomStream(31);
        var a = new float[m * k]; var b = new float[k * n]; var c0 = new float[m * n];
        rng.FillNormal(a); rng.FillNormal(b); rng.FillNormal(c0);
        var full = (float[])c0.Clone();
        BlockedGemm.Multiply(Transpose.No, Transpose.No, m, n, k, 0.5f, a, k, b, n, 2f, full, n);
        var part = c0.AsSpan(skip * n).ToArray();
        BlockedGemm.Multiply(Transpose.No, Transpose.No, m - skip, n, k, 0.5f, a.AsSpan(skip * k), k, b, n, 2f, part, n);
        Assert.Equal(full.AsSpan(skip * n).ToArray(), part);
    }

    [Fact]
    public void BetaZeroOverwritesNaNInOutput()
    {
        var a = new float[] { 1, 2, 3, 4 }; var b = new float[] { 1, 0, 0, 1 };
        var c = new float[] { float.NaN, float.NaN, float.NaN, float.NaN };
        Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 2, 1f, a, 2, b, 2, 0f, c, 2);
        Assert.Equal([1f, 2f, 3f, 4f], c);
    }

    [Fact]
    public void SmallProductMatchesHandComputation()
    {
        var a = new Matrix<double>(2, 3, [1, 2, 3, 4, 5, 6]);
        var b = new Matrix<double>(3, 2, [7, 8, 9, 10, 11, 12]);
        Assert.Equal([58, 64, 139, 154], (a * b).Data);
        var c = new Matrix<double>(3, 3);
        Gemm.Multiply(a, Transpose.Yes, a, Transpose.No, c); // AᵀA
        Assert.Equal([17, 22, 27, 22, 29, 36, 27, 36, 45], c.Data);
    }

    [Fact]
    public void WrongSpanLengthsThrowArgumentException()
    {
        var a = new float[6]; var b = new float[6]; var c = new float[4];
        var e1 = Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 1f, a.AsSpan(0, 5), 3, b, 2, 0f, c, 2));
        Assert.Contains("A has 5 elements", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 1f, a, 3, b, 2, 0f, c.AsSpan(0, 3), 2));
        Assert.Contains("C has 3 elements", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 1f, a, 2, b, 2, 0f, c, 2));
        Assert.Contains("leading dimension of A", e3.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(Transpose.No, Transpose.No, -1, 2, 3, 1f, a, 3, b, 2, 0f, c, 2));
        var ma = new Matrix<float>(2, 3); var mb = new Matrix<float>(2, 2);
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(ma, Transpose.No, mb, Transpose.No, new Matrix<float>(2, 2)));
    }
}
