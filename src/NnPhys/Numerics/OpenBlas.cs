using System.Reflection;
using System.Runtime.InteropServices;

namespace NnPhys.Numerics;

/// <summary>
/// CBLAS/LAPACK entry points of OpenBLAS, bound with <c>[LibraryImport]</c>. The library is looked up under the
/// names Debian's <c>libopenblas0-pthread</c> installs; <see cref="IsAvailable"/> tells whether it loaded.
/// CBLAS calls use row-major order directly. LAPACK routines use the Fortran ABI: every argument by pointer,
/// column-major storage, and a hidden trailing length (size_t) per CHARACTER argument, which we pass as 1.
/// A row-major array read as column-major is the transpose, so a symmetric matrix can be handed over as it is;
/// each wrapper below states what that means for its outputs.
/// </summary>
internal static unsafe partial class OpenBlas
{
    const string Lib = "nnphys_openblas";
    const int RowMajor = 101, NoTrans = 111, Trans = 112;

    static readonly string[] Candidates =
    [
        "libopenblas.so.0", "libopenblasp-r0.3.21.so", "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "/usr/lib/x86_64-linux-gnu/libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll",
    ];

    static readonly Lazy<(IntPtr handle, string name)> Handle = new(() =>
    {
        foreach (var c in Candidates)
            if (NativeLibrary.TryLoad(c, out var h) && NativeLibrary.TryGetExport(h, "cblas_sgemm", out _))
                return (h, c);
        return (IntPtr.Zero, "");
    });

    static OpenBlas()
    {
        NativeLibrary.SetDllImportResolver(typeof(OpenBlas).Assembly, (name, _, _) =>
            name == Lib ? Handle.Value.handle : IntPtr.Zero);
    }

    public static bool IsAvailable => Handle.Value.handle != IntPtr.Zero;
    public static string LoadedName => Handle.Value.name;

    /// <summary>Threads OpenBLAS uses (its <c>openblas_get_num_threads</c>), or 0 when not loaded.</summary>
    public static int ThreadCount => IsAvailable ? openblas_get_num_threads() : 0;

    static int Op(Transpose t) => t == Transpose.No ? NoTrans : Trans;

    public static void Sgemm(Transpose ta, Transpose tb, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
            cblas_sgemm(RowMajor, Op(ta), Op(tb), m, n, k, alpha, pa, Math.Max(1, lda), pb, Math.Max(1, ldb), beta, pc, Math.Max(1, ldc));
    }

    public static void Dgemm(Transpose ta, Transpose tb, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        fixed (double* pa = a) fixed (double* pb = b) fixed (double* pc = c)
            cblas_dgemm(RowMajor, Op(ta), Op(tb), m, n, k, alpha, pa, Math.Max(1, lda), pb, Math.Max(1, ldb), beta, pc, Math.Max(1, ldc));
    }

    [LibraryImport(Lib)] [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [LibraryImport(Lib)] [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial void cblas_dgemm(int order, int transA, int transB, int m, int n, int k, double alpha, double* a, int lda, double* b, int ldb, double beta, double* c, int ldc);

    public static void Sgemv(Transpose ta, int m, int n, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> x, float beta, Span<float> y)
    {
        fixed (float* pa = a) fixed (float* px = x) fixed (float* py = y)
            cblas_sgemv(RowMajor, Op(ta), m, n, alpha, pa, Math.Max(1, lda), px, 1, beta, py, 1);
    }

    public static void Dgemv(Transpose ta, int m, int n, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> x, double beta, Span<double> y)
    {
        fixed (double* pa = a) fixed (double* px = x) fixed (double* py = y)
            cblas_dgemv(RowMajor, Op(ta), m, n, alpha, pa, Math.Max(1, lda), px, 1, beta, py, 1);
    }

    /// <summary>
    /// LAPACK dsyevd (divide and conquer) on the n×n symmetric matrix in <paramref name="a"/> (row-major, which
    /// LAPACK reads as its transpose — the same matrix). uplo='U' in column-major is the lower triangle in row-major.
    /// On return <paramref name="w"/> holds the eigenvalues ascending and <paramref name="a"/>, read row-major,
    /// holds eigenvector j in ROW j (LAPACK stores it in column j of a column-major array). Returns LAPACK's info.
    /// </summary>
    public static int Dsyevd(int n, Span<double> a, Span<double> w)
    {
        byte jobz = (byte)'V', uplo = (byte)'U';
        int lda = Math.Max(1, n), info = 0, lwork = -1, liwork = -1, iworkQuery = 0;
        double workQuery = 0;
        fixed (double* pa = a) fixed (double* pw = w)
        {
            dsyevd_(&jobz, &uplo, &n, pa, &lda, pw, &workQuery, &lwork, &iworkQuery, &liwork, &info, 1, 1);
            if (info != 0) return info;
            lwork = Math.Max(1, (int)workQuery); liwork = Math.Max(1, iworkQuery);
            var work = new double[lwork]; var iwork = new int[liwork];
            fixed (double* pwork = work) fixed (int* piwork = iwork)
                dsyevd_(&jobz, &uplo, &n, pa, &lda, pw, pwork, &lwork, piwork, &liwork, &info, 1, 1);
        }
        return info;
    }

    /// <summary>
    /// LAPACK dpotrf with uplo='U' on row-major storage: column-major U with A = UᵀU is, read row-major, the lower
    /// factor L = Uᵀ with A = L·Lᵀ. Only the lower triangle (row-major) is read and overwritten; the strict upper
    /// triangle is left as it was. Returns info (&gt; 0: leading minor of that order is not positive definite).
    /// </summary>
    public static int Dpotrf(int n, Span<double> a)
    {
        byte uplo = (byte)'U';
        int lda = Math.Max(1, n), info = 0;
        fixed (double* pa = a) dpotrf_(&uplo, &n, pa, &lda, &info, 1);
        return info;
    }

    /// <summary>
    /// LAPACK dpotrs with the factor from <see cref="Dpotrf"/> (row-major lower L). <paramref name="bColumnMajor"/>
    /// is the n×nrhs right-hand side in COLUMN-major order (column j at [j·n, (j+1)·n)); it is overwritten by X.
    /// </summary>
    public static int Dpotrs(int n, int nrhs, ReadOnlySpan<double> factor, Span<double> bColumnMajor)
    {
        byte uplo = (byte)'U';
        int lda = Math.Max(1, n), ldb = Math.Max(1, n), info = 0;
        fixed (double* pa = factor) fixed (double* pb = bColumnMajor)
            dpotrs_(&uplo, &n, &nrhs, pa, &lda, pb, &ldb, &info, 1);
        return info;
    }

    [LibraryImport(Lib)] [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial void cblas_sgemv(int order, int trans, int m, int n, float alpha, float* a, int lda, float* x, int incx, float beta, float* y, int incy);

    [LibraryImport(Lib)] [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial void cblas_dgemv(int order, int trans, int m, int n, double alpha, double* a, int lda, double* x, int incx, double beta, double* y, int incy);

    [LibraryImport(Lib)] [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial void dsyevd_(byte* jobz, byte* uplo, int* n, double* a, int* lda, double* w, double* work, int* lwork,
        int* iwork, int* liwork, int* info, nuint jobzLength, nuint uploLength);

    [LibraryImport(Lib)] [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial void dpotrf_(byte* uplo, int* n, double* a, int* lda, int* info, nuint uploLength);

    [LibraryImport(Lib)] [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial void dpotrs_(byte* uplo, int* n, int* nrhs, double* a, int* lda, double* b, int* ldb, int* info, nuint uploLength);

    [LibraryImport(Lib)] [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial int openblas_get_num_threads();
}
