using NnPhys.Numerics;

namespace NnPhys.Architectures;

// Gaussian expectations over (u, v) ~ N(0, [[k11, k12], [k12, k22]]): the NNGP map E[φ(u)φ(v)] and the NTK's
// E[φ′(u)φ′(v)] (tasi-physics-for-ml §2.4, eqs. 82 and 96–97). Closed forms for identity, ReLU, leaky ReLU, abs
// (arc-cosine kernels, Cho & Saul 2009), erf (Williams 1997), sin and cos; a tensor-product Gauss–Hermite rule of
// order QuadratureOrder for the rest. docs/kernels.md derives the leaky-ReLU and abs forms from the ReLU one.
public sealed partial class Activation
{
    /// <summary>Order of the Gauss–Hermite rule (per dimension) used where no closed form exists. Default 64.</summary>
    public static int QuadratureOrder { get; set; } = 64;

    /// <summary>True when <see cref="GaussianProduct"/>, <see cref="GaussianDerivativeProduct"/> and
    /// <see cref="GaussianMean"/> use closed forms (identity, ReLU, leaky ReLU, abs, erf, sin, cos); otherwise they use
    /// Gauss–Hermite quadrature of order <see cref="QuadratureOrder"/>.</summary>
    public bool HasClosedFormGaussianExpectations => _kind is Kind.Identity or Kind.ReLU or Kind.LeakyReLU or Kind.Abs or Kind.Erf or Kind.Sin or Kind.Cos;

    /// <summary>E[φ(u)φ(v)] for (u, v) centred Gaussian with variances k11, k22 and covariance k12.</summary>
    /// <exception cref="ArgumentException">A variance is negative or not finite, or |k12| exceeds √(k11·k22).</exception>
    public double GaussianProduct(double k11, double k12, double k22)
    {
        double rho = Correlation(k11, k12, k22), s = Math.Sqrt(k11 * k22);
        switch (_kind)
        {
            case Kind.Identity: return k12;
            case Kind.ReLU: return s * ArcCosine1(rho);
            // φ = s·u + (1 − s)·relu(u): E[u relu(v)] = k12/2 by the symmetry (u, v) → (−u, −v)
            case Kind.LeakyReLU: return _slope * k12 + (1 - _slope) * (1 - _slope) * s * ArcCosine1(rho);
            // |u| = relu(u) + relu(−u); relu(u)relu(−v) has correlation −ρ
            case Kind.Abs: return 2 * s * (ArcCosine1(rho) + ArcCosine1(-rho));
            case Kind.Erf: return 2 / Math.PI * Math.Asin(Math.Clamp(2 * k12 / Math.Sqrt((1 + 2 * k11) * (1 + 2 * k22)), -1, 1));
            case Kind.Sin: return Math.Exp(-(k11 + k22) / 2) * Math.Sinh(k12);
            case Kind.Cos: return Math.Exp(-(k11 + k22) / 2) * Math.Cosh(k12);
            default: return Quadrature2D(Evaluate, k11, rho, k22);
        }
    }

    /// <summary>E[φ′(u)φ′(v)] for (u, v) centred Gaussian with variances k11, k22 and covariance k12.</summary>
    /// <exception cref="ArgumentException">A variance is negative or not finite, or |k12| exceeds √(k11·k22).</exception>
    public double GaussianDerivativeProduct(double k11, double k12, double k22)
    {
        double rho = Correlation(k11, k12, k22);
        switch (_kind)
        {
            case Kind.Identity: return 1;
            case Kind.ReLU: return ArcCosine0(rho);
            case Kind.LeakyReLU: return _slope * _slope + 2 * _slope * (1 - _slope) * 0.5 + (1 - _slope) * (1 - _slope) * ArcCosine0(rho);
            case Kind.Abs: return 2 / Math.PI * Math.Asin(rho); // E[sign u sign v]
            case Kind.Erf: return 4 / Math.PI / Math.Sqrt((1 + 2 * k11) * (1 + 2 * k22) - 4 * k12 * k12);
            case Kind.Sin: return Math.Exp(-(k11 + k22) / 2) * Math.Cosh(k12);
            case Kind.Cos: return Math.Exp(-(k11 + k22) / 2) * Math.Sinh(k12);
            default: return Quadrature2D(Derivative, k11, rho, k22);
        }
    }

    /// <summary>E[φ(u)] for u ~ N(0, k11).</summary>
    /// <exception cref="ArgumentException">k11 is negative or not finite.</exception>
    public double GaussianMean(double k11)
    {
        CheckVariance(k11, nameof(k11));
        double sd = Math.Sqrt(k11);
        return _kind switch
        {
            Kind.Identity or Kind.Erf or Kind.Sin => 0,
            Kind.ReLU => sd / Math.Sqrt(2 * Math.PI),
            Kind.LeakyReLU => (1 - _slope) * sd / Math.Sqrt(2 * Math.PI),
            Kind.Abs => sd * Math.Sqrt(2 / Math.PI),
            Kind.Cos => Math.Exp(-k11 / 2),
            _ => GaussHermite.Expectation(z => Evaluate(sd * z), QuadratureOrder),
        };
    }

    // E[relu(u)relu(v)] / √(k11 k22) = (sin θ + (π − θ) cos θ) / (2π), θ = arccos ρ (arc-cosine kernel of order 1).
    static double ArcCosine1(double rho)
    {
        double theta = Math.Acos(rho);
        return (Math.Sqrt(Math.Max(0, 1 - rho * rho)) + (Math.PI - theta) * rho) / (2 * Math.PI);
    }

    // E[1(u>0) 1(v>0)] = (π − θ) / (2π) (arc-cosine kernel of order 0).
    static double ArcCosine0(double rho) => (Math.PI - Math.Acos(rho)) / (2 * Math.PI);

    static double Correlation(double k11, double k12, double k22)
    {
        CheckVariance(k11, nameof(k11)); CheckVariance(k22, nameof(k22));
        if (!double.IsFinite(k12)) throw new ArgumentException($"The covariance k12 must be finite, not {k12}.", nameof(k12));
        double s = Math.Sqrt(k11 * k22);
        if (s == 0) return 0; // a zero-variance side is the constant 0: any ρ gives the same expectation
        if (Math.Abs(k12) > s * (1 + 1e-9) + 1e-300)
            throw new ArgumentException($"|k12| = {Math.Abs(k12)} exceeds √(k11·k22) = {s}: not a covariance matrix.", nameof(k12));
        return Math.Clamp(k12 / s, -1, 1);
    }

    static void CheckVariance(double k, string name)
    {
        if (!(k >= 0) || !double.IsFinite(k)) throw new ArgumentException($"The variance {name} must be finite and ≥ 0, not {k}.", name);
    }

    // E[g(u) g(v)] with u = √k11 z₁, v = √k22 (ρ z₁ + √(1 − ρ²) z₂), z₁, z₂ independent N(0, 1).
    static double Quadrature2D(Func<double, double> g, double k11, double rho, double k22)
    {
        var (z, p) = GaussHermite.StandardNormalRule(QuadratureOrder);
        int n = z.Length;
        double a = Math.Sqrt(k11), b = Math.Sqrt(k22), c = Math.Sqrt(Math.Max(0, 1 - rho * rho));
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double gu = g(a * z[i]);
            if (gu == 0) continue;
            double inner = 0;
            for (int j = 0; j < n; j++) inner += p[j] * g(b * (rho * z[i] + c * z[j]));
            total += p[i] * gu * inner;
        }
        return total;
    }
}
