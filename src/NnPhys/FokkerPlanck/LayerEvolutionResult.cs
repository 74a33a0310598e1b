using NnPhys.Experiments;
using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.FokkerPlanck;

/// <summary>The theoretical evolution of one bottleneck layer in one drift mode, per epoch boundary t = 0..E.</summary>
public sealed class LayerEvolutionResult
{
    /// <summary>The layer.</summary>
    public required BottleneckLayer Layer { get; init; }
    /// <summary>The drift mode.</summary>
    public required DriftMode Mode { get; init; }
    /// <summary>The weight-space grid.</summary>
    public required Grid2D Grid { get; init; }
    /// <summary>Fokker–Planck density P_t, (Ny, Nx) each, t = 0..E.</summary>
    public required IReadOnlyList<double[]> Densities { get; init; }
    /// <summary>Theoretical rows Ŵ_t, (rows, 2) each, t = 0..E.</summary>
    public required IReadOnlyList<double[]> Rows { get; init; }
    /// <summary>KPZ potential V_t (Ny, Nx), t = 0..E (empty when KPZ is off).</summary>
    public required IReadOnlyList<double[]> KpzPotentials { get; init; }
    /// <summary>Gap between KPZ V and −log P_FP at t = 0..E (null entries when KPZ is off).</summary>
    public required IReadOnlyList<KpzGap?> KpzGaps { get; init; }
    /// <summary>Regressed drift (x, y components at cell centres, (Ny, Nx)) used over epoch t → t+1, t = 0..E−1 (empty unless recorded).</summary>
    public required IReadOnlyList<(double[] X, double[] Y)> DriftFields { get; init; }
    /// <summary>Drift-regression bandwidth used in each epoch t → t+1.</summary>
    public required IReadOnlyList<KernelBandwidth> Bandwidths { get; init; }
    /// <summary>Solver report of each epoch t → t+1 (substeps, refinement).</summary>
    public required IReadOnlyList<EvolutionReport> Reports { get; init; }
    /// <summary>Loss gate H(−∂L/∂t) of each epoch t → t+1.</summary>
    public required IReadOnlyList<bool> GateOpen { get; init; }
    /// <summary>Largest relative mass drift over all substeps.</summary>
    public required double MaxRelativeMassDrift { get; init; }
    /// <summary>Smallest density value over all substeps (≥ 0).</summary>
    public required double MinDensity { get; init; }
    /// <summary>Why the KPZ evolution stopped early (it became unstable), or null when it ran to the end or was not run.</summary>
    public string? KpzFailure { get; init; }
}
