using NnPhys.FokkerPlanck;
using NnPhys.Numerics;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>Kernel regression of a drift from scattered rows: recovers a known linear flow, matches the direct formula, stays bounded.</summary>
public class NadarayaWatsonRegressionTests
{
    static (double[] Points, double[] Values) LinearFlowRows(int n, ulong seed)
    {
        var rng = new RandomStream(seed, 3);
        var points = new double[2 * n]; rng.FillUniform(points, -1, 1);
        var values = new double[2 * n];
        for (int r = 0; r < n; r++)
        {
            double x = points[2 * r], y = points[2 * r + 1];
            values[2 * r] = -0.5 * x + 0.3 * y + 0.1;      // F = A w + b
            values[2 * r + 1] = -0.2 * x - 0.4 * y - 0.05;
        }
        return (points, values);
    }

    [Fact]
    public void RecoversAKnownLinearFlowInsideTheCloudOfRows()
    {
        var (points, values) = LinearFlowRows(800, 1);
        var grid = Grid2D.Square(-1.5, 1.5, 60);
        var bw = NadarayaWatsonRegression.ScottBandwidth(points, 0.5, grid.Dx, grid.Dy);
        var (fx, fy) = NadarayaWatsonRegression.RegressOnGrid(grid, points, values, bw);
        double worst = 0;
        for (int j = 0; j < grid.Ny; j++)
            for (int i = 0; i < grid.Nx; i++)
            {
                double x = grid.CellCenterX(i), y = grid.CellCenterY(j);
                if (Math.Abs(x) > 0.6 || Math.Abs(y) > 0.6) continue;
                int k = grid.Index(i, j);
                worst = Math.Max(worst, Math.Abs(fx[k] - (-0.5 * x + 0.3 * y + 0.1)));
                worst = Math.Max(worst, Math.Abs(fy[k] - (-0.2 * x - 0.4 * y - 0.05)));
            }
        Assert.True(worst < 0.03, $"largest error of the regressed linear flow inside the cloud: {worst:G3} (flow scale ≈ 0.5)");
    }

    [Fact]
    public void GridRegressionEqualsDirectFormulaAndStaysBounded()
    {
        var (points, values) = LinearFlowRows(50, 2);
        var grid = new Grid2D(-4, 4, 33, -3, 3, 21);
        var bw = NadarayaWatsonRegression.ScottBandwidth(points, 1.0, 0, 0);
        var (fx, fy) = NadarayaWatsonRegression.RegressOnGrid(grid, points, values, bw);
        double maxValue = 0;
        foreach (double v in values) maxValue = Math.Max(maxValue, Math.Abs(v));
        for (int j = 0; j < grid.Ny; j++)
            for (int i = 0; i < grid.Nx; i++)
            {
                var (rx, ry) = NadarayaWatsonRegression.RegressAt(grid.CellCenterX(i), grid.CellCenterY(j), points, values, bw);
                int k = grid.Index(i, j);
                Assert.Equal(rx, fx[k], 1e-12);
                Assert.Equal(ry, fy[k], 1e-12);
                Assert.True(Math.Abs(fx[k]) <= maxValue && Math.Abs(fy[k]) <= maxValue);
            }
        // Far from every row the field fades to zero.
        Assert.True(Math.Abs(fx[grid.Index(0, 0)]) < 1e-6 && Math.Abs(fy[grid.Index(32, 20)]) < 1e-6);
    }
}
