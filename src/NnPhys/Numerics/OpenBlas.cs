using System.Reflection;
using System.Runtime.InteropServices;

namespace NnPhys.Numerics;

/// <summary>
/// CBLAS/LAPACK entry points of OpenBLAS, bound with <c>[LibraryImport]</c>. The library is looked up under the
/// names Debian's <c>libopenblas0-pthread</c> installs; <see cref="IsAvailable"/> tells whether it loaded.
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
}
