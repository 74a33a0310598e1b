namespace NnPhys.Architectures;

/// <summary>
/// A dense layer of a <see cref="LayerStack"/>: z = m_w·x·W + m_b·b with W (fan_in, Width), where the multipliers and
/// the draws of W and b follow the layer's abcd <see cref="Parameterization"/> (null: standard) with σ_w =
/// <see cref="WeightStd"/> and σ_b = <see cref="BiasStd"/>. Its fan-in is the previous layer's width (or the stack's
/// input dimension).
/// </summary>
/// <param name="Width">Fan-out (number of units).</param>
/// <param name="WeightStd">σ_w.</param>
/// <param name="BiasStd">σ_b.</param>
/// <param name="Bias">Whether the layer adds a bias.</param>
/// <param name="Parameterization">Its abcd exponents; null means <see cref="Parameterizations.Standard"/>.</param>
/// <param name="Name">Name of its parameters ("{Name}.weight", "{Name}.bias"); null: "h1", "h2", … and "out" for the last.</param>
/// <param name="WeightInitializer">An explicit weight distribution (e.g. PyTorch's default) replacing the abcd draw.</param>
/// <param name="BiasInitializer">An explicit bias distribution replacing the abcd draw.</param>
public sealed record DenseSpec(int Width, double WeightStd = 1, double BiasStd = 0, bool Bias = true,
    LayerParameterization? Parameterization = null, string? Name = null,
    Initializer? WeightInitializer = null, Initializer? BiasInitializer = null) : LayerSpec
{
    /// <summary>The abcd exponents in force (standard when none were given).</summary>
    public LayerParameterization ParameterizationOrStandard => Parameterization ?? Parameterizations.Standard(0, 1);

    /// <inheritdoc/>
    public override void Validate()
    {
        if (Width <= 0) throw new InvalidConfigException($"Dense layer width {Width} must be positive, e.g. dense(512).");
        ValidateScales("", WeightStd, BiasStd, Parameterization, WeightInitializer, BiasInitializer);
    }

    /// <summary>The checks a dense layer's scales, exponents and initializers share in both descriptions (this record
    /// and the build plan's <see cref="DenseLayerSpec"/>); <paramref name="prefix"/> names the layer in the message.</summary>
    /// <exception cref="InvalidConfigException">σ_w or σ_b is negative or not finite, or an exponent or initializer is invalid.</exception>
    internal static void ValidateScales(string prefix, double weightStd, double biasStd, LayerParameterization? parameterization,
        Initializer? weightInitializer, Initializer? biasInitializer)
    {
        if (!double.IsFinite(weightStd) || weightStd < 0)
            throw new InvalidConfigException($"{prefix}σ_w = {weightStd} is invalid; use a finite, non-negative weight scale (e.g. 1, or √2 for ReLU).");
        if (!double.IsFinite(biasStd) || biasStd < 0)
            throw new InvalidConfigException($"{prefix}σ_b = {biasStd} is invalid; use a finite, non-negative bias scale (e.g. 0 or 0.1).");
        parameterization?.Validate();
        weightInitializer?.Validate();
        biasInitializer?.Validate();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"dense({Width}{(Bias ? "" : ", bias=false")}{(WeightStd != 1 ? $", std={WeightStd:R}" : "")}{(BiasStd != 0 ? $", bias_std={BiasStd:R}" : "")}{(Name is null ? "" : $", name={Name}")})";
}
