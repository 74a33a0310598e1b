using NnPhys.Experiments;
using NnPhys.FokkerPlanck;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>Drift modes, the loss gate of eq. (8), the diffusion of eq. (12) and trajectory validation.</summary>
public class TrainingDriftTests
{
    [Fact]
    public void MeasuredDriftIsTheActualDisplacementAndPredictedIsTheAdamForecast()
    {
        var trajectory = SyntheticTraining.Run(epochs: 3);
        var measured = TrainingDrift.ForEpoch(trajectory, BottleneckLayer.B1, 1, DriftMode.Measured, DiffusionModel.AdamEpsilon);
        for (int k = 0; k < measured.Velocities.Length; k++)
            Assert.Equal(trajectory.Epochs[2].B1.Weights[k] - trajectory.Epochs[1].B1.Weights[k], measured.Velocities[k], 1e-15);
        var predicted = TrainingDrift.ForEpoch(trajectory, BottleneckLayer.B1, 1, DriftMode.Predicted, DiffusionModel.AdamEpsilon, AdamForecast.FrozenGradientRecursion);
        // The quadratic loss has a gradient that changes within the epoch, so the forecast differs from the truth, but at
        // this learning rate by little: displacement per epoch ≈ 0.2, frozen-gradient error well below that.
        double diff = 0, scale = 0;
        for (int k = 0; k < predicted.Velocities.Length; k++) { diff = Math.Max(diff, Math.Abs(predicted.Velocities[k] - measured.Velocities[k])); scale = Math.Max(scale, Math.Abs(measured.Velocities[k])); }
        Assert.True(diff < 0.5 * scale, $"forecast error {diff:G3} vs displacement {scale:G3}");
        Assert.True(diff > 0, "the forecast must not peek at the real displacement");
        // Diffusion of eq. (12).
        Assert.All(measured.Diffusion, s => Assert.Equal(1e-8 * 1e-8 * 0.01 * 0.01, s, 1e-40));
    }

    [Fact]
    public void PredictedDriftIsExactWhenTheGradientIsConstant()
    {
        // Linear loss: the gradient never changes, so iterating eq. (9) with the frozen gradient reproduces training exactly.
        var trajectory = SyntheticTraining.Run(epochs: 3, linearLoss: true);
        foreach (var layer in new[] { BottleneckLayer.B1, BottleneckLayer.B2 })
            for (int t = 0; t < 3; t++)
            {
                var predicted = TrainingDrift.ForEpoch(trajectory, layer, t, DriftMode.Predicted, DiffusionModel.AdamEpsilon, AdamForecast.FrozenGradientRecursion);
                var measured = TrainingDrift.ForEpoch(trajectory, layer, t, DriftMode.Measured, DiffusionModel.AdamEpsilon);
                Assert.True(predicted.GateOpen && measured.GateOpen);
                for (int k = 0; k < predicted.Velocities.Length; k++) Assert.Equal(measured.Velocities[k], predicted.Velocities[k], 1e-12);
            }
    }

    [Fact]
    public void SingleStepForecastIsStepsPerEpochTimesTheTrainingLibrarysAdamPrediction()
    {
        var trajectory = SyntheticTraining.Run(epochs: 3, noise: 0.1);
        var state = trajectory.Epochs[2].B1;
        var predicted = TrainingDrift.ForEpoch(trajectory, BottleneckLayer.B1, 2, DriftMode.Predicted, DiffusionModel.AdamEpsilon);
        var expected = new double[state.Weights.Length];
        NnPhys.Training.AdamEquation.Predict(trajectory.Adam, trajectory.Epochs[2].AdamStep, state.FullBatchGradient, state.AdamM, state.AdamV, expected);
        for (int k = 0; k < expected.Length; k++) Assert.Equal(trajectory.StepsPerEpoch * expected[k], predicted.Velocities[k], 1e-15);
    }

    [Fact]
    public void LossGateClosesTheDriftWhenTheLossRises()
    {
        var t = SyntheticTraining.Run(epochs: 2);
        var raised = t.Epochs.Select((e, i) => i == 2 ? e with { TrainLoss = e.TrainLoss + 10 } : e).ToList();
        var trajectory = new BottleneckTrajectory(t.Adam, t.StepsPerEpoch, raised);
        var closed = TrainingDrift.ForEpoch(trajectory, BottleneckLayer.B2, 1, DriftMode.Measured, DiffusionModel.AdamEpsilon);
        Assert.False(closed.GateOpen);
        Assert.All(closed.Velocities, v => Assert.Equal(0, v));
        Assert.True(TrainingDrift.LossGateOpen(trajectory, 0, DriftMode.Measured));
        Assert.True(TrainingDrift.LossGateOpen(trajectory, 0, DriftMode.Predicted));
    }

    [Fact]
    public void MinibatchNoiseDiffusionFollowsItsFormula()
    {
        var trajectory = SyntheticTraining.Run(epochs: 2, noise: 0.05);
        var state = trajectory.Epochs[1].B1;
        var sigma2 = TrainingDrift.RowDiffusion(trajectory, BottleneckLayer.B1, 1, DiffusionModel.MinibatchNoise);
        long k = trajectory.Epochs[1].AdamStep;
        double vHat = state.AdamV[0] / (1 - Math.Pow(0.999, k));
        double expected = trajectory.StepsPerEpoch * 0.01 * 0.01 * 0.05 * 0.05 / Math.Pow(Math.Sqrt(vHat) + 1e-8, 2);
        Assert.Equal(expected, sigma2[0], 1e-12 * expected);
        var noCovariance = SyntheticTraining.Run(epochs: 1);
        var stripped = noCovariance.Epochs.Select(e => e with { B1 = e.B1 with { GradientCovariance = null } }).ToList();
        var ex = Assert.Throws<InvalidConfigException>(() => TrainingDrift.RowDiffusion(new BottleneckTrajectory(noCovariance.Adam, 20, stripped), BottleneckLayer.B1, 0, DiffusionModel.MinibatchNoise));
        Assert.Contains("AdamEpsilon", ex.Message);
    }

    [Fact]
    public void NaNIsReportedWithTheArrayAndTheEpoch()
    {
        var t = SyntheticTraining.Run(epochs: 3);
        var bad = t.Epochs.ToList();
        var m = (double[])bad[2].B2.AdamM.Clone(); m[3] = double.NaN;
        bad[2] = bad[2] with { B2 = bad[2].B2 with { AdamM = m } };
        var ex = Assert.Throws<DataFileException>(() => new BottleneckTrajectory(t.Adam, t.StepsPerEpoch, bad));
        Assert.Contains("B2 Adam m at epoch 2", ex.Message);
    }

    [Fact]
    public void TransposedOrMisshapenWeightsAreRejectedWithTheFix()
    {
        var t = SyntheticTraining.Run(b1Rows: 10, epochs: 1);
        // B2 stored as nn.Linear.weight (outputs × inputs) instead of (inputs × outputs).
        var e1 = t.Epochs[1];
        var w = e1.B2.Weights;
        var transposed = e1 with { B2 = e1.B2 with { Weights = [w[0], w[2], w[1], w[3]] } };
        var ex = Assert.Throws<DataFileException>(() => new BottleneckTrajectory(t.Adam, t.StepsPerEpoch, [t.Epochs[0], transposed]));
        Assert.Contains("transpose", ex.Message);
        var shortGrad = e1 with { B1 = e1.B1 with { FullBatchGradient = new double[6] } };
        var ex2 = Assert.Throws<DataFileException>(() => new BottleneckTrajectory(t.Adam, t.StepsPerEpoch, [t.Epochs[0], shortGrad]));
        Assert.Contains("B1 full-batch gradient at epoch 1", ex2.Message);
        Assert.Contains("shapes do not match", ex2.Message);
    }
}
