using NnPhys.Architectures;
using NnPhys.IO;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Tests.Training;

/// <summary>
/// The helpers around training: the chunked full-data gradient against the unchunked one and a direct loss, the
/// checkpoint array conversion (shapes, element types, refusals), and the epoch benchmark's FLOP count against a hand
/// count and its timing record against its own fields.
/// </summary>
public class TrainingSupportTests
{
    [Theory]
    [InlineData("mse", 3)]
    [InlineData("mse", 1)]
    [InlineData("cross_entropy", 4)]
    public void ChunkedFullBatchGradientEqualsTheWholeBatchOne(string lossName, int chunk)
    {
        var loss = Losses.Parse(lossName);
        var net = new Network<double>(LayerStack.Parse(3, "dense(5)|tanh|dense(4)"), new RandomStream(7));
        var x = new Matrix<double>(10, 3); new RandomStream(8).FillNormal(x.Data);
        var y = new Matrix<double>(10, 4); new RandomStream(9).FillUniform(y.Data);
        var start = (double[])net.Parameters.Values.Clone();
        double whole = FullBatchGradient.Compute(net, x, y, chunkSize: 10, lossFunction: loss);
        var g = (double[])net.Parameters.Gradients.Clone();
        net.Parameters.Gradients.AsSpan().Fill(123); // stale gradients must be cleared, not added to
        double chunked = FullBatchGradient.Compute(net, x, y, chunkSize: chunk, lossFunction: loss);
        Assert.Equal(whole, chunked, 1e-13);
        for (int i = 0; i < g.Length; i++) Assert.Equal(g[i], net.Parameters.Gradients[i], 1e-13);
        Assert.Equal(start, net.Parameters.Values);
        // the value against a direct evaluation of the loss on the network's predictions
        var prediction = net.Predict(x);
        var scratch = new double[prediction.Data.Length];
        double direct = loss.LossAndGradient<double>(prediction.Data, y.Data, scratch, 4, loss.Normalization(10, 4));
        Assert.Equal(direct, whole, 1e-13);
        if (lossName == "mse")
        {
            double sum = 0;
            for (int i = 0; i < y.Data.Length; i++) sum += (prediction.Data[i] - y.Data[i]) * (prediction.Data[i] - y.Data[i]);
            Assert.Equal(sum / 40, whole, 1e-13);
        }
    }

    [Fact]
    public void FullBatchGradientRejectsMismatchedData()
    {
        var net = new Network<double>(LayerStack.Parse(3, "dense(2)"), new RandomStream(1));
        var x = new Matrix<double>(4, 3); var y = new Matrix<double>(4, 2);
        Assert.Contains("got (4, 2) and (4, 2)", Assert.Throws<ArgumentException>(() => FullBatchGradient.Compute(net, new Matrix<double>(4, 2), y)).Message);
        Assert.Throws<ArgumentException>(() => FullBatchGradient.Compute(net, x, new Matrix<double>(4, 3)));
        Assert.Throws<ArgumentException>(() => FullBatchGradient.Compute(net, x, new Matrix<double>(3, 2)));
        Assert.Throws<ArgumentException>(() => FullBatchGradient.Compute(net, new Matrix<double>(0, 3), new Matrix<double>(0, 2)));
        Assert.Contains("Chunk size 0", Assert.Throws<ArgumentException>(() => FullBatchGradient.Compute(net, x, y, chunkSize: 0)).Message);
        new RandomStream(2).FillNormal(x.Data); new RandomStream(3).FillNormal(y.Data);
        double single = FullBatchGradient.Compute(net, x, y, chunkSize: 4);
        Assert.Equal(single, FullBatchGradient.Compute(net, x, y, chunkSize: 1000), 1e-14); // a chunk larger than the data
    }

    [Fact]
    public void CheckpointArraysKeepShapeAndElementType()
    {
        var state = new Dictionary<string, Array>
        {
            ["w"] = new float[,] { { 1, 2, 3 }, { 4, 5, 6 } },
            ["d"] = new double[] { 0.5, -1 },
            ["l2"] = new long[,] { { 7 }, { 8 } },
            ["l"] = new long[] { long.MaxValue },
        };
        var npy = TrainingStateNpy.ToNpyArrays(state);
        Assert.Equal([2, 3], npy["w"].Shape);
        Assert.Equal(NpyElementType.Float32, npy["w"].ElementType);
        Assert.Equal([2], npy["d"].Shape);
        Assert.Equal(NpyElementType.Float64, npy["d"].ElementType);
        Assert.Equal([2, 1], npy["l2"].Shape);
        Assert.Equal(NpyElementType.Int64, npy["l"].ElementType);
        var back = TrainingStateNpy.FromNpyArrays(npy);
        var w = Assert.IsType<float[,]>(back["w"]);
        Assert.Equal(6f, w[1, 2]);
        Assert.Equal(2f, w[0, 1]);
        Assert.Equal(new[] { 0.5, -1 }, Assert.IsType<double[]>(back["d"]));
        Assert.Equal(8L, Assert.IsType<long[,]>(back["l2"])[1, 0]);
        Assert.Equal(new[] { long.MaxValue }, Assert.IsType<long[]>(back["l"]));
        // copies, not views
        ((double[])state["d"])[0] = 99;
        Assert.Equal(0.5, ((double[])back["d"])[0]);
        var scalar = TrainingStateNpy.FromNpyArrays(new Dictionary<string, NpyArray> { ["s"] = NpyArray.Scalar(3.0) });
        Assert.Equal(new[] { 3.0 }, Assert.IsType<double[]>(scalar["s"]));
    }

    [Fact]
    public void CheckpointArraysRefuseOtherRanksAndTypes()
    {
        var rank3 = Assert.Throws<ArgumentException>(() => TrainingStateNpy.ToNpyArrays(new Dictionary<string, Array> { ["x"] = new double[1, 1, 1] }));
        Assert.Contains("'x' has rank 3", rank3.Message);
        var ints = Assert.Throws<ArgumentException>(() => TrainingStateNpy.ToNpyArrays(new Dictionary<string, Array> { ["i"] = new int[2] }));
        Assert.Contains("'i' holds Int32", ints.Message);
        var npy3 = Assert.Throws<DataFileException>(() => TrainingStateNpy.FromNpyArrays(new Dictionary<string, NpyArray> { ["x"] = NpyArray.Of(new double[8], 2, 2, 2) }));
        Assert.Contains("'x' has shape (2, 2, 2)", npy3.Message);
        var npyInt = Assert.Throws<DataFileException>(() => TrainingStateNpy.FromNpyArrays(new Dictionary<string, NpyArray> { ["i"] = NpyArray.Of(new int[2], 2) }));
        Assert.Contains("'i' holds", npyInt.Message);
        Assert.Contains("int64", npyInt.Message);
    }

    [Fact]
    public void EpochFlopsMatchAHandCount()
    {
        // 3 → 4 → 2: forward 2·(12 + 8), weight gradients 2·(12 + 8), input gradients 2·8 (none for the first layer)
        var arch = Architecture.Autoencoder(new AutoencoderOptions(InputSize: 3, Hidden1: 4, Hidden2: 2, LatentSize: 1));
        double perSample = 0;
        foreach (var layer in arch.Layers) perSample += 2.0 * layer.InputSize * layer.OutputSize;
        double firstLayer = 2.0 * arch.Layers[0].InputSize * arch.Layers[0].OutputSize;
        Assert.Equal(7 * (3 * perSample - firstLayer), AutoencoderEpochBenchmark.FlopsPerEpoch(arch, 7));
        var tiny = new Architecture([new DenseLayerSpec("a", 3, 4, true, Activation.Tanh, Initializer.Zeros, Initializer.Zeros),
                                     new DenseLayerSpec("b", 4, 2, true, Activation.Identity, Initializer.Zeros, Initializer.Zeros)]);
        Assert.Equal(96.0, AutoencoderEpochBenchmark.FlopsPerEpoch(tiny, 1));
        Assert.Equal(960.0, AutoencoderEpochBenchmark.FlopsPerEpoch(tiny, 10));
    }

    [Fact]
    public void BenchmarkReportsConsistentTimingsAndALowerLoss()
    {
        var sizes = new AutoencoderOptions(InputSize: 12, Hidden1: 8, Hidden2: 6);
        var timing = AutoencoderEpochBenchmark.Run(epochs: 3, samples: 96, batchSize: 8, seed: 5, sizes: sizes);
        Assert.Equal(3, timing.EpochSeconds.Count);
        Assert.Equal(timing.EpochSeconds.Average(), timing.SecondsPerEpoch, 1e-15);
        Assert.All(timing.EpochSeconds, s => Assert.True(s > 0));
        Assert.Equal((96, 8), (timing.Samples, timing.BatchSize));
        var arch = Architecture.Autoencoder(sizes);
        Assert.Equal(AutoencoderEpochBenchmark.FlopsPerEpoch(arch, 96), timing.FlopsPerEpoch);
        Assert.Equal(timing.FlopsPerEpoch / timing.SecondsPerEpoch / 1e9, timing.GflopsPerSecond, 1e-9 * timing.GflopsPerSecond);
        Assert.False(string.IsNullOrWhiteSpace(timing.Backend));
        // the untrained network's loss on the same synthetic data (the benchmark's documented seeds and streams)
        var data = new Matrix<float>(96, 12);
        new RandomStream(5, 7).FillUniform(data.Data, 0, 1);
        double initial = FullBatchGradient.Compute(new Network<float>(arch, new RandomStream(5, 3)), data, data);
        Assert.True(timing.FinalLoss < initial, $"after 3 epochs the loss {timing.FinalLoss:G4} should be below the initial {initial:G4}");
        // and it is the third epoch of the documented recipe (network stream (seed, 3), Adam defaults, shuffle seed = seed),
        // replayed here through the public trainer: the warm-up must not touch the timed network
        var replay = new Network<float>(arch, new RandomStream(5, 3));
        var trainer = new Trainer<float>(replay, new Adam<float>(replay.Parameters), new TrainingOptions(3, 8, true, 5));
        var losses = trainer.Fit(data, data);
        Assert.Equal(losses[^1], timing.FinalLoss);
        Assert.Contains("Benchmark epochs", Assert.Throws<InvalidConfigException>(() => AutoencoderEpochBenchmark.Run(epochs: 0)).Message);
        Assert.Contains("Benchmark samples", Assert.Throws<InvalidConfigException>(() => AutoencoderEpochBenchmark.Run(samples: 0)).Message);
        Assert.Contains("Batch size", Assert.Throws<InvalidConfigException>(() => AutoencoderEpochBenchmark.Run(batchSize: 0)).Message);
    }
}
