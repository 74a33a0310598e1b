namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// The diagonal diffusion matrix σ² = diag(σ²_x, σ²_y) of fokker-planck-to-callan-symanzik eqs. (11), (12), possibly space
/// dependent, at the cell centres: two (Ny, Nx) arrays of non-negative values. Off-diagonal diffusion is not modelled.
/// </summary>
public sealed class DiffusionField
{
    /// <summary>The grid.</summary>
    public Grid2D Grid { get; }
    /// <summary>σ²_x at cell centres, (Ny, Nx).</summary>
    public double[] SigmaSquaredX { get; }
    /// <summary>σ²_y at cell centres, (Ny, Nx).</summary>
    public double[] SigmaSquaredY { get; }

    /// <summary>Wraps two cell arrays (not copied).</summary>
    /// <exception cref="InvalidConfigException">Wrong length, or a value negative or not finite.</exception>
    public DiffusionField(Grid2D grid, double[] sigmaSquaredX, double[] sigmaSquaredY)
    {
        if (sigmaSquaredX.Length != grid.CellCount || sigmaSquaredY.Length != grid.CellCount)
            throw new InvalidConfigException($"Diffusion arrays must have {grid.CellCount} values (Ny·Nx), got {sigmaSquaredX.Length} and {sigmaSquaredY.Length}.");
        for (int k = 0; k < grid.CellCount; k++)
            if (!(sigmaSquaredX[k] >= 0) || !(sigmaSquaredY[k] >= 0) || double.IsInfinity(sigmaSquaredX[k]) || double.IsInfinity(sigmaSquaredY[k]))
                throw new InvalidConfigException($"Diffusion σ² at cell {k} is ({sigmaSquaredX[k]}, {sigmaSquaredY[k]}); σ² must be finite and ≥ 0.");
        Grid = grid; SigmaSquaredX = sigmaSquaredX; SigmaSquaredY = sigmaSquaredY;
    }

    /// <summary>Constant isotropic σ² (σ² = 0 gives pure drift).</summary>
    public static DiffusionField Constant(Grid2D grid, double sigmaSquared) => Diagonal(grid, sigmaSquared, sigmaSquared);

    /// <summary>Constant diagonal σ² = diag(σ²_x, σ²_y).</summary>
    public static DiffusionField Diagonal(Grid2D grid, double sigmaSquaredX, double sigmaSquaredY)
    {
        var sx = new double[grid.CellCount]; var sy = new double[grid.CellCount];
        Array.Fill(sx, sigmaSquaredX); Array.Fill(sy, sigmaSquaredY);
        return new DiffusionField(grid, sx, sy);
    }

    /// <summary>σ² = f(x, y) at the cell centres.</summary>
    public static DiffusionField FromFunction(Grid2D grid, Func<double, double, (double X, double Y)> f)
    {
        var sx = new double[grid.CellCount]; var sy = new double[grid.CellCount];
        for (int j = 0; j < grid.Ny; j++)
            for (int i = 0; i < grid.Nx; i++)
            {
                var s = f(grid.CellCenterX(i), grid.CellCenterY(j));
                sx[grid.Index(i, j)] = s.X; sy[grid.Index(i, j)] = s.Y;
            }
        return new DiffusionField(grid, sx, sy);
    }

    /// <summary>Largest σ² component.</summary>
    public double Max() => Math.Max(System.Numerics.Tensors.TensorPrimitives.Max<double>(SigmaSquaredX), System.Numerics.Tensors.TensorPrimitives.Max<double>(SigmaSquaredY));
}
