using NnPhys.FokkerPlanck.Pde;
using NnPhys.Numerics;

namespace NnPhys.Tests.FokkerPlanck.Pde;

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

    [Fact]
    public void CrossValidationPrefersWideKernelsForNoiseAndNarrowOnesForAFastVaryingField()
    {
        var rng = new RandomStream(9, 1);
        var points = new double[2 * 300]; rng.FillUniform(points, -1, 1);
        var noise = new double[2 * 300]; rng.FillNormal(noise);
        var wavy = new double[2 * 300];
        for (int r = 0; r < 300; r++) { wavy[2 * r] = Math.Sin(12 * points[2 * r]); wavy[2 * r + 1] = Math.Cos(12 * points[2 * r + 1]); }
        var (_, noiseScale) = NadarayaWatsonRegression.CrossValidatedBandwidth(points, noise, 1e-6, 1e-6);
        var (_, wavyScale) = NadarayaWatsonRegression.CrossValidatedBandwidth(points, wavy, 1e-6, 1e-6);
        Assert.Equal(NadarayaWatsonRegression.CrossValidationScales[^1], noiseScale);   // pure noise: average as widely as allowed
        Assert.True(wavyScale <= 0.3, $"a field varying on a scale 1/12 needs a narrow kernel, got scale {wavyScale}");
    }

    [Fact]
    public void FewRowsEachKeepTheirOwnVelocity()
    {
        double[] points = [0.2, -0.1, -0.6, 0.5];
        double[] values = [1.0, -2.0, -0.5, 0.25];
        var bw = NadarayaWatsonRegression.CrossValidatedBandwidth(points, values, 1e-6, 1e-6).Bandwidth;
        Assert.Equal(0.25 * Math.Sqrt(0.8 * 0.8 + 0.6 * 0.6), bw.X, 1e-12);
        for (int r = 0; r < 2; r++)
        {
            var (fx, fy) = NadarayaWatsonRegression.RegressAt(points[2 * r], points[2 * r + 1], points, values, bw);
            Assert.Equal(values[2 * r], fx, 5e-3);
            Assert.Equal(values[2 * r + 1], fy, 5e-3);
        }
    }
}
