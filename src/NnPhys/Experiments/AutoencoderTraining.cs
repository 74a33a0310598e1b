using System.Diagnostics;
using NnPhys.Data;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Runs;
using NnPhys.Training;
using NnPhys.IO;

namespace NnPhys.Experiments;

/// <summary>Headline numbers of a finished autoencoder training run.</summary>
public sealed record AutoencoderTrainingResult(string RunDirectory, int Epochs, int TrainingImages, double FinalLoss,
    double SecondsPerEpoch, IReadOnlyList<double> EpochLosses);

/// <summary>
/// The SPEC §1 training run end to end: filter MNIST to the chosen digits, train the autoencoder with Adam, checkpoint
/// every epoch (so <c>--resume</c> continues a killed run and ends with exactly the numbers of an uninterrupted one),
/// record the bottleneck trajectory for the Fokker–Planck theory (<see cref="BottleneckRecorder"/>, which also takes
/// the full-batch gradient of b1 and b2 at every epoch boundary), and write the run directory: manifest, arrays, loss
/// and latent figures, report.md. The trajectory files and checkpoints are written by a <see cref="BackgroundWriter"/>
/// in order (an epoch's trajectory files before its checkpoint) while the next epoch trains; the run waits for them
/// before it finishes, fails or is cancelled. The manifest's timings split the time: optimizer epochs, full-batch
/// gradients, evaluation outputs, the writer's busy time per kind of file, and the time training waited for it.
/// </summary>
public static class AutoencoderTraining
{
    /// <summary>Stream indices of the run's random streams (seed is the config's).</summary>
    const ulong InitStream = 1, ShuffleStream = 2, EvaluationStream = 3;

    /// <summary>Checkpoints kept on disk (older ones are deleted once a newer one is complete).</summary>
    const int CheckpointsKept = 2;

    /// <summary>Runs (or resumes) training into <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="InvalidConfigException">Bad config, or a resumed run whose saved config differs.</exception>
    /// <exception cref="DataFileException">The output path is a file, already holds a run (without resume), or a checkpoint is damaged.</exception>
    /// <exception cref="NumericalInstabilityException">The loss became NaN; the run is marked failed and its last checkpoint kept.</exception>
    public static AutoencoderTrainingResult Run(AutoencoderTrainingConfig config, MnistDataset trainingSet, string outputDirectory,
        bool resume = false, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        RunDirectory.CheckOutputPath(outputDirectory);
        var data = TrainingImages(config, trainingSet);
        var inputs = data.ImagesAsMatrix();                                   // (n, 784), pixels in [0, 1]
        var (evalInputs, evalLabels) = EvaluationSet(data, config);

        var run = resume && File.Exists(Path.Combine(outputDirectory, "manifest.json"))
            ? RunDirectory.OpenForResume(outputDirectory, config, config.Seed, trainingSet.Provenance)
            : RunDirectory.Create(outputDirectory, "train autoencoder", config, config.Seed, BlasProvider.Describe(), trainingSet.Provenance);
        using var writer = new BackgroundWriter();
        try
        {
            var trainer = CreateTrainer(config);
            if (run.Checkpoints.LoadLatest() is { } checkpoint)
                trainer.RestoreState(TrainingStateNpy.FromNpyArrays(checkpoint.Arrays));
            int startEpoch = trainer.CompletedEpochs;

            run.WriteArray("eval_labels", NpyArray.Of(evalLabels, evalLabels.Length));
            var clock = Stopwatch.StartNew();
            var progressObserver = new ProgressObserver(progress);
            var recorder = new BottleneckRecorder(run, evalInputs, evalLabels.Select(l => (int)l).ToArray(), inputs, writer);
            var observers = new ITrainingObserver<float>[] { recorder, new CheckpointWriter(run, writer), progressObserver };
            trainer.Fit(inputs, inputs, observers, cancellation);
            writer.WaitAll();
            int epochsRun = trainer.CompletedEpochs - startEpoch;
            // optimizer epochs only; recording (full-batch gradient, evaluation outputs) and checkpoints are timed apart
            double secondsPerEpoch = epochsRun > 0 ? progressObserver.TrainingSeconds / epochsRun : double.NaN;

            var losses = trainer.EpochLosses.ToArray();
            run.WriteArray("loss_per_epoch", NpyArray.Of(losses, losses.Length));
            run.AddTiming("training_with_recording", clock.Elapsed);
            run.AddTiming("optimizer_epochs", TimeSpan.FromSeconds(progressObserver.TrainingSeconds));
            run.AddTiming("full_batch_gradients", TimeSpan.FromSeconds(recorder.FullBatchGradientSeconds));
            run.AddTiming("evaluation_outputs", TimeSpan.FromSeconds(recorder.EvaluationSeconds));
            foreach (var (kind, seconds) in writer.BusySeconds) run.AddTiming($"background_{kind}", TimeSpan.FromSeconds(seconds));
            run.AddTiming("waiting_for_background_writes", TimeSpan.FromSeconds(writer.WaitSeconds));
            run.RecordMetric("final_train_loss", losses[^1]);
            run.RecordMetric("training_images", data.Count);
            if (epochsRun > 0) run.RecordMetric("seconds_per_epoch", secondsPerEpoch);
            AutoencoderFigures.Write(run, losses, evalLabels);
            AutoencoderReport.Write(run, config, data.Count, losses, secondsPerEpoch);
            run.Complete();
            return new AutoencoderTrainingResult(run.Root, trainer.CompletedEpochs, data.Count, losses[^1], secondsPerEpoch, losses);
        }
        catch (Exception e) when (e is NnPhysException or OperationCanceledException)
        {
            FinishWrites(writer);   // the epochs that ended before the failure keep their files and checkpoints
            run.Fail(e is OperationCanceledException ? "cancelled; continue it with --resume" : e.Message);
            throw;
        }
    }

    /// <summary>
    /// The network, Adam and trainer of a fresh run of <paramref name="config"/>, before its first epoch, built exactly as
    /// <see cref="Run"/> builds them: <c>TrainEpoch</c> on <see cref="TrainingImages"/> then replays the run's epochs bit for bit
    /// (the closed-loop forecast of the Fokker–Planck reproduction recovers each epoch's full state this way).
    /// </summary>
    /// <exception cref="InvalidConfigException">Bad config.</exception>
    public static Trainer<float> CreateTrainer(AutoencoderTrainingConfig config)
    {
        config.Validate();
        var network = new Network<float>(config.Architecture(), new RandomStream(config.Seed, InitStream));
        var adam = new Adam<float>(network.Parameters, new AdamOptions(config.LearningRate));
        return new Trainer<float>(network, adam, new TrainingOptions(config.Epochs, config.BatchSize, true, config.Seed),
            new RandomStream(config.Seed, ShuffleStream));
    }

    /// <summary>The training images of <paramref name="config"/>: MNIST filtered to its digits, in their original order.</summary>
    /// <exception cref="InvalidConfigException">MNIST has no image of those digits.</exception>
    public static MnistDataset TrainingImages(AutoencoderTrainingConfig config, MnistDataset trainingSet)
    {
        var data = trainingSet.FilterDigits(config.Digits);
        if (data.Count == 0) throw new InvalidConfigException($"MNIST has no training images of digits {string.Join(",", config.Digits)}.");
        return data;
    }

    /// <summary>Waits for the queued writes after a failure; a write that fails too is not allowed to hide the first failure.</summary>
    static void FinishWrites(BackgroundWriter writer)
    {
        try { writer.WaitAll(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NnPhysException) { }
    }

    /// <summary>A fixed, seeded subset of the training images (sorted indices) whose latent outputs are recorded every epoch.</summary>
    static (Matrix<float> inputs, byte[] labels) EvaluationSet(MnistDataset data, AutoencoderTrainingConfig config)
    {
        var order = Enumerable.Range(0, data.Count).ToArray();
        new RandomStream(config.Seed, EvaluationStream).Shuffle(order.AsSpan());
        var chosen = order.AsSpan(0, Math.Min(config.EvaluationSize, data.Count)).ToArray();
        Array.Sort(chosen);
        var inputs = new Matrix<float>(chosen.Length, MnistDataset.PixelsPerImage);
        var labels = new byte[chosen.Length];
        for (int i = 0; i < chosen.Length; i++)
        {
            data.Image(chosen[i]).CopyTo(inputs.Row(i));
            labels[i] = data.Labels[chosen[i]];
        }
        return (inputs, labels);
    }

    /// <summary>Saves the full training state after every epoch and keeps the newest <see cref="CheckpointsKept"/>: the
    /// state is copied at the epoch's end and written (npz, fsync, SHA-256, pointer last) by the background writer.</summary>
    sealed class CheckpointWriter(RunDirectory run, BackgroundWriter writer) : ITrainingObserver<float>
    {
        public void OnTrainingStart(Trainer<float> trainer) { }
        public void OnStep(Trainer<float> trainer, in StepReport step) { }
        public void OnEpochEnd(Trainer<float> trainer, in EpochReport epoch)
        {
            var state = trainer.SaveState();   // copies, taken now
            int completed = epoch.Epoch;
            writer.Enqueue("checkpoints", () =>
            {
                run.Checkpoints.Save(completed, TrainingStateNpy.ToNpyArrays(state));
                int old = completed - CheckpointsKept;
                if (old >= 1) { File.Delete(run.Checkpoints.ArraysPath(old)); File.Delete(run.Checkpoints.StatePath(old)); }
            });
        }
    }

    /// <summary>Reports epochs (fractional within an epoch) and the running loss; sums the epochs' own training time.</summary>
    sealed class ProgressObserver(IProgress<ProgressTick>? progress) : ITrainingObserver<float>
    {
        public double TrainingSeconds { get; private set; }
        public void OnTrainingStart(Trainer<float> trainer) => progress?.Report(new ProgressTick(trainer.CompletedEpochs));
        public void OnStep(Trainer<float> trainer, in StepReport step)
        {
            if (step.StepInEpoch % 20 == 0)
                progress?.Report(new ProgressTick(step.Epoch - 1 + (double)(step.StepInEpoch + 1) / step.StepsPerEpoch, $"epoch {step.Epoch}, loss {step.Loss:F4}"));
        }
        public void OnEpochEnd(Trainer<float> trainer, in EpochReport epoch)
        {
            TrainingSeconds += epoch.Seconds;
            progress?.Report(new ProgressTick(epoch.Epoch, $"epoch {epoch.Epoch}, mean loss {epoch.MeanLoss:F4}, {epoch.Seconds:F1} s"));
        }
    }
}
