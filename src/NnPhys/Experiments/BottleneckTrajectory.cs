using NnPhys.Training;

namespace NnPhys.Experiments;

/// <summary>
/// The recording of a training run that the Fokker–Planck reproduction consumes (SPEC §1): the epoch boundaries t = 0..T of
/// the two bottleneck layers, with the Adam settings and the number of optimizer steps per epoch.
/// </summary>
public sealed class BottleneckTrajectory
{
    /// <summary>Adam hyper-parameters used in training.</summary>
    public AdamOptions Adam { get; }
    /// <summary>Optimizer steps (minibatches) per epoch.</summary>
    public int StepsPerEpoch { get; }
    /// <summary>Rows of B1 (= width of its input, 200 in the paper).</summary>
    public int B1Rows { get; }
    /// <summary>Size E of the fixed evaluation set.</summary>
    public int EvalCount { get; }
    /// <summary>Optional class label of each evaluation input (for per-digit figures), length E.</summary>
    public int[]? EvalLabels { get; }
    /// <summary>Epoch boundaries in order, Epochs[t].Epoch == t.</summary>
    public IReadOnlyList<BottleneckEpoch> Epochs { get; }

    /// <summary>Creates and validates a trajectory.</summary>
    /// <exception cref="DataFileException">Fewer than 2 epochs, epochs out of order, shape mismatch, NaN, or outputs inconsistent with inputs·W.</exception>
    /// <exception cref="InvalidConfigException">Bad Adam settings or steps per epoch.</exception>
    public BottleneckTrajectory(AdamOptions adam, int stepsPerEpoch, IReadOnlyList<BottleneckEpoch> epochs, int[]? evalLabels = null)
    {
        adam.Validate();
        if (stepsPerEpoch < 1) throw new InvalidConfigException($"Steps per epoch must be ≥ 1 (got {stepsPerEpoch}).");
        if (epochs.Count < 2) throw new DataFileException($"A bottleneck trajectory needs at least 2 epoch boundaries (initialisation and one epoch); got {epochs.Count}. Train for at least one epoch.");
        B1Rows = epochs[0].B1.Rows;
        if (epochs[0].B1.Weights.Length != 2 * B1Rows || B1Rows < 2)
            throw new DataFileException($"B1 weights at epoch 0 have {epochs[0].B1.Weights.Length} values; expected (input units, 2). The bottleneck must be 2-dimensional.");
        EvalCount = epochs[0].B1Outputs.Length / 2;
        if (EvalCount < 1) throw new DataFileException("The evaluation set is empty; record B1 inputs and latent outputs on a fixed evaluation set.");
        for (int t = 0; t < epochs.Count; t++)
        {
            if (epochs[t].Epoch != t) throw new DataFileException($"Epoch boundary {t} is labelled epoch {epochs[t].Epoch}; record every epoch from 0 in order.");
            epochs[t].Validate(B1Rows, EvalCount);
        }
        if (evalLabels is not null && evalLabels.Length != EvalCount)
            throw new DataFileException($"There are {evalLabels.Length} evaluation labels for {EvalCount} evaluation inputs.");
        Adam = adam; StepsPerEpoch = stepsPerEpoch; Epochs = epochs; EvalLabels = evalLabels;
    }

    /// <summary>Number of training epochs covered (boundaries − 1).</summary>
    public int EpochCount => Epochs.Count - 1;

    /// <summary>The state of a layer at boundary t.</summary>
    public BottleneckLayerState Layer(BottleneckLayer layer, int t) => layer == BottleneckLayer.B1 ? Epochs[t].B1 : Epochs[t].B2;
}

/// <summary>The two bottleneck layers of the autoencoder (SPEC §1).</summary>
public enum BottleneckLayer
{
    /// <summary>The first bottleneck, (input width)×2, e.g. 200 points in R².</summary>
    B1,
    /// <summary>The second bottleneck, 2×2 (2 points in R²).</summary>
    B2,
}
