namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// A uniform cell-centred grid on [XMin, XMax] with N cells. The solvers work on <see cref="Grid2D"/>; a 1-D problem is the
/// one-row grid <see cref="ToGrid2D"/> of unit height, on which a density per unit length equals a density per unit area.
/// </summary>
public sealed class Grid1D
{
    /// <summary>Left edge.</summary>
    public double XMin { get; }
    /// <summary>Right edge.</summary>
    public double XMax { get; }
    /// <summary>Number of cells.</summary>
    public int N { get; }
    /// <summary>Cell width.</summary>
    public double Dx { get; }
    /// <summary>Boundary condition at both ends.</summary>
    public BoundaryCondition Boundary { get; }

    /// <summary>Creates the grid.</summary>
    /// <exception cref="InvalidConfigException">Bounds not finite or empty, or fewer than 2 cells.</exception>
    public Grid1D(double xMin, double xMax, int n, BoundaryCondition boundary = BoundaryCondition.ZeroFlux)
    {
        // Validation is shared with Grid2D.
        var check = new Grid2D(xMin, xMax, n, 0, 1, 1, boundary);
        XMin = xMin; XMax = xMax; N = n; Dx = check.Dx; Boundary = boundary;
    }

    /// <summary>Centre of cell i.</summary>
    public double CellCenter(int i) => XMin + (i + 0.5) * Dx;

    /// <summary>Cell centres, length N.</summary>
    public double[] CellCenters() { var c = new double[N]; for (int i = 0; i < N; i++) c[i] = CellCenter(i); return c; }

    /// <summary>Fills an array of length N with f at the cell centres.</summary>
    public double[] Evaluate(Func<double, double> f) { var v = new double[N]; for (int i = 0; i < N; i++) v[i] = f(CellCenter(i)); return v; }

    /// <summary>The equivalent one-row 2-D grid on [XMin, XMax] × [0, 1] (zero flux along y).</summary>
    public Grid2D ToGrid2D() => new(XMin, XMax, N, 0, 1, 1, Boundary, BoundaryCondition.ZeroFlux);

    public override string ToString() => $"Grid1D [{XMin:G4}, {XMax:G4}] {N} cells (dx={Dx:G3})";
}
