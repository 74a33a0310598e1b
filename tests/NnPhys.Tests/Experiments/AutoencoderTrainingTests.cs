using NnPhys.Data;
using NnPhys.Experiments;
using NnPhys.Numerics;
using NnPhys.Runs;

namespace NnPhys.Tests.Experiments;

public sealed class AutoencoderTrainingTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("nnphys-ae-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A small synthetic MNIST-shaped set: 10 classes of noisy blobs, 300 images.</summary>
    static MnistDataset SyntheticMnist(int count = 300)
    {
        var rng = new RandomStream(42);
        var images = new float[count * 784];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 10);
            for (int p = 0; p < 784; p++)
                images[i * 784 + p] = (float)Math.Clamp(((p / 28 + labels[i] * 3) % 28 < 6 ? 0.8 : 0.1) + 0.1 * rng.NextNormal(), 0, 1);
        }
        return new MnistDataset(images, labels);
    }

    static AutoencoderTrainingConfig Config(int epochs = 3) => new([0, 1, 2, 3, 4, 5], epochs, BatchSize: 32, Seed: 7, EvaluationSize: 40);

    [Fact]
    public void KilledAndResumedRunEndsWithTheNumbersOfAnUninterruptedOne()
    {
        var data = SyntheticMnist();
        var straight = AutoencoderTraining.Run(Config(), data, Path.Combine(_root, "straight"));

        string killedDir = Path.Combine(_root, "killed");
        using var cts = new CancellationTokenSource();
        var cancelAfterEpochOne = new CallbackProgress(t => { if (t.Done >= 1 && t.Status?.Contains("mean loss") == true) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => AutoencoderTraining.Run(Config(), data, killedDir, false, cancelAfterEpochOne, cts.Token));
        Assert.Equal(RunStatus.Failed, RunDirectory.ReadManifest(killedDir).Status);

        var resumed = AutoencoderTraining.Run(Config(), data, killedDir, resume: true);
        Assert.Equal(straight.EpochLosses, resumed.EpochLosses);
        var a = TrainingRunTrajectory.Load(straight.RunDirectory).Epochs;
        var b = TrainingRunTrajectory.Load(resumed.RunDirectory).Epochs;
        Assert.Equal(4, b.Count);
        for (int t = 0; t < 4; t++)
        {
            Assert.Equal(a[t].B1.Weights, b[t].B1.Weights);
            Assert.Equal(a[t].B2.AdamV, b[t].B2.AdamV);
            Assert.Equal(a[t].B1.FullBatchGradient, b[t].B1.FullBatchGradient);
            Assert.Equal(a[t].B2Outputs, b[t].B2Outputs);
            Assert.Equal(a[t].B1.GradientCovariance, b[t].B1.GradientCovariance);
        }
        Assert.Equal(RunStatus.Complete, RunDirectory.ReadManifest(killedDir).Status);
    }

    [Fact]
    public void RecordsTheBottleneckTrajectoryWithConsistentShapesAndLatentOutputs()
    {
        var result = AutoencoderTraining.Run(Config(epochs: 1), SyntheticMnist(), Path.Combine(_root, "run"));
        var trajectory = TrainingRunTrajectory.Load(result.RunDirectory);
        Assert.Equal(1, trajectory.EpochCount);
        Assert.Equal((300 * 6 / 10 + 31) / 32, trajectory.StepsPerEpoch);    // 180 images of digits 0–5, batch 32
        var e1 = trajectory.Epochs[1];
        Assert.Equal(400, e1.B1.Weights.Length);
        Assert.Equal(4, e1.B2.Weights.Length);
        Assert.Null(trajectory.Epochs[0].B1.GradientCovariance);          // no epoch has ended at t = 0
        Assert.Equal(800, e1.B1.GradientCovariance!.Length);              // (200, 2, 2)
        // independent check: b2's recorded output equals b1's recorded output times the recorded b2 matrix
        var z1 = e1.B1Outputs; var z2 = e1.B2Outputs; var w2 = e1.B2.Weights;
        for (int i = 0; i < z1.Length / 2; i++)
            for (int j = 0; j < 2; j++)
                Assert.Equal(z1[2 * i] * w2[j] + z1[2 * i + 1] * w2[2 + j], z2[2 * i + j], 1e-4);
        // and b1's output equals its recorded input (enc2's output) times the recorded b1 matrix
        var h = e1.B1Inputs; var w1 = e1.B1.Weights;
        for (int j = 0; j < 2; j++)
        {
            double s = 0;
            for (int k = 0; k < 200; k++) s += h[k] * w1[k * 2 + j];
            Assert.Equal(s, z1[j], 1e-4);
        }
        Assert.True(File.Exists(Path.Combine(result.RunDirectory, "figures", "latent.png")));
        Assert.True(File.Exists(Path.Combine(result.RunDirectory, "report.md")));
    }

    [Fact]
    public void TheManifestSplitsTheTimeIntoOptimizerEpochsRecordingAndBackgroundWrites()
    {
        var result = AutoencoderTraining.Run(Config(epochs: 2), SyntheticMnist(), Path.Combine(_root, "run"));
        var timings = RunDirectory.ReadManifest(result.RunDirectory).TimingsSeconds;
        foreach (var key in new[] { "training_with_recording", "optimizer_epochs", "full_batch_gradients", "evaluation_outputs",
                                    "background_trajectory_files", "background_checkpoints", "waiting_for_background_writes" })
            Assert.True(timings.TryGetValue(key, out double s) && s >= 0 && double.IsFinite(s), key);
        Assert.True(timings["optimizer_epochs"] + timings["full_batch_gradients"] <= timings["training_with_recording"]);
        // every epoch's files and the newest two checkpoints are on disk when Run returns
        var checkpoints = new Checkpoints(Path.Combine(result.RunDirectory, "checkpoints"));
        Assert.Equal(2, checkpoints.LatestEpoch());
        Assert.True(File.Exists(checkpoints.ArraysPath(1)));
        Assert.Equal(2, TrainingRunTrajectory.Load(result.RunDirectory).EpochCount);
    }

    [Fact]
    public void ResumingWithADifferentConfigNamesTheDifferingKey()
    {
        var data = SyntheticMnist();
        string dir = Path.Combine(_root, "run");
        AutoencoderTraining.Run(Config(epochs: 1), data, dir);
        var e = Assert.Throws<InvalidConfigException>(() => AutoencoderTraining.Run(Config(epochs: 1) with { LearningRate = 0.01 }, data, dir, resume: true));
        Assert.Contains("LearningRate", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void StartingANewRunInADirectoryThatHoldsOneIsRefused()
    {
        var data = SyntheticMnist();
        string dir = Path.Combine(_root, "run");
        AutoencoderTraining.Run(Config(epochs: 1), data, dir);
        var e = Assert.Throws<DataFileException>(() => AutoencoderTraining.Run(Config(epochs: 1), data, dir));
        Assert.Contains("--resume", e.Message);
    }

    [Fact]
    public void AnOutputPathThatIsAFileIsRefusedBeforeAnythingIsWritten()
    {
        string file = Path.Combine(_root, "file");
        File.WriteAllText(file, "x");
        Assert.Throws<DataFileException>(() => AutoencoderTraining.Run(Config(epochs: 1), SyntheticMnist(), file));
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Theory]
    [InlineData(0, 32, 1e-3)]
    [InlineData(1, 0, 1e-3)]
    [InlineData(1, 32, double.NaN)]
    [InlineData(1, 32, -1e-3)]
    public void BadHyperparametersAreRejected(int epochs, int batch, double lr)
    {
        var config = new AutoencoderTrainingConfig([0, 1], epochs, batch, lr);
        Assert.Throws<InvalidConfigException>(config.Validate);
        Assert.False(Directory.Exists(Path.Combine(_root, "never")));
        Assert.Throws<InvalidConfigException>(() => AutoencoderTraining.Run(config, SyntheticMnist(), Path.Combine(_root, "never")));
        Assert.False(Directory.Exists(Path.Combine(_root, "never")));
    }

    sealed class CallbackProgress(Action<ProgressTick> onReport) : IProgress<ProgressTick>
    {
        public void Report(ProgressTick value) => onReport(value);
    }
}
