using NnPhys.Numerics;
using MathNet.Numerics.Interpolation;
using MathNet.Numerics.RootFinding;
using NnPhys.Architectures;

namespace NnPhys.Dmft;

/// <summary>
/// Sompolinsky–Crisanti–Sommers (PRL 61, 259 (1988)) stationary theory of ẋ = −x + gJφ(x) with i.i.d. couplings
/// (η = 0, σ = 0, odd φ). The autocorrelation Δ(τ) = ⟨x(t)x(t+τ)⟩ obeys Newton's law for a classical particle,
/// <code>
///   Δ̈ = −∂V/∂Δ,   V(Δ; Δ₀) = −Δ²/2 + g² C_Φ(Δ; Δ₀),
///   C_f(Δ; Δ₀) = ∫Dz [∫Dx f(√(Δ₀−Δ) x + √Δ z)]²,   Φ(x) = ∫₀ˣ φ,
/// </code>
/// (∂C_Φ/∂Δ = C_φ by Price's theorem) and the chaotic solution is the trajectory that starts at rest at Δ₀ and comes to
/// rest at Δ = 0: energy conservation V(Δ₀) = V(0) fixes Δ₀, and τ(Δ) = ∫_Δ^Δ₀ dΔ′ / √(2(V(Δ₀) − V(Δ′))).
/// This class is the energy method; <see cref="ScsShooting"/> is the independent shooting method.
/// </summary>
public sealed class ScsTheory
{
    readonly GaussianTrapezoidRule _rule;

    /// <summary>Gain g &gt; 0.</summary>
    public double Gain { get; }
    /// <summary>The odd nonlinearity φ.</summary>
    public Activation Activation { get; }

    /// <param name="gain">g &gt; 0.</param>
    /// <param name="activation">An odd φ: tanh or erf (identity has no chaotic phase).</param>
    /// <param name="quadratureStep">Node spacing h of the trapezoid rule for each Gaussian integral (error ~ e^{−π²/(h√Δ₀)} for tanh).</param>
    /// <exception cref="InvalidConfigException">g ≤ 0, or φ is not odd and bounded.</exception>
    public ScsTheory(double gain, Activation activation, double quadratureStep = 0.125)
    {
        if (!double.IsFinite(gain) || gain <= 0) throw new InvalidConfigException($"The gain g must be a positive finite number, got {gain}; pass e.g. --g 2.");
        var name = DmftActivations.Name(activation);
        if (!Supports(activation))
            throw new InvalidConfigException($"The SCS theory needs an odd, bounded φ (e.g. tanh, erf, sin), got '{name}'; the linear network's closed forms are in LinearNetworkTheory, other φ go through `nnphys dmft solve` / `transient`.");
        Gain = gain; Activation = activation; _rule = GaussianTrapezoidRule.Trapezoid(quadratureStep);
    }

    /// <summary>C_f(Δ; Δ₀) = ∫Dz [∫Dx f(√(Δ₀−Δ) x + √Δ z)]² for 0 ≤ Δ ≤ Δ₀.</summary>
    double Nested(Func<double, double> f, double delta, double delta0)
    {
        double a = Math.Sqrt(Math.Max(delta0 - delta, 0)), b = Math.Sqrt(Math.Max(delta, 0));
        double outer = 0;
        var z = _rule.Nodes; var w = _rule.Weights;
        for (int i = 0; i < z.Length; i++)
        {
            double inner = 0, shift = b * z[i];
            for (int k = 0; k < z.Length; k++) inner += w[k] * f(a * z[k] + shift);
            outer += w[i] * inner * inner;
        }
        return outer;
    }

    /// <summary>True for the activations the SCS theory takes: odd and sublinear (|φ(20)| &lt; 10; tanh, erf, sin — not identity, whose network has no chaotic phase).</summary>
    public static bool Supports(Activation activation) => DmftActivations.IsOdd(activation) && Math.Abs(activation.Evaluate(20)) < 10;

    /// <summary>⟨φ′(x)⟩ for x ~ N(0, Δ₀) (the η = 0 stationary R_φ(τ) is this times e^{−τ}).</summary>
    public double MeanSlope(double delta0) => _rule.Expectation(z => Activation.Derivative(Math.Sqrt(delta0) * z));

    /// <summary>C_φ(Δ; Δ₀) = ⟨φ(x(t))φ(x(t+τ))⟩ when Δ(τ) = Δ; odd in Δ.</summary>
    public double PhiCorrelation(double delta, double delta0) =>
        Math.Sign(delta) * Nested(x => Activation.Evaluate(x), Math.Abs(delta), delta0);

    /// <summary>C_Φ(Δ; Δ₀) with Φ the antiderivative of φ.</summary>
    public double AntiderivativeCorrelation(double delta, double delta0) =>
        Nested(x => DmftActivations.Antiderivative(Activation, x), Math.Abs(delta), delta0);

    /// <summary>The classical-particle potential V(Δ; Δ₀) = −Δ²/2 + g² C_Φ(Δ; Δ₀).</summary>
    public double Potential(double delta, double delta0) => -0.5 * delta * delta + Gain * Gain * AntiderivativeCorrelation(delta, delta0);

    /// <summary>
    /// Δ₀ from energy conservation V(Δ₀; Δ₀) = V(0; Δ₀), i.e. g² Var[Φ(√Δ₀ z)] = Δ₀²/2 (Brent on the ratio, which is
    /// g² − 1 at Δ₀ → 0). Returns 0 for g ≤ 1, where x = 0 is the only stationary state.
    /// </summary>
    public double StationaryVariance()
    {
        if (Gain <= 1) return 0;
        double Ratio(double d0)
        {
            double m = _rule.Expectation(z => DmftActivations.Antiderivative(Activation, Math.Sqrt(d0) * z));
            double m2 = _rule.Expectation(z => Math.Pow(DmftActivations.Antiderivative(Activation, Math.Sqrt(d0) * z), 2));
            return Gain * Gain * (m2 - m * m) / (d0 * d0) - 0.5;
        }
        double lo = 1e-6, hi = 1;
        while (Ratio(hi) > 0) { lo = hi; hi *= 2; if (hi > 1e8) throw new NumericalInstabilityException($"No SCS Δ₀ below 1e8 for g = {Gain}."); }
        return Brent.FindRoot(Ratio, lo, hi, 1e-14 * hi, 200);
    }

    /// <summary>
    /// τ_half: the lag at which Δ(τ) first falls to Δ₀/2, by τ = ∫ dΔ/√(2(V(Δ₀) − V(Δ))) with Δ = Δ₀ − u²
    /// (removing the square-root singularity at Δ₀) and Gauss–Legendre on 16 panels.
    /// </summary>
    public double HalfDecayLag(double delta0)
    {
        if (delta0 <= 0) return double.NaN;
        double v0 = Potential(delta0, delta0);
        double Integrand(double u) => 2 * u / Math.Sqrt(2 * (v0 - Potential(delta0 - u * u, delta0)));
        double uEnd = Math.Sqrt(delta0 / 2), total = 0;
        const int panels = 16;
        for (int p = 0; p < panels; p++)
            total += MathNet.Numerics.Integration.GaussLegendreRule.Integrate(Integrand, uEnd * p / panels, uEnd * (p + 1) / panels, 16);
        return total;
    }

    /// <summary>
    /// The whole stationary Δ(τ) at the given lags: τ(Δ) by quadrature on nodes from Δ₀ down to 10⁻⁴Δ₀ (in u = √(Δ₀−Δ)
    /// above Δ₀/2, in ln Δ below), interpolated; beyond, the linearised tail Δ ∝ e^{−κτ}, κ = √(1 − g²⟨φ′⟩²).
    /// </summary>
    public double[] Autocorrelation(double delta0, IReadOnlyList<double> lags)
    {
        var result = new double[lags.Count];
        if (delta0 <= 0) return result;
        double v0 = Potential(delta0, delta0);
        var taus = new List<double> { 0 }; var deltas = new List<double> { delta0 };
        double uEnd = Math.Sqrt(delta0 / 2), tau = 0;
        const int upper = 24, lower = 160;
        for (int p = 0; p < upper; p++)
        {
            tau += MathNet.Numerics.Integration.GaussLegendreRule.Integrate(u => 2 * u / Math.Sqrt(2 * (v0 - Potential(delta0 - u * u, delta0))),
                uEnd * p / upper, uEnd * (p + 1) / upper, 8);
            double u1 = uEnd * (p + 1) / upper;
            taus.Add(tau); deltas.Add(delta0 - u1 * u1);
        }
        double logStart = Math.Log(delta0 / 2), logEnd = Math.Log(delta0 * 1e-4);
        for (int p = 0; p < lower; p++)
        {
            double l0 = logStart + (logEnd - logStart) * p / lower, l1 = logStart + (logEnd - logStart) * (p + 1) / lower;
            tau += MathNet.Numerics.Integration.GaussLegendreRule.Integrate(l =>
            {
                double d = Math.Exp(l);
                return d / Math.Sqrt(2 * (v0 - Potential(d, delta0)));
            }, l1, l0, 8);
            taus.Add(tau); deltas.Add(Math.Exp(l1));
        }
        var spline = CubicSpline.InterpolateAkimaSorted([.. taus], deltas.Select(d => Math.Log(d)).ToArray());
        double kappa = TailDecayRate(delta0), tauLast = taus[^1], logLast = Math.Log(deltas[^1]);
        for (int i = 0; i < lags.Count; i++)
        {
            double t = Math.Abs(lags[i]);
            result[i] = t <= tauLast ? Math.Exp(spline.Interpolate(t)) : Math.Exp(logLast - kappa * (t - tauLast));
        }
        return result;
    }

    /// <summary>κ = √(1 − g²⟨φ′(√Δ₀ z)⟩²): Δ(τ) ∝ e^{−κτ} as τ → ∞ (the potential's curvature at Δ = 0).</summary>
    public double TailDecayRate(double delta0)
    {
        double slope = _rule.Expectation(z => Activation.Derivative(Math.Sqrt(delta0) * z));
        return Math.Sqrt(Math.Max(1 - Gain * Gain * slope * slope, 0));
    }
}
