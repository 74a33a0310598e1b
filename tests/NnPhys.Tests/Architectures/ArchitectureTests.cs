using NnPhys.Architectures;

namespace NnPhys.Tests.Architectures;

public class ArchitectureTests
{
    [Fact]
    public void AutoencoderMatchesSpecSectionOne()
    {
        var a = Architecture.Autoencoder();
        string[] names = ["enc1", "enc2", "b1", "b2", "dec1", "dec2", "out"];
        int[] inputs = [784, 512, 200, 2, 2, 200, 512];
        int[] outputs = [512, 200, 2, 2, 200, 512, 784];
        bool[] bias = [true, true, false, false, true, true, true];
        Activation[] acts = [Activation.ReLU, Activation.ReLU, Activation.Identity, Activation.Identity, Activation.ReLU, Activation.ReLU, Activation.Sigmoid];
        Assert.Equal(7, a.Layers.Count);
        for (int l = 0; l < 7; l++)
        {
            Assert.Equal(names[l], a.Layers[l].Name);
            Assert.Equal(inputs[l], a.Layers[l].InputSize);
            Assert.Equal(outputs[l], a.Layers[l].OutputSize);
            Assert.Equal(bias[l], a.Layers[l].HasBias);
            Assert.Equal(acts[l], a.Layers[l].Activation);
        }
        // 784·512+512 + 512·200+200 + 200·2 + 2·2 + 2·200+200 + 200·512+512 + 512·784+784, counted by hand
        Assert.Equal(401920 + 102600 + 400 + 4 + 600 + 102912 + 402192, a.ParameterCount);
        Assert.Equal(names, Architecture.AutoencoderLayerNames);
        Assert.Equal(InitializerKind.TorchDefault, a.WeightInitializerOf(a.Layer("enc1")).Kind);
        Assert.Equal(1 / Math.Sqrt(200), a.WeightInitializerOf(a.Layer("b1")).StandardDeviation(200), 1e-15);
        Assert.Equal(1 / Math.Sqrt(2), a.WeightInitializerOf(a.Layer("b2")).StandardDeviation(2), 1e-15);
    }

    [Fact]
    public void BottleneckStdIsConfigurable()
    {
        var a = Architecture.Autoencoder(new AutoencoderOptions(B1Std: 0.3, B2Std: 0.05));
        Assert.Equal(0.3, a.WeightInitializerOf(a.Layer("b1")).StandardDeviation(200));
        Assert.Equal(0.05, a.WeightInitializerOf(a.Layer("b2")).StandardDeviation(2));
    }

    [Fact]
    public void InvalidDescriptionsThrowWithAFix()
    {
        var ex = Assert.Throws<InvalidConfigException>(() => new Architecture([
            new DenseLayerSpec("a", 3, 4, true, Activation.Tanh), new DenseLayerSpec("b", 5, 1, true, Activation.Identity)]));
        Assert.Contains("make the sizes chain", ex.Message);
        Assert.Throws<InvalidConfigException>(() => new Architecture([
            new DenseLayerSpec("a", 3, 4, true, Activation.Tanh), new DenseLayerSpec("a", 4, 1, true, Activation.Identity)]));
        Assert.Throws<InvalidConfigException>(() => new Architecture([]));
        Assert.Throws<InvalidConfigException>(() => new Architecture([new DenseLayerSpec("a", 0, 4, true, Activation.Tanh)]));
        Assert.Throws<InvalidConfigException>(() => Architecture.Mlp(3, 4, 1, 1, Activation.Erf, double.NaN, 0, Parameterizations.Ntk));
        Assert.Throws<InvalidConfigException>(() => Architecture.Autoencoder(new AutoencoderOptions(B1Std: -1)));
        var missing = Assert.Throws<InvalidConfigException>(() => Architecture.Autoencoder().Layer("bottleneck"));
        Assert.Contains("enc1, enc2, b1, b2, dec1, dec2, out", missing.Message);
        var parse = Assert.Throws<InvalidConfigException>(() => Activation.Parse("gelu2"));
        Assert.Contains("relu", parse.Message);
        Assert.Contains("softplus", parse.Message);
        Assert.Equal(Activation.Erf, Activation.Parse("ERF"));
    }

    [Fact]
    public void MlpAndWithLayerBuildCopies()
    {
        var mlp = Architecture.Mlp(3, 16, 2, 1, Activation.Erf, 1.5, 0.1, Parameterizations.Ntk);
        Assert.Equal(["h1", "h2", "out"], mlp.Layers.Select(l => l.Name));
        Assert.Equal(1.5 / 4, mlp.Layer("h2").WeightMultiplier, 1e-15);
        Assert.Equal(0.1, mlp.Layer("h2").BiasMultiplier);
        Assert.Equal(InitializerKind.Normal, mlp.WeightInitializerOf(mlp.Layer("h1")).Kind);
        var changed = mlp.WithLayer("h2", l => l with { Activation = Activation.ReLU });
        Assert.Equal(Activation.Erf, mlp.Layer("h2").Activation);
        Assert.Equal(Activation.ReLU, changed.Layer("h2").Activation);
        var standard = mlp.WithParameterization(Parameterizations.Standard, 2, 0.5);
        Assert.Equal(1.0, standard.Layer("h2").WeightMultiplier);
        Assert.Equal(2 / Math.Sqrt(16), standard.WeightInitializerOf(standard.Layer("h2")).StandardDeviation(16), 1e-15);
        Assert.Equal(0.5, standard.BiasInitializerOf(standard.Layer("h2")).StandardDeviation(16));
    }
}
