using System.Diagnostics;
using NnPhys.Data;
using NnPhys.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.Numerics;
using NnPhys.Runs;

namespace NnPhys.FokkerPlanck.Experiments;

/// <summary>Configuration of <c>nnphys reproduce fokker-planck</c>: the training run it needs and the theory's options.</summary>
/// <param name="Training">The autoencoder training (SPEC §1); with a reused training run, that run's real config.</param>
/// <param name="Theory">Fokker–Planck settings (grid, substeps, drift modes, diffusion, KPZ, terminal epoch); its Start is set per protocol.</param>
/// <param name="ComparisonEpoch">The epoch whose eq. (28) numbers are the headline (paper: 5).</param>
/// <param name="Protocols">The protocols to run (issue 8 §1), the first is the headline; null: previous and free_running.</param>
/// <param name="Forecast">Past-only forecasts (issue 8 §2), or null to skip them.</param>
/// <param name="AdjustComparisonEpoch">When the comparison epoch is beyond the run, use the last epoch and say so (the
/// command line sets this only when --compare-epoch was not given); otherwise such a request is refused.</param>
/// <param name="ComparisonEpochRequested">Set by the experiment when it adjusted the comparison epoch: what was asked.</param>
/// <param name="ReusedTrainingRun">Full path of a reused training run (recorded in the manifest), or null.</param>
/// <param name="ReusedTrainingRunManifestSha256">SHA-256 of the reused run's manifest.json, or null.</param>
/// <param name="GridCheck">Re-run every protocol to the comparison epoch on a grid with <see cref="GridConvergence.DefaultFactor"/>×
/// the cells per side and report the difference as the discretisation error (issue 8 §3).</param>
public sealed record FokkerPlanckExperimentConfig(AutoencoderTrainingConfig Training, FokkerPlanckOptions Theory, int ComparisonEpoch = 5,
    IReadOnlyList<TheoryStart>? Protocols = null, PastOnlyForecastOptions? Forecast = null, bool AdjustComparisonEpoch = false,
    int? ComparisonEpochRequested = null, string? ReusedTrainingRun = null, string? ReusedTrainingRunManifestSha256 = null, bool GridCheck = true)
{
    /// <summary>The protocols to run, headline first.</summary>
    public IReadOnlyList<TheoryStart> ProtocolsToRun => Protocols is { Count: > 0 } p ? p : [TheoryStart.FromPreviousEpoch, TheoryStart.FreeRunning];
}

/// <summary>Headline numbers of the reproduction.</summary>
public sealed record FokkerPlanckExperimentResult(string RunDirectory, int Epochs, int ComparisonEpoch,
    IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<string> Notes, string Headline);

/// <summary>
/// The headline paper end to end (fokker-planck-to-callan-symanzik, SPEC §1): train the autoencoder (or reuse a finished
/// training run), evolve the densities of b1's and b2's rows with the Fokker–Planck equation in each drift mode and
/// protocol, turn them back into weight matrices, compare the theoretical latent outputs with the network's (eq. 28) beside
/// null models scored the same way, forecast from the past only (Kramers–Moyal, Callan–Symanzik), run KPZ and the
/// terminal-epoch analysis, and write the run directory with arrays, figures and report.md.
/// </summary>
public static class FokkerPlanckExperiment
{
    /// <summary>Runs the reproduction into <paramref name="outputDirectory"/>.</summary>
    /// <param name="config">What to run.</param>
    /// <param name="loadMnist">Supplies the training set when training is needed or the closed-loop forecast runs (otherwise not called).</param>
    /// <param name="outputDirectory">The run directory; the training run goes to its <c>training/</c> subdirectory unless reused.</param>
    /// <param name="trainingRun">A finished <c>train autoencoder</c> run to reuse, or null to train (resuming <c>training/</c> if present).</param>
    /// <param name="progress">Progress: stage name and fraction.</param>
    /// <param name="cancellation">Cancels; a cancelled run is marked failed and can be re-run (training resumes).</param>
    /// <param name="explicitTrainingOptions">Command-line names of training options given explicitly (checked against a reused run).</param>
    /// <exception cref="InvalidConfigException">Bad options, options conflicting with a reused run, a comparison epoch or
    /// forecast horizon beyond the run; raised before anything is written.</exception>
    public static FokkerPlanckExperimentResult Run(FokkerPlanckExperimentConfig config, Func<MnistDataset> loadMnist, string outputDirectory,
        string? trainingRun = null, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default,
        IReadOnlyCollection<string>? explicitTrainingOptions = null)
    {
        config.Theory.Validate();
        config.Training.Validate();
        if (config.ComparisonEpoch < 1) throw new InvalidConfigException($"--compare-epoch must be ≥ 1, got {config.ComparisonEpoch}.");
        RunDirectory.CheckOutputPath(outputDirectory);

        // Everything that can be refused is checked before the run directory is created.
        BottleneckTrajectory? reusedTrajectory = null;
        if (trainingRun is not null)
        {
            var reused = FokkerPlanckReusedRun.Open(trainingRun, config.Training, explicitTrainingOptions ?? []);
            reusedTrajectory = TrainingRunTrajectory.Load(reused.Path);
            config = config with { Training = reused.Config, ReusedTrainingRun = reused.Path, ReusedTrainingRunManifestSha256 = reused.ManifestSha256 };
        }
        int epochs = Math.Min(reusedTrajectory?.EpochCount ?? config.Training.Epochs, config.Theory.MaxEpochs ?? int.MaxValue);
        var notes = new List<string>();
        if (config.ComparisonEpoch > epochs)
        {
            if (!config.AdjustComparisonEpoch)
                throw new InvalidConfigException($"--compare-epoch {config.ComparisonEpoch} is beyond the {epochs} epochs of the run; give --compare-epoch ≤ {epochs} or more --epochs.");
            notes.Add($"The comparison epoch was adjusted from the default {config.ComparisonEpoch} to {epochs}, the last epoch of this {epochs}-epoch run.");
            config = config with { ComparisonEpochRequested = config.ComparisonEpoch, ComparisonEpoch = epochs };
        }
        config.Forecast?.Validate(epochs);

        var run = File.Exists(Path.Combine(outputDirectory, "manifest.json"))
            ? RunDirectory.OpenForResume(outputDirectory, config, config.Training.Seed)
            : RunDirectory.Create(outputDirectory, "reproduce fokker-planck", config, config.Training.Seed, BlasProvider.Describe());
        try
        {
            string trainingDir = config.ReusedTrainingRun ?? Path.Combine(run.Root, "training");
            if (reusedTrajectory is null && !IsComplete(trainingDir))
            {
                using var _ = run.Time("training");
                var sub = new ScaledProgress(progress, 0, 0.6, "training", config.Training.Epochs);
                AutoencoderTraining.Run(config.Training, loadMnist(), trainingDir, resume: true, sub, cancellation);
            }
            progress?.Report(new ProgressTick(0.6, "loading the bottleneck trajectory"));
            var trajectory = reusedTrajectory ?? TrainingRunTrajectory.Load(trainingDir);
            var outcome = Compute(config, trajectory, trainingDir, notes, run, progress, cancellation, loadMnist);

            progress?.Report(new ProgressTick(0.97, "figures and report"));
            var clock = Stopwatch.StartNew();
            var metrics = FokkerPlanckArrays.Write(run, outcome);
            foreach (var (name, value) in metrics) if (double.IsFinite(value)) run.RecordMetric(name, value);
            run.AddTiming("arrays", clock.Elapsed);
            clock.Restart();
            FokkerPlanckFigures.Write(run, outcome);
            run.AddTiming("figures", clock.Elapsed);
            clock.Restart();
            FokkerPlanckReport.Write(run, outcome);
            run.AddTiming("report", clock.Elapsed);
            run.Complete();
            progress?.Report(new ProgressTick(1, "done"));
            return new FokkerPlanckExperimentResult(run.Root, epochs, outcome.ComparisonEpoch, metrics, notes, FokkerPlanckReport.Headline(outcome));
        }
        catch (Exception e) when (e is NnPhysException or OperationCanceledException)
        {
            run.Fail(e is OperationCanceledException ? "cancelled; run the same command again to continue" : e.Message);
            throw;
        }
    }

    static FokkerPlanckOutcome Compute(FokkerPlanckExperimentConfig config, BottleneckTrajectory trajectory, string trainingDir, List<string> notes,
                                       RunDirectory run, IProgress<ProgressTick>? progress, CancellationToken cancellation, Func<MnistDataset> loadMnist)
    {
        var protocols = config.ProtocolsToRun;
        if (progress is not null) progress = new ConcurrentProgress(progress);
        double share = 0.27 / (protocols.Count + (config.Forecast is null ? 0 : 1.5));
        // The protocols and the null models are independent: they run concurrently (TheoryParallel: the results are the
        // serial ones bit for bit). Timings of concurrent parts overlap; theory_wall is the whole theory's wall time.
        var timings = new List<(string, TimeSpan)>();
        void Time(string name, TimeSpan elapsed) { lock (timings) timings.Add((name, elapsed)); }
        var theoryClock = Stopwatch.StartNew();
        var runs = new FokkerPlanckReproductionResult[protocols.Count];
        IReadOnlyList<NullModelScores>? baselines = null;
        var jobs = new List<Action>();
        for (int p = 0; p < protocols.Count; p++)
        {
            int index = p;
            jobs.Add(() =>
            {
                var clock = Stopwatch.StartNew();
                double from = 0.6 + index * share;
                string name = TheoryStartNames.Name(protocols[index]);
                runs[index] = FokkerPlanckReproduction.Run(trajectory, config.Theory with { Start = protocols[index] }, new TheoryProgress(progress, from, from + share),
                                                           cancellation, timing: (phase, elapsed) => Time($"theory_{name}_{phase}", elapsed));
                Time($"theory_{name}", clock.Elapsed);
            });
        }
        jobs.Add(() =>
        {
            var clock = Stopwatch.StartNew();
            int epochsToScore = Math.Min(trajectory.EpochCount, config.Theory.MaxEpochs ?? int.MaxValue);
            baselines = NullModels.Score(trajectory, epochsToScore, config.Theory.KdeGridSize, cancellation);
            Time("baselines", clock.Elapsed);
        });
        TheoryParallel.Invoke(TheoryParallel.Default, cancellation, [.. jobs]);
        var results = protocols.Select((protocol, p) => (protocol, runs[p])).ToList();
        var headline = results[0].Item2;
        int epochs = headline.Epochs;
        PastOnlyForecastResult? forecast = null;
        IReadOnlyList<GridConvergenceEntry>? gridCheck = null;
        var after = new List<Action>();
        if (config.Forecast is not null)
            after.Add(() =>
            {
                var clock = Stopwatch.StartNew();
                double from = 0.6 + protocols.Count * share;
                ClosedLoopRows? closedLoop = null;
                if (config.Forecast.Methods.Where(PastOnlyForecastOptions.IsClosedLoop).ToList() is { Count: > 0 } closedLoopMethods)
                {
                    closedLoop = ClosedLoopForecast.Run(config.Training, loadMnist(), trajectory, epochs, config.Forecast.Horizons.Max(),
                                                        config.Forecast.ClosedLoopBatches, new TheoryProgress(progress, from, from + share), cancellation,
                                                        closedLoopMethods, config.Forecast.RefreshesPerEpoch);
                    Time("forecast_closed_loop", clock.Elapsed);
                }
                forecast = PastOnlyForecast.Run(trajectory, epochs, headline.GridB1, headline.GridB2, config.Theory, config.Forecast,
                                                new TheoryProgress(progress, from, 0.97), cancellation, closedLoop);
                Time("forecast", clock.Elapsed);
            });
        if (config.GridCheck)
            after.Add(() =>
            {
                var clock = Stopwatch.StartNew();
                progress?.Report(new ProgressTick(0.95, $"grid-convergence check ({GridConvergence.DefaultFactor}× the cells, to epoch {config.ComparisonEpoch})"));
                gridCheck = GridConvergence.Check(trajectory, results, config.ComparisonEpoch, GridConvergence.DefaultFactor, null, cancellation);
                Time("grid_check", clock.Elapsed);
            });
        TheoryParallel.Invoke(TheoryParallel.Default, cancellation, [.. after]);
        Time("theory_wall", theoryClock.Elapsed);
        foreach (var (name, elapsed) in timings.OrderBy(t => t.Item1, StringComparer.Ordinal)) run.AddTiming(name, elapsed);
        return new FokkerPlanckOutcome
        {
            Config = config, Trajectory = trajectory, TrainingDirectory = trainingDir, Protocols = results, Baselines = baselines!,
            Forecast = forecast, ComparisonEpoch = config.ComparisonEpoch, Notes = notes, GridCheck = gridCheck,
        };
    }

    static bool IsComplete(string dir) =>
        File.Exists(Path.Combine(dir, "manifest.json")) && RunDirectory.ReadManifest(dir).Status == RunStatus.Complete;

    /// <summary>Maps a sub-task's progress (in its own epochs) into [from, to] of the whole.</summary>
    sealed class ScaledProgress(IProgress<ProgressTick>? outer, double from, double to, string stage, double total) : IProgress<ProgressTick>
    {
        public void Report(ProgressTick value) =>
            outer?.Report(new ProgressTick(from + (to - from) * Math.Clamp(value.Done / total, 0, 1), $"{stage}: {value.Status}"));
    }

    /// <summary>Progress from concurrent theory parts: one report at a time, and the fraction never goes back.</summary>
    sealed class ConcurrentProgress(IProgress<ProgressTick> outer) : IProgress<ProgressTick>
    {
        double _done = double.NegativeInfinity;
        public void Report(ProgressTick value)
        {
            lock (this)
            {
                if (value.Done < _done) return;
                _done = value.Done;
                outer.Report(value);
            }
        }
    }

    sealed class TheoryProgress(IProgress<ProgressTick>? outer, double from, double to) : IProgress<FokkerPlanckProgress>
    {
        public void Report(FokkerPlanckProgress value) =>
            outer?.Report(new ProgressTick(from + (to - from) * value.Done / Math.Max(1, value.Total), $"theory: {value.Stage} {value.Done}/{value.Total}"));
    }
}
