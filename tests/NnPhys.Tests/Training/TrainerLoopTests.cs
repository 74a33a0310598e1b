using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Tests.Training;

/// <summary>
/// The trainer's loop as a caller sees it: every sample visited once per epoch in the order a
/// <see cref="RandomStream"/>(seed, 1) shuffle gives (or in data order without shuffling), cancellation between epochs,
/// <see cref="Trainer{T}.TrainEpoch"/> beyond the configured epochs and on data of another size, the data checks'
/// messages, damaged checkpoints, and the observers' bookkeeping (initial snapshot once, statistics without
/// OnTrainingStart, empty epochs).
/// </summary>
public class TrainerLoopTests
{
    // One dense layer 1 → 1: the layer's LastInput during OnStep is exactly the minibatch, so row values that are
    // sample ids reveal the visiting order.
    static Network<double> Probe() => new(LayerStack.Parse(1, "dense(1)"), new RandomStream(1));

    static Matrix<double> Ids(int n)
    {
        var m = new Matrix<double>(n, 1);
        for (int i = 0; i < n; i++) m.Data[i] = i;
        return m;
    }

    sealed class OrderRecorder(string layer) : ITrainingObserver<double>
    {
        public List<int> Visited { get; } = [];
        public List<StepReport> Steps { get; } = [];
        public List<EpochReport> Epochs { get; } = [];
        public void OnStep(Trainer<double> trainer, in StepReport step)
        {
            foreach (var x in trainer.Network.Layer(layer).LastInput) Visited.Add((int)x);
            Steps.Add(step);
        }
        public void OnEpochEnd(Trainer<double> trainer, in EpochReport epoch) => Epochs.Add(epoch);
    }

    [Fact]
    public void EachEpochVisitsEverySampleOnceInTheSeededShuffleOrder()
    {
        const int n = 23, batch = 5, epochs = 3;
        var net = Probe();
        var trainer = new Trainer<double>(net, new Sgd<double>(net.Parameters, 1e-3), new TrainingOptions(epochs, batch, Shuffle: true, Seed: 42));
        var recorder = new OrderRecorder("out");
        var data = Ids(n);
        trainer.Fit(data, data, [recorder]);
        Assert.Equal(epochs * n, recorder.Visited.Count);
        // the documented stream: new RandomStream(seed, 1), one Fisher–Yates shuffle of 0..n−1 per epoch
        var reference = new RandomStream(42, 1);
        var previous = Array.Empty<int>();
        for (int e = 0; e < epochs; e++)
        {
            var order = Enumerable.Range(0, n).ToArray();
            reference.Shuffle(order.AsSpan());
            var seen = recorder.Visited.Skip(e * n).Take(n).ToArray();
            Assert.Equal(order, seen);
            Assert.Equal(Enumerable.Range(0, n), seen.Order());               // a permutation: each sample exactly once
            Assert.NotEqual(Enumerable.Range(0, n), seen);                    // and actually shuffled
            Assert.NotEqual(previous, seen);                                  // a fresh order every epoch
            previous = seen;
        }
        // ⌈23/5⌉ = 5 steps: four of 5 and one of 3, indexed 0..4 within the epoch
        Assert.Equal([5, 5, 5, 5, 3], recorder.Steps.Take(5).Select(s => s.BatchSize));
        Assert.Equal([0, 1, 2, 3, 4], recorder.Steps.Take(5).Select(s => s.StepInEpoch));
        Assert.All(recorder.Steps, s => Assert.Equal(5, s.StepsPerEpoch));
        Assert.All(recorder.Epochs, e => Assert.Equal(5, e.Steps));
        Assert.All(recorder.Epochs, e => Assert.True(e.Seconds >= 0));
    }

    [Fact]
    public void WithoutShufflingSamplesComeInDataOrderAndAGivenStreamIsUsed()
    {
        const int n = 11;
        var net = Probe();
        var plain = new Trainer<double>(net, new Sgd<double>(net.Parameters, 1e-3), new TrainingOptions(2, 4, Shuffle: false));
        var recorder = new OrderRecorder("out");
        plain.Fit(Ids(n), Ids(n), [recorder]);
        Assert.Equal(Enumerable.Range(0, n).Concat(Enumerable.Range(0, n)), recorder.Visited);

        var own = new RandomStream(5, 9);
        var net2 = Probe();
        var shuffled = new Trainer<double>(net2, new Sgd<double>(net2.Parameters, 1e-3), new TrainingOptions(1, 4, Seed: 1), own);
        var recorder2 = new OrderRecorder("out");
        shuffled.Fit(Ids(n), Ids(n), [recorder2]);
        var order = Enumerable.Range(0, n).ToArray();
        new RandomStream(5, 9).Shuffle(order.AsSpan());
        Assert.Equal(order, recorder2.Visited);
    }

    [Fact]
    public void EpochLossIsTheFullDataLossBeforeTheStepForFullBatchSgd()
    {
        // batch = n, no shuffling: the epoch's loss is L(θ_before) and θ_after = θ_before − η ∇L, on data sets of two
        // sizes in turn (the order and batch buffers must follow the data)
        var net = new Network<double>(LayerStack.Parse(3, "dense(4)|tanh|dense(2)"), new RandomStream(2));
        var trainer = new Trainer<double>(net, new Sgd<double>(net.Parameters, 0.05), new TrainingOptions(1, BatchSize: 64, Shuffle: false));
        foreach (int rows in new[] { 20, 9, 20 })
        {
            var x = new Matrix<double>(rows, 3); var y = new Matrix<double>(rows, 2);
            new RandomStream((ulong)rows).FillNormal(x.Data); new RandomStream((ulong)rows, 1).FillNormal(y.Data);
            var copy = net.Clone();
            double expected = FullBatchGradient.Compute(copy, x, y);
            var report = trainer.TrainEpoch(x, y);
            Assert.Equal(expected, report.MeanLoss, 1e-13);
            for (int i = 0; i < copy.Parameters.Count; i++)
                Assert.Equal(copy.Parameters.Values[i] - 0.05 * copy.Parameters.Gradients[i], net.Parameters.Values[i], 1e-13);
        }
        Assert.Equal(3, trainer.CompletedEpochs);   // TrainEpoch runs past Options.Epochs = 1
        Assert.Equal(3, trainer.GlobalStep);
        Assert.Equal(3, trainer.EpochLosses.Count);
        Assert.Same(Losses.Mse, trainer.Loss);
        var x3 = new Matrix<double>(4, 3); var y3 = new Matrix<double>(4, 2);
        Assert.Equal(3, trainer.Fit(x3, y3).Count); // Fit with all epochs done trains nothing more
        Assert.Equal(3, trainer.GlobalStep);
    }

    sealed class CancelAfterFirstEpoch(CancellationTokenSource source) : ITrainingObserver<double>
    {
        public void OnStep(Trainer<double> trainer, in StepReport step) { }
        public void OnEpochEnd(Trainer<double> trainer, in EpochReport epoch) => source.Cancel();
    }

    [Fact]
    public void CancellationStopsAtAnEpochBoundary()
    {
        var net = Probe();
        var trainer = new Trainer<double>(net, new Sgd<double>(net.Parameters, 1e-3), new TrainingOptions(5, 4));
        using var source = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(Ids(10), Ids(10), [new CancelAfterFirstEpoch(source)], source.Token));
        Assert.Equal(1, trainer.CompletedEpochs);
        Assert.Equal(3, trainer.GlobalStep);
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(Ids(10), Ids(10), cancellation: source.Token));
        Assert.Equal(1, trainer.CompletedEpochs);
    }

    [Fact]
    public void DataChecksNameTheProblem()
    {
        var net = new Network<double>(LayerStack.Parse(3, "dense(2)"), new RandomStream(1));
        var trainer = new Trainer<double>(net, new Sgd<double>(net.Parameters, 0.1), new TrainingOptions(1, 4));
        var x = new Matrix<double>(5, 3); var y = new Matrix<double>(5, 2);
        Assert.Contains("Inputs have 2 columns", Assert.Throws<InvalidConfigException>(() => trainer.Fit(new Matrix<double>(5, 2), y)).Message);
        Assert.Contains("Targets have 3 columns", Assert.Throws<InvalidConfigException>(() => trainer.Fit(x, new Matrix<double>(5, 3))).Message);
        Assert.Contains("Inputs have 5 rows and targets 4", Assert.Throws<InvalidConfigException>(() => trainer.Fit(x, new Matrix<double>(4, 2))).Message);
        Assert.Contains("non-zero", Assert.Throws<InvalidConfigException>(() => trainer.TrainEpoch(new Matrix<double>(0, 3), new Matrix<double>(0, 2))).Message);
        y[4, 1] = double.PositiveInfinity;
        Assert.Contains($"Targets hold {double.PositiveInfinity} at row 4, column 1", Assert.Throws<InvalidConfigException>(() => trainer.TrainEpoch(x, y)).Message);
        y[4, 1] = 0; x[2, 0] = double.NaN;
        Assert.Contains("Inputs hold NaN at row 2, column 0", Assert.Throws<InvalidConfigException>(() => trainer.Fit(x, y)).Message);
        Assert.Equal(0, trainer.CompletedEpochs);
    }

    [Fact]
    public void NaNLossMessageNamesTheStepAndTheOptimizer()
    {
        var net = new Network<double>(LayerStack.Parse(1, "dense(1)"), new RandomStream(1));
        var trainer = new Trainer<double>(net, new HeavyBallMomentum<double>(net.Parameters, 0.1, 0.5), new TrainingOptions(1, 2, Shuffle: false));
        var x = Ids(6); var y = Ids(6);
        net.Parameters.Value("out.weight")[0] = 1e300; // ŷ² overflows on the second row onwards: loss = ∞ at step 1
        var ex = Assert.Throws<NumericalInstabilityException>(() => trainer.Fit(x, y));
        Assert.Contains("step 1 of 3", ex.Message);
        Assert.Contains("global step 1", ex.Message);
        Assert.Contains("heavy-ball(lr=0.1, μ=0.5)", ex.Message);
        Assert.Contains($"Training loss became {double.PositiveInfinity}", ex.Message);
        Assert.Equal(1e300, net.Parameters.Value("out.weight")[0]); // the step that failed was not applied
    }

    [Fact]
    public void DamagedCheckpointsAreRejectedWithTheKeyNamed()
    {
        var net = Probe();
        var trainer = new Trainer<double>(net, new Sgd<double>(net.Parameters, 0.1), new TrainingOptions(2, 4));
        trainer.Fit(Ids(8), Ids(8));
        var good = trainer.SaveState();
        Assert.Equal(new long[] { 4 }, good["trainer.batch_size"]);
        Assert.Equal(new long[] { 2 }, good["trainer.epoch"]);
        Assert.Equal(new long[] { 4 }, good["trainer.global_step"]);
        Assert.Equal(6, good["trainer.rng"].Length);

        var wrongLength = new Dictionary<string, Array>(good) { ["trainer.epoch_losses"] = new double[1] };
        Assert.Contains("'trainer.epoch_losses'", Assert.Throws<InvalidConfigException>(() => Fresh().RestoreState(wrongLength)).Message);
        var wrongType = new Dictionary<string, Array>(good) { ["trainer.epoch_losses"] = new float[2] };
        Assert.Contains("damaged", Assert.Throws<InvalidConfigException>(() => Fresh().RestoreState(wrongType)).Message);
        var missing = new Dictionary<string, Array>(good); missing.Remove("trainer.epoch_losses");
        Assert.Throws<InvalidConfigException>(() => Fresh().RestoreState(missing));
        var noRng = new Dictionary<string, Array>(good); noRng.Remove("trainer.rng");
        Assert.Contains("no 'trainer.rng'", Assert.Throws<InvalidConfigException>(() => Fresh().RestoreState(noRng)).Message);
        var shortRng = new Dictionary<string, Array>(good) { ["trainer.rng"] = new long[5] };
        Assert.Contains("has 5 elements but 6", Assert.Throws<InvalidConfigException>(() => Fresh().RestoreState(shortRng)).Message);

        var restored = Fresh();
        restored.RestoreState(good);
        Assert.Equal((2, 4L), (restored.CompletedEpochs, restored.GlobalStep));
        Assert.Equal(trainer.EpochLosses, restored.EpochLosses);
        Assert.Equal(net.Parameters.Values, restored.Network.Parameters.Values);
        Assert.Equal(4, restored.Optimizer.StepCount);
    }

    static Trainer<double> Fresh()
    {
        var net = new Network<double>(LayerStack.Parse(1, "dense(1)"), new RandomStream(99));
        return new Trainer<double>(net, new Sgd<double>(net.Parameters, 0.1), new TrainingOptions(3, 4));
    }

    [Fact]
    public void GradientStatisticsWorkWithoutATrainingStartAndSkipEmptyEpochs()
    {
        // TrainEpoch does not call OnTrainingStart: the observer must start itself at the first step
        var net = new Network<double>(LayerStack.Parse(2, "dense(3)"), new RandomStream(3));
        var trainer = new Trainer<double>(net, new Sgd<double>(net.Parameters, 1e-2), new TrainingOptions(1, 2, Shuffle: false));
        var x = new Matrix<double>(4, 2, [1, 0, 0, 1, 1, 1, 2, -1]);
        var y = new Matrix<double>(4, 3);
        var stats = new MinibatchGradientStatistics<double>(["out"]);
        var gradients = new List<double[]>();
        var collector = new Collector(gradients);
        stats.OnEpochEnd(trainer, new EpochReport(0, 0, 0, 0)); // nothing accumulated: no epoch recorded
        Assert.Empty(stats.Epochs);
        trainer.TrainEpoch(x, y, [stats, collector]);
        trainer.TrainEpoch(x, y, [stats, collector]);
        Assert.Equal([1, 2], stats.Epochs.Select(e => e.Epoch));
        Assert.All(stats.Epochs, e => Assert.Equal(2, e.Steps));
        for (int e = 0; e < 2; e++)
        {
            var g1 = gradients[2 * e]; var g2 = gradients[2 * e + 1];
            for (int k = 0; k < 6; k++)
                Assert.Equal((g1[k] + g2[k]) / 2, stats.Epochs[e].Mean["out"].Data[k], 1e-14);
            // two samples: Cov = (g1 − g2)(g1 − g2)ᵀ / 4 per row
            for (int i = 0; i < 2; i++)
                for (int a = 0; a < 3; a++)
                    for (int b = 0; b < 3; b++)
                        Assert.Equal((g1[i * 3 + a] - g2[i * 3 + a]) * (g1[i * 3 + b] - g2[i * 3 + b]) / 4,
                            stats.Epochs[e].RowCovariance["out"][i, a * 3 + b], 1e-14);
        }
        stats.OnTrainingStart(trainer);
        stats.OnEpochEnd(trainer, new EpochReport(3, 0, 0, 0));
        Assert.Equal(2, stats.Epochs.Count);
    }

    sealed class Collector(List<double[]> gradients) : ITrainingObserver<double>
    {
        public void OnStep(Trainer<double> trainer, in StepReport step) => gradients.Add(trainer.Network.Layer("out").WeightGradient.ToArray());
        public void OnEpochEnd(Trainer<double> trainer, in EpochReport epoch) { }
    }

    [Fact]
    public void GradientStatisticsRefuseWideLayers()
    {
        // 100 × 1000: in·out² = 10⁸ covariance entries, above the 10⁷ limit
        var net = new Network<double>(LayerStack.Parse(100, "dense(1000)"), new RandomStream(1));
        var trainer = new Trainer<double>(net, new Sgd<double>(net.Parameters, 1e-3), new TrainingOptions(1, 1));
        var message = Assert.Throws<InvalidConfigException>(() => new MinibatchGradientStatistics<double>(["out"]).OnTrainingStart(trainer)).Message;
        Assert.Contains("too wide", message);
        Assert.Contains("100000000 entries", message);
    }

    [Fact]
    public void SnapshotRecorderTakesTheInitialSnapshotOnceAndRecordsTheEpochLosses()
    {
        var net = new Network<double>(LayerStack.Parse(2, "dense(3)|tanh|dense(2)"), new RandomStream(4));
        var trainer = new Trainer<double>(net, new Adam<double>(net.Parameters), new TrainingOptions(2, 3));
        var x = new Matrix<double>(7, 2); new RandomStream(5).FillNormal(x.Data);
        var y = new Matrix<double>(7, 2); new RandomStream(6).FillNormal(y.Data);
        var recorder = new EpochSnapshotRecorder<double>(["h1"]);
        recorder.OnTrainingStart(trainer);
        recorder.OnTrainingStart(trainer); // same epoch again: no second snapshot
        Assert.Single(recorder.Snapshots);
        trainer.Fit(x, y, [recorder]);
        Assert.Equal([0, 1, 2], recorder.Snapshots.Select(s => s.Epoch));
        Assert.True(double.IsNaN(recorder.Snapshots[0].MeanLoss));
        Assert.Equal(trainer.EpochLosses, recorder.Snapshots.Skip(1).Select(s => s.MeanLoss));
        Assert.Equal([0L, 3L, 6L], recorder.Snapshots.Select(s => s.OptimizerSteps));
        Assert.All(recorder.Snapshots, s => Assert.Empty(s.Outputs));
        Assert.All(recorder.Snapshots, s => Assert.Empty(s.FullBatchGradients));
        Assert.All(recorder.Snapshots, s => Assert.True(double.IsNaN(s.FullBatchLoss)));
        Assert.Equal(["h1"], recorder.Snapshots[^1].Weights.Keys);
        Assert.Equal(["m.h1", "v.h1"], recorder.Snapshots[^1].OptimizerState.Keys.Order());

        // a resumed run at epoch 2: a recorder that already holds epoch 2 adds none, a new one takes it
        var resumed = new Trainer<double>(net, trainer.Optimizer, new TrainingOptions(3, 3));
        resumed.RestoreState(trainer.SaveState());
        recorder.OnTrainingStart(resumed);
        Assert.Equal(3, recorder.Snapshots.Count);
        var late = new EpochSnapshotRecorder<double>(["h1"]);
        late.OnTrainingStart(resumed);
        Assert.Equal(2, Assert.Single(late.Snapshots).Epoch);
    }
}
