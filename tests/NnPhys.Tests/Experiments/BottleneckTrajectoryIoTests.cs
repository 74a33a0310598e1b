using NnPhys.Architectures;
using NnPhys.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Tests.Experiments;

/// <summary>
/// The trajectory recorded by real autoencoder training (the training observers) converts into a valid
/// <see cref="BottleneckTrajectory"/>, survives a .npy round trip, drives the reproduction, and bad directories are refused.
/// </summary>
public class BottleneckTrajectoryIoTests
{
    static BottleneckTrajectory TrainTinyAutoencoder()
    {
        var architecture = Architecture.Autoencoder(new AutoencoderOptions(InputSize: 20, Hidden1: 16, Hidden2: 12));
        var network = new Network<float>(architecture, new RandomStream(3));
        var data = new Matrix<float>(64, 20); new RandomStream(4, 5).FillUniform(data.Data, 0, 1);
        var eval = new Matrix<float>(25, 20); new RandomStream(5, 5).FillUniform(eval.Data, 0, 1);
        var adam = new AdamOptions(LearningRate: 0.01);
        var trainer = new Trainer<float>(network, new Adam<float>(network.Parameters, adam), new TrainingOptions(4, BatchSize: 16, Seed: 9));
        var recorder = new EpochSnapshotRecorder<float>(["enc2", "b1", "b2"], eval, data, data);
        var noise = new MinibatchGradientStatistics<float>(["b1", "b2"]);
        trainer.Fit(data, data, [recorder, noise]);
        return BottleneckTrajectoryBuilder.FromSnapshots(recorder.Snapshots, adam, stepsPerEpoch: 4, gradientStatistics: noise.Epochs);
    }

    [Fact]
    public void RecordedTrainingConvertsRoundTripsAndRuns()
    {
        var trajectory = TrainTinyAutoencoder();
        Assert.Equal(12, trajectory.B1Rows);
        Assert.Equal(4, trajectory.EpochCount);
        Assert.Null(trajectory.Epochs[0].B1.GradientCovariance);
        Assert.NotNull(trajectory.Epochs[2].B1.GradientCovariance);

        string dir = Path.Combine(Path.GetTempPath(), $"nnphys-fp-{Guid.NewGuid():N}");
        try
        {
            BottleneckTrajectoryFiles.Save(dir, trajectory);
            var loaded = BottleneckTrajectoryFiles.Load(dir);
            Assert.Equal(trajectory.EpochCount, loaded.EpochCount);
            Assert.Equal(trajectory.Adam, loaded.Adam);
            Assert.Equal(trajectory.Epochs[3].B1.AdamV, loaded.Epochs[3].B1.AdamV);
            Assert.Equal(trajectory.Epochs[3].B2.GradientCovariance, loaded.Epochs[3].B2.GradientCovariance);
            Assert.Equal(trajectory.Epochs[1].TrainLoss, loaded.Epochs[1].TrainLoss);
            for (int k = 0; k < 50; k++) Assert.Equal((float)trajectory.Epochs[2].B1Inputs[k], loaded.Epochs[2].B1Inputs[k]);

            var result = FokkerPlanckReproduction.Run(loaded, new FokkerPlanckOptions { GridSize = 48, KdeGridSize = 24, Diffusion = DiffusionModel.MinibatchNoise });
            Assert.Equal(5, result[DriftMode.Predicted].Metrics.Count);
            Assert.All(result.Modes, m => Assert.True(m.B1.MinDensity >= 0 && m.B1.MaxRelativeMassDrift < 1e-12));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void ADirectoryFromAnotherExperimentIsRefused()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"nnphys-fp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var ex = Assert.Throws<DataFileException>(() => BottleneckTrajectoryFiles.Load(dir));
            Assert.Contains("not a bottleneck-trajectory directory", ex.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
