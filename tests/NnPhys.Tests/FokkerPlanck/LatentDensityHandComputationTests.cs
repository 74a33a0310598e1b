using NnPhys.FokkerPlanck;
using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>
/// Eq. (28) and the row density against computations written out here from their definitions (a Gaussian product kernel
/// with Scott's bandwidth σ_a·n^(−1/6), σ with n − 1), not through the production code: kills an MSE or a bandwidth off by
/// 10–50 %.
/// </summary>
public class LatentDensityHandComputationTests
{
    static readonly double[] A = [0.0, 0.0, 1.0, 0.2, 0.4, 1.1, -0.6, 0.5, 0.3, -0.8, 1.4, 0.9];   // 6 points (x, y)
    static readonly double[] B = [0.1, -0.1, 0.9, 0.4, 0.5, 1.3, -0.4, 0.6, 0.2, -0.6, 1.2, 0.7];

    static double Scott(double[] p, int axis)
    {
        int n = p.Length / 2; double mean = 0, ss = 0;
        for (int e = 0; e < n; e++) mean += p[2 * e + axis];
        mean /= n;
        for (int e = 0; e < n; e++) ss += Math.Pow(p[2 * e + axis] - mean, 2);
        return Math.Sqrt(ss / (n - 1)) * Math.Pow(n, -1.0 / 6);
    }

    static double[] PeakOneKde(double[] p, double x0, double x1, double y0, double y1, int size)
    {
        double hx = Scott(p, 0), hy = Scott(p, 1);
        var d = new double[size * size];
        for (int j = 0; j < size; j++)
            for (int i = 0; i < size; i++)
            {
                double x = x0 + i * (x1 - x0) / (size - 1), y = y0 + j * (y1 - y0) / (size - 1), s = 0;
                for (int e = 0; e < p.Length / 2; e++) s += Math.Exp(-0.5 * (Math.Pow((x - p[2 * e]) / hx, 2) + Math.Pow((y - p[2 * e + 1]) / hy, 2)));
                d[j * size + i] = s;
            }
        double peak = d.Max();
        return d.Select(v => v / peak).ToArray();
    }

    [Fact]
    public void Eq28MatchesAHandComputation()
    {
        const int size = 12;
        double x0 = -0.6, x1 = 1.4, y0 = -0.8, y1 = 1.3;   // min..max of both sets
        var p = PeakOneKde(A, x0, x1, y0, y1, size); var q = PeakOneKde(B, x0, x1, y0, y1, size);
        double mse = p.Zip(q, (u, v) => (u - v) * (u - v)).Average();
        double mp = p.Average(), mq = q.Average(), cov = 0, vp = 0, vq = 0;
        for (int k = 0; k < p.Length; k++) { cov += (p[k] - mp) * (q[k] - mq); vp += Math.Pow(p[k] - mp, 2); vq += Math.Pow(q[k] - mq, 2); }
        var c = LatentDensityComparison.Compare(A, B, size);
        Assert.Equal(x0, c.XMin, 1e-15); Assert.Equal(y1, c.YMax, 1e-15);
        for (int k = 0; k < p.Length; k++) { Assert.Equal(p[k], c.Empirical[k], 1e-9); Assert.Equal(q[k], c.Theoretical[k], 1e-9); }
        Assert.Equal(1, c.Mse / mse, 1e-9);
        Assert.Equal(cov / Math.Sqrt(vp * vq), c.Pearson, 1e-9);
    }

    [Fact]
    public void RowDensityMatchesAHandComputation()
    {
        var grid = Grid2D.Square(-1.5, 2.0, 40);
        var density = RowDensity.Estimate(grid, A);
        double hx = Math.Max(Scott(A, 0), 1.5 * grid.Dx), hy = Math.Max(Scott(A, 1), 1.5 * grid.Dy);
        var expected = new double[grid.CellCount];
        for (int j = 0; j < grid.Ny; j++)
            for (int i = 0; i < grid.Nx; i++)
                for (int e = 0; e < 6; e++)
                    expected[grid.Index(i, j)] += Math.Exp(-0.5 * (Math.Pow((grid.CellCenterX(i) - A[2 * e]) / hx, 2) + Math.Pow((grid.CellCenterY(j) - A[2 * e + 1]) / hy, 2)));
        double mass = expected.Sum() * grid.CellArea;
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k] / mass, density.Values[k], 1e-9 * expected.Max() / mass);
        // the floor: a single-spot row set gets the 1.5-cell bandwidth
        Assert.True(Scott(A, 0) > 1.5 * grid.Dx, "the test needs Scott's bandwidth above the floor");
    }
}
