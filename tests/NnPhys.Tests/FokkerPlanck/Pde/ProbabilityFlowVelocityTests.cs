using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.Tests.FokkerPlanck.Pde;

/// <summary>
/// The probability-flow velocity v_a = D_a − ½σ²_a ∂_a log P − ½∂_a σ²_a against closed forms: with a uniform density only
/// the −½∇σ² term moves mass; with a Gaussian density and constant σ² the score term is ½σ²(w − μ)/s².
/// </summary>
public class ProbabilityFlowVelocityTests
{
    [Fact]
    public void DiffusionGradientTermIsMinusHalfTheSlope()
    {
        var grid = Grid2D.Square(-1, 1, 40);
        // σ²_x = 0.02 + 0.01x, σ²_y = 0.03 − 0.02y (linear: central differences are exact); no drift; uniform P
        var diffusion = DiffusionField.FromFunction(grid, (x, y) => (0.02 + 0.01 * x, 0.03 - 0.02 * y));
        var v = new ProbabilityFlowVelocity(grid, new double[grid.CellCount], new double[grid.CellCount], diffusion);
        v.Update(DensityField.FromFunction(grid, (x, y) => 1));
        var (vx, vy) = v.At(0.3, -0.2);
        Assert.Equal(-0.005, vx, 1e-12);
        Assert.Equal(0.01, vy, 1e-12);
    }

    [Fact]
    public void ScoreTermMatchesAGaussian()
    {
        var grid = Grid2D.Square(-2, 2, 200);
        double s2 = 0.25, sigma2 = 0.04;
        var v = new ProbabilityFlowVelocity(grid, new double[grid.CellCount], new double[grid.CellCount], DiffusionField.Constant(grid, sigma2));
        v.Update(DensityField.Gaussian(grid, 0, 0, s2, s2));
        // −½σ² ∂_x log P = ½σ² x/s²; central differences of the quadratic log P are exact at cell centres
        double x = grid.CellCenterX(120), y = grid.CellCenterY(80);
        var (vx, vy) = v.At(x, y);
        Assert.Equal(0.5 * sigma2 * x / s2, vx, 1e-9);
        Assert.Equal(0.5 * sigma2 * y / s2, vy, 1e-9);
    }
}
