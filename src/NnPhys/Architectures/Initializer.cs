using NnPhys.Numerics;

namespace NnPhys.Architectures;

/// <summary>How the entries of a weight matrix or bias vector are drawn at initialization.</summary>
public enum InitializerKind
{
    /// <summary>PyTorch's <c>nn.Linear</c> default: U(−1/√fan_in, 1/√fan_in) for weights
    /// (kaiming_uniform with a = √5) and for biases.</summary>
    TorchDefault,
    /// <summary>N(0, s²) with s = <see cref="Initializer.Scale"/>.</summary>
    Normal,
    /// <summary>N(0, s²/fan_in) with s = <see cref="Initializer.Scale"/> (LeCun normal for s = 1).</summary>
    ScaledNormal,
    /// <summary>U(−s, s) with s = <see cref="Initializer.Scale"/>.</summary>
    Uniform,
    /// <summary>All zeros.</summary>
    Zeros,
}

/// <summary>
/// An immutable recipe for initial parameter values. Samples are drawn in double precision in row-major order, so a
/// float and a double network built from the same seed hold the same values up to rounding.
/// </summary>
/// <param name="Kind">The distribution family.</param>
/// <param name="Scale">Its scale parameter (see <see cref="InitializerKind"/>); ignored for TorchDefault and Zeros.</param>
public sealed record Initializer(InitializerKind Kind, double Scale = 0)
{
    /// <summary>PyTorch <c>nn.Linear</c> default (weights and biases U(−1/√fan_in, 1/√fan_in)).</summary>
    public static Initializer TorchDefault { get; } = new(InitializerKind.TorchDefault);
    /// <summary>All zeros.</summary>
    public static Initializer Zeros { get; } = new(InitializerKind.Zeros);
    /// <summary>N(0, std²).</summary>
    public static Initializer Normal(double std) => new(InitializerKind.Normal, std);
    /// <summary>N(0, gain²/fan_in); gain 1 is LeCun normal, σ_w gives the standard parameterization's draw.</summary>
    public static Initializer ScaledNormal(double gain = 1) => new(InitializerKind.ScaledNormal, gain);
    /// <summary>U(−bound, bound).</summary>
    public static Initializer Uniform(double bound) => new(InitializerKind.Uniform, bound);

    /// <summary>Standard deviation of one entry for a layer with the given fan-in.</summary>
    public double StandardDeviation(int fanIn) => Kind switch
    {
        InitializerKind.TorchDefault => 1.0 / Math.Sqrt(3.0 * fanIn),
        InitializerKind.Normal => Scale,
        InitializerKind.ScaledNormal => Scale / Math.Sqrt(fanIn),
        InitializerKind.Uniform => Scale / Math.Sqrt(3.0),
        _ => 0,
    };

    /// <summary>Fills <paramref name="destination"/> with independent draws for a layer of the given fan-in.</summary>
    /// <exception cref="InvalidConfigException">The scale is negative or not finite.</exception>
    public void Sample(RandomStream random, int fanIn, Span<double> destination)
    {
        Validate();
        switch (Kind)
        {
            case InitializerKind.TorchDefault:
                double bound = 1.0 / Math.Sqrt(fanIn);
                random.FillUniform(destination, -bound, bound);
                break;
            case InitializerKind.Uniform:
                random.FillUniform(destination, -Scale, Scale);
                break;
            case InitializerKind.Normal:
            case InitializerKind.ScaledNormal:
                random.FillNormal(destination, 0, StandardDeviation(fanIn));
                break;
            case InitializerKind.Zeros:
                destination.Clear();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown initializer.");
        }
    }

    /// <summary>Throws if the scale is unusable.</summary>
    /// <exception cref="InvalidConfigException">The scale is negative or not finite.</exception>
    public void Validate()
    {
        if (!double.IsFinite(Scale) || Scale < 0)
            throw new InvalidConfigException($"Initializer {Kind} has scale {Scale}; use a finite, non-negative standard deviation or bound.");
    }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        InitializerKind.TorchDefault or InitializerKind.Zeros => Kind.ToString(),
        _ => $"{Kind}({Scale:R})",
    };
}
