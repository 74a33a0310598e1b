using System.Numerics;
using System.Buffers;
using System.Numerics.Tensors;

namespace NnPhys.Numerics;

/// <summary>
/// Managed GEMM fallback (row-major), used when OpenBLAS is missing or <c>NNPHYS_BLAS=managed</c>.
/// On x86 with AVX2 + FMA, products above a few thousand multiply-adds go through the packed, cache-blocked,
/// multi-threaded <see cref="BlockedGemm"/>; otherwise (tiny products, other CPUs) a portable row-by-row loop
/// over <see cref="TensorPrimitives"/> (Vector&lt;T&gt;-width SIMD, or scalar) is used.
/// </summary>
internal static class ManagedGemm
{
    /// <summary>Multiply-adds (m·n·k) below which packing costs more than it saves.</summary>
    internal const long BlockedThreshold = 4096;

    static bool UseBlocked(int m, int n, int k) =>
        GemmMicroKernels.IsSupported && (long)m * n * k >= BlockedThreshold;

    public static void Multiply(Transpose ta, Transpose tb, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (UseBlocked(m, n, k)) BlockedGemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else Portable(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    public static void Multiply(Transpose ta, Transpose tb, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        if (UseBlocked(m, n, k)) BlockedGemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else Portable(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// Portable i-p-j loop: C[i,:] = beta·C[i,:] + Σ_p (alpha·op(A)[i,p]) · op(B)[p,:]. A transposed B is first copied
    /// densely into a pooled buffer (k, n), so the loop streams rows; no allocation per call.
    /// </summary>
    internal static void Portable<T>(Transpose ta, Transpose tb, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0) return;
        T[]? bt = null;
        try
        {
            if (tb == Transpose.Yes)
            {
                bt = ArrayPool<T>.Shared.Rent(k * n); // op(B) stored densely, (k, n)
                for (int j = 0; j < n; j++) for (int p = 0; p < k; p++) bt[p * n + j] = b[j * ldb + p];
            }
            ReadOnlySpan<T> bb = bt ?? b; int ldbb = bt is null ? ldb : n;
            for (int i = 0; i < m; i++)
            {
                var ci = c.Slice(i * ldc, n);
                if (beta == T.Zero) ci.Clear(); else if (beta != T.One) TensorPrimitives.Multiply(ci, beta, ci);
                if (alpha == T.Zero) continue;
                for (int p = 0; p < k; p++)
                {
                    T aip = alpha * (ta == Transpose.No ? a[i * lda + p] : a[p * lda + i]);
                    TensorPrimitives.MultiplyAdd(bb.Slice(p * ldbb, n), aip, ci, ci);
                }
            }
        }
        finally { if (bt is not null) ArrayPool<T>.Shared.Return(bt); }
    }
}
