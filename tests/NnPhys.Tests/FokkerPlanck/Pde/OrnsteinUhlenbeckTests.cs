using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.Tests.FokkerPlanck.Pde;

/// <summary>
/// The Ornstein–Uhlenbeck process dX = −θ X dt + σ dB has the Gaussian solution of fokker-planck-to-callan-symanzik eq. (11):
/// mean μ₀e^{−θt}, variance v₀e^{−2θt} + σ²/(2θ)(1 − e^{−2θt}). The solver must match it with error O(h²): the discrete L2
/// norm ‖e‖ = (Σ_cells e²·Dx·Dy)^{1/2} of the point-value error at cell centres must drop by ≈ 4 when h halves. Substeps scale
/// with 1/h² so that the O(dt) time error is also O(h²).
/// </summary>
public class OrnsteinUhlenbeckTests
{
    static double Gaussian(double x, double mean, double variance) => Math.Exp(-0.5 * (x - mean) * (x - mean) / variance) / Math.Sqrt(2 * Math.PI * variance);

    static (double Mean, double Variance) Exact(double theta, double sigma2, double mean0, double var0, double t) =>
        (mean0 * Math.Exp(-theta * t), var0 * Math.Exp(-2 * theta * t) + sigma2 / (2 * theta) * (1 - Math.Exp(-2 * theta * t)));

    static double Error1D(int n)
    {
        const double theta = 1.0, sigma2 = 0.5, mean0 = 1.0, var0 = 0.25, t = 0.5;
        var grid = new Grid1D(-5, 5, n).ToGrid2D();
        var p = new DensityField(grid, grid.Evaluate((x, _) => Gaussian(x, mean0, var0)));
        var op = new FokkerPlanckOperator(DriftField.FromFunction(grid, (x, _) => (-theta * x, 0)), DiffusionField.Constant(grid, sigma2));
        PdeSolver.Evolve(p, op, 0, t, new PdeSolverSettings(MinSubstepsPerUnitTime: n * n / 4));
        var (m, v) = Exact(theta, sigma2, mean0, var0, t);
        double sum = 0;
        for (int i = 0; i < n; i++) { double e = p.Values[i] - Gaussian(grid.CellCenterX(i), m, v); sum += e * e * grid.Dx; }
        return Math.Sqrt(sum);
    }

    static double Error2D(int n)
    {
        const double thetaX = 1.0, thetaY = 2.0, sigma2X = 0.5, sigma2Y = 0.8, t = 0.4;
        var grid = Grid2D.Square(-4, 4, n);
        var p = new DensityField(grid, grid.Evaluate((x, y) => Gaussian(x, 0.8, 0.3) * Gaussian(y, -0.5, 0.2)));
        var op = new FokkerPlanckOperator(DriftField.FromFunction(grid, (x, y) => (-thetaX * x, -thetaY * y)), DiffusionField.Diagonal(grid, sigma2X, sigma2Y));
        PdeSolver.Evolve(p, op, 0, t, new PdeSolverSettings(MinSubstepsPerUnitTime: n * n / 2));
        var (mx, vx) = Exact(thetaX, sigma2X, 0.8, 0.3, t);
        var (my, vy) = Exact(thetaY, sigma2Y, -0.5, 0.2, t);
        double sum = 0;
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
            {
                double e = p.Values[grid.Index(i, j)] - Gaussian(grid.CellCenterX(i), mx, vx) * Gaussian(grid.CellCenterY(j), my, vy);
                sum += e * e * grid.CellArea;
            }
        return Math.Sqrt(sum);
    }

    [Fact]
    public void OneDimensionalMatchesAnalyticGaussianWithSecondOrderConvergence()
    {
        double e40 = Error1D(40), e80 = Error1D(80), e160 = Error1D(160);
        Assert.True(e160 < 1.5e-3, $"L2 error at n=160 is {e160:E3}");
        Assert.InRange(e40 / e80, 3.5, 4.5);
        Assert.InRange(e80 / e160, 3.7, 4.3);
    }

    [Fact]
    public void TwoDimensionalMatchesAnalyticGaussianWithSecondOrderConvergence()
    {
        double e24 = Error2D(24), e48 = Error2D(48), e96 = Error2D(96);
        Assert.True(e96 < 2e-3, $"L2 error at n=96 is {e96:E3}");
        Assert.InRange(e24 / e48, 3.3, 4.7);
        Assert.InRange(e48 / e96, 3.6, 4.4);
    }
}
