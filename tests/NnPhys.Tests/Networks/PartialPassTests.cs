using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Tests.Networks;

/// <summary>The backward pass restricted to some layers and the one-pass outputs of several layers: the same bits as the
/// full operations, and nothing else touched.</summary>
public class PartialPassTests
{
    static (Network<float> net, Matrix<float> x) SmallFloatAutoencoder(ulong seed)
    {
        var net = new Network<float>(ReferenceNetwork.SmallAutoencoder(), new RandomStream(seed));
        var x = ReferenceNetwork.ToFloat(ReferenceNetwork.RandomMatrix(23, 6, seed + 1, 0, 1));
        return (net, x);
    }

    static float[] OutputGradient(Network<float> net, Matrix<float> x)
    {
        var prediction = net.Forward(x.Data, x.Rows);
        var d = new float[prediction.Length];
        MeanSquaredError.LossAndGradient(prediction, x.Data, d);
        return d;
    }

    [Theory]
    [InlineData("b1,b2")]
    [InlineData("dec1")]
    [InlineData("enc1,out")]
    public void RestrictedBackwardGivesTheNamedLayersExactlyTheFullGradientsAndLeavesTheOthersUntouched(string layerList)
    {
        var layers = layerList.Split(',');
        var (net, x) = SmallFloatAutoencoder(5);
        var d = OutputGradient(net, x);
        net.Parameters.ZeroGradients();
        net.Backward(d);
        var full = (float[])net.Parameters.Gradients.Clone();

        const float marker = 1f;   // every gradient starts at a marker: named layers add onto it (+=), others keep it exactly
        Array.Fill(net.Parameters.Gradients, marker);
        net.Forward(x.Data, x.Rows);
        net.Backward(d, layers);
        foreach (var layer in net.Layers)
        {
            bool named = layers.Contains(layer.Name);
            var g = layer.WeightGradient.ToArray();
            var offset = net.Parameters.Find(layer.Spec.WeightName).Offset;
            for (int i = 0; i < g.Length; i++)
                if (named) Assert.Equal(marker + full[offset + i], g[i], 1e-5f);
                else Assert.Equal(marker, g[i]);
            if (layer.Spec.HasBias)
            {
                var b = layer.BiasGradient.ToArray();
                var bOffset = net.Parameters.Find(layer.Spec.BiasName).Offset;
                for (int i = 0; i < b.Length; i++)
                    if (named) Assert.Equal(marker + full[bOffset + i], b[i], 1e-5f);
                    else Assert.Equal(marker, b[i]);
            }
        }
        // from zero, bit for bit (not merely close)
        net.Parameters.ZeroGradients();
        net.Backward(d, layers);
        foreach (var name in layers)
        {
            var offset = net.Parameters.Find(net.Layer(name).Spec.WeightName).Offset;
            var g = net.Layer(name).WeightGradient.ToArray();
            for (int i = 0; i < g.Length; i++)
                Assert.Equal(BitConverter.SingleToInt32Bits(full[offset + i]), BitConverter.SingleToInt32Bits(g[i]));
        }
    }

    [Fact]
    public void RestrictedBackwardRefusesUnknownOrMissingLayersAndNeedsAForwardPass()
    {
        var (net, x) = SmallFloatAutoencoder(6);
        var d = new float[x.Rows * 6];
        Assert.Throws<InvalidOperationException>(() => net.Backward(d, ["b1"]));
        net.Forward(x.Data, x.Rows);
        var e = Assert.Throws<InvalidConfigException>(() => net.Backward(d, ["b3"]));
        Assert.Contains("b1", e.Message);   // the message lists the layers
        Assert.Throws<ArgumentException>(() => net.Backward(d, Array.Empty<string>()));
    }

    [Fact]
    public void FullBatchGradientOfSomeLayersEqualsTheFullOneThereAndIsZeroElsewhere()
    {
        var (net, x) = SmallFloatAutoencoder(7);
        double lossAll = FullBatchGradient.Compute(net, x, x, chunkSize: 5);
        var all = (float[])net.Parameters.Gradients.Clone();
        double lossSome = FullBatchGradient.Compute(net, x, x, chunkSize: 5, layers: ["b1", "b2"]);
        Assert.Equal(lossAll, lossSome);
        foreach (var layer in net.Layers)
        {
            var entry = net.Parameters.Find(layer.Spec.WeightName);
            for (int i = 0; i < entry.Length; i++)
                Assert.Equal(layer.Name is "b1" or "b2" ? all[entry.Offset + i] : 0f, net.Parameters.Gradients[entry.Offset + i]);
        }
        Assert.Throws<InvalidConfigException>(() => FullBatchGradient.Compute(net, x, x, layers: ["nope"]));
        Assert.Throws<ArgumentException>(() => FullBatchGradient.Compute(net, x, x, layers: Array.Empty<string>()));
    }

    [Fact]
    public void OutputsOfSeveralLayersInOnePassEqualEachLayersOwnPass()
    {
        var (net, x) = SmallFloatAutoencoder(8);
        string[] names = ["b2", "enc2", "b1"];   // any order, the deepest not last
        var together = net.LayerOutputs(names, x, batchSize: 4);
        Assert.Equal(names.Length, together.Length);
        for (int k = 0; k < names.Length; k++)
        {
            var alone = net.LayerOutputs(names[k], x, batchSize: 4);
            Assert.Equal(alone.Rows, together[k].Rows);
            Assert.Equal(alone.Cols, together[k].Cols);
            Assert.Equal(alone.Data, together[k].Data);
        }
        // and against the scalar reference network (independent of the batched code)
        var reference = ReferenceNetwork.ForwardOne(net, x.Row(3).ToArray().Select(v => (double)v).ToArray(), net.Architecture.IndexOf("enc2"));
        for (int j = 0; j < reference.Length; j++) Assert.Equal(reference[j], together[1][3, j], 1e-5);
        Assert.Throws<ArgumentException>(() => net.LayerOutputs(Array.Empty<string>(), x));
        Assert.Throws<InvalidConfigException>(() => net.LayerOutputs(["b1", "zz"], x));
    }
}
