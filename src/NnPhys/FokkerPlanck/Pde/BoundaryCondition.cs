namespace NnPhys.FokkerPlanck.Pde;

/// <summary>What happens to probability at the two ends of one grid axis.</summary>
public enum BoundaryCondition
{
    /// <summary>A reflecting wall: the probability flux through the boundary face is zero, so mass stays in the box.</summary>
    ZeroFlux,
    /// <summary>The axis wraps around: the last cell's outer face is the first cell's inner face.</summary>
    Periodic,
}
