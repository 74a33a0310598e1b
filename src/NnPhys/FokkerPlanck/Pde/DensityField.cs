namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// A probability density P on a <see cref="Grid2D"/>: one value per cell, the cell average of P (per unit area),
/// stored as a (Ny, Nx) row-major array. Mass = Σ P·Dx·Dy.
/// </summary>
public sealed class DensityField : IGridField
{
    /// <summary>The grid the density lives on.</summary>
    public Grid2D Grid { get; }
    /// <summary>Cell values, length Grid.CellCount, index j·Nx + i.</summary>
    public double[] Values { get; }

    /// <summary>Wraps existing values (not copied).</summary>
    /// <exception cref="InvalidConfigException">Length differs from the cell count, or a value is negative or not finite.</exception>
    public DensityField(Grid2D grid, double[] values)
    {
        if (values.Length != grid.CellCount)
            throw new InvalidConfigException($"Density has {values.Length} values but the grid has {grid.CellCount} cells ({grid.Ny}×{grid.Nx}).");
        for (int k = 0; k < values.Length; k++)
            if (!(values[k] >= 0) || double.IsInfinity(values[k]))
                throw new InvalidConfigException($"Density value {values[k]} at cell {k} is negative or not finite; a density must be finite and ≥ 0.");
        Grid = grid; Values = values;
    }

    /// <summary>A zero density.</summary>
    public static DensityField Zero(Grid2D grid) => new(grid, new double[grid.CellCount]);

    /// <summary>f at the cell centres, then scaled to unit mass.</summary>
    public static DensityField FromFunction(Grid2D grid, Func<double, double, double> f) => new DensityField(grid, grid.Evaluate(f)).Normalized();

    /// <summary>
    /// The Gaussian N(μ, Σ) of fokker-planck-to-callan-symanzik eq. (3) at the cell centres, renormalised to unit mass on the grid.
    /// </summary>
    public static DensityField Gaussian(Grid2D grid, double meanX, double meanY, double varX, double varY, double covXY = 0)
    {
        double det = varX * varY - covXY * covXY;
        if (!(varX > 0) || !(varY > 0) || !(det > 0))
            throw new InvalidConfigException($"Gaussian covariance [[{varX}, {covXY}], [{covXY}, {varY}]] is not positive definite.");
        // fokker-planck-to-callan-symanzik eq. (3)
        return FromFunction(grid, (x, y) =>
        {
            double dx = x - meanX, dy = y - meanY;
            double q = (varY * dx * dx - 2 * covXY * dx * dy + varX * dy * dy) / det;
            return Math.Exp(-0.5 * q) / (2 * Math.PI * Math.Sqrt(det));
        });
    }

    /// <summary>Total probability Σ P·Dx·Dy.</summary>
    public double Mass()
    {
        double sum = 0;
        foreach (double p in Values) sum += p;
        return sum * Grid.CellArea;
    }

    /// <summary>Smallest cell value.</summary>
    public double Min() => System.Numerics.Tensors.TensorPrimitives.Min<double>(Values);
    /// <summary>Largest cell value.</summary>
    public double Max() => System.Numerics.Tensors.TensorPrimitives.Max<double>(Values);

    /// <summary>Mean (x, y) under P.</summary>
    public (double X, double Y) Mean()
    {
        double m = 0, mx = 0, my = 0;
        for (int j = 0; j < Grid.Ny; j++)
            for (int i = 0; i < Grid.Nx; i++)
            {
                double p = Values[Grid.Index(i, j)];
                m += p; mx += p * Grid.CellCenterX(i); my += p * Grid.CellCenterY(j);
            }
        return (mx / m, my / m);
    }

    /// <summary>Variances (x, y) under P (cell-centre quadrature).</summary>
    public (double X, double Y) Variance()
    {
        var (cx, cy) = Mean();
        double m = 0, vx = 0, vy = 0;
        for (int j = 0; j < Grid.Ny; j++)
            for (int i = 0; i < Grid.Nx; i++)
            {
                double p = Values[Grid.Index(i, j)], dx = Grid.CellCenterX(i) - cx, dy = Grid.CellCenterY(j) - cy;
                m += p; vx += p * dx * dx; vy += p * dy * dy;
            }
        return (vx / m, vy / m);
    }

    /// <summary>A copy scaled to unit mass.</summary>
    /// <exception cref="InvalidConfigException">The mass is zero.</exception>
    public DensityField Normalized()
    {
        double mass = Mass();
        if (!(mass > 0)) throw new InvalidConfigException("Cannot normalise a density with zero mass on the grid; check that the box covers the density.");
        var v = new double[Values.Length];
        for (int k = 0; k < v.Length; k++) v[k] = Values[k] / mass;
        return new DensityField(Grid, v);
    }

    /// <summary>A deep copy.</summary>
    public DensityField Copy() => new(Grid, (double[])Values.Clone());
}
