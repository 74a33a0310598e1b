namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// A field on a <see cref="Grid2D"/> that the time loop (<see cref="PdeSolver"/>) advances and its trackers observe: one
/// value per cell, (Ny, Nx) row-major. The Fokker–Planck density (<see cref="DensityField"/>) and the KPZ potential
/// (<see cref="ScalarField"/>) are the two kinds.
/// </summary>
public interface IGridField
{
    /// <summary>The grid the field lives on.</summary>
    Grid2D Grid { get; }
    /// <summary>Cell values, length Grid.CellCount, index j·Nx + i.</summary>
    double[] Values { get; }
}
