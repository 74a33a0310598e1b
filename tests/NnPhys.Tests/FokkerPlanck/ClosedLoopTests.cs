using NnPhys.Architectures;
using NnPhys.Data;
using NnPhys.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>
/// The closed-loop forecast (issue 8 §2) against the real training code. A network whose layers other than b1 and b2 have
/// learning-rate factor n^(−40) (frozen: their float updates vanish) is trained by <see cref="Trainer{T}"/> with the float
/// <see cref="Adam{T}"/>; from a mid-training state, <see cref="ClosedLoop.Evolve"/> with the trainer's own minibatch order
/// must land on the trainer's b1/b2 after each epoch to float round-off — a different code path (the head network on cached
/// encoder outputs, the backward pass stopping at b1, the double-precision <see cref="AdamEquation"/>). A 10 % error in the
/// learning rate or in the gradient would move the rows by far more than the tolerance (checked too).
/// </summary>
public class ClosedLoopTests
{
    const int Samples = 200, Batch = 32;

    static (Trainer<float> Trainer, Matrix<float> Inputs) FrozenOutsideTheBottleneck()
    {
        var architecture = Architecture.Autoencoder(new AutoencoderOptions(InputSize: 16, Hidden1: 12, Hidden2: 10));
        foreach (var name in new[] { "enc1", "enc2", "dec1", "dec2", "out" })
            architecture = architecture.WithLayer(name, l => l with { Parameterization = l.ParameterizationOrStandard with { C = 40 } });
        Assert.True(architecture.Layer("enc1").LearningRateScale < 1e-40);   // 16^−40: the float step η·factor·m̂/√v̂ is 0 or far below a weight's ulp
        Assert.Equal(1, architecture.Layer("b1").LearningRateScale);
        var network = new Network<float>(architecture, new RandomStream(3, 1));
        var adam = new Adam<float>(network.Parameters, new AdamOptions(3e-3));
        var trainer = new Trainer<float>(network, adam, new TrainingOptions(100, Batch, true, 0), new RandomStream(5, 2));
        var random = new RandomStream(11);
        var inputs = new Matrix<float>(Samples, 16);
        for (int i = 0; i < Samples; i++)
            for (int p = 0; p < 16; p++) inputs[i, p] = (float)Math.Clamp(((p + i % 4 * 4) % 16 < 5 ? 0.8 : 0.1) + 0.1 * random.NextNormal(), 0, 1);
        return (trainer, inputs);
    }

    static double[] Weights(Trainer<float> trainer, string layer) => trainer.Network.Layer(layer).Weight.ToArray().Select(v => (double)v).ToArray();

    /// <summary>‖a − b‖ / ‖b − reference‖: the error relative to the motion since the start.</summary>
    static double RelativeError(double[] a, double[] b, double[] reference) =>
        Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum() / b.Zip(reference, (x, y) => (x - y) * (x - y)).Sum());

    static RandomStream ShuffleAt(Trainer<float> trainer)
    {
        var words = (long[])trainer.SaveState()["trainer.rng"];
        var random = new RandomStream(0);
        random.SetState(words.Select(w => unchecked((ulong)w)).ToArray());
        return random;
    }

    [Fact]
    public void WithTheTrainersBatchesAndOtherLayersFrozenItReproducesTrainingEpochByEpoch()
    {
        var (trainer, inputs) = FrozenOutsideTheBottleneck();
        trainer.TrainEpoch(inputs, inputs); trainer.TrainEpoch(inputs, inputs);
        var start = trainer.Network.Clone();
        var adam = BottleneckAdamState.Of((Adam<float>)trainer.Optimizer);
        var order = ShuffleAt(trainer);
        var (b1Start, b2Start) = (Weights(trainer, "b1"), Weights(trainer, "b2"));
        var b1Before = Weights(trainer, "enc1");

        var forecast = ClosedLoop.Evolve(start, adam, inputs, order, Batch, epochs: 3);
        for (int e = 0; e < 3; e++)
        {
            trainer.TrainEpoch(inputs, inputs);
            double e1 = RelativeError(forecast[e].B1, Weights(trainer, "b1"), b1Start), e2 = RelativeError(forecast[e].B2, Weights(trainer, "b2"), b2Start);
            Assert.True(e1 < 1e-3 && e2 < 1e-3, $"epoch {e + 1}: closed loop vs training, relative error b1 {e1:G3}, b2 {e2:G3}");
        }
        Assert.Equal(b1Before, Weights(trainer, "enc1"));   // the frozen layers really did not move
        Assert.Equal(2 * 10, forecast[0].B1.Length);
    }

    [Fact]
    public void ATenPercentErrorInTheLearningRateOrGradientIsFarOutsideTheTolerance()
    {
        var (trainer, inputs) = FrozenOutsideTheBottleneck();
        trainer.TrainEpoch(inputs, inputs); trainer.TrainEpoch(inputs, inputs);
        var start = trainer.Network.Clone();
        var adam = BottleneckAdamState.Of((Adam<float>)trainer.Optimizer);
        var words = (long[])trainer.SaveState()["trainer.rng"];
        var b1Start = Weights(trainer, "b1");
        trainer.TrainEpoch(inputs, inputs);
        var truth = Weights(trainer, "b1");

        RandomStream Order() { var r = new RandomStream(0); r.SetState(words.Select(w => unchecked((ulong)w)).ToArray()); return r; }
        var wrongRate = ClosedLoop.Evolve(start, adam with { Options = adam.Options with { LearningRate = adam.Options.LearningRate * 1.1 } }, inputs, Order(), Batch, 1);
        Assert.True(RelativeError(wrongRate[0].B1, truth, b1Start) > 0.05);
        // a gradient 10 % too large (an MSE normalised by 0.9× the elements), seen through Adam's moments from the start state
        var wrongGradient = ClosedLoop.Evolve(start, adam, inputs, Order(), Batch, 1, loss: new ScaledLoss(1.1));
        Assert.True(RelativeError(wrongGradient[0].B1, truth, b1Start) > 0.01, $"{RelativeError(wrongGradient[0].B1, truth, b1Start):G3}");
        var right = ClosedLoop.Evolve(start, adam, inputs, Order(), Batch, 1);
        Assert.True(RelativeError(right[0].B1, truth, b1Start) < 1e-3);
    }

    /// <summary>MSE with its gradient scaled by a factor (a deliberately wrong gradient).</summary>
    sealed class ScaledLoss(double factor) : ILoss
    {
        public string Name => "scaled mse";
        public double Normalization(long rows, int columns) => Losses.Mse.Normalization(rows, columns) / factor;
        public double LossAndGradient<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, Span<T> gradient, int columns, double normalization)
            where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
            Losses.Mse.LossAndGradient(predictions, targets, gradient, columns, normalization);
    }

    /// <summary>
    /// The mean-field closed loop with one gradient refresh per epoch and zero noise variance is the Adam recursion of eq. (9)
    /// with the gradient frozen at the full-batch gradient of the start epoch (<see cref="AdamUpdate.Forecast"/>), computed here
    /// independently through the whole float network on all samples.
    /// </summary>
    [Fact]
    public void MeanFieldWithOneRefreshAndNoNoiseIsAdamWithTheFullBatchGradientFrozen()
    {
        var (trainer, inputs) = FrozenOutsideTheBottleneck();
        trainer.TrainEpoch(inputs, inputs); trainer.TrainEpoch(inputs, inputs);
        var adam = BottleneckAdamState.Of((Adam<float>)trainer.Optimizer);
        var network = trainer.Network.Clone();
        var prediction = network.Forward(inputs.Data, Samples);
        var dOutput = new float[Samples * 16];
        Losses.Mse.LossAndGradient(prediction, inputs.Data, dOutput, 16, Losses.Mse.Normalization(Samples, 16));
        network.Parameters.ZeroGradients();
        network.Backward(dOutput);
        int steps = (Samples + Batch - 1) / Batch;
        var g1 = network.Layer("b1").WeightGradient.ToArray().Select(v => (double)v).ToArray();
        var expected = new double[g1.Length];
        AdamUpdate.Forecast(adam.M1, adam.V1, g1, adam.StepCount, steps, adam.Options, expected);
        var start = Weights(trainer, "b1");

        var zero = adam with { Variance1 = new double[adam.V1.Length], Variance2 = new double[adam.V2.Length] };
        var forecast = ClosedLoop.EvolveMean(trainer.Network.Clone(), zero, inputs, new RandomStream(1), Batch, 1, refreshesPerEpoch: 1);
        var moved = forecast[0].B1.Select((w, k) => w - start[k]).ToArray();
        double error = Math.Sqrt(moved.Zip(expected, (a, b) => (a - b) * (a - b)).Sum() / expected.Sum(x => x * x));
        Assert.True(error < 1e-4, $"mean-field displacement vs frozen-gradient Adam: relative error {error:G3}");

        // noise variance enters v: a variance c ≫ ḡ² slows the motion (Δw ≈ η m̂/√c)
        var noisy = adam with { Variance1 = adam.V1.Select(v => 100 * v + 1e-6).ToArray(), Variance2 = new double[adam.V2.Length] };
        var slowed = ClosedLoop.EvolveMean(trainer.Network.Clone(), noisy, inputs, new RandomStream(1), Batch, 1, refreshesPerEpoch: 1);
        double norm(double[] rows) => Math.Sqrt(rows.Select((w, k) => (w - start[k]) * (w - start[k])).Sum());
        Assert.True(norm(slowed[0].B1) < 0.9 * norm(forecast[0].B1));
        Assert.Throws<InvalidConfigException>(() => ClosedLoop.EvolveMean(trainer.Network.Clone(), adam, inputs, new RandomStream(1), Batch, 1, 4));
    }

    [Fact]
    public void IndependentOrdersAreReproducibleAndDifferFromEachOther()
    {
        var (trainer, inputs) = FrozenOutsideTheBottleneck();
        trainer.TrainEpoch(inputs, inputs);
        var adam = BottleneckAdamState.Of((Adam<float>)trainer.Optimizer);
        var a = ClosedLoop.Evolve(trainer.Network.Clone(), adam, inputs, new RandomStream(1, 9), Batch, 2);
        var b = ClosedLoop.Evolve(trainer.Network.Clone(), adam, inputs, new RandomStream(1, 9), Batch, 2);
        var c = ClosedLoop.Evolve(trainer.Network.Clone(), adam, inputs, new RandomStream(2, 9), Batch, 2);
        Assert.Equal(a[1].B1, b[1].B1);
        Assert.NotEqual(a[1].B1, c[1].B1);
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        var (trainer, inputs) = FrozenOutsideTheBottleneck();
        var adam = BottleneckAdamState.Of((Adam<float>)trainer.Optimizer);
        Assert.Throws<InvalidConfigException>(() => ClosedLoop.Evolve(trainer.Network, adam, inputs, new RandomStream(1), Batch, 0));
        var mlp = new Network<float>(Architecture.Mlp(16, 8, 1, 16, Activation.ReLU), new RandomStream(1));
        var ex = Assert.Throws<InvalidConfigException>(() => ClosedLoop.Evolve(mlp, adam, inputs, new RandomStream(1), Batch, 1));
        Assert.Contains("b1 and b2", ex.Message);
    }
}

/// <summary>
/// <see cref="ClosedLoopForecast.Run"/> end to end on a recorded (synthetic-data) training run: the replay reproduces the
/// recording, the forecasts are reproducible and independent of the parallelism, and a run recorded on other data is refused.
/// </summary>
public sealed class ClosedLoopForecastTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("nnphys-closed-loop-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    static MnistDataset SyntheticMnist(int count, int seed)
    {
        var rng = new RandomStream((ulong)seed);
        var images = new float[count * 784];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 6);
            for (int p = 0; p < 784; p++)
                images[i * 784 + p] = (float)Math.Clamp(((p / 28 + labels[i] * 3) % 28 < 6 ? 0.8 : 0.1) + 0.1 * rng.NextNormal(), 0, 1);
        }
        return new MnistDataset(images, labels);
    }

    [Fact]
    public void ReplaysTheRecordedRunAndForecastsReproducibly()
    {
        var config = new AutoencoderTrainingConfig([0, 1, 2, 3, 4, 5], 4, BatchSize: 32, Seed: 7, EvaluationSize: 40);
        var data = SyntheticMnist(160, 42);
        var run = AutoencoderTraining.Run(config, data, Path.Combine(_root, "train"));
        var trajectory = TrainingRunTrajectory.Load(run.RunDirectory);

        var first = ClosedLoopForecast.Run(config, data, trajectory, 4, 2);
        Assert.Empty(first.Notes);   // the replay matched the recording exactly
        var minibatch = ForecastMethod.ClosedLoop; var mean = ForecastMethod.ClosedLoopMean;
        Assert.Equal(6, first.Rows.Count);
        Assert.Equal(2, first.Rows[(minibatch, 1)].Count);
        Assert.Single(first.Rows[(mean, 3)]);   // the run ends at epoch 4
        var again = ClosedLoopForecast.Run(config, data, trajectory, 4, 2);
        foreach (var key in first.Rows.Keys) Assert.Equal(first.Rows[key][^1].B1, again.Rows[key][^1].B1);
        Assert.NotEqual(first.Rows[(minibatch, 2)][0].B1, first.Rows[(mean, 2)][0].B1);
        foreach (var key in first.Rows.Keys) Assert.NotEqual(trajectory.Epochs[key.Start].B1.Weights, first.Rows[key][0].B1);   // the rows moved

        var other = Assert.Throws<DataFileException>(() => ClosedLoopForecast.Run(config, SyntheticMnist(160, 43), trajectory, 4, 2));
        Assert.Contains("differ from the recording", other.Message);
    }
}
