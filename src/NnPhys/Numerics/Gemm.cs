using System.Numerics;

namespace NnPhys.Numerics;

/// <summary>Whether an operand of <see cref="Gemm"/> is used as stored or transposed.</summary>
public enum Transpose { No, Yes }

/// <summary>
/// General matrix multiply on row-major storage: <c>C = alpha·op(A)·op(B) + beta·C</c>, where
/// op(A) is m×k, op(B) is k×n and C is m×n. Dispatches to OpenBLAS when
/// <see cref="BlasProvider.Active"/> is <see cref="BlasBackend.OpenBlas"/>, else to the managed SIMD kernel.
/// </summary>
public static class Gemm
{
    /// <summary>Single-precision GEMM on raw spans with leading dimensions (row strides).</summary>
    public static void Multiply(Transpose transA, Transpose transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        GemmChecks.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        if (BlasProvider.Active == BlasBackend.OpenBlas)
            OpenBlas.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else
            ManagedGemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>Double-precision GEMM on raw spans with leading dimensions (row strides).</summary>
    public static void Multiply(Transpose transA, Transpose transB, int m, int n, int k,
        double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb,
        double beta, Span<double> c, int ldc)
    {
        GemmChecks.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        if (BlasProvider.Active == BlasBackend.OpenBlas)
            OpenBlas.Dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else
            ManagedGemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>Matrix form: <c>C = alpha·op(A)·op(B) + beta·C</c>.</summary>
    public static void Multiply<T>(Matrix<T> a, Transpose transA, Matrix<T> b, Transpose transB, Matrix<T> c,
        T? alpha = null, T? beta = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = transA == Transpose.No ? a.Rows : a.Cols;
        int k = transA == Transpose.No ? a.Cols : a.Rows;
        int kb = transB == Transpose.No ? b.Rows : b.Cols;
        int n = transB == Transpose.No ? b.Cols : b.Rows;
        if (k != kb) throw new ArgumentException($"GEMM inner sizes differ: op(A) is {m}×{k}, op(B) is {kb}×{n}.");
        if (c.Rows != m || c.Cols != n) throw new ArgumentException($"GEMM output is {c.Rows}×{c.Cols}, expected {m}×{n}.");
        T al = alpha ?? T.One, be = beta ?? T.Zero;
        if (typeof(T) == typeof(float))
            Multiply(transA, transB, m, n, k, (float)(object)al, (float[])(object)a.Data, a.Cols, (float[])(object)b.Data, b.Cols, (float)(object)be, (float[])(object)c.Data, c.Cols);
        else if (typeof(T) == typeof(double))
            Multiply(transA, transB, m, n, k, (double)(object)al, (double[])(object)a.Data, a.Cols, (double[])(object)b.Data, b.Cols, (double)(object)be, (double[])(object)c.Data, c.Cols);
        else throw new NotSupportedException($"GEMM supports float and double, not {typeof(T).Name}.");
    }
}

internal static class GemmChecks
{
    public static void Validate(Transpose ta, Transpose tb, int m, int n, int k, int aLen, int lda, int bLen, int ldb, int cLen, int ldc)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentOutOfRangeException(nameof(m), $"GEMM sizes must be non-negative (m={m}, n={n}, k={k}).");
        int aRows = ta == Transpose.No ? m : k, aCols = ta == Transpose.No ? k : m;
        int bRows = tb == Transpose.No ? k : n, bCols = tb == Transpose.No ? n : k;
        Check("A", aRows, aCols, aLen, lda);
        Check("B", bRows, bCols, bLen, ldb);
        Check("C", m, n, cLen, ldc);
    }

    static void Check(string name, int rows, int cols, int len, int ld)
    {
        if (rows == 0 || cols == 0) return;
        if (ld < Math.Max(1, cols)) throw new ArgumentException($"GEMM: leading dimension of {name} ({ld}) is smaller than its column count ({cols}).");
        long need = (long)(rows - 1) * ld + cols;
        if (len < need) throw new ArgumentException($"GEMM: {name} has {len} elements but a {rows}×{cols} view with stride {ld} needs {need}.");
    }
}
