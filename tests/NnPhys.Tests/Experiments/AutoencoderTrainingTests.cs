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
        var a = Npz.Read(BottleneckRecorder.EpochPath(straight.RunDirectory, 3));
        var b = Npz.Read(BottleneckRecorder.EpochPath(resumed.RunDirectory, 3));
        foreach (var key in new[] { "b1_weight", "b2_weight", "b1_adam_v", "eval_b2_outputs", "b1_grad_full" })
            Assert.Equal(a[key].As<double>(), b[key].As<double>());
        Assert.Equal(RunStatus.Complete, RunDirectory.ReadManifest(killedDir).Status);
    }

    [Fact]
    public void RecordsTheBottleneckTrajectoryWithConsistentShapesAndLatentOutputs()
    {
        var result = AutoencoderTraining.Run(Config(epochs: 1), SyntheticMnist(), Path.Combine(_root, "run"));
        var e1 = Npz.Read(BottleneckRecorder.EpochPath(result.RunDirectory, 1));
        Assert.Equal([200, 2], e1["b1_weight"].Shape);
        Assert.Equal([2, 2], e1["b2_weight"].Shape);
        Assert.Equal([200, 2, 2], e1["b1_grad_step_cov"].Shape);
        // independent check: b2's recorded output equals b1's recorded output times the recorded b2 matrix
        var z1 = e1["eval_b1_outputs"].As<double>(); var z2 = e1["eval_b2_outputs"].As<double>(); var w2 = e1["b2_weight"].As<double>();
        for (int i = 0; i < z1.Length / 2; i++)
            for (int j = 0; j < 2; j++)
                Assert.Equal(z1[2 * i] * w2[j] + z1[2 * i + 1] * w2[2 + j], z2[2 * i + j], 1e-4);
        // and b1's output equals its recorded input (enc2's output) times the recorded b1 matrix
        var h = e1["eval_b1_inputs"].As<float>(); var w1 = e1["b1_weight"].As<double>();
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
