namespace NnPhys.Architectures;

/// <summary>
/// One dense layer of an <see cref="Architecture"/> (the build plan of a <see cref="LayerStack"/>: a dense layer fused
/// with the activation that follows it): y = φ(m_w · x·W + m_b · b), with W stored (in, out) row-major so that row i
/// of W holds the out-dimensional weights leaving input unit i, and m_w, m_b the abcd parameterization's multipliers.
/// </summary>
/// <param name="Name">Unique name, used to address the layer's parameters ("{Name}.weight", "{Name}.bias").</param>
/// <param name="InputSize">Fan-in (number of input units).</param>
/// <param name="OutputSize">Fan-out (number of output units).</param>
/// <param name="HasBias">Whether the layer adds a bias vector.</param>
/// <param name="Activation">Pointwise nonlinearity applied after the affine map.</param>
/// <param name="WeightInitializer">Initial distribution of W; null means the parameterization's natural one.</param>
/// <param name="BiasInitializer">Initial distribution of b; null means the parameterization's natural one.</param>
/// <param name="Parameterization">abcd exponents; null means standard.</param>
/// <param name="WeightStd">σ_w (see <see cref="LayerParameterization"/> for where it enters).</param>
/// <param name="BiasStd">σ_b.</param>
public sealed record DenseLayerSpec(
    string Name, int InputSize, int OutputSize, bool HasBias, Activation Activation,
    Initializer? WeightInitializer = null, Initializer? BiasInitializer = null,
    LayerParameterization? Parameterization = null, double WeightStd = 1, double BiasStd = 0)
{
    /// <summary>The abcd exponents in force (standard when none were given).</summary>
    public LayerParameterization ParameterizationOrStandard => Parameterization ?? Parameterizations.Standard(0, 1);
    /// <summary>Forward factor m_w on x·W.</summary>
    public double WeightMultiplier => ParameterizationOrStandard.WeightMultiplier(WeightStd, InputSize, OutputSize);
    /// <summary>Forward factor m_b on b.</summary>
    public double BiasMultiplier => ParameterizationOrStandard.BiasMultiplier(BiasStd);
    /// <summary>Factor n^(−c) on the optimizer's learning rate for this layer's weight and bias.</summary>
    public double LearningRateScale => ParameterizationOrStandard.LearningRateScale(InputSize, OutputSize);
    /// <summary>Initial distribution of W: the explicit initializer, else N(0, s²) with the parameterization's s.</summary>
    public Initializer WeightInitializerOrNatural => WeightInitializer ?? Initializer.Normal(ParameterizationOrStandard.WeightInitStd(WeightStd, InputSize, OutputSize));
    /// <summary>Initial distribution of b: the explicit initializer, else N(0, s²) with the parameterization's s.</summary>
    public Initializer BiasInitializerOrNatural => BiasInitializer ?? Initializer.Normal(ParameterizationOrStandard.BiasInitStd(BiasStd));

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
        DenseSpec.ValidateScales($"Layer '{Name}': ", WeightStd, BiasStd, Parameterization, WeightInitializer, BiasInitializer);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: Dense({InputSize}→{OutputSize}{(HasBias ? "" : ", no bias")}) {Activation}"
        + (Parameterization is null || Parameterization == Parameterizations.Standard(0, 1) ? "" : $" {Parameterization}")
        + (WeightStd != 1 || BiasStd != 0 ? $" σ_w={WeightStd:R} σ_b={BiasStd:R}" : "");
}
