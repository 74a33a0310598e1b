using System.Numerics;
using System.Runtime.CompilerServices;
using NnPhys.Architectures;

namespace NnPhys.Kernels;

/// <summary>Which closed form of the Gaussian expectations E[φφ], E[φ′φ′] an activation has.</summary>
internal enum ClosedFormKind { None, Identity, LeakyRelu, Erf }

/// <summary>
/// The activation layer's kernel map (tasi-physics-for-ml §2.4; neural-tangents stax conventions): for
/// (u, v) ~ N(0, [[k11, k12], [k12, k22]]) it gives E[φ(u)φ(v)] and E[φ′(u)φ′(v)].
/// Closed forms: identity (k12, 1); leaky ReLU with slope α, which covers ReLU (α = 0) and abs (α = −1), from the
/// arc-cosine kernel of order 1 (Cho &amp; Saul 2009); erf (Williams 1997). These are fused here (one arccos per pair for
/// both maps) as the vectorised fast path, and tested against <see cref="Activation.GaussianProduct"/>. Every other
/// activation uses the activation's own expectations (closed forms for sin and cos, Gauss–Hermite quadrature of order
/// <see cref="Activation.QuadratureOrder"/> otherwise), or, with forceQuadrature, the <see cref="PolarQuadrature"/>.
/// The row kernels are the vectorised fast path of <see cref="AnalyticKernel"/>; tests check them against the
/// scalar forms and against quadrature.
/// </summary>
public static class KernelActivations
{
    /// <summary>Whether E[φφ] and E[φ′φ′] are computed from a closed form (identity, ReLU, leaky ReLU, abs, erf, sin, cos);
    /// the others use Gauss–Hermite quadrature of order <see cref="Activation.QuadratureOrder"/> per dimension.</summary>
    public static bool HasClosedForm(Activation activation) => activation.HasClosedFormGaussianExpectations;

    /// <summary>The pair (E[φ(u)φ(v)], E[φ′(u)φ′(v)]) for (u, v) ~ N(0, [[k11, k12], [k12, k22]]).</summary>
    /// <remarks>With <paramref name="forceQuadrature"/> the <see cref="PolarQuadrature"/> is used even where a closed form exists (for checks).</remarks>
    public static (double Product, double DerivativeProduct) Expectations(Activation activation, double k11, double k12, double k22, bool forceQuadrature = false)
    {
        Span<double> k = [k12], t = [1.0];
        ApplyRow(activation, k11, [k22], k, t, forceQuadrature);
        return (k[0], t[0]);
    }

    internal static (ClosedFormKind Kind, double Slope) Classify(Activation activation)
    {
        if (activation == Activation.Identity) return (ClosedFormKind.Identity, 1);
        if (activation == Activation.ReLU) return (ClosedFormKind.LeakyRelu, 0);
        if (activation == Activation.Abs) return (ClosedFormKind.LeakyRelu, -1);
        if (activation == Activation.Erf) return (ClosedFormKind.Erf, 0);
        if (activation.Name.StartsWith("leaky_relu", StringComparison.Ordinal)) return (ClosedFormKind.LeakyRelu, activation.Slope);
        return (ClosedFormKind.None, 0);
    }

    /// <summary>
    /// One row of an activation layer's map: for j = 0 … n−1, with k11 = K(x, x), k22[j] = K(x_j, x_j) and
    /// k12[j] = K(x, x_j): k12[j] ← E[φ(u)φ(v)], ntk[j] ← ntk[j]·E[φ′(u)φ′(v)]  (stax: Θ ← Θ·E[φ′φ′]).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ApplyRow(Activation activation, double k11, ReadOnlySpan<double> k22, Span<double> k12, Span<double> ntk, bool forceQuadrature)
    {
        var (kind, slope) = forceQuadrature ? (ClosedFormKind.None, 0) : Classify(activation);
        switch (kind)
        {
            case ClosedFormKind.Identity:
                return; // E[uv] = k12, E[1·1] = 1
            case ClosedFormKind.LeakyRelu:
                LeakyReluRow(slope, k11, k22, k12, ntk);
                return;
            case ClosedFormKind.Erf:
                ErfRow(k11, k22, k12, ntk);
                return;
            default:
                for (int j = 0; j < k12.Length; j++)
                {
                    var (p, d) = forceQuadrature
                        ? (PolarQuadrature.Expectation(z => activation.Evaluate(z), k11, k12[j], k22[j]), PolarQuadrature.Expectation(z => activation.Derivative(z), k11, k12[j], k22[j]))
                        : (activation.GaussianProduct(k11, k12[j], k22[j]), activation.GaussianDerivativeProduct(k11, k12[j], k22[j]));
                    k12[j] = p;
                    ntk[j] *= d;
                }
                return;
        }
    }

    /// <summary>
    /// φ(z) = a·z + b·|z| with a = (1+α)/2, b = (1−α)/2, cos θ = k12/√(k11k22):
    /// E[φφ] = a²k12 + b²(√(k11k22)/π)(2 sin θ + (π − 2θ) cos θ),  E[φ′φ′] = α + (1−α)²(π − θ)/(2π).
    /// θ by the vectorised <see cref="ArcCosine"/>. α = 0 gives the arc-cosine kernel √(k11k22)(sin θ + (π − θ) cos θ)/(2π) and (π − θ)/(2π).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void LeakyReluRow(double alpha, double k11, ReadOnlySpan<double> k22, Span<double> k12, Span<double> ntk)
    {
        double a = 0.5 * (1 + alpha), b = 0.5 * (1 - alpha);
        double a2 = a * a, b2OverPi = b * b / Math.PI, slopeTerm = (1 - alpha) * (1 - alpha) / (2 * Math.PI);
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<double>.One; var pi = new Vector<double>(Math.PI);
            for (; j <= k12.Length - Vector<double>.Count; j += Vector<double>.Count)
            {
                var k = new Vector<double>(k12[j..]);
                var norm = Vector.SquareRoot(new Vector<double>(k22[j..]) * k11);
                var c = Vector.ConditionalSelect(Vector.GreaterThan(norm, Vector<double>.Zero), k / norm, Vector<double>.Zero);
                c = Vector.Min(Vector.Max(c, -one), one);
                var theta = ArcCosine.Lanes(c);
                var sin = Vector.SquareRoot((one - c) * (one + c));
                (new Vector<double>(ntk[j..]) * (new Vector<double>(alpha) + (pi - theta) * slopeTerm)).CopyTo(ntk[j..]);
                (k * a2 + norm * (sin * 2.0 + (pi - theta * 2.0) * c) * b2OverPi).CopyTo(k12[j..]);
            }
        }
        for (; j < k12.Length; j++)
        {
            double norm = Math.Sqrt(k11 * k22[j]);
            double c = norm > 0 ? Math.Clamp(k12[j] / norm, -1.0, 1.0) : 0.0;
            double theta = ArcCosine.Scalar(c), sin = Math.Sqrt((1 - c) * (1 + c));
            ntk[j] *= alpha + slopeTerm * (Math.PI - theta);
            k12[j] = a2 * k12[j] + b2OverPi * norm * (2 * sin + (Math.PI - 2 * theta) * c);
        }
    }

    /// <summary>E[erf u erf v] = (2/π) asin(2k12/√((1+2k11)(1+2k22))), E[erf′u erf′v] = (4/π)/√((1+2k11)(1+2k22) − 4k12²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void ErfRow(double k11, ReadOnlySpan<double> k22, Span<double> k12, Span<double> ntk)
    {
        double p = 1 + 2 * k11;
        for (int j = 0; j < k12.Length; j++)
        {
            double q = p * (1 + 2 * k22[j]), k = k12[j];
            ntk[j] *= 4 / Math.PI / Math.Sqrt(q - 4 * k * k);
            k12[j] = 2 / Math.PI * Math.Asin(Math.Clamp(2 * k / Math.Sqrt(q), -1.0, 1.0));
        }
    }
}
