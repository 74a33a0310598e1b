using System.Runtime.CompilerServices;

namespace NnPhys.Kernels;

/// <summary>
/// θ = arccos c, π − θ and sin θ = √(1 − c²) of each lane without a division and with one square root, for the fused
/// Gram kernel (<see cref="FusedLeakyReluGram"/>). With a = |c| and u ∈ [0, ¼]:
/// for a ≤ ½, u = a², asin a = a + a·u·P(u), θ(a) = π/2 − asin a, sin θ = √(1 − u) = 1 + u·R(u);
/// for a &gt; ½, u = (1 − a)/2 (exact), w = √u, θ(a) = 2·asin w = 2(w + w·u·P(u)), and since 1 − a² = 4u(1 − u),
/// sin θ = 2w·√(1 − u) = 2w(1 + u·R(u)); for c &lt; 0, θ = π − θ(a) and π − θ = θ(a) (no cancellation near c = −1).
/// P(u) = (asin √u − √u)/u^{3/2} and R(u) = (√(1 − u) − 1)/u are the degree-11 Chebyshev interpolants on [0, ¼]
/// fitted in 60-digit arithmetic by bench/kernel/fit_polynomials.py (max relative error 1.4e-15 and 6.6e-16, which
/// enter the results scaled by u·P ≤ 0.05 and u·R ≤ 0.14); tests measure the assembled θ and sin θ against Math.Acos
/// and Math.Sqrt on dense grids, the boundaries ±½, ±1 and the tails near ±1.
/// |c| within <see cref="SnapToOne"/> of 1 is taken as exactly ±1: for identical (or exactly opposite) points the
/// computed c differs from ±1 by a few ulp only through rounding, and arccos would amplify that to θ ~ 1e-8.
/// </summary>
internal static class ArcCosineSine
{
    /// <summary>|c| &gt; 1 − SnapToOne counts as |c| = 1 (8 ulp of 1). A true |c| that close moves θ by at most √(2·SnapToOne) ≈ 4e-8,
    /// the same size as the effect of one rounding error in c there.</summary>
    public const double SnapToOne = 8 * 1.1102230246251565e-16;

    const double P0 = 0.1666666666666665, P1 = 0.07500000000020764, P2 = 0.044642857103423646, P3 = 0.03038194736709848,
        P4 = 0.02237204763174451, P5 = 0.017355259955786323, P6 = 0.013929652902326633, P7 = 0.011875494382636922,
        P8 = 0.0078029494773533175, P9 = 0.01603551434914882, P10 = -0.010749050339697808, P11 = 0.028169218060881414;
    const double R0 = -0.49999999999999983, R1 = -0.12500000000022246, R2 = -0.062499999957752454, R3 = -0.039062503131324706,
        R4 = -0.02734363057679604, R5 = -0.020510486539711933, R6 = -0.016075569365753807, R7 = -0.01343897233730603,
        R8 = -0.008810342253960478, R9 = -0.017471657075426302, R10 = 0.011368622748428647, R11 = -0.030336770093371594;

    /// <summary>θ = arccos c, π − θ and sin θ for c ∈ [−1, 1] (|c| &gt; 1 counts as ±1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Evaluate<TL, TV>(TV c, out TV theta, out TV piMinusTheta, out TV sin)
        where TL : struct, ILanes<TV> where TV : struct
    {
        var one = TL.Of(1.0);
        var a = TL.Abs(c);
        a = TL.Select(TL.Greater(a, TL.Of(1 - SnapToOne)), one, a);
        var big = TL.Greater(a, TL.Of(0.5));
        var u = TL.Select(big, TL.Multiply(TL.Subtract(one, a), TL.Of(0.5)), TL.Multiply(a, a));
        var v = TL.Select(big, TL.Sqrt(u), a);
        // Estrin's scheme: depth 4 instead of Horner's 11 dependent steps, for three extra multiplies shared by P and R
        var u2 = TL.Multiply(u, u); var u4 = TL.Multiply(u2, u2); var u8 = TL.Multiply(u4, u4);
        var p = TL.MultiplyAdd(u8,
            TL.MultiplyAdd(TL.MultiplyAdd(u, TL.Of(P11), TL.Of(P10)), u2, TL.MultiplyAdd(u, TL.Of(P9), TL.Of(P8))),
            TL.MultiplyAdd(TL.MultiplyAdd(TL.MultiplyAdd(u, TL.Of(P7), TL.Of(P6)), u2, TL.MultiplyAdd(u, TL.Of(P5), TL.Of(P4))), u4,
                TL.MultiplyAdd(TL.MultiplyAdd(u, TL.Of(P3), TL.Of(P2)), u2, TL.MultiplyAdd(u, TL.Of(P1), TL.Of(P0)))));
        var r = TL.MultiplyAdd(u8,
            TL.MultiplyAdd(TL.MultiplyAdd(u, TL.Of(R11), TL.Of(R10)), u2, TL.MultiplyAdd(u, TL.Of(R9), TL.Of(R8))),
            TL.MultiplyAdd(TL.MultiplyAdd(TL.MultiplyAdd(u, TL.Of(R7), TL.Of(R6)), u2, TL.MultiplyAdd(u, TL.Of(R5), TL.Of(R4))), u4,
                TL.MultiplyAdd(TL.MultiplyAdd(u, TL.Of(R3), TL.Of(R2)), u2, TL.MultiplyAdd(u, TL.Of(R1), TL.Of(R0)))));
        var asin = TL.MultiplyAdd(TL.Multiply(v, u), p, v);          // asin v, v ≤ ½
        var sqrt1mu = TL.MultiplyAdd(u, r, one);                      // √(1 − u)
        sin = TL.Multiply(sqrt1mu, TL.Select(big, TL.Add(v, v), one));
        var thetaAbs = TL.Select(big, TL.Add(asin, asin), TL.Subtract(TL.Of(Math.PI / 2), asin));
        var complement = TL.Subtract(TL.Of(Math.PI), thetaAbs);
        var negative = TL.Greater(TL.Of(0.0), c);
        theta = TL.Select(negative, complement, thetaAbs);
        piMinusTheta = TL.Select(negative, thetaAbs, complement);
    }

    /// <summary>The scalar form (the managed fallback's operations) of <see cref="Evaluate{TL, TV}"/>: (θ, π − θ, sin θ).</summary>
    public static (double Theta, double PiMinusTheta, double Sin) Scalar(double c)
    {
        Evaluate<LanesScalar, double>(c, out var theta, out var piMinusTheta, out var sin);
        return (theta, piMinusTheta, sin);
    }
}
