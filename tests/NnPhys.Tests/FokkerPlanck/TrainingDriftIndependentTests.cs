using NnPhys.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.Training;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>
/// Drift, diffusion and gate of the reproduction against computations written here from the paper's equations (not through
/// the production helpers), on hand-built trajectories: Adam's eq. (9) step, the minibatch-noise σ² of both axes from a
/// covariance with different diagonal entries, the loss gate of eq. (8) at t &gt; 0, and a rigid translation that the
/// measured drift must carry exactly.
/// </summary>
public class TrainingDriftIndependentTests
{
    const int Rows = 6, Steps = 40;
    static readonly AdamOptions Adam = new(LearningRate: 0.01);

    static (double[] M, double[] V, double[] G, double[]? Cov) State(int t)
    {
        var m = new double[2 * Rows]; var v = new double[2 * Rows]; var g = new double[2 * Rows]; var cov = new double[4 * Rows];
        for (int k = 0; k < 2 * Rows; k++) { m[k] = 0.01 * (k - 5) + 0.002 * t; v[k] = 1e-4 * (1 + k); g[k] = 0.03 * Math.Sin(k + t); }
        for (int r = 0; r < Rows; r++) { cov[4 * r] = 4e-4 * (r + 1); cov[4 * r + 1] = cov[4 * r + 2] = 1e-4; cov[4 * r + 3] = 9e-4 * (r + 1); }
        return (m, v, g, cov);
    }

    static BottleneckTrajectory Build(Func<int, double>? loss = null) => HandTrajectory.Build(4,
        t => HandTrajectory.Ring(Rows).Select((w, k) => w + 0.01 * t * (k % 3)).ToArray(), t => [1, 0, 0, 1],
        loss: loss, adamB1: State, stepsPerEpoch: Steps, adam: Adam);

    [Fact]
    public void PredictedDriftIsStepsTimesOneAdamStep()
    {
        var trajectory = Build();
        var drift = TrainingDrift.ForEpoch(trajectory, BottleneckLayer.B1, 2, DriftMode.Predicted, DiffusionModel.AdamEpsilon);
        var (m, v, g, _) = State(2);
        long k = trajectory.Epochs[2].AdamStep + 1;   // the step about to be taken
        for (int i = 0; i < 2 * Rows; i++)
        {
            // fokker-planck-to-callan-symanzik eq. (9), written out
            double m1 = 0.9 * m[i] + 0.1 * g[i], v1 = 0.999 * v[i] + 0.001 * g[i] * g[i];
            double step = -0.01 * (m1 / (1 - Math.Pow(0.9, k))) / (Math.Sqrt(v1 / (1 - Math.Pow(0.999, k))) + 1e-8);
            Assert.Equal(Steps * step, drift.Velocities[i], 1e-12);
        }
    }

    [Fact]
    public void MinibatchNoiseUsesEachAxisOwnVariance()
    {
        var trajectory = Build();
        var sigma2 = TrainingDrift.RowDiffusion(trajectory, BottleneckLayer.B1, 2, DiffusionModel.MinibatchNoise);
        var (_, v, _, cov) = State(2);
        long k = trajectory.Epochs[2].AdamStep;
        for (int r = 0; r < Rows; r++)
            for (int a = 0; a < 2; a++)
            {
                double variance = a == 0 ? cov![4 * r] : cov![4 * r + 3];   // Cov_xx, Cov_yy of row r
                double vHat = v[2 * r + a] / (1 - Math.Pow(0.999, k));
                Assert.Equal(Steps * 1e-4 * variance / Math.Pow(Math.Sqrt(vHat) + 1e-8, 2), sigma2[2 * r + a], 1e-15);
            }
    }

    [Fact]
    public void LossGateFollowsTheLossAfterTheFirstEpoch()
    {
        // losses 1.0, 0.8, 0.9, 0.7, 0.75: rises over epochs 1→2 and 3→4
        double[] losses = [1.0, 0.8, 0.9, 0.7, 0.75];
        var trajectory = Build(t => losses[t]);
        Assert.True(TrainingDrift.LossGateOpen(trajectory, 0, DriftMode.Measured));
        Assert.False(TrainingDrift.LossGateOpen(trajectory, 1, DriftMode.Measured));   // L2 > L1
        Assert.False(TrainingDrift.LossGateOpen(trajectory, 3, DriftMode.Measured));   // L4 > L3
        Assert.False(TrainingDrift.LossGateOpen(trajectory, 2, DriftMode.Predicted));  // last known change L2 − L1 > 0
        Assert.True(TrainingDrift.LossGateOpen(trajectory, 3, DriftMode.Predicted));   // L3 − L2 < 0
        var closed = TrainingDrift.ForEpoch(trajectory, BottleneckLayer.B1, 2, DriftMode.Predicted, DiffusionModel.AdamEpsilon);
        Assert.All(closed.Velocities, v => Assert.Equal(0, v));
        Assert.Contains(TrainingDrift.ForEpoch(trajectory, BottleneckLayer.B1, 3, DriftMode.Predicted, DiffusionModel.AdamEpsilon).Velocities, v => v != 0);
    }

    [Fact]
    public void MeasuredDriftCarriesARigidTranslationExactly()
    {
        // every row moves by V per epoch: the regressed field is V (to the kernel's 0.1 % pseudo-weight), so the one-epoch-ahead
        // theoretical rows land on the network's rows: FVE ≥ 0.995 (a drift 10 % off gives 0.99)
        double[] velocity = [0.03, -0.02];
        var trajectory = HandTrajectory.Build(3, t => HandTrajectory.Ring(30, 0.05).Select((w, k) => w + t * velocity[k % 2]).ToArray(),
            t => [1 + 0.02 * t, 0.1, -0.1, 0.9 - 0.01 * t], evalCount: 20);
        var result = FokkerPlanckReproduction.Run(trajectory, new FokkerPlanckOptions { GridSize = 64, KdeGridSize = 24, Modes = [DriftMode.Measured], RunKpz = false });
        for (int t = 1; t <= 3; t++)
        {
            Assert.True(result.Modes[0].Metrics[t].FveB1 > 0.995, $"epoch {t}: b1 FVE {result.Modes[0].Metrics[t].FveB1:F5}");
            Assert.True(result.Modes[0].Metrics[t].FveB2 > 0.995, $"epoch {t}: b2 FVE {result.Modes[0].Metrics[t].FveB2:F5}");
        }
    }
}
