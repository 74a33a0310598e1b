namespace NnPhys.Experiments;

/// <summary>
/// One bottleneck layer at one epoch boundary. The weight matrix is stored with one row per input unit, (rows, 2), so each
/// row is a point in R² (SPEC §1: B1 is 200×2, B2 is 2×2) and the layer maps x ↦ x·W. A PyTorch <c>nn.Linear(in, 2).weight</c>
/// is (2, in): store its transpose.
/// </summary>
/// <param name="Weights">W, (rows, 2).</param>
/// <param name="AdamM">Adam first moment m for W at this boundary, (rows, 2).</param>
/// <param name="AdamV">Adam second moment v for W at this boundary, (rows, 2).</param>
/// <param name="FullBatchGradient">∂L/∂W over the whole training set at these weights, (rows, 2).</param>
/// <param name="GradientCovariance">Optional covariance of the per-batch gradient over the minibatches of the epoch that ended
/// at this boundary (none at t = 0), per row a 2×2 matrix: (rows, 2, 2) — <c>MinibatchGradientStatistics.RowCovariance</c>.
/// Used by the minibatch-noise diffusion.</param>
public sealed record BottleneckLayerState(double[] Weights, double[] AdamM, double[] AdamV, double[] FullBatchGradient, double[]? GradientCovariance = null)
{
    /// <summary>Number of rows (points in R²).</summary>
    public int Rows => Weights.Length / 2;

    /// <summary>Checks shapes and finiteness.</summary>
    /// <exception cref="DataFileException">A length is not (rows, 2) / (rows, 2, 2), or a value is NaN or infinite; the message names the array, layer and epoch.</exception>
    public void Validate(string layer, int epoch, int expectedRows)
    {
        Check(Weights, 2, "weights");
        Check(AdamM, 2, "Adam m");
        Check(AdamV, 2, "Adam v");
        Check(FullBatchGradient, 2, "full-batch gradient");
        if (GradientCovariance is not null) Check(GradientCovariance, 4, "per-batch gradient covariance");
        for (int k = 0; k < AdamV.Length; k++)
            if (AdamV[k] < 0) throw new DataFileException($"{layer} Adam v at epoch {epoch} has a negative entry {AdamV[k]} at index {k}; v is a running mean of g² and must be ≥ 0. Check the saved optimizer state.");

        void Check(double[] a, int perRow, string name)
        {
            if (a.Length != expectedRows * perRow)
                throw new DataFileException($"{layer} {name} at epoch {epoch} has {a.Length} values; expected {expectedRows}×{(perRow == 2 ? "2" : "2×2")} = {expectedRows * perRow}. " +
                                            $"The bottleneck shapes do not match the experiment (B1 is input-width×2, B2 is 2×2, rows = input units).");
            for (int k = 0; k < a.Length; k++)
                if (!double.IsFinite(a[k]))
                    throw new DataFileException($"{layer} {name} at epoch {epoch} has a non-finite value ({a[k]}) at row {k / perRow}; the training diverged or the recording is corrupt. Re-run training or drop this epoch.");
        }
    }
}
