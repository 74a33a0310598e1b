namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// A real field on a grid with no sign constraint, such as the KPZ potential V = −log P (py-pde's ScalarField).
/// The values are wrapped, not copied.
/// </summary>
public sealed class ScalarField : IGridField
{
    /// <inheritdoc/>
    public Grid2D Grid { get; }
    /// <inheritdoc/>
    public double[] Values { get; }

    /// <summary>Wraps existing values (not copied).</summary>
    /// <exception cref="InvalidConfigException">The length differs from the cell count.</exception>
    public ScalarField(Grid2D grid, double[] values)
    {
        if (values.Length != grid.CellCount)
            throw new InvalidConfigException($"Field has {values.Length} values but the grid has {grid.CellCount} cells ({grid.Ny}×{grid.Nx}).");
        Grid = grid; Values = values;
    }
}
