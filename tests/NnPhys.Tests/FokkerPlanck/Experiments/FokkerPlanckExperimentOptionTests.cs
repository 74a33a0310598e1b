using System.Security.Cryptography;
using NnPhys.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.FokkerPlanck.Experiments;
using NnPhys.Runs;

namespace NnPhys.Tests.FokkerPlanck.Experiments;

/// <summary>
/// Issue 12 items 5 and 10 for <c>reproduce fokker-planck</c>: options that conflict with a reused training run are refused
/// and the run's real config and manifest hash are what gets recorded; a comparison epoch beyond the run is refused when
/// asked for explicitly and adjusted (and said) when it is the default — all before anything is written.
/// </summary>
public class FokkerPlanckExperimentOptionTests : IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), "nnphys-fp-options-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true); }

    string FakeTrainingRun(AutoencoderTrainingConfig config)
    {
        string dir = Path.Combine(_root, "training");
        var run = RunDirectory.Create(dir, "train autoencoder", config, config.Seed, null);
        run.Complete();
        (run as IDisposable)?.Dispose();
        return dir;
    }

    [Fact]
    public void ConflictingOptionsWithAReusedRunAreRefusedAndItsRealConfigIsRecorded()
    {
        var real = new AutoencoderTrainingConfig([0, 1, 2, 3, 4, 5], Epochs: 3, Seed: 4);
        string dir = FakeTrainingRun(real);
        var requested = new AutoencoderTrainingConfig([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], Epochs: 10, Seed: 0);

        var ex = Assert.Throws<InvalidConfigException>(() => FokkerPlanckReusedRun.Open(dir, requested, ["--digits", "--epochs"]));
        Assert.Contains("--digits 0,1,2,3,4,5,6,7,8,9 (the run used 0,1,2,3,4,5)", ex.Message);
        Assert.Contains("--epochs 10 (the run has only 3", ex.Message);
        Assert.Throws<InvalidConfigException>(() => FokkerPlanckReusedRun.Open(dir, requested with { Digits = real.Digits, Epochs = 3 }, ["--seed"]));

        // options left at their defaults do not conflict: the run's own config is used and recorded with its hash
        var reused = FokkerPlanckReusedRun.Open(dir, requested, []);
        Assert.Equal(real.Digits, reused.Config.Digits);
        Assert.Equal(3, reused.Config.Epochs);
        Assert.Equal(4UL, reused.Config.Seed);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "manifest.json")))).ToLowerInvariant(), reused.ManifestSha256);
        Assert.Equal(Path.GetFullPath(dir), reused.Path);
    }

    [Fact]
    public void ComparisonEpochBeyondTheRunIsRefusedBeforeAnythingIsWritten()
    {
        var training = new AutoencoderTrainingConfig([0, 1], Epochs: 3);
        string output = Path.Combine(_root, "out");
        var config = new FokkerPlanckExperimentConfig(training, new FokkerPlanckOptions(), ComparisonEpoch: 5);
        var ex = Assert.Throws<InvalidConfigException>(() =>
            FokkerPlanckExperiment.Run(config, () => throw new InvalidOperationException("must not load data"), output));
        Assert.Contains("--compare-epoch 5 is beyond the 3 epochs", ex.Message);
        Assert.False(Directory.Exists(output));

        // a forecast horizon beyond the run is refused the same way
        var horizon = config with { ComparisonEpoch = 2, Forecast = new PastOnlyForecastOptions { Horizons = [5] } };
        Assert.Contains("--forecast-horizons 5", Assert.Throws<InvalidConfigException>(() =>
            FokkerPlanckExperiment.Run(horizon, () => throw new InvalidOperationException("must not load data"), output)).Message);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void DefaultComparisonEpochOnAShortReusedRunIsAdjustedAndSaidAndEveryScoreIsWritten()
    {
        // a real (tiny) reused run end to end: the trajectory of a rigid translation, 3 epochs
        var trajectory = NnPhys.Tests.FokkerPlanck.HandTrajectory.Build(3,
            t => NnPhys.Tests.FokkerPlanck.HandTrajectory.Ring(12).Select((w, k) => w + 0.02 * t * (k % 2 == 0 ? 1 : -0.5)).ToArray(),
            t => [1 + 0.01 * t, 0.1, -0.1, 0.9], evalCount: 20);
        var real = new AutoencoderTrainingConfig([0, 1], Epochs: 3);
        string dir = FakeTrainingRun(real);
        BottleneckTrajectoryFiles.Save(BottleneckRecorder.TrajectoryDirectory(dir), trajectory);
        var theory = new FokkerPlanckOptions { GridSize = 32, KdeGridSize = 16, MinSubstepsPerEpoch = 20, DriftRefreshesPerEpoch = 2, RunKpz = false };
        var config = new FokkerPlanckExperimentConfig(real, theory, ComparisonEpoch: 5, Forecast: new PastOnlyForecastOptions { Horizons = [1] }, AdjustComparisonEpoch: true);
        string output = Path.Combine(_root, "out");

        var result = FokkerPlanckExperiment.Run(config, () => throw new InvalidOperationException("must not load data"), output, trainingRun: dir);

        Assert.Equal(3, result.ComparisonEpoch);
        Assert.Contains(result.Notes, n => n.Contains("adjusted from the default 5 to 3"));
        Assert.Contains("adjusted from the default 5 to 3", File.ReadAllText(Path.Combine(output, "report.md")));
        var manifest = RunDirectory.ReadManifest(output);
        Assert.Equal(5, manifest.Config!["comparisonEpochRequested"]!.GetValue<int>());
        Assert.Equal(Path.GetFullPath(dir), manifest.Config!["reusedTrainingRun"]!.GetValue<string>());
        Assert.Equal(3.0, result.Metrics["comparison_epoch"]);
        foreach (var key in new[] { "previous_measured_b1_pearson", "previous_predicted_b2_fve", "free_running_measured_b1_mse", "baseline_persistence_b2_pearson",
                                    "baseline_initial_weights_b1_mse", "margin_b1_pearson", "forecast_callan_symanzik_h1_b1_fve_mean", "forecast_kramers_moyal_h1_beats_baselines",
                                    "forecast_callan_symanzik_calibrated_h1_beats_baselines", "forecast_kramers_moyal_h1_worst_start",
                                    "forecast_kramers_moyal_calibrated_h1_b1_fve_margin_min", "forecast_no_motion_h1_m_fve_mean" })
            Assert.True(result.Metrics.ContainsKey(key), key);
        Assert.Equal(0, result.Metrics["baseline_no_motion_b1_fve"], 12);
        // a rigid translation: persistence is exact from epoch 2, and the measured drift carries it one epoch ahead
        Assert.Equal(1, result.Metrics["baseline_persistence_b1_fve"], 9);
        Assert.True(result.Metrics["previous_measured_b1_fve"] > 0.99, $"{result.Metrics["previous_measured_b1_fve"]}");
        foreach (var figure in new[] { "metrics_over_epochs.png", "forecast.png", "comparison_measured.png" })
            Assert.True(File.Exists(Path.Combine(output, "figures", figure)), figure);
        Assert.True(File.Exists(Path.Combine(output, "arrays", "baseline_scores.npy")));
        Assert.True(File.Exists(Path.Combine(output, "arrays", "forecast_calibration.npy")));
        Assert.Equal(0, result.Metrics["forecast_no_motion_h1_m_fve_mean"], 12);   // M = W1·W2 of no motion is M_s
        Assert.Contains("worst start", File.ReadAllText(Path.Combine(output, "report.md")));
    }
}
