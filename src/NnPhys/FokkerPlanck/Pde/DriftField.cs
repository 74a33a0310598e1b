namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// The drift vector D of fokker-planck-to-callan-symanzik eq. (11) sampled where a finite-volume scheme needs it: the normal
/// component on each cell face. <see cref="FaceX"/> holds D_x on the x-faces, shape (Ny, Nx + 1), index j·(Nx+1) + i for the
/// face at x = XMin + i·Dx; <see cref="FaceY"/> holds D_y on the y-faces, shape (Ny + 1, Nx), index j·Nx + i for the face at
/// y = YMin + j·Dy. Values on zero-flux boundary faces are ignored.
/// </summary>
public sealed class DriftField
{
    /// <summary>The grid.</summary>
    public Grid2D Grid { get; }
    /// <summary>D_x on x-faces, (Ny, Nx + 1).</summary>
    public double[] FaceX { get; }
    /// <summary>D_y on y-faces, (Ny + 1, Nx).</summary>
    public double[] FaceY { get; }

    /// <summary>Wraps face arrays (not copied).</summary>
    /// <exception cref="InvalidConfigException">Wrong lengths or a non-finite value.</exception>
    public DriftField(Grid2D grid, double[] faceX, double[] faceY)
    {
        if (faceX.Length != grid.Ny * (grid.Nx + 1))
            throw new InvalidConfigException($"Drift FaceX has {faceX.Length} values; the grid needs Ny·(Nx+1) = {grid.Ny * (grid.Nx + 1)}.");
        if (faceY.Length != (grid.Ny + 1) * grid.Nx)
            throw new InvalidConfigException($"Drift FaceY has {faceY.Length} values; the grid needs (Ny+1)·Nx = {(grid.Ny + 1) * grid.Nx}.");
        for (int k = 0; k < faceX.Length; k++) if (!double.IsFinite(faceX[k])) throw new InvalidConfigException($"Drift FaceX[{k}] = {faceX[k]} is not finite.");
        for (int k = 0; k < faceY.Length; k++) if (!double.IsFinite(faceY[k])) throw new InvalidConfigException($"Drift FaceY[{k}] = {faceY[k]} is not finite.");
        Grid = grid; FaceX = faceX; FaceY = faceY;
    }

    /// <summary>A zero drift.</summary>
    public static DriftField Zero(Grid2D grid) => new(grid, new double[grid.Ny * (grid.Nx + 1)], new double[(grid.Ny + 1) * grid.Nx]);

    /// <summary>D = f(x, y) evaluated at the face midpoints (x-component on x-faces, y-component on y-faces).</summary>
    public static DriftField FromFunction(Grid2D grid, Func<double, double, (double X, double Y)> f)
    {
        int nx = grid.Nx, ny = grid.Ny;
        var fx = new double[ny * (nx + 1)];
        var fy = new double[(ny + 1) * nx];
        for (int j = 0; j < ny; j++)
            for (int i = 0; i <= nx; i++) fx[j * (nx + 1) + i] = f(grid.FaceX(i), grid.CellCenterY(j)).X;
        for (int j = 0; j <= ny; j++)
            for (int i = 0; i < nx; i++) fy[j * nx + i] = ny == 1 ? 0 : f(grid.CellCenterX(i), grid.FaceY(j)).Y;
        return new DriftField(grid, fx, fy);
    }

    /// <summary>
    /// A drift known at the cell centres (two (Ny, Nx) arrays), averaged onto the interior faces (periodic faces average across
    /// the wrap). Second-order accurate for a smooth field.
    /// </summary>
    public static DriftField FromCellValues(Grid2D grid, ReadOnlySpan<double> cellX, ReadOnlySpan<double> cellY)
    {
        int nx = grid.Nx, ny = grid.Ny;
        if (cellX.Length != grid.CellCount || cellY.Length != grid.CellCount)
            throw new InvalidConfigException($"Cell drift arrays must have {grid.CellCount} values (Ny·Nx), got {cellX.Length} and {cellY.Length}.");
        var fx = new double[ny * (nx + 1)];
        var fy = new double[(ny + 1) * nx];
        for (int j = 0; j < ny; j++)
        {
            for (int i = 1; i < nx; i++) fx[j * (nx + 1) + i] = 0.5 * (cellX[j * nx + i - 1] + cellX[j * nx + i]);
            if (grid.BoundaryX == BoundaryCondition.Periodic)
                fx[j * (nx + 1)] = fx[j * (nx + 1) + nx] = 0.5 * (cellX[j * nx + nx - 1] + cellX[j * nx]);
        }
        for (int i = 0; i < nx; i++)
        {
            for (int j = 1; j < ny; j++) fy[j * nx + i] = 0.5 * (cellY[(j - 1) * nx + i] + cellY[j * nx + i]);
            if (grid.BoundaryY == BoundaryCondition.Periodic)
                fy[i] = fy[ny * nx + i] = 0.5 * (cellY[(ny - 1) * nx + i] + cellY[i]);
        }
        return new DriftField(grid, fx, fy);
    }

    /// <summary>Largest |D| component over all faces.</summary>
    public double MaxAbs()
    {
        double m = 0;
        foreach (double v in FaceX) m = Math.Max(m, Math.Abs(v));
        foreach (double v in FaceY) m = Math.Max(m, Math.Abs(v));
        return m;
    }
}
