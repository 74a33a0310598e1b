using NnPhys.FokkerPlanck.Pde;
using NnPhys.Numerics;

namespace NnPhys.Tests.FokkerPlanck.Pde;

/// <summary>
/// Rows moved along the probability-flow velocity v = D − ½σ²∇log P must follow the exact transport map of the density.
/// For Ornstein–Uhlenbeck (D = −θw, constant σ²) the Gaussian stays Gaussian and the flow map is affine per axis:
/// w(t) = μ(t) + (w₀ − μ₀)·√(var(t)/var₀).
/// </summary>
public class RowTransportTests
{
    [Fact]
    public void RowsFollowTheOrnsteinUhlenbeckTransportMap()
    {
        const double theta = 1.0, sigma2 = 0.6, t = 0.7, mean0X = 0.5, mean0Y = -0.3, var0 = 0.2;
        var grid = Grid2D.Square(-3.5, 3.5, 120);
        var density = DensityField.Gaussian(grid, mean0X, mean0Y, var0, var0);
        var cellX = grid.Evaluate((x, _) => -theta * x);
        var cellY = grid.Evaluate((_, y) => -theta * y);
        var diffusion = DiffusionField.Constant(grid, sigma2);
        var op = new FokkerPlanckOperator(DriftField.FromFunction(grid, (x, y) => (-theta * x, -theta * y)), diffusion);
        var rows = new double[2 * 30];
        new RandomStream(5, 0).FillNormal(rows, 0, Math.Sqrt(var0));
        for (int r = 0; r < 30; r++) { rows[2 * r] += mean0X; rows[2 * r + 1] += mean0Y; }
        var start = (double[])rows.Clone();
        var velocity = new ProbabilityFlowVelocity(grid, cellX, cellY, diffusion);
        Assert.True(velocity.IncludesScore);
        var transport = new RowTransportTracker(velocity, rows);
        PdeSolver.Evolve(density, op, 0, t, null, [transport]);
        double varT = var0 * Math.Exp(-2 * theta * t) + sigma2 / (2 * theta) * (1 - Math.Exp(-2 * theta * t));
        double stretch = Math.Sqrt(varT / var0), decay = Math.Exp(-theta * t);
        for (int r = 0; r < 30; r++)
        {
            if (Math.Abs(start[2 * r] - mean0X) > 2 * Math.Sqrt(var0) || Math.Abs(start[2 * r + 1] - mean0Y) > 2 * Math.Sqrt(var0)) continue; // tails: log P less accurate
            Assert.Equal(mean0X * decay + (start[2 * r] - mean0X) * stretch, rows[2 * r], 0.01);
            Assert.Equal(mean0Y * decay + (start[2 * r + 1] - mean0Y) * stretch, rows[2 * r + 1], 0.01);
        }
    }

    [Fact]
    public void WithoutDiffusionRowsFollowTheDriftCharacteristics()
    {
        // D = (−λx, −λy + κx): exact solution x = x₀e^{−λt}, y = (y₀ + κx₀t)e^{−λt}.
        const double lambda = 0.8, kappa = 0.5, t = 1.0;
        var grid = Grid2D.Square(-2, 2, 64);
        var diffusion = DiffusionField.Constant(grid, 0);
        var velocity = new ProbabilityFlowVelocity(grid, grid.Evaluate((x, _) => -lambda * x), grid.Evaluate((x, y) => -lambda * y + kappa * x), diffusion);
        Assert.False(velocity.IncludesScore);
        double[] rows = [0.9, -0.4, -0.7, 0.2, 0.1, 0.8];
        var start = (double[])rows.Clone();
        var op = new FokkerPlanckOperator(DriftField.FromFunction(grid, (x, y) => (-lambda * x, -lambda * y + kappa * x)), diffusion);
        PdeSolver.Evolve(DensityField.Gaussian(grid, 0, 0, 0.3, 0.3), op, 0, t, null, [new RowTransportTracker(velocity, rows)]);
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(start[2 * r] * Math.Exp(-lambda * t), rows[2 * r], 1e-5);
            Assert.Equal((start[2 * r + 1] + kappa * start[2 * r] * t) * Math.Exp(-lambda * t), rows[2 * r + 1], 1e-5);
        }
    }

    [Fact]
    public void SampledRowsReproduceTheDensityMoments()
    {
        var grid = Grid2D.Square(-3, 3, 60);
        var density = DensityField.Gaussian(grid, 0.4, -0.2, 0.3, 0.5, 0.1);
        var rows = DensitySampler.Sample(density, 20000, new RandomStream(11, 0));
        double mx = 0, my = 0;
        for (int r = 0; r < 20000; r++) { mx += rows[2 * r]; my += rows[2 * r + 1]; }
        Assert.Equal(0.4, mx / 20000, 0.02);
        Assert.Equal(-0.2, my / 20000, 0.02);
        Assert.Equal(rows, DensitySampler.Sample(density, 20000, new RandomStream(11, 0)));
    }
}
