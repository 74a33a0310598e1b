using NnPhys.Numerics;

namespace NnPhys.FokkerPlanck.Pde;

/// <summary>Per-axis Gaussian kernel bandwidths (standard deviations of the kernel).</summary>
public readonly record struct KernelBandwidth(double X, double Y);

/// <summary>
/// Turns a vector known at n scattered points (the rows of a weight matrix) into a field on a grid by Nadaraya–Watson kernel
/// regression with a Gaussian product kernel K(d) = exp(−d_x²/2h_x² − d_y²/2h_y²):
///   f(x) = Σ_r K(x − w_r) f_r / (Σ_r K(x − w_r) + κ),  κ = <see cref="ZeroPseudoWeight"/>.
/// κ is the weight of a zero prior: next to a row (Σ K ≥ K(0) = 1) it changes f by at most 0.1 %, while far from every row
/// (Σ K ≪ κ, beyond ≈ 3.7 bandwidths) the field fades smoothly to 0 instead of 0/0. |f| never exceeds max_r |f_r|.
/// The grid version is separable: three GEMMs of (Ny × n)·(n × Nx).
/// </summary>
public static class NadarayaWatsonRegression
{
    /// <summary>κ, the pseudo-weight of a zero value (kernel weights are unnormalised, K(0) = 1).</summary>
    public const double ZeroPseudoWeight = 1e-3;

    /// <summary>
    /// Scott's rule in 2-D, h_a = scale · std_a · n^(−1/6) per axis, floored at <paramref name="floorX"/>, <paramref name="floorY"/>
    /// (use ≈ 1.5 grid cells so a field never resolves below the grid).
    /// </summary>
    public static KernelBandwidth ScottBandwidth(ReadOnlySpan<double> points, double scale, double floorX, double floorY)
    {
        int n = points.Length / 2;
        if (n < 1) throw new InvalidConfigException("Kernel regression needs at least one point.");
        double mx = 0, my = 0;
        for (int r = 0; r < n; r++) { mx += points[2 * r]; my += points[2 * r + 1]; }
        mx /= n; my /= n;
        double vx = 0, vy = 0;
        for (int r = 0; r < n; r++) { vx += (points[2 * r] - mx) * (points[2 * r] - mx); vy += (points[2 * r + 1] - my) * (points[2 * r + 1] - my); }
        double factor = scale * Math.Pow(n, -1.0 / 6.0);
        double sx = n > 1 ? Math.Sqrt(vx / (n - 1)) : 0, sy = n > 1 ? Math.Sqrt(vy / (n - 1)) : 0;
        return new KernelBandwidth(Math.Max(factor * sx, floorX), Math.Max(factor * sy, floorY));
    }

    /// <summary>Scale factors × Scott's bandwidth tried by <see cref="CrossValidatedBandwidth"/>.</summary>
    public static readonly double[] CrossValidationScales = [0.05, 0.07, 0.1, 0.14, 0.2, 0.3, 0.5, 0.7, 1.0, 1.4, 2.0];

    /// <summary>
    /// Leave-one-out cross-validated bandwidth: among <see cref="CrossValidationScales"/> × Scott's bandwidth (each floored at
    /// floorX, floorY), the one whose regression from all other rows predicts each row's value best,
    /// argmin Σ_r ‖f_r − f̂_{−r}(w_r)‖². With fewer than 10 points (B2 has 2) there is nothing to validate and too few rows for
    /// a field: <see cref="FewRowsBandwidth"/> is used (scale NaN). Returns the bandwidth and the chosen scale.
    /// </summary>
    public static (KernelBandwidth Bandwidth, double Scale) CrossValidatedBandwidth(ReadOnlySpan<double> points, ReadOnlySpan<double> values, double floorX, double floorY)
    {
        int n = points.Length / 2;
        if (n < 10) return (FewRowsBandwidth(points, floorX, floorY), double.NaN);
        double bestError = double.PositiveInfinity, bestScale = 1.0;
        KernelBandwidth best = default;
        foreach (double scale in CrossValidationScales)
        {
            var bw = ScottBandwidth(points, scale, floorX, floorY);
            double error = 0;
            for (int r = 0; r < n; r++)
            {
                double sum = 0, fx = 0, fy = 0;
                for (int q = 0; q < n; q++)
                {
                    if (q == r) continue;
                    double dx = (points[2 * r] - points[2 * q]) / bw.X, dy = (points[2 * r + 1] - points[2 * q + 1]) / bw.Y;
                    double k = Math.Exp(-0.5 * (dx * dx + dy * dy));
                    sum += k; fx += k * values[2 * q]; fy += k * values[2 * q + 1];
                }
                double ex = values[2 * r] - fx / (sum + ZeroPseudoWeight), ey = values[2 * r + 1] - fy / (sum + ZeroPseudoWeight);
                error += ex * ex + ey * ey;
            }
            if (error < bestError * (1 - 1e-12)) { bestError = error; bestScale = scale; best = bw; }
        }
        return (best, bestScale);
    }

    /// <summary>
    /// For a handful of rows (B2's 2): a quarter of the smallest distance between two rows along each axis (floored), so each
    /// row's kernel weight at another row is below e^{−8} and every row carries its own velocity.
    /// </summary>
    public static KernelBandwidth FewRowsBandwidth(ReadOnlySpan<double> points, double floorX, double floorY)
    {
        int n = points.Length / 2;
        double closest = double.PositiveInfinity;
        for (int r = 0; r < n; r++)
            for (int q = r + 1; q < n; q++)
                closest = Math.Min(closest, Math.Sqrt(Math.Pow(points[2 * r] - points[2 * q], 2) + Math.Pow(points[2 * r + 1] - points[2 * q + 1], 2)));
        double h = double.IsFinite(closest) && closest > 0 ? 0.25 * closest : 0;
        return new KernelBandwidth(Math.Max(h, floorX), Math.Max(h, floorY));
    }

    /// <summary>
    /// The regressed field at every cell centre. <paramref name="points"/> and <paramref name="values"/> are (n, 2);
    /// returns the x- and y-components as (Ny, Nx) arrays.
    /// </summary>
    public static (double[] X, double[] Y) RegressOnGrid(Grid2D grid, ReadOnlySpan<double> points, ReadOnlySpan<double> values, KernelBandwidth bandwidth)
    {
        int n = points.Length / 2, nx = grid.Nx, ny = grid.Ny;
        if (values.Length != points.Length) throw new InvalidConfigException($"Kernel regression: {points.Length / 2} points but {values.Length / 2} values.");
        if (!(bandwidth.X > 0) || !(bandwidth.Y > 0)) throw new InvalidConfigException($"Kernel bandwidth {bandwidth} must be positive.");
        var kx = new double[n * nx];    // (n, Nx)
        var ky = new double[n * ny];    // (n, Ny)
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < nx; i++) { double d = (grid.CellCenterX(i) - points[2 * r]) / bandwidth.X; kx[r * nx + i] = Math.Exp(-0.5 * d * d); }
            for (int j = 0; j < ny; j++) { double d = grid.IsOneDimensional ? 0 : (grid.CellCenterY(j) - points[2 * r + 1]) / bandwidth.Y; ky[r * ny + j] = Math.Exp(-0.5 * d * d); }
        }
        var weighted = new double[n * ny];   // (n, Ny): K_y scaled by one component of f_r
        var denominator = new double[ny * nx];
        Gemm.Multiply(Transpose.Yes, Transpose.No, ny, nx, n, 1.0, ky, ny, kx, nx, 0.0, denominator, nx);
        var result = new double[2][];
        for (int c = 0; c < 2; c++)
        {
            for (int r = 0; r < n; r++)
                for (int j = 0; j < ny; j++) weighted[r * ny + j] = ky[r * ny + j] * values[2 * r + c];
            var numerator = new double[ny * nx];
            Gemm.Multiply(Transpose.Yes, Transpose.No, ny, nx, n, 1.0, weighted, ny, kx, nx, 0.0, numerator, nx);
            for (int k = 0; k < numerator.Length; k++) numerator[k] /= denominator[k] + ZeroPseudoWeight;
            result[c] = numerator;
        }
        return (result[0], result[1]);
    }

    /// <summary>The regression at one point (readable reference; also used off-grid).</summary>
    public static (double X, double Y) RegressAt(double x, double y, ReadOnlySpan<double> points, ReadOnlySpan<double> values, KernelBandwidth bandwidth)
    {
        double sum = 0, fx = 0, fy = 0;
        for (int r = 0; r < points.Length / 2; r++)
        {
            double dx = (x - points[2 * r]) / bandwidth.X, dy = (y - points[2 * r + 1]) / bandwidth.Y;
            double k = Math.Exp(-0.5 * (dx * dx + dy * dy));
            sum += k; fx += k * values[2 * r]; fy += k * values[2 * r + 1];
        }
        return (fx / (sum + ZeroPseudoWeight), fy / (sum + ZeroPseudoWeight));
    }
}
