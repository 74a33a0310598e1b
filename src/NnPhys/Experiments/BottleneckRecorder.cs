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
/// Capture is done by <see cref="EpochSnapshotRecorder{T}"/> and <see cref="MinibatchGradientStatistics{T}"/>.
/// </summary>
public sealed class BottleneckRecorder : ITrainingObserver<float>
{
    /// <summary>The two bottleneck layers recorded.</summary>
    public static readonly string[] Layers = ["b1", "b2"];

    /// <summary>The layer whose outputs are b1's inputs.</summary>
    const string B1InputLayer = "enc2";

    readonly string _directory;
    readonly Matrix<float> _evaluationInputs;
    readonly int[] _evaluationLabels;
    readonly int _trainingRows;
    readonly EpochSnapshotRecorder<float> _snapshots;
    readonly MinibatchGradientStatistics<float> _minibatchGradients = new(Layers);

    /// <summary>The directory inside a run that holds the trajectory.</summary>
    public static string TrajectoryDirectory(string runRoot) => Path.Combine(runRoot, "trajectory");

    /// <param name="run">The training run.</param>
    /// <param name="evaluationInputs">The fixed evaluation set (e, 784).</param>
    /// <param name="evaluationLabels">Its digits.</param>
    /// <param name="allInputs">The training set, for the full-batch gradient.</param>
    public BottleneckRecorder(RunDirectory run, Matrix<float> evaluationInputs, int[] evaluationLabels, Matrix<float> allInputs)
    {
        _directory = TrajectoryDirectory(run.Root);
        _evaluationInputs = evaluationInputs;
        _evaluationLabels = evaluationLabels;
        _trainingRows = allInputs.Rows;
        _snapshots = new EpochSnapshotRecorder<float>(Layers, evaluationInputs, allInputs, allInputs);
    }

    /// <summary>Writes the header and epoch 0 (the initialization) unless this run is resumed past it.</summary>
    public void OnTrainingStart(Trainer<float> trainer)
    {
        _minibatchGradients.OnTrainingStart(trainer);
        if (trainer.CompletedEpochs > 0) return;
        var adam = ((Adam<float>)trainer.Optimizer).Options;
        int n = _trainingRows, batch = trainer.Options.BatchSize;
        BottleneckTrajectoryFiles.WriteHeader(_directory, adam, (n + batch - 1) / batch, _evaluationLabels);
        _snapshots.OnTrainingStart(trainer);
        Write(trainer, _snapshots.Snapshots[^1], null);
    }

    /// <summary>Accumulates this minibatch's b1/b2 gradients.</summary>
    public void OnStep(Trainer<float> trainer, in StepReport step) => _minibatchGradients.OnStep(trainer, step);

    /// <summary>Writes the epoch's directory.</summary>
    public void OnEpochEnd(Trainer<float> trainer, in EpochReport epoch)
    {
        _minibatchGradients.OnEpochEnd(trainer, epoch);
        _snapshots.OnEpochEnd(trainer, epoch);
        Write(trainer, _snapshots.Snapshots[^1], _minibatchGradients.Epochs[^1]);
    }

    void Write(Trainer<float> trainer, EpochSnapshot snapshot, EpochGradientStatistics? minibatch)
    {
        var b1Inputs = trainer.Network.LayerOutputs(B1InputLayer, _evaluationInputs);   // (e, 200)
        var inputs = new Matrix<double>(b1Inputs.Rows, b1Inputs.Cols);
        for (int i = 0; i < inputs.Data.Length; i++) inputs.Data[i] = b1Inputs.Data[i];
        BottleneckTrajectoryFiles.WriteEpoch(_directory, BottleneckTrajectoryBuilder.Epoch(snapshot, inputs, minibatch));
    }
}
