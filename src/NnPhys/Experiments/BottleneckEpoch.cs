namespace NnPhys.Experiments;

/// <summary>
/// Everything recorded at one epoch boundary t (t = 0 is initialisation, t = k is after k epochs): both bottleneck layers,
/// the Adam step count, the training loss, and on a fixed evaluation set of E inputs the inputs to B1 and the latent outputs
/// of B1 and B2.
/// </summary>
/// <param name="Epoch">t.</param>
/// <param name="AdamStep">Adam steps taken so far (the k in the bias corrections); shared by all parameters.</param>
/// <param name="TrainLoss">Training loss at this boundary (full-batch at these weights, or the mean over the epoch that ended here).</param>
/// <param name="B1">Layer B1 (e.g. 200 rows).</param>
/// <param name="B2">Layer B2 (2 rows).</param>
/// <param name="B1Inputs">Inputs to B1 on the evaluation set, (E, B1 rows).</param>
/// <param name="B1Outputs">Latent outputs of B1, (E, 2); must equal B1Inputs·W1.</param>
/// <param name="B2Outputs">Latent outputs of B2, (E, 2); must equal B1Outputs·W2.</param>
public sealed record BottleneckEpoch(int Epoch, long AdamStep, double TrainLoss, BottleneckLayerState B1, BottleneckLayerState B2,
                                     double[] B1Inputs, double[] B1Outputs, double[] B2Outputs)
{
    /// <summary>Checks shapes, finiteness and that the recorded outputs are the layer maps of the recorded inputs.</summary>
    /// <exception cref="DataFileException">Any inconsistency; the message names the array and the epoch and says how to fix it.</exception>
    public void Validate(int b1Rows, int evalCount)
    {
        if (!double.IsFinite(TrainLoss)) throw new DataFileException($"Train loss at epoch {Epoch} is {TrainLoss}; training diverged. Lower the learning rate or drop the epochs after the divergence.");
        if (AdamStep < 0) throw new DataFileException($"Adam step count at epoch {Epoch} is negative ({AdamStep}).");
        B1.Validate("B1", Epoch, b1Rows);
        B2.Validate("B2", Epoch, 2);
        CheckArray(B1Inputs, evalCount * b1Rows, $"B1 inputs (E={evalCount}, {b1Rows})");
        CheckArray(B1Outputs, evalCount * 2, $"B1 outputs (E={evalCount}, 2)");
        CheckArray(B2Outputs, evalCount * 2, $"B2 outputs (E={evalCount}, 2)");

        // The outputs must be x·W: catches transposed weight matrices and mismatched evaluation sets.
        var z1 = LatentMaps.Apply(B1Inputs, evalCount, B1.Weights, b1Rows);
        CheckSame(z1, B1Outputs, "B1 outputs", "B1 inputs · W1 (W1 stored as (input units, 2))");
        var z2 = LatentMaps.Apply(B1Outputs, evalCount, B2.Weights, 2);
        CheckSame(z2, B2Outputs, "B2 outputs", "B1 outputs · W2 (W2 stored as (2 inputs, 2 outputs))");
    }

    void CheckArray(double[] a, int expected, string name)
    {
        if (a.Length != expected) throw new DataFileException($"{name} at epoch {Epoch} has {a.Length} values; expected {expected}. All epochs must use the same evaluation set.");
        for (int k = 0; k < a.Length; k++)
            if (!double.IsFinite(a[k])) throw new DataFileException($"{name} at epoch {Epoch} has a non-finite value ({a[k]}) at flat index {k}; re-record the evaluation pass.");
    }

    void CheckSame(double[] computed, double[] recorded, string name, string formula)
    {
        double diff = 0, scale = 0;
        for (int k = 0; k < computed.Length; k++) { diff = Math.Max(diff, Math.Abs(computed[k] - recorded[k])); scale = Math.Max(scale, Math.Abs(recorded[k])); }
        if (diff > 1e-3 * scale + 1e-6)
            throw new DataFileException($"{name} at epoch {Epoch} differ from {formula} by up to {diff:G3} (outputs up to {scale:G3}). " +
                                        "Store the weights with one row per input unit (transpose nn.Linear.weight) and record inputs and outputs in the same forward pass.");
    }
}
