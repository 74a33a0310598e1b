using System.Runtime.InteropServices;

namespace NnPhys.Numerics;

internal static unsafe partial class OpenBlas
{
    /// <summary>
    /// LAPACK dgeev (Hessenberg reduction + Francis double-shift QR) eigenvalues only (jobvl = jobvr = 'N') of the
    /// n×n matrix in <paramref name="a"/> (row-major, which LAPACK reads as Aᵀ — same eigenvalues). <paramref name="a"/>
    /// is destroyed. On return wr[j] + i·wi[j] are the eigenvalues; complex pairs are adjacent, positive imaginary part
    /// first. Returns LAPACK's info (&gt; 0: the QR iteration failed to converge).
    /// </summary>
    public static int Dgeev(int n, Span<double> a, Span<double> wr, Span<double> wi)
    {
        byte jobvl = (byte)'N', jobvr = (byte)'N';
        int lda = Math.Max(1, n), ldv = 1, info = 0, lwork = -1;
        double workQuery = 0, unusedVector = 0;
        fixed (double* pa = a) fixed (double* pwr = wr) fixed (double* pwi = wi)
        {
            dgeev_(&jobvl, &jobvr, &n, pa, &lda, pwr, pwi, &unusedVector, &ldv, &unusedVector, &ldv, &workQuery, &lwork, &info, 1, 1);
            if (info != 0) return info;
            lwork = Math.Max(Math.Max(1, 3 * n), (int)workQuery);
            var work = new double[lwork];
            fixed (double* pwork = work)
                dgeev_(&jobvl, &jobvr, &n, pa, &lda, pwr, pwi, &unusedVector, &ldv, &unusedVector, &ldv, pwork, &lwork, &info, 1, 1);
        }
        return info;
    }

    [LibraryImport(Lib)] [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial void dgeev_(byte* jobvl, byte* jobvr, int* n, double* a, int* lda, double* wr, double* wi,
        double* vl, int* ldvl, double* vr, int* ldvr, double* work, int* lwork, int* info, nuint jobvlLength, nuint jobvrLength);
}
