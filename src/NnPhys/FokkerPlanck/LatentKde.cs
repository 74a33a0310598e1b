using NnPhys.Numerics;

namespace NnPhys.FokkerPlanck;

/// <summary>
/// Gaussian kernel density estimate of 2-D points on a regular lattice of nx × ny points spanning [xMin, xMax] × [yMin, yMax]
/// (ends included), with Scott's per-axis bandwidth h_a = std_a·n^(−1/6); the result is (ny, nx) and integrates to 1 over R².
/// A separable direct sum (one GEMM). Placeholder for NnPhys.Numerics.Kde2D, which will replace it once it lands on main.
/// </summary>
internal static class LatentKde
{
    public static double[] Density(ReadOnlySpan<double> points, double xMin, double xMax, int nx, double yMin, double yMax, int ny)
    {
        int n = points.Length / 2;
        var bandwidth = NadarayaWatsonRegression.ScottBandwidth(points, 1.0, 1e-12 * Math.Max(1, xMax - xMin), 1e-12 * Math.Max(1, yMax - yMin));
        var kx = new double[n * nx];   // (n, nx)
        var ky = new double[n * ny];   // (n, ny)
        double stepX = (xMax - xMin) / (nx - 1), stepY = (yMax - yMin) / (ny - 1);
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < nx; i++) { double d = (xMin + i * stepX - points[2 * r]) / bandwidth.X; kx[r * nx + i] = Math.Exp(-0.5 * d * d); }
            for (int j = 0; j < ny; j++) { double d = (yMin + j * stepY - points[2 * r + 1]) / bandwidth.Y; ky[r * ny + j] = Math.Exp(-0.5 * d * d); }
        }
        var density = new double[ny * nx];
        double norm = 1.0 / (n * 2 * Math.PI * bandwidth.X * bandwidth.Y);
        Gemm.Multiply(Transpose.Yes, Transpose.No, ny, nx, n, norm, ky, ny, kx, nx, 0.0, density, nx);
        return density;
    }
}
