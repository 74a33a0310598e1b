namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// A uniform cell-centred finite-volume grid on the box [XMin, XMax] × [YMin, YMax] with Nx × Ny cells.
/// Cell (i, j) has centre (XMin + (i + ½)·Dx, YMin + (j + ½)·Dy) and flat index <c>j·Nx + i</c> (rows of constant y,
/// row-major, so a field is a (Ny, Nx) array). A one-dimensional problem is a grid with Ny = 1 and no y faces.
/// </summary>
public sealed class Grid2D
{
    /// <summary>Left edge of the box.</summary>
    public double XMin { get; }
    /// <summary>Right edge of the box.</summary>
    public double XMax { get; }
    /// <summary>Bottom edge of the box.</summary>
    public double YMin { get; }
    /// <summary>Top edge of the box.</summary>
    public double YMax { get; }
    /// <summary>Number of cells along x.</summary>
    public int Nx { get; }
    /// <summary>Number of cells along y (1 for a one-dimensional problem).</summary>
    public int Ny { get; }
    /// <summary>Cell width along x.</summary>
    public double Dx { get; }
    /// <summary>Cell height along y.</summary>
    public double Dy { get; }
    /// <summary>Boundary condition at x = XMin and x = XMax.</summary>
    public BoundaryCondition BoundaryX { get; }
    /// <summary>Boundary condition at y = YMin and y = YMax.</summary>
    public BoundaryCondition BoundaryY { get; }

    /// <summary>Number of cells, Nx·Ny.</summary>
    public int CellCount => Nx * Ny;
    /// <summary>Area of one cell, Dx·Dy (the length Dx for a one-dimensional grid of unit height).</summary>
    public double CellArea => Dx * Dy;
    /// <summary>True when the grid has one row of cells (a 1-D problem, no flux along y).</summary>
    public bool IsOneDimensional => Ny == 1;

    /// <summary>Creates the grid.</summary>
    /// <exception cref="InvalidConfigException">A bound is not finite, a box side is empty, or a cell count is below 2 (1 allowed for Ny).</exception>
    public Grid2D(double xMin, double xMax, int nx, double yMin, double yMax, int ny,
                  BoundaryCondition boundaryX = BoundaryCondition.ZeroFlux, BoundaryCondition boundaryY = BoundaryCondition.ZeroFlux)
    {
        if (!double.IsFinite(xMin) || !double.IsFinite(xMax) || !(xMax > xMin))
            throw new InvalidConfigException($"Grid x-range [{xMin}, {xMax}] is empty or not finite; give finite bounds with xMax > xMin.");
        if (!double.IsFinite(yMin) || !double.IsFinite(yMax) || !(yMax > yMin))
            throw new InvalidConfigException($"Grid y-range [{yMin}, {yMax}] is empty or not finite; give finite bounds with yMax > yMin.");
        if (nx < 2) throw new InvalidConfigException($"Grid needs at least 2 cells along x (got {nx}).");
        if (ny < 1) throw new InvalidConfigException($"Grid needs at least 1 cell along y (got {ny}).");
        if (ny == 1 && boundaryY == BoundaryCondition.Periodic)
            throw new InvalidConfigException("A one-row grid cannot be periodic along y; use BoundaryCondition.ZeroFlux.");
        XMin = xMin; XMax = xMax; YMin = yMin; YMax = yMax; Nx = nx; Ny = ny;
        Dx = (xMax - xMin) / nx; Dy = (yMax - yMin) / ny;
        BoundaryX = boundaryX; BoundaryY = boundaryY;
    }

    /// <summary>A square grid of n × n cells on [min, max]² with zero-flux walls.</summary>
    public static Grid2D Square(double min, double max, int n) => new(min, max, n, min, max, n);

    /// <summary>x coordinate of the centre of cell column i.</summary>
    public double CellCenterX(int i) => XMin + (i + 0.5) * Dx;
    /// <summary>y coordinate of the centre of cell row j.</summary>
    public double CellCenterY(int j) => YMin + (j + 0.5) * Dy;
    /// <summary>x coordinate of x-face i (face i is the west face of cell column i; i = 0..Nx).</summary>
    public double FaceX(int i) => XMin + i * Dx;
    /// <summary>y coordinate of y-face j (face j is the south face of cell row j; j = 0..Ny).</summary>
    public double FaceY(int j) => YMin + j * Dy;
    /// <summary>Flat index j·Nx + i of cell (i, j).</summary>
    public int Index(int i, int j) => j * Nx + i;

    /// <summary>Cell-centre x coordinates, length Nx.</summary>
    public double[] CellCentersX() { var c = new double[Nx]; for (int i = 0; i < Nx; i++) c[i] = CellCenterX(i); return c; }
    /// <summary>Cell-centre y coordinates, length Ny.</summary>
    public double[] CellCentersY() { var c = new double[Ny]; for (int j = 0; j < Ny; j++) c[j] = CellCenterY(j); return c; }

    /// <summary>True when the point lies inside the box (edges included).</summary>
    public bool Contains(double x, double y) => x >= XMin && x <= XMax && y >= YMin && y <= YMax;

    /// <summary>Fills a (Ny, Nx) array with f evaluated at the cell centres.</summary>
    public double[] Evaluate(Func<double, double, double> f)
    {
        var values = new double[CellCount];
        for (int j = 0; j < Ny; j++)
            for (int i = 0; i < Nx; i++) values[Index(i, j)] = f(CellCenterX(i), CellCenterY(j));
        return values;
    }

    /// <summary>True when the other grid has the same box, cell counts and boundary conditions.</summary>
    public bool Matches(Grid2D other) => ReferenceEquals(this, other) ||
        (XMin == other.XMin && XMax == other.XMax && YMin == other.YMin && YMax == other.YMax && Nx == other.Nx && Ny == other.Ny
         && BoundaryX == other.BoundaryX && BoundaryY == other.BoundaryY);

    public override string ToString() => $"Grid2D [{XMin:G4}, {XMax:G4}]×[{YMin:G4}, {YMax:G4}] {Nx}×{Ny} (dx={Dx:G3}, dy={Dy:G3})";
}
