using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Experiments;

/// <summary>
/// Builds a <see cref="BottleneckTrajectory"/> from what the training observers record: <see cref="EpochSnapshotRecorder{T}"/>
/// snapshots of the layers "b1", "b2" (and the layer feeding b1, e.g. "enc2", for the B1 inputs) taken with an evaluation set
/// and with the full training data for gradients, plus optionally <see cref="MinibatchGradientStatistics{T}"/>.
/// </summary>
public static class BottleneckTrajectoryBuilder
{
    /// <summary>Converts recorded snapshots (one per epoch boundary, epoch 0 first).</summary>
    /// <param name="snapshots">Snapshots t = 0..T with Weights, OptimizerState ("m.b1", "v.b1", ...), Outputs on the evaluation set,
    /// FullBatchGradients and FullBatchLoss of the bottleneck layers.</param>
    /// <param name="adam">The Adam settings of the run.</param>
    /// <param name="stepsPerEpoch">Optimizer steps per epoch.</param>
    /// <param name="b1Inputs">Inputs to B1 on the evaluation set per snapshot, (E, 200); null to read them from
    /// <c>Outputs[b1InputLayer]</c> of each snapshot.</param>
    /// <param name="gradientStatistics">Per-epoch minibatch gradient statistics (epoch k's covers t = k−1 → k), or null.</param>
    /// <param name="evalLabels">Labels of the evaluation inputs, or null.</param>
    /// <param name="b1Name">Name of the first bottleneck layer.</param>
    /// <param name="b2Name">Name of the second bottleneck layer.</param>
    /// <param name="b1InputLayer">Layer whose outputs are B1's inputs (when <paramref name="b1Inputs"/> is null).</param>
    /// <exception cref="DataFileException">Something needed was not recorded; the message names it and the recorder option that records it.</exception>
    public static BottleneckTrajectory FromSnapshots(IReadOnlyList<EpochSnapshot> snapshots, AdamOptions adam, int stepsPerEpoch,
        IReadOnlyList<Matrix<double>>? b1Inputs = null, IReadOnlyList<EpochGradientStatistics>? gradientStatistics = null, int[]? evalLabels = null,
        string b1Name = "b1", string b2Name = "b2", string b1InputLayer = "enc2")
    {
        var epochs = new List<BottleneckEpoch>();
        for (int t = 0; t < snapshots.Count; t++)
        {
            var s = snapshots[t];
            var x = b1Inputs is not null ? b1Inputs[t] : Get(s.Outputs, b1InputLayer, s.Epoch, $"outputs of {b1InputLayer} (record that layer too, or pass b1Inputs)");
            epochs.Add(Epoch(s, x, gradientStatistics?.FirstOrDefault(g => g.Epoch == s.Epoch), b1Name, b2Name));
        }
        return new BottleneckTrajectory(adam, stepsPerEpoch, epochs, evalLabels);
    }

    /// <summary>Converts one snapshot (with its B1 inputs (E, 200) and the statistics of the epoch that ended there, if any).</summary>
    /// <exception cref="DataFileException">Something needed was not recorded; the message names it and the recorder option that records it.</exception>
    public static BottleneckEpoch Epoch(EpochSnapshot s, Matrix<double> b1Inputs, EpochGradientStatistics? statistics = null,
        string b1Name = "b1", string b2Name = "b2")
    {
        if (!double.IsFinite(s.FullBatchLoss) || !s.FullBatchGradients.ContainsKey(b1Name) || !s.FullBatchGradients.ContainsKey(b2Name))
            throw new DataFileException($"Snapshot of epoch {s.Epoch} has no full-batch loss/gradient for {b1Name} and {b2Name}; create the EpochSnapshotRecorder with gradientInputs and gradientTargets (the training set).");
        return new BottleneckEpoch(s.Epoch, s.OptimizerSteps, s.FullBatchLoss,
            Layer(s, b1Name, statistics), Layer(s, b2Name, statistics), b1Inputs.Data,
            Get(s.Outputs, b1Name, s.Epoch, $"outputs of {b1Name} on the evaluation set (pass evaluationInputs to the recorder)").Data,
            Get(s.Outputs, b2Name, s.Epoch, $"outputs of {b2Name} on the evaluation set (pass evaluationInputs to the recorder)").Data);
    }

    static BottleneckLayerState Layer(EpochSnapshot s, string name, EpochGradientStatistics? stats) => new(
        Get(s.Weights, name, s.Epoch, $"weights of {name}").Data,
        Get(s.OptimizerState, $"m.{name}", s.Epoch, $"Adam m of {name} (train with Adam)").Data,
        Get(s.OptimizerState, $"v.{name}", s.Epoch, $"Adam v of {name} (train with Adam)").Data,
        Get(s.FullBatchGradients, name, s.Epoch, $"full-batch gradient of {name}").Data,
        stats is not null && stats.RowCovariance.TryGetValue(name, out var cov) ? cov.Data : null);

    static Matrix<double> Get(IReadOnlyDictionary<string, Matrix<double>> map, string key, int epoch, string what) =>
        map.TryGetValue(key, out var m) ? m : throw new DataFileException($"Snapshot of epoch {epoch} has no {what}.");
}
