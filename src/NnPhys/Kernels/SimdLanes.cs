using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NnPhys.Kernels;

/// <summary>
/// The float64 lane operations the fused Gram kernel is written in, once, as generic code: the JIT compiles one copy per
/// implementing struct (AVX-512, AVX2 + FMA, scalar), with every call inlined. A mask is a lane value of the same type
/// (all bits set or clear for vectors; 1 or 0 for the scalar lanes) consumed only by <see cref="Select"/>.
/// </summary>
internal interface ILanes<TV> where TV : struct
{
    /// <summary>Lanes per value.</summary>
    static abstract int Count { get; }
    static abstract TV Load(ref double at);
    static abstract void Store(TV value, ref double at);
    static abstract TV Of(double x);
    static abstract TV Add(TV a, TV b);
    static abstract TV Subtract(TV a, TV b);
    static abstract TV Multiply(TV a, TV b);
    /// <summary>a·b + c (fused, one rounding, on the vector lanes; two roundings on the scalar fallback).</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
    static abstract TV Sqrt(TV a);
    static abstract TV Abs(TV a);
    /// <summary>The mask a &gt; b.</summary>
    static abstract TV Greater(TV a, TV b);
    /// <summary>Lane-wise mask ? ifTrue : ifFalse.</summary>
    static abstract TV Select(TV mask, TV ifTrue, TV ifFalse);
}

/// <summary>Eight float64 lanes (AVX-512F).</summary>
internal readonly struct Lanes512 : ILanes<Vector512<double>>
{
    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
    public static int Count => Vector512<double>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Load(ref double at) => Vector512.LoadUnsafe(ref at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<double> value, ref double at) => value.StoreUnsafe(ref at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Of(double x) => Vector512.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Avx512F.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Sqrt(Vector512<double> a) => Avx512F.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Abs(Vector512<double> a) => Vector512.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Greater(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Select(Vector512<double> mask, Vector512<double> ifTrue, Vector512<double> ifFalse) => Vector512.ConditionalSelect(mask, ifTrue, ifFalse);
}

/// <summary>Four float64 lanes (AVX2 with FMA3).</summary>
internal readonly struct Lanes256 : ILanes<Vector256<double>>
{
    public static bool IsSupported => Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported;
    public static int Count => Vector256<double>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Load(ref double at) => Vector256.LoadUnsafe(ref at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<double> value, ref double at) => value.StoreUnsafe(ref at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Of(double x) => Vector256.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Fma.MultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Sqrt(Vector256<double> a) => Avx.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Abs(Vector256<double> a) => Vector256.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Greater(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Select(Vector256<double> mask, Vector256<double> ifTrue, Vector256<double> ifFalse) => Vector256.ConditionalSelect(mask, ifTrue, ifFalse);
}

/// <summary>One float64 lane in plain managed arithmetic: the fallback for machines without AVX2/FMA (and the reference
/// the vector lanes are tested against). a·b + c is rounded twice here, so results differ from the vector lanes by round-off.</summary>
internal readonly struct LanesScalar : ILanes<double>
{
    public static int Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Load(ref double at) => at;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(double value, ref double at) => at = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Of(double x) => x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Add(double a, double b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Subtract(double a, double b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Multiply(double a, double b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MultiplyAdd(double a, double b, double c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sqrt(double a) => Math.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Abs(double a) => Math.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Greater(double a, double b) => a > b ? 1.0 : 0.0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Select(double mask, double ifTrue, double ifFalse) => mask != 0 ? ifTrue : ifFalse;
}

/// <summary>Which lane width the fused Gram kernel runs on.</summary>
internal enum LaneWidth
{
    /// <summary>The widest this machine supports (AVX-512, then AVX2 + FMA, then scalar).</summary>
    Best,
    /// <summary>Eight lanes; requires AVX-512F.</summary>
    Avx512,
    /// <summary>Sixteen lanes as two interleaved AVX-512 vectors; requires AVX-512F.</summary>
    Avx512x2,
    /// <summary>Four lanes; requires AVX2 and FMA.</summary>
    Avx2,
    /// <summary>The managed scalar fallback (any machine).</summary>
    Scalar,
}

/// <summary>Two AVX-512 vectors (16 lanes) side by side: every operation is issued for both halves back to back, so the
/// processor always has two independent dependency chains in flight (the arccos polynomials are long serial chains).</summary>
internal struct Vector512x2
{
    public Vector512<double> Lo, Hi;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector512x2(Vector512<double> lo, Vector512<double> hi) { Lo = lo; Hi = hi; }
}

/// <summary>Sixteen float64 lanes as two interleaved AVX-512 vectors.</summary>
internal readonly struct Lanes512x2 : ILanes<Vector512x2>
{
    public static int Count => 2 * Vector512<double>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512x2 Load(ref double at) => new(Vector512.LoadUnsafe(ref at), Vector512.LoadUnsafe(ref Unsafe.Add(ref at, 8)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512x2 value, ref double at) { value.Lo.StoreUnsafe(ref at); value.Hi.StoreUnsafe(ref Unsafe.Add(ref at, 8)); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512x2 Of(double x) { var v = Vector512.Create(x); return new(v, v); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512x2 Add(Vector512x2 a, Vector512x2 b) => new(a.Lo + b.Lo, a.Hi + b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512x2 Subtract(Vector512x2 a, Vector512x2 b) => new(a.Lo - b.Lo, a.Hi - b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512x2 Multiply(Vector512x2 a, Vector512x2 b) => new(a.Lo * b.Lo, a.Hi * b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512x2 MultiplyAdd(Vector512x2 a, Vector512x2 b, Vector512x2 c) => new(Avx512F.FusedMultiplyAdd(a.Lo, b.Lo, c.Lo), Avx512F.FusedMultiplyAdd(a.Hi, b.Hi, c.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512x2 Sqrt(Vector512x2 a) => new(Avx512F.Sqrt(a.Lo), Avx512F.Sqrt(a.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512x2 Abs(Vector512x2 a) => new(Vector512.Abs(a.Lo), Vector512.Abs(a.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512x2 Greater(Vector512x2 a, Vector512x2 b) => new(Vector512.GreaterThan(a.Lo, b.Lo), Vector512.GreaterThan(a.Hi, b.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512x2 Select(Vector512x2 mask, Vector512x2 ifTrue, Vector512x2 ifFalse) => new(Vector512.ConditionalSelect(mask.Lo, ifTrue.Lo, ifFalse.Lo), Vector512.ConditionalSelect(mask.Hi, ifTrue.Hi, ifFalse.Hi));
}
