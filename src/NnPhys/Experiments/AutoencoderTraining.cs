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
/// the full-batch gradient at every epoch boundary, about a third of an epoch's cost), and write the
/// run directory: manifest, arrays, loss and latent figures, report.md.
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
        var data = trainingSet.FilterDigits(config.Digits);
        if (data.Count == 0) throw new InvalidConfigException($"MNIST has no training images of digits {string.Join(",", config.Digits)}.");
        var inputs = data.ImagesAsMatrix();                                   // (n, 784), pixels in [0, 1]
        var (evalInputs, evalLabels) = EvaluationSet(data, config);

        var run = resume && File.Exists(Path.Combine(outputDirectory, "manifest.json"))
            ? RunDirectory.OpenForResume(outputDirectory, config, config.Seed, trainingSet.Provenance)
            : RunDirectory.Create(outputDirectory, "train autoencoder", config, config.Seed, BlasProvider.Describe(), trainingSet.Provenance);
        try
        {
            var network = new Network<float>(config.Architecture(), new RandomStream(config.Seed, InitStream));
            var adam = new Adam<float>(network.Parameters, new AdamOptions(config.LearningRate));
            var trainer = new Trainer<float>(network, adam, new TrainingOptions(config.Epochs, config.BatchSize, true, config.Seed),
                new RandomStream(config.Seed, ShuffleStream));
            if (run.Checkpoints.LoadLatest() is { } checkpoint)
                trainer.RestoreState(TrainingStateNpy.FromNpyArrays(checkpoint.Arrays));
            int startEpoch = trainer.CompletedEpochs;

            run.WriteArray("eval_labels", NpyArray.Of(evalLabels, evalLabels.Length));
            var clock = Stopwatch.StartNew();
            var progressObserver = new ProgressObserver(progress);
            var observers = new ITrainingObserver<float>[]
            {
                new BottleneckRecorder(run, evalInputs, evalLabels.Select(l => (int)l).ToArray(), inputs),
                new CheckpointWriter(run),
                progressObserver,
            };
            trainer.Fit(inputs, inputs, observers, cancellation);
            int epochsRun = trainer.CompletedEpochs - startEpoch;
            // optimizer epochs only; recording (full-batch gradient, evaluation outputs) and checkpoints are timed apart
            double secondsPerEpoch = epochsRun > 0 ? progressObserver.TrainingSeconds / epochsRun : double.NaN;

            var losses = trainer.EpochLosses.ToArray();
            run.WriteArray("loss_per_epoch", NpyArray.Of(losses, losses.Length));
            run.AddTiming("training_with_recording", clock.Elapsed);
            run.AddTiming("optimizer_epochs", TimeSpan.FromSeconds(progressObserver.TrainingSeconds));
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
            run.Fail(e is OperationCanceledException ? "cancelled; continue it with --resume" : e.Message);
            throw;
        }
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

    /// <summary>Saves the full training state after every epoch and keeps the newest <see cref="CheckpointsKept"/>.</summary>
    sealed class CheckpointWriter(RunDirectory run) : ITrainingObserver<float>
    {
        public void OnTrainingStart(Trainer<float> trainer) { }
        public void OnStep(Trainer<float> trainer, in StepReport step) { }
        public void OnEpochEnd(Trainer<float> trainer, in EpochReport epoch)
        {
            run.Checkpoints.Save(epoch.Epoch, TrainingStateNpy.ToNpyArrays(trainer.SaveState()));
            int old = epoch.Epoch - CheckpointsKept;
            if (old >= 1) { File.Delete(run.Checkpoints.ArraysPath(old)); File.Delete(run.Checkpoints.StatePath(old)); }
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
