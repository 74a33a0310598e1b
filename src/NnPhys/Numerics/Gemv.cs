using System.Numerics;
using System.Numerics.Tensors;

namespace NnPhys.Numerics;

/// <summary>
/// Matrix–vector product on row-major storage: <c>y = alpha·op(A)·x + beta·y</c>, where A is stored m×n with row
/// stride lda. With <see cref="Transpose.No"/>, x has length n and y length m; with <see cref="Transpose.Yes"/>,
/// x has length m and y length n. Dispatches to OpenBLAS (<c>cblas_sgemv/dgemv</c>) or a managed
/// TensorPrimitives loop, like <see cref="Gemm"/>, according to <see cref="BlasProvider.Active"/>.
/// </summary>
public static class Gemv
{
    /// <summary>Single precision. Throws <see cref="ArgumentException"/> when a span is too short for its shape.</summary>
    public static void Multiply(Transpose transA, int m, int n, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> x, float beta, Span<float> y)
    {
        Validate(transA, m, n, a.Length, lda, x.Length, y.Length);
        int yLen = transA == Transpose.No ? m : n;
        if (yLen == 0) return;
        if (BlasProvider.Active == BlasBackend.OpenBlas && m > 0 && n > 0) { OpenBlas.Sgemv(transA, m, n, alpha, a, lda, x, beta, y); return; }
        y = y[..yLen];
        if (beta == 0f) y.Clear(); else if (beta != 1f) TensorPrimitives.Multiply(y, beta, y);
        if (alpha == 0f) return;
        if (transA == Transpose.No)
            for (int i = 0; i < m; i++) y[i] += alpha * TensorPrimitives.Dot(a.Slice(i * lda, n), x[..n]);
        else
            for (int i = 0; i < m; i++) TensorPrimitives.MultiplyAdd(a.Slice(i * lda, n), alpha * x[i], y, y); // y += (alpha x_i) A[i,:]
    }

    /// <summary>Double precision. Throws <see cref="ArgumentException"/> when a span is too short for its shape.</summary>
    public static void Multiply(Transpose transA, int m, int n, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> x, double beta, Span<double> y)
    {
        Validate(transA, m, n, a.Length, lda, x.Length, y.Length);
        int yLen = transA == Transpose.No ? m : n;
        if (yLen == 0) return;
        if (BlasProvider.Active == BlasBackend.OpenBlas && m > 0 && n > 0) { OpenBlas.Dgemv(transA, m, n, alpha, a, lda, x, beta, y); return; }
        y = y[..yLen];
        if (beta == 0d) y.Clear(); else if (beta != 1d) TensorPrimitives.Multiply(y, beta, y);
        if (alpha == 0d) return;
        if (transA == Transpose.No)
            for (int i = 0; i < m; i++) y[i] += alpha * TensorPrimitives.Dot(a.Slice(i * lda, n), x[..n]);
        else
            for (int i = 0; i < m; i++) TensorPrimitives.MultiplyAdd(a.Slice(i * lda, n), alpha * x[i], y, y); // y += (alpha x_i) A[i,:]
    }

    /// <summary>Matrix form: <c>y = alpha·op(A)·x + beta·y</c> with x, y of the lengths op(A) implies.</summary>
    public static void Multiply<T>(Matrix<T> a, Transpose transA, ReadOnlySpan<T> x, Span<T> y, T? alpha = null, T? beta = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T al = alpha ?? T.One, be = beta ?? T.Zero;
        if (typeof(T) == typeof(float))
            Multiply(transA, a.Rows, a.Cols, (float)(object)al, (float[])(object)a.Data, a.Cols,
                System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(x), (float)(object)be, System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(y));
        else if (typeof(T) == typeof(double))
            Multiply(transA, a.Rows, a.Cols, (double)(object)al, (double[])(object)a.Data, a.Cols,
                System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(x), (double)(object)be, System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(y));
        else throw new NotSupportedException($"GEMV supports float and double, not {typeof(T).Name}.");
    }

    static void Validate(Transpose ta, int m, int n, int aLen, int lda, int xLen, int yLen)
    {
        if (m < 0 || n < 0) throw new ArgumentOutOfRangeException(nameof(m), $"GEMV sizes must be non-negative (m={m}, n={n}).");
        if (m > 0 && n > 0)
        {
            if (lda < n) throw new ArgumentException($"GEMV: leading dimension of A ({lda}) is smaller than its column count ({n}).");
            long need = (long)(m - 1) * lda + n;
            if (aLen < need) throw new ArgumentException($"GEMV: A has {aLen} elements but an {m}×{n} view with stride {lda} needs {need}.");
        }
        int xNeed = ta == Transpose.No ? n : m, yNeed = ta == Transpose.No ? m : n;
        if (xLen < xNeed) throw new ArgumentException($"GEMV: x has {xLen} elements but op(A) needs {xNeed}.");
        if (yLen < yNeed) throw new ArgumentException($"GEMV: y has {yLen} elements but op(A) needs {yNeed}.");
    }
}
