using System.Runtime.InteropServices;
using DenseMatrix = MathNet.Numerics.LinearAlgebra.Matrix<double>;
using NnPhys.Architectures;
using NnPhys.Data;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;
using Architecture = NnPhys.Architectures.Architecture;
using NnPhys.IO;

namespace NnPhys.Tests.Training;

public class TrainerTests
{
    static Architecture SmallAutoencoder() => Architecture.Autoencoder(new AutoencoderOptions(InputSize: 20, Hidden1: 12, Hidden2: 8));

    static Matrix<float> Pixels(int rows, int cols, ulong seed)
    {
        var m = new Matrix<float>(rows, cols);
        new RandomStream(seed, 5).FillUniform(m.Data, 0, 1);
        return m;
    }

    static Trainer<float> NewTrainer(int epochs, ulong initSeed)
    {
        var net = new Network<float>(SmallAutoencoder(), new RandomStream(initSeed));
        return new Trainer<float>(net, new Adam<float>(net.Parameters), new TrainingOptions(epochs, BatchSize: 16, Seed: 77));
    }

    static byte[] Bytes(Array a) => a switch
    {
        float[,] f2 => MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref f2[0, 0], f2.Length)).ToArray(),
        float[] f => MemoryMarshal.AsBytes(f.AsSpan()).ToArray(),
        double[] d => MemoryMarshal.AsBytes(d.AsSpan()).ToArray(),
        long[] l => MemoryMarshal.AsBytes(l.AsSpan()).ToArray(),
        ulong[] u => MemoryMarshal.AsBytes(u.AsSpan()).ToArray(),
        _ => throw new NotSupportedException(a.GetType().Name),
    };

    [Fact]
    public void ResumeIsBitExact()
    {
        var data = Pixels(100, 20, 1); // 100 = 6·16 + 4: the last batch is partial
        var straight = NewTrainer(2, initSeed: 3);
        straight.Fit(data, data);

        var first = NewTrainer(1, initSeed: 3);
        first.Fit(data, data);
        // through an .npz file, as the run layer checkpoints it
        string path = Path.Combine(Path.GetTempPath(), $"nnphys-resume-{Guid.NewGuid():N}.npz");
        Dictionary<string, Array> saved;
        try
        {
            Npz.Write(path, TrainingStateNpy.ToNpyArrays(first.SaveState()));
            saved = TrainingStateNpy.FromNpyArrays(Npz.Read(path));
        }
        finally { File.Delete(path); }

        var resumed = NewTrainer(2, initSeed: 999); // different initialization: everything must come from the state
        resumed.RestoreState(saved);
        Assert.Equal(1, resumed.CompletedEpochs);
        resumed.Fit(data, data);

        var a = straight.SaveState();
        var b = resumed.SaveState();
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var key in a.Keys) Assert.True(Bytes(a[key]).SequenceEqual(Bytes(b[key])), $"'{key}' differs after resume");
        Assert.Equal(2 * 7, (long)(a["trainer.global_step"] as long[])![0]);
        Assert.Contains("adam.m.b1.weight", a.Keys);
        Assert.IsType<long[]>(a["trainer.rng"]);
        Assert.Contains("network.b2.weight", a.Keys);
        Assert.IsType<float[,]>(a["network.b1.weight"]);
        Assert.Equal(new[] { 8, 2 }, new[] { a["network.b1.weight"].GetLength(0), a["network.b1.weight"].GetLength(1) });
    }

    [Fact]
    public void RestoreRejectsAnotherConfiguration()
    {
        var data = Pixels(40, 20, 2);
        var t = NewTrainer(1, 1);
        t.Fit(data, data);
        var state = t.SaveState();
        var net = new Network<float>(SmallAutoencoder(), new RandomStream(1));
        var otherBatch = new Trainer<float>(net, new Adam<float>(net.Parameters), new TrainingOptions(2, BatchSize: 32));
        Assert.Contains("batch size", Assert.Throws<InvalidConfigException>(() => otherBatch.RestoreState(state)).Message);
        var dnet = new Network<double>(SmallAutoencoder(), new RandomStream(1));
        var doubleTrainer = new Trainer<double>(dnet, new Adam<double>(dnet.Parameters), new TrainingOptions(2, BatchSize: 16));
        Assert.Contains("precision", Assert.Throws<InvalidConfigException>(() => doubleTrainer.RestoreState(state)).Message);
        var wider = new Network<float>(Architecture.Autoencoder(new AutoencoderOptions(InputSize: 20, Hidden1: 13, Hidden2: 8)), new RandomStream(1));
        var widerTrainer = new Trainer<float>(wider, new Adam<float>(wider.Parameters), new TrainingOptions(2, BatchSize: 16));
        Assert.Contains("architecture", Assert.Throws<InvalidConfigException>(() => widerTrainer.RestoreState(state)).Message);
    }

    [Fact]
    public void FullBatchGradientDescentOnALinearModelConvergesToLeastSquares()
    {
        // one identity layer with bias, full-batch GD on MSE: the fixed point is the ordinary least-squares solution
        var arch = new Architecture([new DenseLayerSpec("linear", 3, 2, true, Activation.Identity, Initializer.Zeros, Initializer.Zeros)]);
        var net = new Network<double>(arch, new RandomStream(1));
        var x = new Matrix<double>(40, 3); var y = new Matrix<double>(40, 2);
        var rng = new RandomStream(2);
        rng.FillNormal(x.Data); rng.FillNormal(y.Data);
        var trainer = new Trainer<double>(net, new Sgd<double>(net.Parameters, 0.5), new TrainingOptions(3000, BatchSize: 40, Shuffle: false));
        trainer.Fit(x, y);
        // OLS with an intercept column, solved independently by MathNet's QR
        var design = DenseMatrix.Build.Dense(40, 4, (i, j) => j < 3 ? x[i, j] : 1.0);
        var targets = DenseMatrix.Build.Dense(40, 2, (i, j) => y[i, j]);
        var beta = design.QR().Solve(targets); // (4, 2): rows 0–2 weights (in, out), row 3 intercept
        var w = net.Layer("linear").Weight; var b = net.Layer("linear").Bias;
        for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) Assert.Equal(beta[i, j], w[i * 2 + j], 1e-9);
        for (int j = 0; j < 2; j++) Assert.Equal(beta[3, j], b[j], 1e-9);
    }

    [Fact]
    public void OneFullBatchStepIsParametersMinusLearningRateTimesFullGradient()
    {
        var net = new Network<double>(Architecture.Autoencoder(new AutoencoderOptions(InputSize: 6, Hidden1: 5, Hidden2: 4)), new RandomStream(4));
        var x = new Matrix<double>(10, 6); new RandomStream(5).FillUniform(x.Data);
        var start = (double[])net.Parameters.Values.Clone();
        double loss = FullBatchGradient.Compute(net, x, x);
        var g = (double[])net.Parameters.Gradients.Clone();
        var trainer = new Trainer<double>(net, new Sgd<double>(net.Parameters, 0.1), new TrainingOptions(1, BatchSize: 10));
        var losses = trainer.Fit(x, x);
        Assert.Equal(loss, losses[0], 1e-14);
        for (int i = 0; i < g.Length; i++) Assert.Equal(start[i] - 0.1 * g[i], net.Parameters.Values[i], 1e-14);
    }

    [Fact]
    public void NaNLossStopsWithEpochAndStep()
    {
        var data = Pixels(64, 20, 3);
        var t = NewTrainer(3, 1);
        var observer = new CountingObserver();
        t.Fit(data, data, [observer]);
        t.Network.Parameters.Value("b2.weight")[0] = float.NaN;
        var more = new Trainer<float>(t.Network, t.Optimizer, new TrainingOptions(5, BatchSize: 16, Seed: 77));
        more.RestoreState(t.SaveState());
        var ex = Assert.Throws<NumericalInstabilityException>(() => more.Fit(data, data));
        Assert.Contains("epoch 4, step 1 of 4", ex.Message);
        Assert.Contains("checkpoint", ex.Message);
    }

    [Fact]
    public void InvalidOptionsAndDataAreRejected()
    {
        var net = new Network<float>(SmallAutoencoder(), new RandomStream(1));
        var adam = new Adam<float>(net.Parameters);
        Assert.Throws<InvalidConfigException>(() => new Trainer<float>(net, adam, new TrainingOptions(0)));
        Assert.Contains("Batch size", Assert.Throws<InvalidConfigException>(() => new Trainer<float>(net, adam, new TrainingOptions(1, BatchSize: 0))).Message);
        var other = new Network<float>(SmallAutoencoder(), new RandomStream(1));
        Assert.Throws<InvalidConfigException>(() => new Trainer<float>(net, new Adam<float>(other.Parameters), new TrainingOptions(1)));
        var trainer = new Trainer<float>(net, adam, new TrainingOptions(1));
        var data = Pixels(10, 20, 1);
        data[3, 4] = float.NaN;
        Assert.Contains("row 3, column 4", Assert.Throws<InvalidConfigException>(() => trainer.Fit(data, data)).Message);
        Assert.Throws<InvalidConfigException>(() => trainer.Fit(Pixels(10, 19, 1), Pixels(10, 20, 1)));
    }

    [Fact]
    public void ObserversSeeEveryStepAndEpochAndSnapshotsMatchTheTrainer()
    {
        var data = Pixels(50, 20, 4);
        var eval = Pixels(9, 20, 5);
        var t = NewTrainer(3, 2);
        var counter = new CountingObserver();
        var recorder = new EpochSnapshotRecorder<float>(["b1", "b2"], eval);
        var losses = t.Fit(data, data, [counter, recorder]);

        Assert.Equal(3 * 4, counter.Steps.Count);                    // ⌈50/16⌉ = 4 steps per epoch
        Assert.Equal([16, 16, 16, 2], counter.Steps.Take(4).Select(s => s.BatchSize));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), counter.Steps.Select(s => s.GlobalStep));
        Assert.Equal([1, 2, 3], counter.Epochs.Select(e => e.Epoch));
        for (int e = 0; e < 3; e++)
        {
            var steps = counter.Steps.Where(s => s.Epoch == e + 1).ToArray();
            double weighted = steps.Sum(s => s.Loss * s.BatchSize) / 50;
            Assert.Equal(weighted, counter.Epochs[e].MeanLoss, 1e-12);
            Assert.Equal(weighted, losses[e], 1e-12);
        }
        Assert.True(losses[2] < losses[0], "Adam should lower the loss over three epochs");

        Assert.Equal([0, 1, 2, 3], recorder.Snapshots.Select(s => s.Epoch));
        Assert.Equal(0, recorder.Snapshots[0].OptimizerSteps);
        var last = recorder.Snapshots[^1];
        Assert.Equal(12, last.OptimizerSteps);
        var adam = (Adam<float>)t.Optimizer;
        Assert.Equal(adam.FirstMoment("b1.weight").ToArray().Select(v => (double)v), last.OptimizerState["m.b1"].Data);
        Assert.Equal(adam.SecondMoment("b2.weight").ToArray().Select(v => (double)v), last.OptimizerState["v.b2"].Data);
        Assert.Equal(t.Network.Layer("b2").Weight.ToArray().Select(v => (double)v), last.Weights["b2"].Data);
        Assert.Equal(t.Network.LayerOutputs("b1", eval).Data.Select(v => (double)v), last.Outputs["b1"].Data);
        Assert.Equal((9, 2), (last.Outputs["b2"].Rows, last.Outputs["b2"].Cols));
        Assert.NotEqual(recorder.Snapshots[0].Weights["b1"].Data, last.Weights["b1"].Data);
    }

    [Fact]
    public void FullBatchGradientSnapshotsMatchAnIndependentComputationAndLeaveTrainingUnchanged()
    {
        var data = Pixels(40, 20, 8);
        var plain = NewTrainer(2, 5);
        var snapshots = new List<Network<float>>();
        plain.Fit(data, data, [new CloningObserver(snapshots)]);

        var recorded = NewTrainer(2, 5);
        var recorder = new EpochSnapshotRecorder<float>(["b1"], gradientInputs: data, gradientTargets: data);
        recorded.Fit(data, data, [recorder]);

        Assert.Equal(plain.Network.Parameters.Values, recorded.Network.Parameters.Values); // recording changed nothing
        for (int e = 0; e <= 2; e++)
        {
            var net = snapshots[e];
            double loss = FullBatchGradient.Compute(net, data, data);
            Assert.Equal(loss, recorder.Snapshots[e].FullBatchLoss, 1e-12);
            Assert.Equal(net.Layer("b1").WeightGradient.ToArray().Select(v => (double)v), recorder.Snapshots[e].FullBatchGradients["b1"].Data);
        }
        Assert.Throws<ArgumentException>(() => new EpochSnapshotRecorder<float>(["b1"], gradientInputs: data));
    }

    [Fact]
    public void MinibatchGradientStatisticsMatchATwoPassComputation()
    {
        var data = Pixels(70, 20, 9);
        var t = NewTrainer(2, 6);
        var stats = new MinibatchGradientStatistics<float>(["b1", "b2"]);
        var raw = new GradientCollector("b1");
        t.Fit(data, data, [stats, raw]);
        Assert.Equal(2, stats.Epochs.Count);
        for (int e = 0; e < 2; e++)
        {
            var steps = raw.Gradients.Skip(5 * e).Take(5).ToArray(); // ⌈70/16⌉ = 5 steps per epoch
            Assert.Equal(5, stats.Epochs[e].Steps);
            var mean = stats.Epochs[e].Mean["b1"];
            var cov = stats.Epochs[e].RowCovariance["b1"];
            Assert.Equal((8, 4), (cov.Rows, cov.Cols));
            for (int i = 0; i < 8; i++)
                for (int a = 0; a < 2; a++)
                {
                    double m = steps.Average(g => (double)g[i * 2 + a]);
                    Assert.Equal(m, mean[i, a], 1e-12);
                    for (int b = 0; b < 2; b++)
                    {
                        double mb = steps.Average(g => (double)g[i * 2 + b]);
                        double c = steps.Sum(g => (g[i * 2 + a] - m) * (g[i * 2 + b] - mb)) / 5;
                        Assert.Equal(c, cov[i, a * 2 + b], 1e-15 + 1e-9 * Math.Abs(c));
                    }
                }
        }
        Assert.Throws<InvalidConfigException>(() => NewTrainer(1, 1).Fit(Pixels(20, 20, 1), Pixels(20, 20, 1),
            [new MinibatchGradientStatistics<float>(["bottleneck"])]));
    }

    sealed class GradientCollector(string layer) : ITrainingObserver<float>
    {
        public List<float[]> Gradients { get; } = [];
        public void OnStep(Trainer<float> trainer, in StepReport step) => Gradients.Add(trainer.Network.Layer(layer).WeightGradient.ToArray());
        public void OnEpochEnd(Trainer<float> trainer, in EpochReport epoch) { }
    }

    sealed class CloningObserver(List<Network<float>> copies) : ITrainingObserver<float>
    {
        public void OnTrainingStart(Trainer<float> trainer) => copies.Add(trainer.Network.Clone());
        public void OnStep(Trainer<float> trainer, in StepReport step) { }
        public void OnEpochEnd(Trainer<float> trainer, in EpochReport epoch) => copies.Add(trainer.Network.Clone());
    }

    [Fact]
    public void TrainingStepsDoNotAllocate()
    {
        var data = Pixels(16 * 40, 20, 7);
        var t = NewTrainer(10, 1);
        var observer = new CountingObserver();
        t.TrainEpoch(data, data); // buffers are allocated in the first epoch
        observer.Steps.Capacity = 100;
        long before = GC.GetAllocatedBytesForCurrentThread();
        t.TrainEpoch(data, data, [observer]);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // 40 steps; per-epoch objects (stopwatch, observer list) only — any per-step allocation would be ≥ 40 × 24 bytes
        Assert.True(allocated < 600, $"an epoch of 40 steps allocated {allocated} bytes");
        Assert.Equal(40, observer.Steps.Count);
    }

    [Fact]
    public void ShufflingIsReproducibleFromTheSeed()
    {
        var data = Pixels(48, 20, 6);
        var a = NewTrainer(2, 1); a.Fit(data, data);
        var b = NewTrainer(2, 1); b.Fit(data, data);
        Assert.Equal(a.Network.Parameters.Values, b.Network.Parameters.Values);
        var net = new Network<float>(SmallAutoencoder(), new RandomStream(1));
        var c = new Trainer<float>(net, new Adam<float>(net.Parameters), new TrainingOptions(2, BatchSize: 16, Seed: 78));
        c.Fit(data, data);
        Assert.NotEqual(a.Network.Parameters.Values, c.Network.Parameters.Values);
    }

    sealed class CountingObserver : ITrainingObserver<float>
    {
        public List<StepReport> Steps { get; } = [];
        public List<EpochReport> Epochs { get; } = [];
        public void OnStep(Trainer<float> trainer, in StepReport step) => Steps.Add(step);
        public void OnEpochEnd(Trainer<float> trainer, in EpochReport epoch) => Epochs.Add(epoch);
    }
}
