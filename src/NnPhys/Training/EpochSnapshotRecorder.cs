using System.Diagnostics;
using System.Numerics;
using NnPhys.Networks;
using NnPhys.Numerics;

namespace NnPhys.Training;

/// <summary>
/// Named layers' state at one epoch boundary, in double precision: weights (in, out), the optimizer's state tensors for
/// those weights (e.g. Adam "m" and "v"), and the layers' outputs on a fixed evaluation set (samples, out).
/// </summary>
/// <param name="Epoch">Completed epochs when taken (0 = initialization).</param>
/// <param name="OptimizerSteps">Optimizer steps taken when taken (Adam's t).</param>
/// <param name="MeanLoss">Mean training loss of that epoch (NaN for epoch 0).</param>
/// <param name="Weights">Layer name → weight matrix (in, out).</param>
/// <param name="OptimizerState">"{state}.{layer}" (e.g. "m.b1") → state of that layer's weight, shaped (in, out).</param>
/// <param name="Outputs">Layer name → outputs on the evaluation set (samples, out); empty without an evaluation set.</param>
/// <param name="FullBatchGradients">Layer name → ∂L/∂W of the full-data MSE at this point (in, out); empty unless
/// the recorder was given gradient data.</param>
/// <param name="FullBatchLoss">Full-data MSE at this point (NaN without gradient data).</param>
public sealed record EpochSnapshot(int Epoch, long OptimizerSteps, double MeanLoss,
    IReadOnlyDictionary<string, Matrix<double>> Weights,
    IReadOnlyDictionary<string, Matrix<double>> OptimizerState,
    IReadOnlyDictionary<string, Matrix<double>> Outputs,
    IReadOnlyDictionary<string, Matrix<double>> FullBatchGradients,
    double FullBatchLoss);

/// <summary>
/// A training observer that records an <see cref="EpochSnapshot"/> of chosen layers at the start of training and after
/// every epoch — e.g. b1 and b2 weights, their Adam moments, and the latent outputs after b1 and b2 on a fixed
/// evaluation set, which is what the Fokker–Planck comparison needs; optionally also the full-data gradient of those
/// weights (for the *predicted* drift, eq. (9) applied at the epoch's start). Snapshots are copies in double.
/// Recording does not change training: parameters, optimizer state and the shuffling stream are only read, and the
/// gradient buffer it uses is cleared before every training step anyway.
/// </summary>
public sealed class EpochSnapshotRecorder<T> : ITrainingObserver<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly string[] _layers, _outputLayers;
    readonly Matrix<T>? _evaluationInputs;
    readonly (Matrix<T> Inputs, Matrix<T> Targets)? _gradientData;
    readonly List<EpochSnapshot> _snapshots = [];

    /// <summary>Snapshots in the order taken.</summary>
    public IReadOnlyList<EpochSnapshot> Snapshots => _snapshots;

    /// <summary>Wall-clock seconds spent on full-batch gradients so far (by <see cref="Capture"/>).</summary>
    public double GradientSeconds { get; private set; }

    /// <summary>Wall-clock seconds spent on evaluation-set outputs so far (by <see cref="Capture"/>).</summary>
    public double OutputSeconds { get; private set; }

    /// <summary>
    /// Records the named layers; if <paramref name="evaluationInputs"/> (samples, in) is given, also the outputs on it of
    /// <paramref name="outputLayers"/> (default: the named layers; e.g. add "enc2", the layer feeding b1), all from one
    /// forward pass; if <paramref name="gradientInputs"/> and <paramref name="gradientTargets"/> are given (usually the
    /// training set), also the full-data gradient of the named layers' weights (one extra forward pass over that data per
    /// epoch, and a backward pass that stops at the lowest named layer).
    /// </summary>
    /// <exception cref="ArgumentException">Only one of gradientInputs and gradientTargets is given.</exception>
    public EpochSnapshotRecorder(IEnumerable<string> layerNames, Matrix<T>? evaluationInputs = null,
        Matrix<T>? gradientInputs = null, Matrix<T>? gradientTargets = null, IEnumerable<string>? outputLayers = null)
    {
        _layers = layerNames.ToArray();
        _outputLayers = outputLayers?.ToArray() ?? _layers;
        _evaluationInputs = evaluationInputs;
        if ((gradientInputs is null) != (gradientTargets is null))
            throw new ArgumentException("Give both gradientInputs and gradientTargets (for an autoencoder, the training set twice), or neither.");
        if (gradientInputs is not null) _gradientData = (gradientInputs, gradientTargets!);
    }

    /// <summary>Takes the initial snapshot (once, if training starts at epoch 0 or no snapshot of this epoch exists).</summary>
    public void OnTrainingStart(Trainer<T> trainer)
    {
        if (_snapshots.Count == 0 || _snapshots[^1].Epoch != trainer.CompletedEpochs)
            _snapshots.Add(Capture(trainer.Network, trainer.Optimizer, trainer.CompletedEpochs, double.NaN));
    }

    /// <summary>Does nothing per step.</summary>
    public void OnStep(Trainer<T> trainer, in StepReport step) { }

    /// <summary>Takes the snapshot of the epoch just completed.</summary>
    public void OnEpochEnd(Trainer<T> trainer, in EpochReport epoch) =>
        _snapshots.Add(Capture(trainer.Network, trainer.Optimizer, epoch.Epoch, epoch.MeanLoss));

    /// <summary>A snapshot of the current state, taken now.</summary>
    /// <exception cref="InvalidConfigException">A layer name does not exist.</exception>
    public EpochSnapshot Capture(Network<T> network, IOptimizer<T> optimizer, int epoch, double meanLoss)
    {
        var weights = new Dictionary<string, Matrix<double>>(StringComparer.Ordinal);
        var state = new Dictionary<string, Matrix<double>>(StringComparer.Ordinal);
        var outputs = new Dictionary<string, Matrix<double>>(StringComparer.Ordinal);
        var gradients = new Dictionary<string, Matrix<double>>(StringComparer.Ordinal);
        double fullLoss = double.NaN;
        var clock = Stopwatch.StartNew();
        if (_gradientData is var (gx, gy))
        {
            fullLoss = FullBatchGradient.Compute(network, gx, gy, layers: _layers);
            foreach (var name in _layers)
            {
                var layer = network.Layer(name);
                gradients[name] = ToDouble(layer.WeightGradient, layer.InputSize, layer.OutputSize);
            }
            GradientSeconds += clock.Elapsed.TotalSeconds;
        }
        foreach (var name in _layers)
        {
            var layer = network.Layer(name);
            weights[name] = ToDouble(layer.Weight, layer.InputSize, layer.OutputSize);
            foreach (var s in optimizer.StateNames)
                state[$"{s}.{name}"] = ToDouble(optimizer.State(s, layer.Spec.WeightName), layer.InputSize, layer.OutputSize);
        }
        if (_evaluationInputs is not null && _outputLayers.Length > 0)
        {
            clock.Restart();
            var o = network.LayerOutputs(_outputLayers, _evaluationInputs);   // one pass up to the deepest layer
            for (int k = 0; k < _outputLayers.Length; k++) outputs[_outputLayers[k]] = ToDouble(o[k].Data, o[k].Rows, o[k].Cols);
            OutputSeconds += clock.Elapsed.TotalSeconds;
        }
        return new EpochSnapshot(epoch, optimizer.StepCount, meanLoss, weights, state, outputs, gradients, fullLoss);
    }

    static Matrix<double> ToDouble(ReadOnlySpan<T> values, int rows, int cols)
    {
        var m = new Matrix<double>(rows, cols);
        for (int i = 0; i < values.Length; i++) m.Data[i] = double.CreateTruncating(values[i]);
        return m;
    }
}
