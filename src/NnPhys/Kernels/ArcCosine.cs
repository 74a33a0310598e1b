using System.Numerics;
using System.Runtime.CompilerServices;

namespace NnPhys.Kernels;

/// <summary>
/// Vectorised arccos for the arc-cosine kernels, by fdlibm's rational approximation of arcsin (the one of Sun's
/// e_acos.c / e_asin.c, error below 1 ulp on its range): with a = |c|, for a ≤ ½ arccos a = π/2 − asin a,
/// asin a = a + a·R(a²); for a &gt; ½ arccos a = 2·asin √z, z = (1 − a)/2 ∈ [0, ¼], asin s = s + s·R(z); and
/// arccos c = π − arccos|c| for c &lt; 0. Both branches share one R(z) = z·P(z)/Q(z) (degrees 6 and 4), so a lane
/// costs one division and one square root instead of a long polynomial; the relative error stays at round-off as
/// c → 1, where √z carries the whole behaviour. Tests compare with Math.Acos over [−1, 1] and every tail length.
/// </summary>
public static class ArcCosine
{
    const double P0 = 1.66666666666666657415e-01, P1 = -3.25565818622400915405e-01, P2 = 2.01212532134862925881e-01,
        P3 = -4.00555345006794114027e-02, P4 = 7.91534994289814532176e-04, P5 = 3.47933107596021167570e-05,
        Q1 = -2.40339491173441421878e+00, Q2 = 2.02094576023350569471e+00, Q3 = -6.88283971605453293030e-01, Q4 = 7.70381505559019352791e-02;
    const double HalfPi = Math.PI / 2;

    /// <summary>θ[i] = arccos(c[i]) for c[i] ∈ [−1, 1] (values outside are clamped). θ may alias c.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Evaluate(ReadOnlySpan<double> c, Span<double> theta)
    {
        if (theta.Length != c.Length) throw new ArgumentException($"arccos: {c.Length} inputs but {theta.Length} outputs.", nameof(theta));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= c.Length - Vector<double>.Count; i += Vector<double>.Count)
                Lanes(new Vector<double>(c[i..])).CopyTo(theta[i..]);
        for (; i < c.Length; i++) theta[i] = Scalar(c[i]);
    }

    /// <summary>arccos of each lane (clamped to [−1, 1]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Lanes(Vector<double> c)
    {
        var one = Vector<double>.One; var half = new Vector<double>(0.5);
        c = System.Numerics.Vector.Min(System.Numerics.Vector.Max(c, -one), one);
        var a = System.Numerics.Vector.Abs(c);
        var big = System.Numerics.Vector.GreaterThan(a, half);
        var z = System.Numerics.Vector.ConditionalSelect(big, (one - a) * half, a * a);
        var s = System.Numerics.Vector.ConditionalSelect(big, System.Numerics.Vector.SquareRoot(z), a);
        var p = z * (new Vector<double>(P0) + z * (new Vector<double>(P1) + z * (new Vector<double>(P2) + z * (new Vector<double>(P3) + z * (new Vector<double>(P4) + z * new Vector<double>(P5))))));
        var q = one + z * (new Vector<double>(Q1) + z * (new Vector<double>(Q2) + z * (new Vector<double>(Q3) + z * new Vector<double>(Q4))));
        var asin = s + s * (p / q);
        var acosAbs = System.Numerics.Vector.ConditionalSelect(big, asin * 2.0, new Vector<double>(HalfPi) - asin);
        return System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.LessThan(c, Vector<double>.Zero), new Vector<double>(Math.PI) - acosAbs, acosAbs);
    }

    /// <summary>The same approximation for one value (the same operations as <see cref="Lanes"/>, so the same bits).</summary>
    public static double Scalar(double c)
    {
        c = Math.Clamp(c, -1.0, 1.0);
        double a = Math.Abs(c);
        bool big = a > 0.5;
        double z = big ? (1 - a) * 0.5 : a * a;
        double s = big ? Math.Sqrt(z) : a;
        double p = z * (P0 + z * (P1 + z * (P2 + z * (P3 + z * (P4 + z * P5)))));
        double q = 1 + z * (Q1 + z * (Q2 + z * (Q3 + z * Q4)));
        double asin = s + s * (p / q);
        double acosAbs = big ? asin * 2.0 : HalfPi - asin;
        return c < 0 ? Math.PI - acosAbs : acosAbs;
    }
}
