namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// The probability-flow velocity v = D − ½σ²∇log P − ½∇·σ² (per axis a: v_a = D_a − ½σ²_a ∂_a log P − ½∂_a σ²_a), whose
/// deterministic characteristics dw/dt = v carry the density of fokker-planck-to-callan-symanzik eq. (11) exactly: ∂P/∂t =
/// −∇·(vP). Held at cell centres (central differences, one-sided at walls) and read anywhere by bilinear interpolation
/// (positions outside the cell-centre range are clamped to it).
/// <para>
/// log P uses a floor P + 10⁻¹²·max P, so |∂ log P| ≤ ln(10¹²)/h. When ½σ²_max times that bound is below 10⁻⁹ of max|D|
/// the score term cannot matter and is skipped (<see cref="IncludesScore"/> = false); for the paper's σ² = ε²η² ≈ 10⁻²² this
/// is the case and v = D.
/// </para>
/// </summary>
public sealed class ProbabilityFlowVelocity
{
    readonly Grid2D _grid;
    readonly double[] _driftX, _driftY, _s2x, _s2y;
    double[]? _logP;   // allocated on the first Update that needs the score

    /// <summary>v_x at cell centres, (Ny, Nx).</summary>
    public double[] X { get; }
    /// <summary>v_y at cell centres, (Ny, Nx).</summary>
    public double[] Y { get; }
    /// <summary>Whether the −½σ²∇log P term is evaluated (see the class remarks).</summary>
    public bool IncludesScore { get; }

    /// <summary>Builds v from a cell-centred drift and a diffusion field; call <see cref="Update"/> with the density.</summary>
    public ProbabilityFlowVelocity(Grid2D grid, double[] driftCellX, double[] driftCellY, DiffusionField diffusion)
    {
        if (driftCellX.Length != grid.CellCount || driftCellY.Length != grid.CellCount)
            throw new InvalidConfigException($"Cell drift arrays must have {grid.CellCount} values.");
        _grid = grid; _driftX = driftCellX; _driftY = driftCellY; _s2x = diffusion.SigmaSquaredX; _s2y = diffusion.SigmaSquaredY;
        X = new double[grid.CellCount]; Y = new double[grid.CellCount];
        double driftMax = 0;
        for (int k = 0; k < grid.CellCount; k++) driftMax = Math.Max(driftMax, Math.Max(Math.Abs(driftCellX[k]), Math.Abs(driftCellY[k])));
        double scoreBound = Math.Log(1e12) / Math.Min(grid.Dx, grid.IsOneDimensional ? grid.Dx : grid.Dy);
        IncludesScore = 0.5 * diffusion.Max() * scoreBound > 1e-9 * driftMax;
        // Constant part: D − ½∇·σ².
        for (int j = 0; j < grid.Ny; j++)
            for (int i = 0; i < grid.Nx; i++)
            {
                int k = grid.Index(i, j);
                X[k] = driftCellX[k] - 0.5 * DerivX(_s2x, i, j);
                Y[k] = grid.IsOneDimensional ? 0 : driftCellY[k] - 0.5 * DerivY(_s2y, i, j);
            }
    }

    double DerivX(double[] f, int i, int j)
    {
        int nx = _grid.Nx, row = j * nx;
        if (i == 0) return (f[row + 1] - f[row]) / _grid.Dx;
        if (i == nx - 1) return (f[row + nx - 1] - f[row + nx - 2]) / _grid.Dx;
        return (f[row + i + 1] - f[row + i - 1]) / (2 * _grid.Dx);
    }

    double DerivY(double[] f, int i, int j)
    {
        int nx = _grid.Nx, ny = _grid.Ny;
        if (j == 0) return (f[nx + i] - f[i]) / _grid.Dy;
        if (j == ny - 1) return (f[(ny - 1) * nx + i] - f[(ny - 2) * nx + i]) / _grid.Dy;
        return (f[(j + 1) * nx + i] - f[(j - 1) * nx + i]) / (2 * _grid.Dy);
    }

    /// <summary>Recomputes the score part of v for density P (no-op when <see cref="IncludesScore"/> is false).</summary>
    public void Update(DensityField density)
    {
        if (!IncludesScore) return;
        double floor = 1e-12 * density.Max();
        var p = density.Values;
        _logP ??= new double[_grid.CellCount];
        for (int k = 0; k < p.Length; k++) _logP[k] = Math.Log(p[k] + floor + double.Epsilon);
        for (int j = 0; j < _grid.Ny; j++)
            for (int i = 0; i < _grid.Nx; i++)
            {
                int k = _grid.Index(i, j);
                X[k] = _driftX[k] - 0.5 * _s2x[k] * DerivX(_logP, i, j) - 0.5 * DerivX(_s2x, i, j);
                Y[k] = _grid.IsOneDimensional ? 0 : _driftY[k] - 0.5 * _s2y[k] * DerivY(_logP, i, j) - 0.5 * DerivY(_s2y, i, j);
            }
    }

    /// <summary>v at (x, y) by bilinear interpolation between cell centres.</summary>
    public (double X, double Y) At(double x, double y)
    {
        // GridInterpolation.Bilinear of both components with the cell and weights found once (the same expressions, same bits)
        var grid = _grid;
        double fx = Math.Clamp((x - grid.XMin) / grid.Dx - 0.5, 0, grid.Nx - 1);
        int i0 = Math.Min((int)fx, grid.Nx - 2);
        double tx = fx - i0;
        double[] vx = X, vy = Y;
        if (grid.IsOneDimensional) return ((1 - tx) * vx[i0] + tx * vx[i0 + 1], (1 - tx) * vy[i0] + tx * vy[i0 + 1]);
        double fy = Math.Clamp((y - grid.YMin) / grid.Dy - 0.5, 0, grid.Ny - 1);
        int j0 = Math.Min((int)fy, grid.Ny - 2);
        double ty = fy - j0;
        int k = j0 * grid.Nx + i0, n = grid.Nx;
        return ((1 - ty) * ((1 - tx) * vx[k] + tx * vx[k + 1]) + ty * ((1 - tx) * vx[k + n] + tx * vx[k + n + 1]),
                (1 - ty) * ((1 - tx) * vy[k] + tx * vy[k + 1]) + ty * ((1 - tx) * vy[k + n] + tx * vy[k + n + 1]));
    }
}
