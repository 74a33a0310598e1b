using NnPhys.Numerics;
using NnPhys.Runs;
using NnPhys.Training;

namespace NnPhys.Experiments;

/// <summary>
/// Records, at every epoch boundary of the autoencoder's training, what the Fokker–Planck theory needs about the
/// bottleneck layers b1 and b2 (fokker-planck-to-callan-symanzik eqs. 8, 9, 12, 28) into the run's <c>trajectory/</c>
/// directory in the <see cref="BottleneckTrajectoryFiles"/> format, one epoch directory at a time (so a resumed run
/// simply continues the series): weights, Adam moments and step, full-batch gradient and loss, the covariance of the
/// minibatch gradients of the epoch that ended there, and the fixed evaluation set's b1 inputs and b1/b2 outputs.
/// Capture is done by <see cref="EpochSnapshotRecorder{T}"/> (the full-batch gradient of b1 and b2 only, with a backward
/// pass that stops at b1; the evaluation outputs of enc2, b1 and b2 in one forward pass) and
/// <see cref="MinibatchGradientStatistics{T}"/>; the files are written by a <see cref="BackgroundWriter"/> when one is given.
/// </summary>
public sealed class BottleneckRecorder : ITrainingObserver<float>
{
    /// <summary>The two bottleneck layers recorded.</summary>
    public static readonly string[] Layers = ["b1", "b2"];

    /// <summary>The layer whose outputs are b1's inputs.</summary>
    const string B1InputLayer = "enc2";

    readonly string _directory;
    readonly int[] _evaluationLabels;
    readonly int _trainingRows;
    readonly EpochSnapshotRecorder<float> _snapshots;
    readonly MinibatchGradientStatistics<float> _minibatchGradients = new(Layers);
    readonly BackgroundWriter? _writer;

    /// <summary>The directory inside a run that holds the trajectory.</summary>
    public static string TrajectoryDirectory(string runRoot) => Path.Combine(runRoot, "trajectory");

    /// <summary>Wall-clock seconds spent on the full-batch gradients so far.</summary>
    public double FullBatchGradientSeconds => _snapshots.GradientSeconds;

    /// <summary>Wall-clock seconds spent on the evaluation-set outputs so far.</summary>
    public double EvaluationSeconds => _snapshots.OutputSeconds;

    /// <summary>Seconds spent writing the trajectory files on the training thread (zero when a writer is given: see its busy time).</summary>
    public double FileSeconds { get; private set; }

    /// <param name="run">The training run.</param>
    /// <param name="evaluationInputs">The fixed evaluation set (e, 784).</param>
    /// <param name="evaluationLabels">Its digits.</param>
    /// <param name="allInputs">The training set, for the full-batch gradient.</param>
    /// <param name="writer">Writes the files in the background, in order with the run's other writes (e.g. the
    /// checkpoints); null writes them before <see cref="OnEpochEnd"/> returns.</param>
    public BottleneckRecorder(RunDirectory run, Matrix<float> evaluationInputs, int[] evaluationLabels, Matrix<float> allInputs,
        BackgroundWriter? writer = null)
    {
        _directory = TrajectoryDirectory(run.Root);
        _evaluationLabels = evaluationLabels;
        _trainingRows = allInputs.Rows;
        _writer = writer;
        _snapshots = new EpochSnapshotRecorder<float>(Layers, evaluationInputs, allInputs, allInputs, [B1InputLayer, .. Layers]);
    }

    /// <summary>Writes the header and epoch 0 (the initialization) unless this run is resumed past it.</summary>
    public void OnTrainingStart(Trainer<float> trainer)
    {
        _minibatchGradients.OnTrainingStart(trainer);
        if (trainer.CompletedEpochs > 0) return;
        var adam = ((Adam<float>)trainer.Optimizer).Options;
        int n = _trainingRows, batch = trainer.Options.BatchSize;
        string directory = _directory;
        int[] labels = _evaluationLabels;
        Write(() => BottleneckTrajectoryFiles.WriteHeader(directory, adam, (n + batch - 1) / batch, labels));
        Record(trainer, trainer.CompletedEpochs, double.NaN, null);
    }

    /// <summary>Accumulates this minibatch's b1/b2 gradients.</summary>
    public void OnStep(Trainer<float> trainer, in StepReport step) => _minibatchGradients.OnStep(trainer, step);

    /// <summary>Writes the epoch's directory.</summary>
    public void OnEpochEnd(Trainer<float> trainer, in EpochReport epoch)
    {
        _minibatchGradients.OnEpochEnd(trainer, epoch);
        Record(trainer, epoch.Epoch, epoch.MeanLoss, _minibatchGradients.Epochs[^1]);
    }

    /// <summary>Captures the snapshot now (not kept: only the files are) and queues its files.</summary>
    void Record(Trainer<float> trainer, int epoch, double meanLoss, EpochGradientStatistics? minibatch)
    {
        var snapshot = _snapshots.Capture(trainer.Network, trainer.Optimizer, epoch, meanLoss);
        var files = BottleneckTrajectoryBuilder.Epoch(snapshot, snapshot.Outputs[B1InputLayer], minibatch);   // copies: safe to write later
        string directory = _directory;
        Write(() => BottleneckTrajectoryFiles.WriteEpoch(directory, files));
    }

    void Write(Action write)
    {
        if (_writer is not null) { _writer.Enqueue("trajectory_files", write); return; }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        write();
        FileSeconds += clock.Elapsed.TotalSeconds;
    }
}
