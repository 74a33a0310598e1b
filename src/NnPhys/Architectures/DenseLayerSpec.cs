namespace NnPhys.Architectures;

/// <summary>
/// One dense layer of an <see cref="Architecture"/>: y = φ(m_w · x·W + m_b · b), with W stored (in, out) row-major so
/// that row i of W holds the out-dimensional weights leaving input unit i, and m_w, m_b the parameterization's multipliers.
/// </summary>
/// <param name="Name">Unique name, used to address the layer's parameters ("{Name}.weight", "{Name}.bias").</param>
/// <param name="InputSize">Fan-in (number of input units).</param>
/// <param name="OutputSize">Fan-out (number of output units).</param>
/// <param name="HasBias">Whether the layer adds a bias vector.</param>
/// <param name="Activation">Pointwise nonlinearity applied after the affine map.</param>
/// <param name="WeightInitializer">Initial distribution of W; null means the parameterization's natural one.</param>
/// <param name="BiasInitializer">Initial distribution of b; null means the parameterization's natural one.</param>
public sealed record DenseLayerSpec(
    string Name, int InputSize, int OutputSize, bool HasBias, Activation Activation,
    Initializer? WeightInitializer = null, Initializer? BiasInitializer = null)
{
    /// <summary>Name of the weight parameter: "{Name}.weight", shape (InputSize, OutputSize).</summary>
    public string WeightName => Name + ".weight";
    /// <summary>Name of the bias parameter: "{Name}.bias", shape (OutputSize).</summary>
    public string BiasName => Name + ".bias";
    /// <summary>Number of trainable scalars: in·out (+ out with bias).</summary>
    public int ParameterCount => InputSize * OutputSize + (HasBias ? OutputSize : 0);

    /// <summary>Throws if the layer cannot be built.</summary>
    /// <exception cref="InvalidConfigException">Empty name, non-positive sizes, unknown activation or a bad initializer.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Contains('/') || Name.Contains('\\'))
            throw new InvalidConfigException($"Layer name '{Name}' is invalid; give every layer a non-empty name without '/' or '\\' (it becomes part of .npz entry names), e.g. \"enc1\".");
        if (InputSize <= 0 || OutputSize <= 0)
            throw new InvalidConfigException($"Layer '{Name}' has shape {InputSize}→{OutputSize}; both sizes must be positive.");
        if (Activation is null)
            throw new InvalidConfigException($"Layer '{Name}' has no activation; use Activation.Identity for none, or one of: {string.Join(", ", Activation.ValidNames)}.");
        WeightInitializer?.Validate();
        BiasInitializer?.Validate();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: Dense({InputSize}→{OutputSize}{(HasBias ? "" : ", no bias")}) {Activation}";
}
