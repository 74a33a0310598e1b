using NnPhys.Architectures;
using NnPhys.Numerics;

namespace NnPhys.Mup;

/// <summary>
/// The bias-free MLP of tasi-physics-for-ml eqs. (101)–(105) under an <see cref="AbcdParameterization"/>, float32, with
/// forward and backward written out side by side (micrograd style) and every matrix product through <see cref="Gemm"/>:
/// <code>
/// z⁽¹⁾ = m₁ x W⁽¹⁾                 (batch, N)    m₁ = N^(−a₁)/√D           eq. (104)
/// z⁽ℓ⁾ = m_ℓ σ(z⁽ℓ⁻¹⁾) W⁽ℓ⁾        (batch, N)    m_ℓ = N^(−a_ℓ)            eq. (103)
/// φ    = m_L σ(z⁽ᴸ⁻¹⁾) W⁽ᴸ⁾        (batch, K)    m_L = N^(−a_L)/(γ₀N^d)    eqs. (101)–(102)
/// </code>
/// Raw weights are drawn W ~ N(0, N^(−b)) (eq. 105). Layer l's weights are stored (fan-in × fan-out) row-major.
/// </summary>
// TODO(merge): replace with a Networks/ network built from struct's LayerStack + LayerParameterization when they land.
public sealed class AbcdMlp
{
    readonly float[][] _weights, _gradients;
    readonly float[][] _preactivations, _features; // per hidden layer: (batch, N)
    readonly double[] _multipliers;
    float[] _output = [];
    float[] _input = [];
    int _batch;

    /// <summary>Input dimension D.</summary>
    public int InputDimension { get; }
    /// <summary>Hidden width N.</summary>
    public int Width { get; }
    /// <summary>Number of hidden layers (L − 1 in the paper's notation); ≥ 1.</summary>
    public int HiddenLayers { get; }
    /// <summary>Output dimension K.</summary>
    public int Outputs { get; }
    /// <summary>The pointwise nonlinearity σ.</summary>
    public Activation Activation { get; }
    /// <summary>The width-scaling rule.</summary>
    public AbcdParameterization Parameterization { get; }
    /// <summary>Number of weight matrices (HiddenLayers + 1).</summary>
    public int LayerCount => _weights.Length;

    /// <summary>Builds the network and draws its raw weights from <paramref name="random"/> (layer by layer, in order).</summary>
    public AbcdMlp(int inputDimension, int width, int hiddenLayers, int outputs, Activation activation, AbcdParameterization parameterization, RandomStream random)
    {
        if (inputDimension <= 0 || width <= 0 || hiddenLayers <= 0 || outputs <= 0)
            throw new InvalidConfigException($"An MLP needs positive input dimension, width, hidden-layer count and outputs; got D={inputDimension}, N={width}, hidden layers={hiddenLayers}, K={outputs}.");
        parameterization.Validate();
        (InputDimension, Width, HiddenLayers, Outputs, Activation, Parameterization) = (inputDimension, width, hiddenLayers, outputs, activation, parameterization);
        int layers = hiddenLayers + 1;
        _weights = new float[layers][];
        _gradients = new float[layers][];
        _multipliers = new double[layers];
        _preactivations = new float[hiddenLayers][];
        _features = new float[hiddenLayers][];
        var buffer = new double[Math.Max(inputDimension, width) * Math.Max(width, outputs)];
        for (int l = 0; l < layers; l++)
        {
            var role = Role(l);
            var (fanIn, fanOut) = Shape(l);
            _weights[l] = new float[fanIn * fanOut];
            _gradients[l] = new float[fanIn * fanOut];
            _multipliers[l] = parameterization.Multiplier(role, width, inputDimension);
            var draw = buffer.AsSpan(0, fanIn * fanOut);
            random.Fork((ulong)l).FillNormal(draw, 0, parameterization.InitStd(role, width)); // eq. (105)
            for (int i = 0; i < draw.Length; i++) _weights[l][i] = (float)draw[i];
        }
    }

    /// <summary>The role of weight matrix <paramref name="layer"/> (0 = input).</summary>
    public LayerRole Role(int layer) => layer == 0 ? LayerRole.Input : layer == HiddenLayers ? LayerRole.Output : LayerRole.Hidden;

    /// <summary>(fan-in, fan-out) of weight matrix <paramref name="layer"/>.</summary>
    public (int FanIn, int FanOut) Shape(int layer) =>
        (layer == 0 ? InputDimension : Width, layer == HiddenLayers ? Outputs : Width);

    /// <summary>Raw weights of a layer (fan-in × fan-out, row-major); the optimizer updates them in place.</summary>
    public Span<float> Weights(int layer) => _weights[layer];
    /// <summary>∂L/∂W of a layer from the last <see cref="Backward"/>.</summary>
    public ReadOnlySpan<float> Gradient(int layer) => _gradients[layer];
    /// <summary>Pre-activations z⁽ℓ⁾ of hidden layer <paramref name="hidden"/> (0-based) from the last forward, (batch, N).</summary>
    public ReadOnlySpan<float> Preactivations(int hidden) => _preactivations[hidden];
    /// <summary>Features σ(z⁽ℓ⁾) of hidden layer <paramref name="hidden"/> from the last forward, (batch, N).</summary>
    public ReadOnlySpan<float> Features(int hidden) => _features[hidden];

    /// <summary>Forward pass of a batch x (batch, D) row-major; returns φ (batch, K), valid until the next call.</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int batch)
    {
        if (batch <= 0 || x.Length != batch * InputDimension)
            throw new ArgumentException($"Input has {x.Length} values; expected batch ({batch}) × D ({InputDimension}).", nameof(x));
        EnsureBatch(batch);
        x.CopyTo(_input);
        ReadOnlySpan<float> previous = _input;
        for (int l = 0; l < HiddenLayers; l++)
        {
            var (fanIn, fanOut) = Shape(l);
            var z = _preactivations[l];
            Gemm.Multiply(Transpose.No, Transpose.No, batch, fanOut, fanIn, (float)_multipliers[l], previous, fanIn, _weights[l], fanOut, 0f, z, fanOut);
            var h = _features[l];
            for (int i = 0; i < z.Length; i++) h[i] = (float)Activation.Evaluate(z[i]);
            previous = h;
        }
        int o = HiddenLayers;
        Gemm.Multiply(Transpose.No, Transpose.No, batch, Outputs, Width, (float)_multipliers[o], previous, Width, _weights[o], Outputs, 0f, _output, Outputs);
        return _output;
    }

    /// <summary>
    /// Backward pass from ∂L/∂φ (batch, K) of the last forward: fills every layer's gradient. With y = m·h·W,
    /// ∂L/∂W = m hᵀ(∂L/∂y) and ∂L/∂h = m (∂L/∂y) Wᵀ; through σ, ∂L/∂z = ∂L/∂h ⊙ σ′(z).
    /// </summary>
    public void Backward(ReadOnlySpan<float> outputGradient)
    {
        if (outputGradient.Length != _batch * Outputs)
            throw new ArgumentException($"Output gradient has {outputGradient.Length} values; expected batch ({_batch}) × K ({Outputs}).", nameof(outputGradient));
        int b = _batch;
        var delta = new float[b * Width];         // ∂L/∂h of the current hidden layer, (batch, N)
        var deltaBelow = new float[b * Width];
        int o = HiddenLayers;
        float mo = (float)_multipliers[o];
        Gemm.Multiply(Transpose.Yes, Transpose.No, Width, Outputs, b, mo, _features[o - 1], Width, outputGradient, Outputs, 0f, _gradients[o], Outputs);
        Gemm.Multiply(Transpose.No, Transpose.Yes, b, Width, Outputs, mo, outputGradient, Outputs, _weights[o], Outputs, 0f, delta, Width);
        for (int l = HiddenLayers - 1; l >= 0; l--)
        {
            var z = _preactivations[l];
            for (int i = 0; i < delta.Length; i++) delta[i] *= (float)Activation.Derivative(z[i]);   // ∂L/∂z⁽ℓ⁾
            var (fanIn, fanOut) = Shape(l);
            float m = (float)_multipliers[l];
            ReadOnlySpan<float> below = l == 0 ? _input : _features[l - 1];
            Gemm.Multiply(Transpose.Yes, Transpose.No, fanIn, fanOut, b, m, below, fanIn, delta, fanOut, 0f, _gradients[l], fanOut);
            if (l == 0) break;
            Gemm.Multiply(Transpose.No, Transpose.Yes, b, fanIn, fanOut, m, delta, fanOut, _weights[l], fanOut, 0f, deltaBelow, fanIn);
            (delta, deltaBelow) = (deltaBelow, delta);
        }
    }

    void EnsureBatch(int batch)
    {
        if (batch == _batch) return;
        _batch = batch;
        _input = new float[batch * InputDimension];
        _output = new float[batch * Outputs];
        for (int l = 0; l < HiddenLayers; l++) { _preactivations[l] = new float[batch * Width]; _features[l] = new float[batch * Width]; }
    }
}
