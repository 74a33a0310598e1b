using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>
/// The readable reference GEMM the fast paths are checked against: three loops, accumulated in double,
/// C[i,j] = beta·C[i,j] + alpha·Σ_p op(A)[i,p]·op(B)[p,j] on row-major storage with leading dimensions.
/// </summary>
internal static class GemmReference
{
    public static double OpA(Transpose t, double[] a, int lda, int i, int p) => t == Transpose.No ? a[i * lda + p] : a[p * lda + i];
    public static double OpB(Transpose t, double[] b, int ldb, int p, int j) => t == Transpose.No ? b[p * ldb + j] : b[j * ldb + p];

    public static void Multiply(Transpose ta, Transpose tb, int m, int n, int k, double alpha, double[] a, int lda,
        double[] b, int ldb, double beta, double[] c, int ldc)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += OpA(ta, a, lda, i, p) * OpB(tb, b, ldb, p, j);
                c[i * ldc + j] = (beta == 0 ? 0 : beta * c[i * ldc + j]) + alpha * sum;
            }
    }

    /// <summary>Value stored in the padding of strided operands: exact in float, and ruinous if ever read.</summary>
    public const double Padding = 1.2676506002282294e30; // 2^100

    /// <summary>A random operand of the stored shape (rows, ld) with a tell-tale pattern in the padding.</summary>
    public static double[] Random(RandomStream rng, int rows, int cols, int ld)
    {
        var x = new double[Math.Max(0, (rows - 1) * ld + cols)];
        for (int i = 0; i < x.Length; i++) x[i] = (i % ld) < cols ? rng.NextNormal() : Padding; // padding must be ignored
        return x;
    }

    public static float[] ToFloat(double[] x) { var f = new float[x.Length]; for (int i = 0; i < x.Length; i++) f[i] = (float)x[i]; return f; }
    public static double[] ToDouble(float[] x) { var d = new double[x.Length]; for (int i = 0; i < x.Length; i++) d[i] = x[i]; return d; }

    /// <summary>Largest |x − y| over the m×n view, relative to sqrt(k)·max(1, |alpha|): the natural error scale of a k-term sum.</summary>
    public static double MaxError(double[] expected, double[] actual, int m, int n, int ldc)
    {
        double e = 0;
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) e = Math.Max(e, Math.Abs(expected[i * ldc + j] - actual[i * ldc + j]));
        return e;
    }
}
