using MathNet.Numerics;
using NnPhys.Architectures;

namespace NnPhys.Dmft;

/// <summary>
/// The nonlinearities the DMFT commands accept (issue 11: tanh, ReLU, identity, erf), parsed from their names, with the
/// antiderivative Φ(x) = ∫₀ˣ φ that the Sompolinsky–Crisanti–Sommers potential needs.
/// </summary>
public static class DmftActivations
{
    /// <summary>The accepted names.</summary>
    public static readonly IReadOnlyList<string> Names = ["tanh", "relu", "identity", "erf"];

    /// <summary>Parses tanh, relu, identity (alias linear) or erf with <see cref="Activation.Parse"/>.</summary>
    /// <exception cref="InvalidConfigException">An unknown name or one outside the issue's set; the message lists the valid ones.</exception>
    public static Activation Parse(string name)
    {
        var activation = Activation.Parse(name);
        if (!Names.Contains(activation.Name))
            throw new InvalidConfigException($"The DMFT commands take φ ∈ {{{string.Join(", ", Names)}}}, got '{name}'.");
        return activation;
    }

    /// <summary>The canonical name.</summary>
    public static string Name(Activation activation) => activation.Name;

    /// <summary>True for the odd nonlinearities (tanh, erf, identity): the stationary mean vanishes and Δ(∞) = 0.</summary>
    public static bool IsOdd(Activation activation) => Name(activation) is "tanh" or "erf" or "identity";

    /// <summary>Φ(x) = ∫₀ˣ φ(y) dy: ln cosh x, x erf x + (e^{−x²} − 1)/√π, x²/2, max(x,0)²/2.</summary>
    public static double Antiderivative(Activation activation, double x) => Name(activation) switch
    {
        "tanh" => LogCosh(x),
        "erf" => x * SpecialFunctions.Erf(x) + (Math.Exp(-x * x) - 1) / Math.Sqrt(Math.PI),
        "identity" => 0.5 * x * x,
        "relu" => x > 0 ? 0.5 * x * x : 0,
        var n => throw new InvalidConfigException($"No antiderivative for activation '{n}'; use one of {string.Join(", ", Names)}."),
    };

    /// <summary>ln cosh x without overflow: |x| + ln(1 + e^{−2|x|}) − ln 2.</summary>
    public static double LogCosh(double x)
    {
        double a = Math.Abs(x);
        return a + Math.Log(1 + Math.Exp(-2 * a)) - Math.Log(2);
    }
}
