using System.Diagnostics;
using NnPhys.Data;
using NnPhys.FokkerPlanck;
using NnPhys.Numerics;
using NnPhys.Runs;

namespace NnPhys.Experiments;

/// <summary>Configuration of <c>nnphys reproduce fokker-planck</c>: the training run it needs and the theory's options.</summary>
/// <param name="Training">The autoencoder training (SPEC §1); ignored when an existing training run is reused.</param>
/// <param name="Theory">Fokker–Planck settings (grid, substeps, drift modes, diffusion, KPZ, terminal epoch).</param>
/// <param name="ComparisonEpoch">The epoch whose eq. (28) numbers are the headline (paper: 5); the last epoch if fewer were run.</param>
/// <param name="AlsoFreeRunning">When the theory restarts every epoch from the network's rows (the paper's §3.2 protocol, the
/// default), also run one free-running evolution from epoch 0 and report it beside the headline: the stricter test.</param>
public sealed record FokkerPlanckExperimentConfig(AutoencoderTrainingConfig Training, FokkerPlanckOptions Theory, int ComparisonEpoch = 5,
    bool AlsoFreeRunning = true);

/// <summary>Headline numbers of the reproduction.</summary>
public sealed record FokkerPlanckExperimentResult(string RunDirectory, int Epochs, int ComparisonEpoch,
    IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// The headline paper end to end (fokker-planck-to-callan-symanzik, SPEC §1): train the autoencoder (or reuse a finished
/// training run), evolve the densities of b1's and b2's rows with the Fokker–Planck equation in both drift modes, turn
/// them back into weight matrices, compare the theoretical latent outputs with the network's (eq. 28), run KPZ and the
/// terminal-epoch analysis, and write the run directory with arrays, figures and report.md.
/// </summary>
public static class FokkerPlanckExperiment
{
    /// <summary>Runs the reproduction into <paramref name="outputDirectory"/>.</summary>
    /// <param name="config">What to run.</param>
    /// <param name="loadMnist">Supplies the training set when training is needed (not called when a run is reused).</param>
    /// <param name="outputDirectory">The run directory; the training run goes to its <c>training/</c> subdirectory unless reused.</param>
    /// <param name="trainingRun">A finished <c>train autoencoder</c> run to reuse, or null to train (resuming <c>training/</c> if present).</param>
    /// <param name="progress">Progress: stage name and fraction.</param>
    /// <param name="cancellation">Cancels; a cancelled run is marked failed and can be re-run (training resumes).</param>
    public static FokkerPlanckExperimentResult Run(FokkerPlanckExperimentConfig config, Func<MnistDataset> loadMnist, string outputDirectory,
        string? trainingRun = null, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        config.Theory.Validate();
        config.Training.Validate();
        if (config.ComparisonEpoch < 1) throw new InvalidConfigException($"The comparison epoch must be ≥ 1, got {config.ComparisonEpoch}.");
        RunDirectory.CheckOutputPath(outputDirectory);
        if (trainingRun is not null) RunDirectory.ReadManifest(trainingRun); // fails early and clearly on a wrong path

        var run = File.Exists(Path.Combine(outputDirectory, "manifest.json"))
            ? RunDirectory.OpenForResume(outputDirectory, config, config.Training.Seed)
            : RunDirectory.Create(outputDirectory, "reproduce fokker-planck", config, config.Training.Seed, BlasProvider.Describe());
        try
        {
            string trainingDir = trainingRun ?? Path.Combine(run.Root, "training");
            if (trainingRun is null && !IsComplete(trainingDir))
            {
                using var _ = run.Time("training");
                var sub = new ScaledProgress(progress, 0, 0.6, "training", config.Training.Epochs);
                AutoencoderTraining.Run(config.Training, loadMnist(), trainingDir, resume: true, sub, cancellation);
            }
            progress?.Report(new ProgressTick(0.6, "loading the bottleneck trajectory"));
            var trajectory = TrainingRunTrajectory.Load(trainingDir);

            bool freeRunningToo = config.AlsoFreeRunning && config.Theory.Start != TheoryStart.FreeRunningRefit;
            var clock = Stopwatch.StartNew();
            var result = FokkerPlanckReproduction.Run(trajectory, config.Theory, new TheoryProgress(progress, 0.6, freeRunningToo ? 0.8 : 0.95), cancellation);
            var freeRunning = freeRunningToo
                ? FokkerPlanckReproduction.Run(trajectory, config.Theory with { Start = TheoryStart.FreeRunningRefit }, new TheoryProgress(progress, 0.8, 0.95), cancellation)
                : null;
            run.AddTiming("theory", clock.Elapsed);

            int comparisonEpoch = Math.Min(config.ComparisonEpoch, result.Epochs);
            progress?.Report(new ProgressTick(0.95, "figures and report"));
            var metrics = FokkerPlanckArrays.Write(run, result, comparisonEpoch);
            if (freeRunning is not null)
                foreach (var (name, value) in FokkerPlanckArrays.Write(run, freeRunning, comparisonEpoch, FokkerPlanckArrays.FreeRunningPrefix)) metrics[name] = value;
            foreach (var (name, value) in metrics) if (double.IsFinite(value)) run.RecordMetric(name, value);
            FokkerPlanckFigures.Write(run, trajectory, result, freeRunning, trainingDir, comparisonEpoch);
            FokkerPlanckReport.Write(run, config, trajectory, result, freeRunning, trainingDir, comparisonEpoch);
            run.Complete();
            progress?.Report(new ProgressTick(1, "done"));
            return new FokkerPlanckExperimentResult(run.Root, result.Epochs, comparisonEpoch, metrics);
        }
        catch (Exception e) when (e is NnPhysException or OperationCanceledException)
        {
            run.Fail(e is OperationCanceledException ? "cancelled; run the same command again to continue" : e.Message);
            throw;
        }
    }

    static bool IsComplete(string dir) =>
        File.Exists(Path.Combine(dir, "manifest.json")) && RunDirectory.ReadManifest(dir).Status == RunStatus.Complete;

    /// <summary>Maps a sub-task's progress (in its own epochs) into [from, to] of the whole.</summary>
    sealed class ScaledProgress(IProgress<ProgressTick>? outer, double from, double to, string stage, double total) : IProgress<ProgressTick>
    {
        public void Report(ProgressTick value) =>
            outer?.Report(new ProgressTick(from + (to - from) * Math.Clamp(value.Done / total, 0, 1), $"{stage}: {value.Status}"));
    }

    sealed class TheoryProgress(IProgress<ProgressTick>? outer, double from, double to) : IProgress<FokkerPlanckProgress>
    {
        public void Report(FokkerPlanckProgress value) =>
            outer?.Report(new ProgressTick(from + (to - from) * value.Done / Math.Max(1, value.Total), $"theory: {value.Stage} {value.Done}/{value.Total}"));
    }
}
