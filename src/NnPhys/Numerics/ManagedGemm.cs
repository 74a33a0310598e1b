using System.Numerics.Tensors;

namespace NnPhys.Numerics;

/// <summary>Managed GEMM fallback (row-major), vectorized with TensorPrimitives. Used when OpenBLAS is missing.</summary>
internal static class ManagedGemm
{
    public static void Multiply(Transpose ta, Transpose tb, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        // Reference i-p-j loop: C[i,:] = beta*C[i,:] + alpha * Σ_p op(A)[i,p] * op(B)[p,:].
        float[]? bt = null;
        if (tb == Transpose.Yes)
        {
            bt = new float[k * n];
            for (int j = 0; j < n; j++) for (int p = 0; p < k; p++) bt[p * n + j] = b[j * ldb + p];
        }
        ReadOnlySpan<float> bb = bt ?? b; int ldbb = bt is null ? ldb : n;
        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * ldc, n);
            if (beta == 0f) ci.Clear(); else if (beta != 1f) TensorPrimitives.Multiply(ci, beta, ci);
            for (int p = 0; p < k; p++)
            {
                float aip = alpha * (ta == Transpose.No ? a[i * lda + p] : a[p * lda + i]);
                if (aip == 0f) continue;
                TensorPrimitives.MultiplyAdd(bb.Slice(p * ldbb, n), aip, ci, ci);
            }
        }
    }

    public static void Multiply(Transpose ta, Transpose tb, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        double[]? bt = null;
        if (tb == Transpose.Yes)
        {
            bt = new double[k * n];
            for (int j = 0; j < n; j++) for (int p = 0; p < k; p++) bt[p * n + j] = b[j * ldb + p];
        }
        ReadOnlySpan<double> bb = bt ?? b; int ldbb = bt is null ? ldb : n;
        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * ldc, n);
            if (beta == 0d) ci.Clear(); else if (beta != 1d) TensorPrimitives.Multiply(ci, beta, ci);
            for (int p = 0; p < k; p++)
            {
                double aip = alpha * (ta == Transpose.No ? a[i * lda + p] : a[p * lda + i]);
                if (aip == 0d) continue;
                TensorPrimitives.MultiplyAdd(bb.Slice(p * ldbb, n), aip, ci, ci);
            }
        }
    }
}
