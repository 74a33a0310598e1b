using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.Tests.FokkerPlanck.Pde;

/// <summary>
/// For a gradient drift D = −∇U and constant σ², the stationary solution of fokker-planck-to-callan-symanzik eq. (11) is the
/// Boltzmann density P ∝ exp(−2U/σ²). Evolving from an unrelated start must land on it.
/// </summary>
public class BoltzmannStationaryTests
{
    static double L1Distance(double[] p, double[] q, double cellArea)
    {
        double d = 0;
        for (int k = 0; k < p.Length; k++) d += Math.Abs(p[k] - q[k]) * cellArea;
        return d;
    }

    [Fact]
    public void DoubleWellInOneDimensionRelaxesToBoltzmann()
    {
        const double sigma2 = 1.0;
        static double U(double x) => (x * x - 1) * (x * x - 1);
        var grid = new Grid1D(-2.5, 2.5, 100).ToGrid2D();
        var p = DensityField.Gaussian(grid, 0.3, 0.5, 0.3, 1);
        var op = new FokkerPlanckOperator(DriftField.FromFunction(grid, (x, _) => (-4 * x * (x * x - 1), 0)), DiffusionField.Constant(grid, sigma2));
        PdeSolver.Evolve(p, op, 0, 80);
        var boltzmann = DensityField.FromFunction(grid, (x, _) => Math.Exp(-2 * U(x) / sigma2));
        double distance = L1Distance(p.Values, boltzmann.Values, grid.CellArea);
        Assert.True(distance < 2e-3, $"L1 distance to Boltzmann {distance:E3}");
        // Both wells hold half of the mass (symmetric potential).
        double left = 0; for (int i = 0; i < 50; i++) left += p.Values[i] * grid.Dx;
        Assert.Equal(0.5, left, 3);
    }

    [Fact]
    public void TiltedPotentialInTwoDimensionsRelaxesToBoltzmann()
    {
        const double sigma2 = 0.8;
        static double U(double x, double y) => 0.5 * (x * x - 1) * (x * x - 1) + 0.5 * y * y + 0.3 * x * y + 0.2 * x;
        var grid = Grid2D.Square(-2.5, 2.5, 64);
        var p = DensityField.Gaussian(grid, -0.5, 0.5, 0.2, 0.2);
        var drift = DriftField.FromFunction(grid, (x, y) => (-(2 * x * (x * x - 1) + 0.3 * y + 0.2), -(y + 0.3 * x)));
        PdeSolver.Evolve(p, new FokkerPlanckOperator(drift, DiffusionField.Constant(grid, sigma2)), 0, 15);
        var boltzmann = DensityField.FromFunction(grid, (x, y) => Math.Exp(-2 * U(x, y) / sigma2));
        double distance = L1Distance(p.Values, boltzmann.Values, grid.CellArea);
        Assert.True(distance < 1e-2, $"L1 distance to Boltzmann {distance:E3}");
    }
}
