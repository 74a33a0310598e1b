using MathNet.Numerics;
using NnPhys.Architectures;
using NnPhys.Numerics;

namespace NnPhys.Dmft;

/// <summary>
/// The nonlinearities the DMFT commands accept — every name <see cref="Activation.Parse"/> takes — with the
/// antiderivative Φ(x) = ∫₀ˣ φ that the Sompolinsky–Crisanti–Sommers potential needs: closed forms for tanh, erf,
/// identity and ReLU, composite Gauss–Legendre quadrature (<see cref="CompositeGaussLegendre"/>) for the others.
/// </summary>
public static class DmftActivations
{
    /// <summary>The accepted names (those of <see cref="Activation.ValidNames"/>).</summary>
    public static IReadOnlyList<string> Names => Activation.ValidNames;

    /// <summary>Parses any activation name with <see cref="Activation.Parse"/>.</summary>
    /// <exception cref="InvalidConfigException">An unknown name; the message lists the valid ones.</exception>
    public static Activation Parse(string name) => Activation.Parse(name);

    /// <summary>The canonical name.</summary>
    public static string Name(Activation activation) => activation.Name;

    /// <summary>True when φ(−x) = −φ(x) (checked at 40 points in [−6, 6]): the stationary mean vanishes and Δ(∞) = 0.</summary>
    public static bool IsOdd(Activation activation)
    {
        for (int k = 1; k <= 40; k++)
        {
            double x = 0.15 * k + 0.0123;
            if (Math.Abs(activation.Evaluate(-x) + activation.Evaluate(x)) > 1e-12 * (1 + Math.Abs(activation.Evaluate(x)))) return false;
        }
        return Math.Abs(activation.Evaluate(0)) < 1e-14;
    }

    /// <summary>Φ(x) = ∫₀ˣ φ(y) dy: ln cosh x, x erf x + (e^{−x²} − 1)/√π, x²/2, max(x,0)²/2; other activations numerically.</summary>
    public static double Antiderivative(Activation activation, double x) => Name(activation) switch
    {
        "tanh" => LogCosh(x),
        "erf" => x * SpecialFunctions.Erf(x) + (Math.Exp(-x * x) - 1) / Math.Sqrt(Math.PI),
        "identity" => 0.5 * x * x,
        "relu" => x > 0 ? 0.5 * x * x : 0,
        _ => NumericalAntiderivative(activation, x),
    };

    /// <summary>
    /// Φ(x) = ∫₀ˣ φ by composite 12-point Gauss–Legendre on panels ≤ 0.25 wide (the kinks of ReLU-like φ sit at the
    /// panel edge 0); equals the closed forms to ~1e-14 for tanh, erf and ReLU (tests).
    /// </summary>
    public static double NumericalAntiderivative(Activation activation, double x) =>
        CompositeGaussLegendre.Integrate(activation.Evaluate, 0, x);

    /// <summary>ln cosh x without overflow: |x| + ln(1 + e^{−2|x|}) − ln 2.</summary>
    public static double LogCosh(double x)
    {
        double a = Math.Abs(x);
        return a + Math.Log(1 + Math.Exp(-2 * a)) - Math.Log(2);
    }
}
