namespace NnPhys.FokkerPlanck.Pde;

/// <summary>Bilinear interpolation of a cell-centred (Ny, Nx) field; points beyond the outermost cell centres are clamped.</summary>
public static class GridInterpolation
{
    /// <summary>The field at (x, y).</summary>
    public static double Bilinear(Grid2D grid, ReadOnlySpan<double> field, double x, double y)
    {
        double fx = Math.Clamp((x - grid.XMin) / grid.Dx - 0.5, 0, grid.Nx - 1);
        int i0 = Math.Min((int)fx, grid.Nx - 2);
        double tx = fx - i0;
        if (grid.IsOneDimensional) return (1 - tx) * field[i0] + tx * field[i0 + 1];
        double fy = Math.Clamp((y - grid.YMin) / grid.Dy - 0.5, 0, grid.Ny - 1);
        int j0 = Math.Min((int)fy, grid.Ny - 2);
        double ty = fy - j0;
        int k = j0 * grid.Nx + i0;
        return (1 - ty) * ((1 - tx) * field[k] + tx * field[k + 1]) + ty * ((1 - tx) * field[k + grid.Nx] + tx * field[k + grid.Nx + 1]);
    }
}
