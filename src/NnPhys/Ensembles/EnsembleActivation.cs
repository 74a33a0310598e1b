using System.Numerics.Tensors;

namespace NnPhys.Ensembles;

/// <summary>Activation functions σ of the MLP ensembles.</summary>
public enum EnsembleActivation { Tanh, Relu, Linear }

/// <summary>Vectorised application of an <see cref="EnsembleActivation"/> and parsing from a name.</summary>
public static class EnsembleActivations
{
    /// <summary>values ← σ(values) elementwise.</summary>
    public static void ApplyInPlace(EnsembleActivation activation, Span<double> values)
    {
        switch (activation)
        {
            case EnsembleActivation.Tanh: TensorPrimitives.Tanh(values, values); break;
            case EnsembleActivation.Relu: TensorPrimitives.Max(values, 0.0, values); break;
            case EnsembleActivation.Linear: break;
            default: throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    /// <summary>Parses "tanh", "relu" or "linear" (case-insensitive).</summary>
    /// <exception cref="InvalidConfigException">Another name; the message lists the valid ones.</exception>
    public static EnsembleActivation Parse(string name) => name.ToLowerInvariant() switch
    {
        "tanh" => EnsembleActivation.Tanh,
        "relu" => EnsembleActivation.Relu,
        "linear" => EnsembleActivation.Linear,
        _ => throw new InvalidConfigException($"Unknown activation '{name}'; use one of tanh, relu, linear."),
    };
}
