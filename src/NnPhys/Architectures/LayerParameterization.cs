namespace NnPhys.Architectures;

/// <summary>
/// The abcd parameterisation of one dense layer (tasi-physics-for-ml eqs. (101)–(106); Yang &amp; Hu, Tensor Programs
/// IV, §3): the forward pass uses the weight n^(−a)·W, W is drawn with standard deviation n^(−b), and the layer learns
/// at rate η·n^(−c), with n the layer's width. Exponent conventions: the record follows Yang &amp; Hu (init variance
/// n^(−2b)); tasi eq. (105) writes the variance as N^(−b_ℓ), so its b_ℓ is 2·<see cref="B"/>, and its global rate
/// η₀γ₀²N^(2d−c) with the readout's 1/N^d (eq. 101) become this record's per-layer <see cref="C"/> = c − 2d and the
/// readout's <see cref="A"/> = a_L + d.
/// <para>
/// n is the layer's fan-in, except for an input layer (<see cref="ScalesWithFanOut"/>, tasi eq. (104)): its fan-in D
/// is fixed, n is its fan-out (the width N), and its multiplier carries the fixed 1/√D as well.
/// </para>
/// <para>
/// Where σ_w (a <see cref="DenseSpec"/>'s WeightStd) goes: into the draw when a = 0, into the multiplier otherwise
/// (neural-tangents' stax does the same for its "standard" and "ntk" modes). The function at initialisation has the
/// same distribution either way; the choice fixes how gradients scale, as in those references.
/// </para>
/// </summary>
/// <param name="A">Multiplier exponent: the forward pass uses n^(−A)·W.</param>
/// <param name="B">Initialisation exponent: W ~ N(0, n^(−2B)) (times σ_w² when A = 0).</param>
/// <param name="C">Learning-rate exponent: the optimizer updates this layer with η·n^(−C).</param>
/// <param name="ScalesWithFanOut">True for an input layer in tasi eq. (104)'s sense: n = fan-out, multiplier ÷ √fan-in.</param>
public sealed record LayerParameterization(double A, double B, double C, bool ScalesWithFanOut = false)
{
    /// <summary>n^(−A) with n = fan-in (the whole multiplier for a layer that scales with its fan-in).</summary>
    public double Multiplier(int fanIn) => Power(1, fanIn, A);
    /// <summary>n^(−B) with n = fan-in: the init standard deviation before σ_w.</summary>
    public double InitStd(int fanIn) => Power(1, fanIn, B);
    /// <summary>n^(−C) with n = fan-in: the factor on the base learning rate.</summary>
    public double LearningRateScale(int fanIn) => Power(1, fanIn, C);

    /// <summary>The width n the exponents refer to: fan-out for an input layer, else fan-in.</summary>
    public int Width(int fanIn, int fanOut) => ScalesWithFanOut ? fanOut : fanIn;

    /// <summary>Forward factor on x·W: σ_w^[A≠0]·n^(−A), and ÷√fan-in for an input layer.</summary>
    public double WeightMultiplier(double weightStd, int fanIn, int fanOut)
    {
        double m = Power(A == 0 ? 1 : weightStd, Width(fanIn, fanOut), A);
        return ScalesWithFanOut ? m / Math.Sqrt(fanIn) : m;
    }

    /// <summary>Standard deviation of the weight draw: σ_w^[A=0]·n^(−B).</summary>
    public double WeightInitStd(double weightStd, int fanIn, int fanOut) => Power(A == 0 ? weightStd : 1, Width(fanIn, fanOut), B);

    /// <summary>Forward factor on the bias: 1 when A = 0 (σ_b is in the draw), σ_b otherwise (a bias has fan-in 1).</summary>
    public double BiasMultiplier(double biasStd) => A == 0 ? 1 : biasStd;

    /// <summary>Standard deviation of the bias draw: σ_b when A = 0, 1 otherwise.</summary>
    public double BiasInitStd(double biasStd) => A == 0 ? biasStd : 1;

    /// <summary>Learning-rate factor n^(−C) for this layer's weights and bias.</summary>
    public double LearningRateScale(int fanIn, int fanOut) => Power(1, Width(fanIn, fanOut), C);

    /// <summary>Throws if an exponent is not finite.</summary>
    /// <exception cref="InvalidConfigException">A, B or C is NaN or infinite.</exception>
    public void Validate()
    {
        if (!double.IsFinite(A) || !double.IsFinite(B) || !double.IsFinite(C))
            throw new InvalidConfigException($"Parameterization exponents (a, b, c) = ({A}, {B}, {C}) must be finite numbers, e.g. (0, 0.5, 0) for standard.");
    }

    /// <summary>scale·n^(−exponent), computed as scale/√n and scale·√n for ±½ so that the standard and NTK presets
    /// round exactly as σ_w/√fan_in did before this record existed (bit-identical networks).</summary>
    static double Power(double scale, int n, double exponent) => exponent switch
    {
        0 => scale,
        0.5 => scale / Math.Sqrt(n),
        -0.5 => scale * Math.Sqrt(n),
        1 => scale / n,
        _ => scale * Math.Pow(n, -exponent),
    };

    /// <inheritdoc/>
    public override string ToString() => $"abc({A:R}, {B:R}, {C:R}{(ScalesWithFanOut ? ", input" : "")})";
}
