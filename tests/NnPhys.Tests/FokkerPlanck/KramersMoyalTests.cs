using NnPhys.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>
/// Kramers–Moyal fields from simulated displacements: rows on a uniform lattice take one exact Ornstein–Uhlenbeck step
/// w' = e^{−θ}w + σ·s per axis with s = ±1, so the conditional mean and variance are known exactly: midpoint drift
/// −2·tanh(θ/2)·m, residual variance σ². The drift is checked with signs balanced on the lattice (a checkerboard: no
/// sampling noise in the local mean), the diffusion with independent random signs (a checkerboard makes neighbours'
/// noise anti-correlated, which a leave-one-out residual would see).
/// </summary>
public class KramersMoyalTests
{
    const double Theta = 0.2, Sigma = 0.05;

    static BottleneckTrajectory OrnsteinUhlenbeckStep(int side = 40, double half = 2.0, bool randomSigns = false)
    {
        var rng = new NnPhys.Numerics.RandomStream(11, 2);
        int n = side * side;
        var w0 = new double[2 * n]; var w1 = new double[2 * n];
        double decay = Math.Exp(-Theta);
        for (int i = 0; i < side; i++)
            for (int j = 0; j < side; j++)
            {
                int r = i * side + j;
                w0[2 * r] = -half + (j + 0.5) * 2 * half / side;
                w0[2 * r + 1] = -half + (i + 0.5) * 2 * half / side;
                double sx = (i + j) % 2 == 0 ? 1 : -1, sy = i % 2 == 0 ? 1 : -1;
                if (randomSigns) { sx = rng.NextDouble() < 0.5 ? 1 : -1; sy = rng.NextDouble() < 0.5 ? 1 : -1; }
                w1[2 * r] = decay * w0[2 * r] + Sigma * sx;
                w1[2 * r + 1] = decay * w0[2 * r + 1] + Sigma * sy;
            }
        return HandTrajectory.Build(1, t => t == 0 ? w0 : w1, t => [1, 0, 0, 1], evalCount: 4);
    }

    [Fact]
    public void RecoversOrnsteinUhlenbeckDriftAndDiffusion()
    {
        var grid = Grid2D.Square(-2.5, 2.5, 50);
        var fields = KramersMoyalFields.Fit(grid, OrnsteinUhlenbeckStep(), BottleneckLayer.B1, 0, 1, timeWeighted: false);
        var noisy = KramersMoyalFields.Fit(grid, OrnsteinUhlenbeckStep(randomSigns: true), BottleneckLayer.B1, 0, 1, timeWeighted: false);
        double slope = -2 * Math.Tanh(Theta / 2);   // midpoint drift of one exact OU step (independent closed form)
        double worstDrift = 0, sumX = 0, sumY = 0; int cells = 0;
        for (int j = 0; j < grid.Ny; j++)
            for (int i = 0; i < grid.Nx; i++)
            {
                double x = grid.CellCenterX(i), y = grid.CellCenterY(j);
                if (Math.Abs(x) > 0.6 || Math.Abs(y) > 0.6) continue;
                int k = grid.Index(i, j);
                worstDrift = Math.Max(worstDrift, Math.Max(Math.Abs(fields.DriftX[k] - slope * x), Math.Abs(fields.DriftY[k] - slope * y)));
                sumX += noisy.SigmaSquaredX[k]; sumY += noisy.SigmaSquaredY[k]; cells++;
            }
        // drift: within 1 % of the largest drift in the region (a 10 % slope error would be 6× that)
        Assert.True(worstDrift < 0.01 * Math.Abs(slope) * 0.6, $"drift error {worstDrift:G3} vs drift scale {Math.Abs(slope) * 0.6:G3} (bandwidth {fields.Bandwidth})");
        // diffusion: σ² per epoch within 3 %
        Assert.Equal(1, sumX / cells / (Sigma * Sigma), 0.03);
        Assert.Equal(1, sumY / cells / (Sigma * Sigma), 0.03);
    }

    [Fact]
    public void TimeWeightedFitIsCallanSymanzikG()
    {
        // The same displacements recorded as epoch 3 → 4: G = t_u·D with t_u = 3.5
        var step = OrnsteinUhlenbeckStep(side: 16);
        var epochs = Enumerable.Range(0, 5).Select(t => step.Epochs[Math.Max(0, t - 3)].B1.Weights).ToArray();
        var trajectory = HandTrajectory.Build(4, t => epochs[t], t => [1, 0, 0, 1], evalCount: 4);
        var grid = Grid2D.Square(-2.5, 2.5, 40);
        var d = KramersMoyalFields.Fit(grid, trajectory, BottleneckLayer.B1, 3, 4, timeWeighted: false);
        var g = KramersMoyalFields.Fit(grid, trajectory, BottleneckLayer.B1, 3, 4, timeWeighted: true);
        for (int k = 0; k < grid.CellCount; k += 37) Assert.Equal(3.5 * d.DriftX[k], g.DriftX[k], 1e-12);
        Assert.Throws<InvalidConfigException>(() => KramersMoyalFields.Fit(grid, trajectory, BottleneckLayer.B1, 3, 3, false));
    }
}
