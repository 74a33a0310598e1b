using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.Tests.FokkerPlanck.Pde;

/// <summary>
/// With σ = 0 the Fokker–Planck equation (fokker-planck-to-callan-symanzik eq. 11) is pure transport along the
/// characteristics dw/dt = D. The scheme then is upwind; for a constant drift it is exactly a random walk that steps one cell
/// with probability c = u·dt/h, so the mean moves by exactly u·t and the variance grows by exactly u·h·t·(1 − c)
/// (numerical diffusion, vanishing as h → 0).
/// </summary>
public class PureDriftTests
{
    [Fact]
    public void ConstantDriftMovesTheMeanExactlyAlongTheCharacteristic()
    {
        const double u = 0.7, t = 2.0;
        var grid = new Grid1D(-3, 3, 240).ToGrid2D();
        var p = DensityField.Gaussian(grid, -1, 0.5, 0.09, 1);
        var (mean0, _) = p.Mean();
        var (var0, _) = p.Variance();
        var op = new FokkerPlanckOperator(DriftField.FromFunction(grid, (_, _) => (u, 0)), DiffusionField.Constant(grid, 0));
        var report = PdeSolver.Evolve(p, op, 0, t);
        double c = u * report.TimeStep / grid.Dx;
        Assert.Equal(mean0 + u * t, p.Mean().X, 1e-10);
        Assert.Equal(var0 + u * grid.Dx * t * (1 - c), p.Variance().X, 1e-10);
    }

    [Fact]
    public void ConstantDriftIn2DTranslatesTheDensity()
    {
        const double ux = 0.4, uy = -0.3, t = 1.5;
        var grid = Grid2D.Square(-3, 3, 120);
        var p = DensityField.Gaussian(grid, -0.5, 0.5, 0.1, 0.15);
        var (mx, my) = p.Mean();
        PdeSolver.Evolve(p, new FokkerPlanckOperator(DriftField.FromFunction(grid, (_, _) => (ux, uy)), DiffusionField.Constant(grid, 0)), 0, t);
        var (nx, ny) = p.Mean();
        Assert.Equal(mx + ux * t, nx, 1e-10);
        Assert.Equal(my + uy * t, ny, 1e-10);
    }
}
