using MathNet.Numerics;

namespace NnPhys.Architectures;

/// <summary>The pointwise nonlinearity applied after a dense layer's affine map.</summary>
public enum Activation
{
    /// <summary>φ(z) = z.</summary>
    Identity,
    /// <summary>φ(z) = max(z, 0); φ'(0) is taken as 0, as PyTorch does.</summary>
    ReLU,
    /// <summary>φ(z) = 1 / (1 + e^(−z)).</summary>
    Sigmoid,
    /// <summary>φ(z) = tanh z.</summary>
    Tanh,
    /// <summary>φ(z) = erf z = (2/√π) ∫₀^z e^(−t²) dt.</summary>
    Erf,
}

/// <summary>
/// Scalar, double-precision definitions of each <see cref="Activation"/> and its derivative. These are the reference
/// the vectorized network kernels are tested against, and what kernel quadratures (NNGP/NTK) evaluate.
/// </summary>
public static class ActivationFunctions
{
    /// <summary>φ(z) for the given activation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The activation is not one of the enum's named values.</exception>
    public static double Evaluate(this Activation activation, double z) => activation switch
    {
        Activation.Identity => z,
        Activation.ReLU => z > 0 ? z : 0,
        Activation.Sigmoid => 1.0 / (1.0 + Math.Exp(-z)),
        Activation.Tanh => Math.Tanh(z),
        Activation.Erf => SpecialFunctions.Erf(z),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    /// <summary>φ'(z) for the given activation (ReLU: 1 for z &gt; 0, else 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The activation is not one of the enum's named values.</exception>
    public static double Derivative(this Activation activation, double z) => activation switch
    {
        Activation.Identity => 1,
        Activation.ReLU => z > 0 ? 1 : 0,
        Activation.Sigmoid => Sigmoid(z) * (1 - Sigmoid(z)),
        Activation.Tanh => 1 - Math.Tanh(z) * Math.Tanh(z),
        Activation.Erf => 2.0 / Math.Sqrt(Math.PI) * Math.Exp(-z * z),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    /// <summary>Parses a case-insensitive name ("relu", "erf", ...).</summary>
    /// <exception cref="InvalidConfigException">The name is not an activation; the message lists the valid names.</exception>
    public static Activation Parse(string name)
    {
        if (Enum.TryParse<Activation>(name, ignoreCase: true, out var a) && Enum.IsDefined(a)) return a;
        throw new InvalidConfigException($"'{name}' is not an activation; use one of: {string.Join(", ", Enum.GetNames<Activation>())}.");
    }

    static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));
}
