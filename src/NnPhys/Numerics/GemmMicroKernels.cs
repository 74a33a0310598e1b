using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NnPhys.Numerics;

/// <summary>
/// Register-blocked inner kernels of <see cref="BlockedGemm"/>: each computes one MR×NR tile
/// <c>C_tile += alpha · A_panel · B_panel</c> from packed panels, holding the whole tile in AVX registers
/// and doing one fused multiply-add per (row, vector of columns, k step). Requires AVX2 + FMA.
/// Packed layouts: A panel is (kc, MR) — <c>a[p*MR + r]</c>; B panel is (kc, NR) — <c>b[p*NR + c]</c>.
/// </summary>
internal static unsafe class GemmMicroKernels
{
    /// <summary>Rows of the float tile.</summary>
    public const int FloatRows = 6;
    /// <summary>Columns of the float tile (two Vector256&lt;float&gt;).</summary>
    public const int FloatCols = 16;
    /// <summary>Rows of the double tile.</summary>
    public const int DoubleRows = 6;
    /// <summary>Columns of the double tile (two Vector256&lt;double&gt;).</summary>
    public const int DoubleCols = 8;

    /// <summary>True when the kernels can run (x86 with AVX2 and FMA).</summary>
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>C[0..6, 0..16] (row stride ldc) += alpha · Σ_p a[p, :]ᵀ b[p, :].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Float6x16(int kc, float* a, float* b, float* c, int ldc, float alpha)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 8);
            var ar = Vector256.Create(a[0]); c00 = Fma.MultiplyAdd(ar, b0, c00); c01 = Fma.MultiplyAdd(ar, b1, c01);
            ar = Vector256.Create(a[1]); c10 = Fma.MultiplyAdd(ar, b0, c10); c11 = Fma.MultiplyAdd(ar, b1, c11);
            ar = Vector256.Create(a[2]); c20 = Fma.MultiplyAdd(ar, b0, c20); c21 = Fma.MultiplyAdd(ar, b1, c21);
            ar = Vector256.Create(a[3]); c30 = Fma.MultiplyAdd(ar, b0, c30); c31 = Fma.MultiplyAdd(ar, b1, c31);
            ar = Vector256.Create(a[4]); c40 = Fma.MultiplyAdd(ar, b0, c40); c41 = Fma.MultiplyAdd(ar, b1, c41);
            ar = Vector256.Create(a[5]); c50 = Fma.MultiplyAdd(ar, b0, c50); c51 = Fma.MultiplyAdd(ar, b1, c51);
            a += FloatRows; b += FloatCols;
        }
        var va = Vector256.Create(alpha);
        AddRow(c, va, c00, c01); c += ldc;
        AddRow(c, va, c10, c11); c += ldc;
        AddRow(c, va, c20, c21); c += ldc;
        AddRow(c, va, c30, c31); c += ldc;
        AddRow(c, va, c40, c41); c += ldc;
        AddRow(c, va, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void AddRow(float* c, Vector256<float> alpha, Vector256<float> lo, Vector256<float> hi)
    {
        Avx.Store(c, Fma.MultiplyAdd(lo, alpha, Avx.LoadVector256(c)));
        Avx.Store(c + 8, Fma.MultiplyAdd(hi, alpha, Avx.LoadVector256(c + 8)));
    }

    /// <summary>C[0..6, 0..8] (row stride ldc) += alpha · Σ_p a[p, :]ᵀ b[p, :].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Double6x8(int kc, double* a, double* b, double* c, int ldc, double alpha)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 4);
            var ar = Vector256.Create(a[0]); c00 = Fma.MultiplyAdd(ar, b0, c00); c01 = Fma.MultiplyAdd(ar, b1, c01);
            ar = Vector256.Create(a[1]); c10 = Fma.MultiplyAdd(ar, b0, c10); c11 = Fma.MultiplyAdd(ar, b1, c11);
            ar = Vector256.Create(a[2]); c20 = Fma.MultiplyAdd(ar, b0, c20); c21 = Fma.MultiplyAdd(ar, b1, c21);
            ar = Vector256.Create(a[3]); c30 = Fma.MultiplyAdd(ar, b0, c30); c31 = Fma.MultiplyAdd(ar, b1, c31);
            ar = Vector256.Create(a[4]); c40 = Fma.MultiplyAdd(ar, b0, c40); c41 = Fma.MultiplyAdd(ar, b1, c41);
            ar = Vector256.Create(a[5]); c50 = Fma.MultiplyAdd(ar, b0, c50); c51 = Fma.MultiplyAdd(ar, b1, c51);
            a += DoubleRows; b += DoubleCols;
        }
        var va = Vector256.Create(alpha);
        AddRow(c, va, c00, c01); c += ldc;
        AddRow(c, va, c10, c11); c += ldc;
        AddRow(c, va, c20, c21); c += ldc;
        AddRow(c, va, c30, c31); c += ldc;
        AddRow(c, va, c40, c41); c += ldc;
        AddRow(c, va, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void AddRow(double* c, Vector256<double> alpha, Vector256<double> lo, Vector256<double> hi)
    {
        Avx.Store(c, Fma.MultiplyAdd(lo, alpha, Avx.LoadVector256(c)));
        Avx.Store(c + 4, Fma.MultiplyAdd(hi, alpha, Avx.LoadVector256(c + 4)));
    }
}
