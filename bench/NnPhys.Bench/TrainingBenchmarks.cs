using BenchmarkDotNet.Attributes;
using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Bench;

/// <summary>
/// Training throughput of the SPEC §1 autoencoder in float32 with Adam: one minibatch step (forward, loss, backward,
/// Adam) at batch 128, the Adam update alone, and one whole epoch on 36,017 synthetic 784-pixel images
/// (target ≤ 3 s with OpenBLAS on two cores). Run: <c>dotnet run -c Release --project bench/NnPhys.Bench -- --filter '*Training*'</c>.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    Network<float> _network = null!;
    Adam<float> _adam = null!;
    Trainer<float> _trainer = null!;
    Matrix<float> _data = null!;
    float[] _batch = null!, _outputGradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        _network = new Network<float>(Architecture.Autoencoder(), new RandomStream(1));
        _adam = new Adam<float>(_network.Parameters);
        _data = new Matrix<float>(AutoencoderEpochBenchmark.MnistDigits0To5Samples, 784);
        new RandomStream(2).FillUniform(_data.Data);
        _batch = _data.Data.AsSpan(0, 128 * 784).ToArray();
        _outputGradient = new float[128 * 784];
        _trainer = new Trainer<float>(_network, _adam, new TrainingOptions(int.MaxValue, 128, true, 3));
    }

    /// <summary>Forward, MSE gradient, backward and Adam for one batch of 128.</summary>
    [Benchmark]
    public double MinibatchStep()
    {
        var prediction = _network.Forward(_batch, 128);
        double loss = MeanSquaredError.LossAndGradient(prediction, _batch, _outputGradient);
        _network.Parameters.ZeroGradients();
        _network.Backward(_outputGradient);
        _adam.Step();
        return loss;
    }

    /// <summary>The fused Adam update over all 1,010,628 parameters.</summary>
    [Benchmark]
    public void AdamUpdate() => _adam.Step();

    /// <summary>One full epoch (282 steps of 128, shuffled).</summary>
    [Benchmark]
    public double Epoch() => _trainer.TrainEpoch(_data, _data).MeanLoss;
}
