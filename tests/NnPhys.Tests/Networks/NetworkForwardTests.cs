using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;

namespace NnPhys.Tests.Networks;

public class NetworkForwardTests
{
    static Architecture MixedMlp(string preset, double sigmaW, double sigmaB) => new Architecture(
    [
        new DenseLayerSpec("l1", 5, 9, true, Activation.Tanh),
        new DenseLayerSpec("l2", 9, 7, false, Activation.ReLU),
        new DenseLayerSpec("l3", 7, 6, true, Activation.Erf),
        new DenseLayerSpec("l4", 6, 3, true, Activation.Sigmoid),
        new DenseLayerSpec("l5", 3, 2, true, Activation.Identity),
    ]).WithParameterization(Parameterizations.Named(preset), sigmaW, sigmaB);

    public static TheoryData<string> Kinds => ["standard", "ntk", "mup"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void BatchedForwardMatchesScalarReference(string kind)
    {
        var net = new Network<double>(MixedMlp(kind, 1.3, 0.4), new RandomStream(11));
        var x = ReferenceNetwork.RandomMatrix(13, 5, 1);
        var y = net.Forward(x.Data, 13).ToArray();
        for (int r = 0; r < 13; r++)
        {
            var expected = ReferenceNetwork.ForwardOne(net, x.Row(r));
            for (int j = 0; j < 2; j++) Assert.Equal(expected[j], y[r * 2 + j], 1e-12);
        }
        // intermediate activations are kept and addressable by name
        var l3 = net.Layer("l3").LastOutput;
        for (int r = 0; r < 13; r++)
        {
            var expected = ReferenceNetwork.ForwardOne(net, x.Row(r), lastLayer: 2);
            for (int j = 0; j < 6; j++) Assert.Equal(expected[j], l3[r * 6 + j], 1e-12);
        }
        Assert.Equal(x.Data, net.Layer("l1").LastInput.ToArray());
    }

    [Fact]
    public void FloatNetworkAgreesWithDoubleNetworkFromTheSameSeed()
    {
        var arch = MixedMlp("standard", 1.2, 0.3);
        var d = new Network<double>(arch, new RandomStream(4));
        var f = new Network<float>(arch, new RandomStream(4));
        for (int i = 0; i < d.Parameters.Count; i++) Assert.Equal((float)d.Parameters.Values[i], f.Parameters.Values[i]);
        var x = ReferenceNetwork.RandomMatrix(17, 5, 2);
        var yd = d.Forward(x.Data, 17).ToArray();
        var yf = f.Forward(ReferenceNetwork.ToFloat(x).Data, 17).ToArray();
        for (int i = 0; i < yd.Length; i++) Assert.Equal(yd[i], yf[i], 1e-5);
    }

    [Fact]
    public void PredictAndLayerOutputsAreBatchIndependentAndLeaveTrainingActivationsAlone()
    {
        var net = new Network<double>(ReferenceNetwork.SmallAutoencoder(), new RandomStream(3));
        var x = ReferenceNetwork.RandomMatrix(23, 6, 5, 0, 1);
        net.Forward(x.Data.AsSpan(0, 4 * 6), 4);
        var before = net.Layer("b1").LastOutput.ToArray();

        var all = net.Predict(x, batchSize: 1000);
        var chunked = net.Predict(x, batchSize: 5);
        var latent = net.LayerOutputs("b1", x, batchSize: 7);
        var latent2 = net.LayerOutputs("b2", x);
        Assert.Equal(23, latent.Rows); Assert.Equal(2, latent.Cols);
        for (int i = 0; i < all.Data.Length; i++) Assert.Equal(all.Data[i], chunked.Data[i], 1e-13);
        for (int r = 0; r < 23; r++)
        {
            var expectedOut = ReferenceNetwork.ForwardOne(net, x.Row(r));
            var expectedB1 = ReferenceNetwork.ForwardOne(net, x.Row(r), lastLayer: 2);
            var expectedB2 = ReferenceNetwork.ForwardOne(net, x.Row(r), lastLayer: 3);
            for (int j = 0; j < 6; j++) Assert.Equal(expectedOut[j], all[r, j], 1e-12);
            for (int j = 0; j < 2; j++) { Assert.Equal(expectedB1[j], latent[r, j], 1e-12); Assert.Equal(expectedB2[j], latent2[r, j], 1e-12); }
        }
        Assert.Equal(before, net.Layer("b1").LastOutput.ToArray());
        Assert.Equal(4, net.LastBatchSize);
    }

    [Fact]
    public void ParametersAreAddressedByNameWithInOutLayout()
    {
        var net = new Network<float>(Architecture.Autoencoder(), new RandomStream(8));
        var b1 = net.Parameters.Find("b1.weight");
        Assert.Equal([200, 2], b1.Shape);
        Assert.False(net.Parameters.Contains("b1.bias"));
        Assert.False(net.Parameters.Contains("b2.bias"));
        Assert.Equal(400, net.Layer("b1").Weight.Length);
        Assert.True(net.Layer("b2").Bias.IsEmpty);
        Assert.Equal(net.Architecture.ParameterCount, net.Parameters.Count);
        // writes through a layer's span are seen by the named parameter view and vice versa
        net.Layer("b2").Weight[1] = 42f;
        Assert.Equal(42f, net.Parameters.Value("b2.weight")[1]);
        var w = net.Layer("b2").WeightMatrix();
        Assert.Equal(42f, w[0, 1]);
        // enc1 starts within PyTorch's bound 1/√784, b1 is Gaussian with std ≈ 1/√200
        Assert.All(net.Parameters.Value("enc1.weight").ToArray(), v => Assert.InRange(v, -1f / 28, 1f / 28));
        double s2 = 0; foreach (var v in net.Parameters.Value("b1.weight")) s2 += v * (double)v;
        Assert.InRange(Math.Sqrt(s2 / 400) * Math.Sqrt(200), 0.85, 1.15); // 400 draws: relative SE of std ≈ 3.5 %
        var ex = Assert.Throws<KeyNotFoundException>(() => net.Parameters.Value("b1.bias"));
        Assert.Contains("b1.weight", ex.Message);
    }

    [Fact]
    public void CloneIsIndependent()
    {
        var net = new Network<double>(ReferenceNetwork.SmallAutoencoder(), new RandomStream(3));
        var x = ReferenceNetwork.RandomMatrix(5, 6, 1, 0, 1);
        var copy = net.Clone();
        Assert.Equal(net.Predict(x).Data, copy.Predict(x).Data);
        copy.Layer("b1").Weight[0] += 1.0;
        Assert.NotEqual(net.Parameters.Values[net.Parameters.Find("b1.weight").Offset], copy.Parameters.Values[copy.Parameters.Find("b1.weight").Offset]);
        Assert.NotEqual(net.LayerOutputs("b1", x).Data, copy.LayerOutputs("b1", x).Data);
    }

    [Fact]
    public void ShapeErrorsAreReported()
    {
        var net = new Network<double>(ReferenceNetwork.SmallAutoencoder(), new RandomStream(3));
        Assert.Throws<ArgumentException>(() => net.Forward(new double[13], 2));
        Assert.Throws<InvalidOperationException>(() => net.Backward(new double[12]));
        net.Forward(new double[12], 2);
        Assert.Throws<ArgumentException>(() => net.Backward(new double[6]));
        Assert.Throws<ArgumentException>(() => net.Predict(new Matrix<double>(3, 5)));
        Assert.Throws<InvalidConfigException>(() => net.LayerOutputs("latent", new Matrix<double>(3, 6)));
    }
}
