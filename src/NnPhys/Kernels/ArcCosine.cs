using System.Numerics;
using System.Runtime.CompilerServices;

namespace NnPhys.Kernels;

/// <summary>
/// Vectorised arccos for the arc-cosine kernels. For a = |c| ∈ [0, 1], arccos a = √(1 − a)·g(a) with g analytic on
/// [0, 1] (its nearest singularity is at a = −1), so a Chebyshev series of g of degree 20 on [0, 1] reaches double
/// precision (Bernstein ellipse ρ ≈ 5.8, ρ^(−20) ≈ 5e-16); arccos c = π − arccos|c| for c &lt; 0. The relative
/// error stays at round-off even as c → 1, where √(1 − a) carries the whole behaviour. Coefficients are computed once
/// from <see cref="Math.Acos"/> at Chebyshev nodes. Tests compare with Math.Acos over [−1, 1] and every tail length.
/// </summary>
public static class ArcCosine
{
    const int Degree = 20;
    static readonly double[] Coefficients = Fit();

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
        c = System.Numerics.Vector.Min(System.Numerics.Vector.Max(c, new Vector<double>(-1.0)), Vector<double>.One);
        var a = System.Numerics.Vector.Abs(c);
        var u = a * 2.0 - Vector<double>.One; // [0, 1] → [−1, 1]
        // Clenshaw: Σ_k c_k T_k(u)
        Vector<double> b1 = Vector<double>.Zero, b2 = Vector<double>.Zero, twoU = u * 2.0;
        for (int k = Degree; k >= 1; k--)
        {
            var b0 = twoU * b1 - b2 + new Vector<double>(Coefficients[k]);
            b2 = b1; b1 = b0;
        }
        var g = u * b1 - b2 + new Vector<double>(Coefficients[0]);
        var acosAbs = System.Numerics.Vector.SquareRoot(Vector<double>.One - a) * g;
        return System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.LessThan(c, Vector<double>.Zero), new Vector<double>(Math.PI) - acosAbs, acosAbs);
    }

    /// <summary>The same approximation for one value.</summary>
    public static double Scalar(double c)
    {
        c = Math.Clamp(c, -1.0, 1.0);
        double a = Math.Abs(c), u = 2 * a - 1, b1 = 0, b2 = 0;
        for (int k = Degree; k >= 1; k--) { double b0 = 2 * u * b1 - b2 + Coefficients[k]; b2 = b1; b1 = b0; }
        double acosAbs = Math.Sqrt(1 - a) * (u * b1 - b2 + Coefficients[0]);
        return c < 0 ? Math.PI - acosAbs : acosAbs;
    }

    /// <summary>Chebyshev coefficients of g(a) = arccos(a)/√(1 − a), a = (u + 1)/2, from 64 Chebyshev nodes.</summary>
    static double[] Fit()
    {
        const int nodes = 64;
        var values = new double[nodes];
        for (int j = 0; j < nodes; j++)
        {
            double a = (Math.Cos(Math.PI * (j + 0.5) / nodes) + 1) / 2;
            values[j] = Math.Acos(a) / Math.Sqrt(1 - a);
        }
        var coefficients = new double[Degree + 1];
        for (int k = 0; k <= Degree; k++)
        {
            double s = 0;
            for (int j = 0; j < nodes; j++) s += values[j] * Math.Cos(Math.PI * k * (j + 0.5) / nodes);
            coefficients[k] = (k == 0 ? 1.0 : 2.0) / nodes * s;
        }
        return coefficients;
    }
}
