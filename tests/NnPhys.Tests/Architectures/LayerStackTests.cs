using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;

namespace NnPhys.Tests.Architectures;

/// <summary>The layer-stack description: parsing, the MLP builder, the abcd presets' numbers, and that networks built
/// from a stack are the networks the old fused descriptions built (bit for bit).</summary>
public class LayerStackTests
{
    [Fact]
    public void ParseReadsDenseOptionsAndAnyActivationAndRoundTrips()
    {
        var stack = LayerStack.Parse(3, "dense(8, std=1.5, bias_std=0.1) | leaky_relu(0.2) | dense(4, bias=false, name=mid) | linear | dense(2)");
        Assert.Equal(5, stack.Layers.Count);
        var first = Assert.IsType<DenseSpec>(stack.Layers[0]);
        Assert.Equal((8, 1.5, 0.1, true), (first.Width, first.WeightStd, first.BiasStd, first.Bias));
        Assert.Equal(Activation.LeakyReLU(0.2), Assert.IsType<ActivationSpec>(stack.Layers[1]).Activation);
        Assert.False(Assert.IsType<DenseSpec>(stack.Layers[2]).Bias);
        Assert.Equal(Activation.Identity, Assert.IsType<ActivationSpec>(stack.Layers[3]).Activation);
        Assert.Equal(2, stack.OutputDimension);
        var again = LayerStack.Parse(3, stack.ToString());
        Assert.Equal(stack.Layers, again.Layers);

        var plan = stack.ToArchitecture();
        Assert.Equal(["h1", "mid", "out"], plan.Layers.Select(l => l.Name));
        Assert.Equal([3, 8, 4], plan.Layers.Select(l => l.InputSize));
        Assert.Equal(Activation.LeakyReLU(0.2), plan.Layer("h1").Activation);
        Assert.Equal(Activation.Identity, plan.Layer("out").Activation);
    }

    [Theory]
    [InlineData("dense(8)|swoosh|dense(1)", "relu")]             // unknown activation: lists the valid ones
    [InlineData("dense(8, stride=2)|relu|dense(1)", "bias_std")] // unknown option: lists the options
    [InlineData("dense(eight)|relu", "integer")]
    [InlineData("relu|dense(1)", "before the first dense")]
    [InlineData("dense(4)|relu|tanh|dense(1)", "put a dense layer between")]
    [InlineData("dense(0)", "positive")]
    [InlineData("dense(4, std=-1)", "σ_w")]
    [InlineData("", "empty")]
    public void BadStacksSayWhatToWrite(string text, string expected)
    {
        var ex = Assert.Throws<InvalidConfigException>(() => LayerStack.Parse(3, text));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void ParseReadsTheStaxFormTheKernelCommandsUse()
    {
        var stack = LayerStack.Parse(2, "dense(1.4,0.1)-leaky_relu(-0.5)-dense-erf-dense(0.9)");
        Assert.Equal(5, stack.Layers.Count);
        Assert.Equal(new DenseSpec(1, 1.4, 0.1, Bias: true), stack.Layers[0]);
        Assert.Equal(Activation.LeakyReLU(-0.5), Assert.IsType<ActivationSpec>(stack.Layers[1]).Activation);
        Assert.Equal(new DenseSpec(1, 1, 0, Bias: false), stack.Layers[2]);
        Assert.Equal(new DenseSpec(1, 0.9, 0, Bias: false), stack.Layers[4]);
        // σ_b = 0 means no bias; a one-layer text is the pipe form unless the caller says otherwise
        Assert.False(Assert.IsType<DenseSpec>(LayerStack.Parse(2, "dense(1.3,0)-relu-dense(1,0)").Layers[0]).Bias);
        Assert.Equal(new DenseSpec(3), LayerStack.Parse(2, "dense(3)").Layers[0]);
        Assert.Equal(new DenseSpec(1, 3, 0, Bias: false), LayerStack.Parse(2, "dense(3)", oneLayerSyntax: LayerSyntax.Stax).Layers[0]);
    }

    [Theory]
    [InlineData("dense(1,0)-softmax-dense(1,0)", "dense(W_std,b_std)")]   // unknown layer: the stax dense form and the activations
    [InlineData("dense(1,0)-softmax-dense(1,0)", "relu")]
    [InlineData("dense(8)|softmax|dense(1)", "dense(width")]              // the pipe form's dense
    [InlineData("dense(1,-1)-relu-dense(1)", "≥ 0")]
    [InlineData("dense(1,0,2)-relu-dense(1)", "3 arguments")]
    [InlineData("dense(1,0)--dense(1)", "empty layer")]
    public void BadStaxAndPipeLayersNameTheFormToWrite(string text, string expected)
    {
        var ex = Assert.Throws<InvalidConfigException>(() => LayerStack.Parse(2, text));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void MlpWithoutBiasesHasOnlyWeights()
    {
        var plan = LayerStack.Mlp(3, 8, 2, 1, Activation.ReLU, parameterization: Parameterizations.MuP, bias: false).ToArchitecture();
        Assert.All(plan.Layers, l => Assert.False(l.HasBias));
        Assert.Equal(3 * 8 + 8 * 8 + 8, plan.ParameterCount);
    }

    [Fact]
    public void MlpHasNamedDenseLayersWithTheirPresetAndMatchesItsParsedForm()
    {
        var mlp = LayerStack.Mlp(5, 16, 2, 3, Activation.Tanh, 1.3, 0.2, Parameterizations.MuP);
        Assert.Equal(5, mlp.Layers.Count);
        Assert.Equal([Parameterizations.MuP(0, 3), Parameterizations.MuP(1, 3), Parameterizations.MuP(2, 3)], mlp.DenseLayers.Select(d => d.Parameterization));
        var parsed = LayerStack.Parse(5, "dense(16, std=1.3, bias_std=0.2)|tanh|dense(16, std=1.3, bias_std=0.2)|tanh|dense(3, std=1.3, bias_std=0.2)", Parameterizations.MuP);
        Assert.Equal(mlp.ToArchitecture().ToString(), parsed.ToArchitecture().ToString());
        var a = new Network<double>(mlp, new RandomStream(3));
        var b = new Network<double>(parsed, new RandomStream(3));
        Assert.Equal(a.Parameters.Values, b.Parameters.Values);
        Assert.Throws<InvalidConfigException>(() => Parameterizations.Named("yang"));
        Assert.Contains("mup", Assert.Throws<InvalidConfigException>(() => Parameterizations.Named("yang")).Message);
    }

    [Fact]
    public void PresetsGiveTheTasiMultipliersInitStdsAndRates()
    {
        const int d = 10, n = 400;
        const double sw = 1.5, sb = 0.3;
        // Standard: z = x·W + b, W ~ N(0, σ_w²/fan_in), b ~ N(0, σ_b²).
        var sp = Parameterizations.Standard(1, 3);
        Assert.Equal((1.0, sw / 20, 1.0, sb, 1.0), (sp.WeightMultiplier(sw, n, n), sp.WeightInitStd(sw, n, n), sp.BiasMultiplier(sb), sp.BiasInitStd(sb), sp.LearningRateScale(n, n)));
        // NTK (eqs. 126–127 at a = ½): z = (σ_w/√fan_in) x·W + σ_b b, W, b ~ N(0, 1).
        var ntk = Parameterizations.Ntk(0, 3);
        Assert.Equal((sw / Math.Sqrt(d), 1.0, sb, 1.0), (ntk.WeightMultiplier(sw, d, n), ntk.WeightInitStd(sw, d, n), ntk.BiasMultiplier(sb), ntk.BiasInitStd(sb)));
        // μP (eqs. 104–106, 126–127 at a = 0, c = 1, d = ½): input √N/√D with W ~ N(0, 1/N) (tasi b₁ = 1 = 2·B),
        // hidden multiplier 1 with W ~ N(0, σ_w²/N), readout 1/(N^a_L · N^d) = 1/√N with W ~ N(0, 1/N); η N^(2d−c) = η.
        var input = Parameterizations.MuP(0, 3);
        Assert.Equal(sw * Math.Sqrt(n) / Math.Sqrt(d), input.WeightMultiplier(sw, d, n), 12);
        Assert.Equal(1 / Math.Sqrt(n), input.WeightInitStd(sw, d, n), 15);
        var hidden = Parameterizations.MuP(1, 3);
        Assert.Equal((1.0, sw / 20), (hidden.WeightMultiplier(sw, n, n), hidden.WeightInitStd(sw, n, n)));
        var readout = Parameterizations.MuP(2, 3);
        Assert.Equal((sw / 20, 1.0 / 20), (readout.WeightMultiplier(sw, n, 1), readout.WeightInitStd(sw, n, 1)));
        foreach (var p in new[] { input, hidden, readout }) Assert.Equal(1.0, p.LearningRateScale(d, n));
        // the effective variance of each layer's weights (multiplier² · init variance): 1/D, 1/N, 1/N² (σ_w = 1)
        Assert.Equal(1.0 / d, Math.Pow(input.WeightMultiplier(1, d, n) * input.WeightInitStd(1, d, n), 2), 15);
        Assert.Equal(1.0, Math.Pow(readout.WeightMultiplier(1, n, 1) * readout.WeightInitStd(1, n, 1), 2) * n * n, 12);
        // a general record: n^(−a), n^(−b), n^(−c) with n = fan-in
        var general = new LayerParameterization(0.25, 0.75, 1);
        Assert.Equal((Math.Pow(16, -0.25), Math.Pow(16, -0.75), 1.0 / 16), (general.Multiplier(16), general.InitStd(16), general.LearningRateScale(16)));
        Assert.Throws<InvalidConfigException>(() => new LayerParameterization(double.NaN, 0, 0).Validate());
    }

    [Fact]
    public void AutoencoderStackBuildsTheOldFusedAutoencoderBitForBit()
    {
        // The autoencoder as it was written before the layer stack existed (fused dense+activation, explicit initializers).
        var o = AutoencoderOptions.Paper;
        var torch = Initializer.TorchDefault;
        var old = new Architecture(
        [
            new DenseLayerSpec("enc1", 784, 512, true, Activation.ReLU, torch, torch),
            new DenseLayerSpec("enc2", 512, 200, true, Activation.ReLU, torch, torch),
            new DenseLayerSpec("b1", 200, 2, false, Activation.Identity, o.B1Initializer),
            new DenseLayerSpec("b2", 2, 2, false, Activation.Identity, o.B2Initializer),
            new DenseLayerSpec("dec1", 2, 200, true, Activation.ReLU, torch, torch),
            new DenseLayerSpec("dec2", 200, 512, true, Activation.ReLU, torch, torch),
            new DenseLayerSpec("out", 512, 784, true, Activation.Sigmoid, torch, torch),
        ]);
        var fromStack = new Network<float>(Architecture.AutoencoderStack(), new RandomStream(7));
        var reference = new Network<float>(old, new RandomStream(7));
        Assert.Equal(reference.Parameters.Values, fromStack.Parameters.Values);
        Assert.Equal(old.ToString(), fromStack.Architecture.ToString());
        Assert.True(fromStack.Parameters.HasUniformLearningRate);
    }

    [Fact]
    public void StandardAndNtkPresetsDrawTheSameFunctionAsExplicitScalings()
    {
        // Standard preset: weights drawn N(0, σ_w²/fan_in) — the same draws as an explicit ScaledNormal(σ_w) initializer.
        var preset = new Network<double>(LayerStack.Mlp(3, 7, 1, 2, Activation.Erf, 1.7, 0.4), new RandomStream(9));
        var explicitInit = new Network<double>(new Architecture(
        [
            new DenseLayerSpec("h1", 3, 7, true, Activation.Erf, Initializer.ScaledNormal(1.7), Initializer.Normal(0.4)),
            new DenseLayerSpec("out", 7, 2, true, Activation.Identity, Initializer.ScaledNormal(1.7), Initializer.Normal(0.4)),
        ]), new RandomStream(9));
        Assert.Equal(explicitInit.Parameters.Values, preset.Parameters.Values);
        // NTK preset: same outputs in distribution; with the same N(0,1) draws, the output is the standard network's
        // output when the standard draws are σ_w/√n times the NTK draws — checked through the forward pass.
        var ntk = new Network<double>(LayerStack.Mlp(3, 7, 1, 2, Activation.Erf, 1.7, 0.4, Parameterizations.Ntk), new RandomStream(9));
        var sp = new Network<double>(LayerStack.Mlp(3, 7, 1, 2, Activation.Erf, 1.7, 0.4), new RandomStream(9));
        foreach (var layer in sp.Layers)
        {
            double scale = 1.7 / Math.Sqrt(layer.InputSize);
            var src = ntk.Layer(layer.Name);
            for (int i = 0; i < layer.Weight.Length; i++) layer.Weight[i] = scale * src.Weight[i];
            for (int i = 0; i < layer.Bias.Length; i++) layer.Bias[i] = 0.4 * src.Bias[i];
        }
        var x = new double[] { 0.3, -1.2, 0.8, 1.0, 0.5, -0.4 };
        var yNtk = ntk.Forward(x, 2).ToArray();
        var ySp = sp.Forward(x, 2).ToArray();
        for (int i = 0; i < yNtk.Length; i++) Assert.Equal(ySp[i], yNtk[i], 12);
    }
}
