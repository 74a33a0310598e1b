using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.FokkerPlanck;

/// <summary>
/// The density of a weight matrix's rows on a grid: a Gaussian KDE with Scott's per-axis bandwidth (times a scale), floored at
/// 1.5 cells so the density is resolved, evaluated at the cell centres and normalised to unit mass on the grid. This is the
/// initial P of the evolution (the paper starts from the empirical distribution) and the empirical P of each epoch.
/// </summary>
public static class RowDensity
{
    /// <summary>KDE of (n, 2) rows on the grid, unit mass.</summary>
    /// <exception cref="InvalidConfigException">The rows lie outside the grid so the density has no mass there.</exception>
    public static DensityField Estimate(Grid2D grid, ReadOnlySpan<double> rows, double bandwidthScale = 1.0)
    {
        var bandwidth = NadarayaWatsonRegression.ScottBandwidth(rows, bandwidthScale, 1.5 * grid.Dx, 1.5 * grid.Dy);
        int n = rows.Length / 2, nx = grid.Nx, ny = grid.Ny;
        var kx = new double[n * nx];   // (n, Nx)
        var ky = new double[n * ny];   // (n, Ny)
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < nx; i++) { double d = (grid.CellCenterX(i) - rows[2 * r]) / bandwidth.X; kx[r * nx + i] = Math.Exp(-0.5 * d * d); }
            for (int j = 0; j < ny; j++) { double d = (grid.CellCenterY(j) - rows[2 * r + 1]) / bandwidth.Y; ky[r * ny + j] = Math.Exp(-0.5 * d * d); }
        }
        var values = new double[grid.CellCount];
        NnPhys.Numerics.Gemm.Multiply(NnPhys.Numerics.Transpose.Yes, NnPhys.Numerics.Transpose.No, ny, nx, n, 1.0, ky, ny, kx, nx, 0.0, values, nx);
        var density = new DensityField(grid, values);
        if (!(density.Mass() > 0))
            throw new InvalidConfigException($"The rows lie outside the grid {grid}; the grid must cover all rows with a margin.");
        return density.Normalized();
    }
}
