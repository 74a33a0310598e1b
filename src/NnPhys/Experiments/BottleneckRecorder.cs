using NnPhys.Data;
using NnPhys.Numerics;
using NnPhys.Runs;
using NnPhys.Training;

namespace NnPhys.Experiments;

/// <summary>
/// Records, at every epoch boundary of the autoencoder's training, what the Fokker–Planck theory needs about the
/// bottleneck layers b1 and b2 (fokker-planck-to-callan-symanzik eqs. 8, 9, 12, 28), one file per epoch
/// <c>trajectory/epoch-NNNN.npz</c> (written atomically, so a resumed run simply continues the series):
/// <list type="bullet">
/// <item><c>{layer}_weight</c> (in, 2) float64: the weight matrix; b1's 200 rows are the points in R² whose density evolves.</item>
/// <item><c>{layer}_adam_m</c>, <c>{layer}_adam_v</c> (in, 2): Adam moments after the epoch; <c>adam_step</c>: Adam's t.</item>
/// <item><c>{layer}_grad_full</c> (in, 2): full-batch gradient at these weights (when enabled), and <c>loss_full</c>.</item>
/// <item><c>{layer}_grad_step_mean</c>, <c>{layer}_grad_step_cov</c> (in, 2, 2): mean and covariance of the minibatch
/// gradients of the epoch just ended (absent at epoch 0; covariance normalised by the number of steps) — the
/// minibatch-noise estimate of the diffusion.</item>
/// <item><c>eval_b1_inputs</c> (e, 200) float32, <c>eval_b1_outputs</c>, <c>eval_b2_outputs</c> (e, 2) float64: the fixed
/// evaluation set pushed through the network, so theoretical matrices can be fed the same inputs.</item>
/// <item><c>loss_epoch</c>: mean training loss of the epoch just ended (absent at epoch 0).</item>
/// </list>
/// </summary>
public sealed class BottleneckRecorder : ITrainingObserver<float>
{
    /// <summary>The two bottleneck layers recorded.</summary>
    public static readonly string[] Layers = ["b1", "b2"];

    readonly RunDirectory _run;
    readonly Matrix<float> _evaluationInputs;
    readonly EpochSnapshotRecorder<float> _snapshots;
    readonly MinibatchGradientStatistics<float> _minibatchGradients = new(Layers);

    /// <summary>The directory inside the run that holds the per-epoch files.</summary>
    public static string TrajectoryDirectory(string runRoot) => Path.Combine(runRoot, "trajectory");

    /// <summary>Path of the file for epoch <paramref name="epoch"/>.</summary>
    public static string EpochPath(string runRoot, int epoch) => Path.Combine(TrajectoryDirectory(runRoot), $"epoch-{epoch:D4}.npz");

    /// <param name="run">Where to write.</param>
    /// <param name="evaluationInputs">The fixed evaluation set (e, 784).</param>
    /// <param name="allInputs">The training set, for the full-batch gradient.</param>
    /// <param name="fullBatchGradient">Whether to compute the full-batch gradient at every boundary.</param>
    public BottleneckRecorder(RunDirectory run, Matrix<float> evaluationInputs, Matrix<float> allInputs, bool fullBatchGradient)
    {
        _run = run; _evaluationInputs = evaluationInputs;
        _snapshots = fullBatchGradient
            ? new EpochSnapshotRecorder<float>(Layers, evaluationInputs, allInputs, allInputs)
            : new EpochSnapshotRecorder<float>(Layers, evaluationInputs);
        Directory.CreateDirectory(TrajectoryDirectory(run.Root));
    }

    /// <summary>Records epoch 0 (the initialization) unless this run is resumed past it.</summary>
    public void OnTrainingStart(Trainer<float> trainer)
    {
        _minibatchGradients.OnTrainingStart(trainer);
        if (File.Exists(EpochPath(_run.Root, trainer.CompletedEpochs))) return;
        _snapshots.OnTrainingStart(trainer);
        Write(trainer, _snapshots.Snapshots[^1], null);
    }

    /// <summary>Accumulates this minibatch's b1/b2 gradients.</summary>
    public void OnStep(Trainer<float> trainer, in StepReport step) => _minibatchGradients.OnStep(trainer, step);

    /// <summary>Writes the epoch's file.</summary>
    public void OnEpochEnd(Trainer<float> trainer, in EpochReport epoch)
    {
        _minibatchGradients.OnEpochEnd(trainer, epoch);
        _snapshots.OnEpochEnd(trainer, epoch);
        Write(trainer, _snapshots.Snapshots[^1], _minibatchGradients.Epochs[^1]);
    }

    void Write(Trainer<float> trainer, EpochSnapshot snapshot, EpochGradientStatistics? minibatch)
    {
        var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal) { ["adam_step"] = NpyArray.Scalar(snapshot.OptimizerSteps) };
        if (!double.IsNaN(snapshot.MeanLoss)) arrays["loss_epoch"] = NpyArray.Scalar(snapshot.MeanLoss);
        if (!double.IsNaN(snapshot.FullBatchLoss)) arrays["loss_full"] = NpyArray.Scalar(snapshot.FullBatchLoss);
        foreach (var l in Layers)
        {
            var w = snapshot.Weights[l];
            arrays[$"{l}_weight"] = NpyArray.Of(w.Data, w.Rows, w.Cols);
            arrays[$"{l}_adam_m"] = NpyArray.Of(snapshot.OptimizerState[$"m.{l}"].Data, w.Rows, w.Cols);
            arrays[$"{l}_adam_v"] = NpyArray.Of(snapshot.OptimizerState[$"v.{l}"].Data, w.Rows, w.Cols);
            if (snapshot.FullBatchGradients.TryGetValue(l, out var g)) arrays[$"{l}_grad_full"] = NpyArray.Of(g.Data, w.Rows, w.Cols);
            if (minibatch is not null)
            {
                arrays[$"{l}_grad_step_mean"] = NpyArray.Of(minibatch.Mean[l].Data, w.Rows, w.Cols);
                arrays[$"{l}_grad_step_cov"] = NpyArray.Of(minibatch.RowCovariance[l].Data, w.Rows, w.Cols, w.Cols);
            }
            var o = snapshot.Outputs[l];                                          // (e, 2)
            arrays[$"eval_{l}_outputs"] = NpyArray.Of(o.Data, o.Rows, o.Cols);
        }
        var b1Inputs = trainer.Network.LayerOutputs("enc2", _evaluationInputs);  // (e, 200): the input of b1
        arrays["eval_b1_inputs"] = NpyArray.Of(b1Inputs.Data, b1Inputs.Rows, b1Inputs.Cols);
        Npz.Write(EpochPath(_run.Root, snapshot.Epoch), arrays);
    }
}
