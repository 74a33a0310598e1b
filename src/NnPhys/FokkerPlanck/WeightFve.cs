using NnPhys.Experiments;

namespace NnPhys.FokkerPlanck;

/// <summary>
/// Weight-space fraction of variance explained (issue 8 §1): FVE = 1 − ‖Ŵ − W_t‖² / ‖W_t − W_ref‖², the squared error of
/// predicted rows Ŵ against the network's rows W_t, relative to the squared displacement since the reference epoch (W_{t−1}
/// for a one-epoch-ahead score, the start epoch s for a forecast of horizon k). "No motion" (Ŵ = W_ref) scores 0 by
/// construction, a perfect prediction 1; a prediction farther from W_t than W_ref was scores below 0.
/// </summary>
public static class WeightFve
{
    /// <summary>FVE of <paramref name="predicted"/> against <paramref name="actual"/> relative to <paramref name="reference"/>; NaN when W_t = W_ref.</summary>
    /// <exception cref="InvalidConfigException">The three arrays differ in length.</exception>
    public static double Of(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual, ReadOnlySpan<double> reference)
    {
        if (predicted.Length != actual.Length || reference.Length != actual.Length)
            throw new InvalidConfigException($"FVE needs three weight arrays of one shape; got {predicted.Length}, {actual.Length} and {reference.Length} values.");
        double error = 0, motion = 0;
        for (int k = 0; k < actual.Length; k++)
        {
            double e = predicted[k] - actual[k], m = actual[k] - reference[k];
            error += e * e; motion += m * m;
        }
        return motion > 0 ? 1 - error / motion : double.NaN;   // issue 8 §1: 1 − ‖Ŵ − W_t‖²/‖W_t − W_{t−1}‖²
    }
}

/// <summary>One model's score on one layer at one epoch: eq. (28) Pearson r and MSE of the latent-output densities, and weight-space FVE.</summary>
/// <param name="Pearson">Eq. (28) Pearson r over the lattice of peak-normalised KDEs.</param>
/// <param name="Mse">Eq. (28) MSE.</param>
/// <param name="Fve">Weight-space FVE (<see cref="WeightFve"/>).</param>
public readonly record struct LayerScore(double Pearson, double Mse, double Fve)
{
    /// <summary>No score (NaN everywhere), e.g. at t = 0.</summary>
    public static LayerScore None => new(double.NaN, double.NaN, double.NaN);
}

/// <summary>
/// Scores predicted weight matrices the way the reproduction scores the theory: theoretical latent outputs X_t·Ŵ1 and
/// (X_t·Ŵ1)·Ŵ2 from the network's recorded b1 inputs X_t at the target epoch, compared with the network's outputs by eq. (28)
/// (<see cref="LatentDensityComparison"/>), plus the weight-space FVE of each layer against a reference epoch.
/// </summary>
public static class ModelScoring
{
    /// <summary>Scores rows (Ŵ1, Ŵ2) at target epoch <paramref name="target"/>, FVE relative to epoch <paramref name="reference"/>.</summary>
    public static (LayerScore B1, LayerScore B2) Score(BottleneckTrajectory trajectory, int target, int reference,
                                                      double[] rowsB1, double[] rowsB2, int kdeGridSize)
    {
        var record = trajectory.Epochs[target];
        var z1 = LatentMaps.Apply(record.B1Inputs, trajectory.EvalCount, rowsB1, trajectory.B1Rows);   // (E, 2)
        var z2 = LatentMaps.Apply(z1, trajectory.EvalCount, rowsB2, 2);                                 // (E, 2)
        var c1 = LatentDensityComparison.Compare(record.B1Outputs, z1, kdeGridSize);
        var c2 = LatentDensityComparison.Compare(record.B2Outputs, z2, kdeGridSize);
        double f1 = WeightFve.Of(rowsB1, record.B1.Weights, trajectory.Epochs[reference].B1.Weights);
        double f2 = WeightFve.Of(rowsB2, record.B2.Weights, trajectory.Epochs[reference].B2.Weights);
        return (new LayerScore(c1.Pearson, c1.Mse, f1), new LayerScore(c2.Pearson, c2.Mse, f2));
    }
}
