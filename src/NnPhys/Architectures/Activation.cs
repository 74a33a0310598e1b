using System.Globalization;
using MathNet.Numerics;

namespace NnPhys.Architectures;

/// <summary>
/// The one pointwise nonlinearity φ of nnphys: its scalar definition and derivative (the reference), vectorised span
/// kernels for the networks (<c>Activation.Kernels.cs</c>), and the Gaussian expectations E[φ(u)φ(v)], E[φ′(u)φ′(v)]
/// that the infinite-width kernels and ensembles need (<c>Activation.GaussianExpectations.cs</c>).
/// Instances are immutable; the named ones are singletons and <see cref="LeakyReLU"/> is compared by slope.
/// </summary>
public sealed partial class Activation : IEquatable<Activation>
{
    enum Kind { Identity, ReLU, LeakyReLU, Sigmoid, Tanh, Erf, Abs, Gelu, Sin, Cos, SiLU, Softplus }

    readonly Kind _kind;
    readonly double _slope; // leaky ReLU's negative-side slope; 0 otherwise

    Activation(Kind kind, double slope = 0) { _kind = kind; _slope = slope; }

    /// <summary>φ(z) = z.</summary>
    public static Activation Identity { get; } = new(Kind.Identity);
    /// <summary>φ(z) = max(z, 0); φ′(0) is taken as 0, as PyTorch does.</summary>
    public static Activation ReLU { get; } = new(Kind.ReLU);
    /// <summary>φ(z) = 1 / (1 + e^(−z)).</summary>
    public static Activation Sigmoid { get; } = new(Kind.Sigmoid);
    /// <summary>φ(z) = tanh z.</summary>
    public static Activation Tanh { get; } = new(Kind.Tanh);
    /// <summary>φ(z) = erf z = (2/√π) ∫₀^z e^(−t²) dt.</summary>
    public static Activation Erf { get; } = new(Kind.Erf);
    /// <summary>φ(z) = |z|; φ′(z) = sign z (0 at 0).</summary>
    public static Activation Abs { get; } = new(Kind.Abs);
    /// <summary>φ(z) = z Φ(z), Φ the standard normal CDF (the exact GELU, not the tanh approximation).</summary>
    public static Activation Gelu { get; } = new(Kind.Gelu);
    /// <summary>φ(z) = sin z.</summary>
    public static Activation Sin { get; } = new(Kind.Sin);
    /// <summary>φ(z) = cos z.</summary>
    public static Activation Cos { get; } = new(Kind.Cos);
    /// <summary>φ(z) = z / (1 + e^(−z)) (SiLU, also called swish).</summary>
    public static Activation SiLU { get; } = new(Kind.SiLU);
    /// <summary>φ(z) = ln(1 + e^z).</summary>
    public static Activation Softplus { get; } = new(Kind.Softplus);

    /// <summary>φ(z) = z for z &gt; 0, slope·z otherwise (PyTorch's default slope is 0.01).</summary>
    /// <exception cref="InvalidConfigException">The slope is not finite.</exception>
    public static Activation LeakyReLU(double slope = 0.01)
    {
        if (!double.IsFinite(slope)) throw new InvalidConfigException($"The leaky ReLU slope must be a finite number, not {slope}; e.g. leaky_relu(0.01).");
        return new Activation(Kind.LeakyReLU, slope);
    }

    /// <summary>The negative-side slope of a leaky ReLU (0 for every other activation).</summary>
    public double Slope => _slope;

    /// <summary>Canonical lower-case name, which <see cref="Parse"/> reads back: "relu", "leaky_relu(0.1)", ….</summary>
    public string Name => _kind switch
    {
        Kind.LeakyReLU => "leaky_relu(" + _slope.ToString("R", CultureInfo.InvariantCulture) + ")",
        _ => _kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The names <see cref="Parse"/> accepts (aliases: linear = identity, swish = silu, leaky(s) = leaky_relu(s)).</summary>
    public static IReadOnlyList<string> ValidNames => Table.Names;

    static readonly Choices<Activation> Table = new("an activation",
    [
        (["identity", "linear", "id"], Identity), (["relu"], ReLU), (["leaky_relu", "leakyrelu", "leaky"], LeakyReLU()),
        (["sigmoid", "logistic"], Sigmoid), (["tanh"], Tanh), (["erf"], Erf), (["abs"], Abs), (["gelu"], Gelu),
        (["sin"], Sin), (["cos"], Cos), (["silu", "swish"], SiLU), (["softplus"], Softplus),
    ], ["leaky_relu(s)"]);

    /// <summary>Parses a case-insensitive name ('-' and '_' alike): those in <see cref="ValidNames"/> and the aliases
    /// "linear", "swish", "leaky(s)"; "leaky_relu" alone has slope 0.01. Read through the one name parser, <see cref="Choices{T}"/>.</summary>
    /// <exception cref="InvalidConfigException">Not an activation; the message lists the valid names.</exception>
    public static Activation Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var head in new[] { "leaky_relu", "leakyrelu", "leaky" })
            if (Choices<Activation>.TryCall(name, head, out double slope)) return LeakyReLU(slope);
        return Table.Parse(name);
    }

    /// <summary>φ(z), the scalar double-precision reference.</summary>
    public double Evaluate(double z) => _kind switch
    {
        Kind.Identity => z,
        Kind.ReLU => z > 0 ? z : 0,
        Kind.LeakyReLU => z > 0 ? z : _slope * z,
        Kind.Sigmoid => Logistic(z),
        Kind.Tanh => Math.Tanh(z),
        Kind.Erf => SpecialFunctions.Erf(z),
        Kind.Abs => Math.Abs(z),
        Kind.Gelu => z * NormalCdf(z),
        Kind.Sin => Math.Sin(z),
        Kind.Cos => Math.Cos(z),
        Kind.SiLU => z * Logistic(z),
        Kind.Softplus => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>φ′(z), the scalar double-precision reference (ReLU and leaky ReLU take the left derivative at 0; abs 0).</summary>
    public double Derivative(double z) => _kind switch
    {
        Kind.Identity => 1,
        Kind.ReLU => z > 0 ? 1 : 0,
        Kind.LeakyReLU => z > 0 ? 1 : _slope,
        Kind.Sigmoid => Logistic(z) * (1 - Logistic(z)),
        Kind.Tanh => 1 - Math.Tanh(z) * Math.Tanh(z),
        Kind.Erf => 2.0 / Math.Sqrt(Math.PI) * Math.Exp(-z * z),
        Kind.Abs => Math.Sign(z),
        Kind.Gelu => NormalCdf(z) + z * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI),
        Kind.Sin => Math.Cos(z),
        Kind.Cos => -Math.Sin(z),
        Kind.SiLU => Logistic(z) * (1 + z * (1 - Logistic(z))),
        Kind.Softplus => Logistic(z),
        _ => throw new InvalidOperationException(),
    };

    static double Logistic(double z) => 1.0 / (1.0 + Math.Exp(-z));
    static double NormalCdf(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));

    /// <inheritdoc/>
    public bool Equals(Activation? other) => other is not null && other._kind == _kind && other._slope.Equals(_slope);
    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Activation);
    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_kind, _slope);
    /// <summary>Same nonlinearity (kind and slope).</summary>
    public static bool operator ==(Activation? a, Activation? b) => a is null ? b is null : a.Equals(b);
    /// <summary>Different nonlinearities.</summary>
    public static bool operator !=(Activation? a, Activation? b) => !(a == b);
    /// <summary>The canonical <see cref="Name"/>.</summary>
    public override string ToString() => Name;
}
