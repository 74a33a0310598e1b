using System.Diagnostics;
using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;

namespace NnPhys.Training;

/// <summary>Result of <see cref="AutoencoderEpochBenchmark.Run"/>.</summary>
/// <param name="SecondsPerEpoch">Mean wall-clock seconds of the timed epochs.</param>
/// <param name="EpochSeconds">Each timed epoch's seconds.</param>
/// <param name="Samples">Rows of synthetic data.</param>
/// <param name="BatchSize">Minibatch size.</param>
/// <param name="Backend">GEMM backend (<see cref="BlasProvider.Describe"/>).</param>
/// <param name="FlopsPerEpoch">Multiply-add FLOPs of the GEMMs in one epoch (forward, weight gradients, input gradients).</param>
/// <param name="GflopsPerSecond">FlopsPerEpoch / SecondsPerEpoch / 1e9.</param>
/// <param name="FinalLoss">Mean loss of the last timed epoch (a sanity value: it should fall below the first).</param>
/// <param name="FullBatchGradientSeconds">One full-batch gradient of b1 and b2 only, as the Fokker–Planck recording takes it at
/// every epoch boundary (backward pass stopping at b1); NaN when recording was not timed.</param>
/// <param name="FullBatchGradientAllLayersSeconds">The same gradient of every layer (what the recording cost before it was restricted).</param>
/// <param name="EvaluationOutputSeconds">Outputs of enc2, b1 and b2 on the 2000-image evaluation set in one forward pass.</param>
public sealed record AutoencoderEpochTiming(double SecondsPerEpoch, IReadOnlyList<double> EpochSeconds, int Samples, int BatchSize,
    string Backend, double FlopsPerEpoch, double GflopsPerSecond, double FinalLoss,
    double FullBatchGradientSeconds = double.NaN, double FullBatchGradientAllLayersSeconds = double.NaN, double EvaluationOutputSeconds = double.NaN);

/// <summary>
/// Times whole training epochs of the SPEC §1 autoencoder (784→512→200→2→2→200→512→784) in float32 with Adam on
/// synthetic inputs of MNIST-digits-0–5 shape (36,017 × 784, pixels uniform in [0, 1]). Used by the CLI's
/// <c>bench</c> command and the benchmark project; the target is ≤ 3 s per epoch with OpenBLAS on two cores.
/// </summary>
public static class AutoencoderEpochBenchmark
{
    /// <summary>Images of digits 0–5 in the MNIST training set.</summary>
    public const int MnistDigits0To5Samples = 36017;

    /// <summary>Images in the Fokker–Planck recording's fixed evaluation set.</summary>
    public const int EvaluationImages = 2000;

    /// <summary>
    /// Builds the autoencoder and synthetic data from <paramref name="seed"/>, warms up (JIT, BLAS threads) on 64
    /// minibatches, then times <paramref name="epochs"/> full epochs and returns seconds per epoch. With
    /// <paramref name="recording"/> it also times, after the epochs, what the Fokker–Planck recording adds per epoch
    /// boundary: the full-batch gradient of b1 and b2 (and, for comparison, of all layers) and the evaluation outputs.
    /// </summary>
    /// <exception cref="InvalidConfigException">epochs, samples or batchSize below 1.</exception>
    public static AutoencoderEpochTiming Run(int epochs = 2, int samples = MnistDigits0To5Samples, int batchSize = 128, ulong seed = 1,
        AutoencoderOptions? sizes = null, bool recording = false)
    {
        Check.Positive(epochs, "Benchmark epochs", "2");
        Check.Positive(samples, "Benchmark samples", "36017");
        Check.Positive(batchSize, "Batch size", "128");
        var architecture = Architecture.Autoencoder(sizes);
        var data = new Matrix<float>(samples, architecture.InputSize);
        new RandomStream(seed, 7).FillUniform(data.Data, 0, 1);

        // warm-up on a separate network, long enough (64 steps) for the JIT to promote the library's and
        // TensorPrimitives' generic kernels to optimized code and for OpenBLAS to start its threads
        int warmRows = Math.Min(samples, 64 * batchSize);
        var warmNetwork = new Network<float>(architecture, new RandomStream(seed, 3));
        var warmData = new Matrix<float>(warmRows, architecture.InputSize, data.Data.AsSpan(0, warmRows * architecture.InputSize).ToArray());
        new Trainer<float>(warmNetwork, new Adam<float>(warmNetwork.Parameters), new TrainingOptions(1, batchSize, true, seed)).Fit(warmData, warmData);

        var network = new Network<float>(architecture, new RandomStream(seed, 3));
        var trainer = new Trainer<float>(network, new Adam<float>(network.Parameters), new TrainingOptions(epochs, batchSize, true, seed));
        var seconds = new double[epochs];
        double lastLoss = double.NaN;
        for (int e = 0; e < epochs; e++)
        {
            var clock = Stopwatch.StartNew();
            lastLoss = trainer.TrainEpoch(data, data).MeanLoss;
            seconds[e] = clock.Elapsed.TotalSeconds;
        }
        double mean = seconds.Average();
        double flops = FlopsPerEpoch(architecture, samples);
        var timing = new AutoencoderEpochTiming(mean, seconds, samples, batchSize, BlasProvider.Describe(), flops, flops / mean / 1e9, lastLoss);
        if (!recording) return timing;
        string[] bottleneck = ["b1", "b2"];
        var evaluation = new Matrix<float>(Math.Min(samples, EvaluationImages), architecture.InputSize,
            data.Data.AsSpan(0, Math.Min(samples, EvaluationImages) * architecture.InputSize).ToArray());
        return timing with
        {
            FullBatchGradientSeconds = Seconds(() => FullBatchGradient.Compute(network, data, data, layers: bottleneck)),
            FullBatchGradientAllLayersSeconds = Seconds(() => FullBatchGradient.Compute(network, data, data)),
            EvaluationOutputSeconds = Seconds(() => network.LayerOutputs(["enc2", .. bottleneck], evaluation)),
        };
    }

    /// <summary>The faster of two runs (the first also warms up the code path).</summary>
    static double Seconds(Action action)
    {
        double best = double.PositiveInfinity;
        for (int k = 0; k < 2; k++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>GEMM FLOPs of one epoch: per sample 2·in·out per layer forward, the same for ∂L/∂W, and again for ∂L/∂x except the first layer.</summary>
    public static double FlopsPerEpoch(Architecture architecture, int samples)
    {
        double perSample = 0;
        for (int l = 0; l < architecture.Layers.Count; l++)
        {
            double mac = (double)architecture.Layers[l].InputSize * architecture.Layers[l].OutputSize;
            perSample += 2 * mac + 2 * mac + (l > 0 ? 2 * mac : 0);
        }
        return perSample * samples;
    }
}
