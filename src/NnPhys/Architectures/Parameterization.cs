namespace NnPhys.Architectures;

/// <summary>Where the width scaling of a dense layer lives: in the initial distribution or in the forward pass.</summary>
public enum ParameterizationKind
{
    /// <summary>z = x·W + b; the scale is in the draw, e.g. W ~ N(0, σ_w²/fan_in), b ~ N(0, σ_b²).</summary>
    Standard,
    /// <summary>z = (σ_w/√fan_in) x·W + σ_b b with W, b ~ N(0, 1) (tasi-physics-for-ml §4, NTK parameterization).</summary>
    Ntk,
}

/// <summary>
/// A network's parameterization: the multipliers the forward pass applies to weights and biases, and the natural
/// initial distributions that go with them. The same record lets a finite network, an ensemble sampler and an analytic
/// kernel agree on what σ_w and σ_b mean.
/// </summary>
/// <param name="Kind">Standard or NTK.</param>
/// <param name="SigmaW">σ_w, the weight scale.</param>
/// <param name="SigmaB">σ_b, the bias scale.</param>
public sealed record Parameterization(ParameterizationKind Kind, double SigmaW = 1, double SigmaB = 0)
{
    /// <summary>Standard parameterization (multipliers 1). With σ_w = 1, σ_b = 0 this is plain PyTorch-style layers.</summary>
    public static Parameterization Standard(double sigmaW = 1, double sigmaB = 0) => new(ParameterizationKind.Standard, sigmaW, sigmaB);
    /// <summary>NTK parameterization: forward multipliers σ_w/√fan_in and σ_b, parameters drawn N(0, 1).</summary>
    public static Parameterization Ntk(double sigmaW = 1, double sigmaB = 0) => new(ParameterizationKind.Ntk, sigmaW, sigmaB);

    /// <summary>Factor multiplying x·W in the forward pass: σ_w/√fan_in for NTK, 1 for standard.</summary>
    public double WeightMultiplier(int fanIn) => Kind == ParameterizationKind.Ntk ? SigmaW / Math.Sqrt(fanIn) : 1.0;

    /// <summary>Factor multiplying b in the forward pass: σ_b for NTK, 1 for standard.</summary>
    public double BiasMultiplier => Kind == ParameterizationKind.Ntk ? SigmaB : 1.0;

    /// <summary>The weight draw that goes with this parameterization: N(0, σ_w²/fan_in) standard, N(0, 1) NTK.</summary>
    public Initializer NaturalWeightInitializer => Kind == ParameterizationKind.Ntk ? Initializer.Normal(1) : Initializer.ScaledNormal(SigmaW);

    /// <summary>The bias draw that goes with this parameterization: N(0, σ_b²) standard, N(0, 1) NTK.</summary>
    public Initializer NaturalBiasInitializer => Kind == ParameterizationKind.Ntk ? Initializer.Normal(1) : Initializer.Normal(SigmaB);

    /// <summary>Throws if σ_w or σ_b is negative or not finite.</summary>
    /// <exception cref="InvalidConfigException">σ_w or σ_b is negative, NaN or infinite.</exception>
    public void Validate()
    {
        if (!double.IsFinite(SigmaW) || SigmaW < 0)
            throw new InvalidConfigException($"σ_w = {SigmaW} is invalid; use a finite, non-negative weight scale (e.g. 1, or √2 for ReLU).");
        if (!double.IsFinite(SigmaB) || SigmaB < 0)
            throw new InvalidConfigException($"σ_b = {SigmaB} is invalid; use a finite, non-negative bias scale (e.g. 0 or 0.1).");
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Kind}(σ_w={SigmaW:R}, σ_b={SigmaB:R})";
}
