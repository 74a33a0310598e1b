using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.FokkerPlanck;

/// <summary>Metrics of one epoch boundary t in one drift mode.</summary>
/// <param name="Epoch">t.</param>
/// <param name="MseB1">Eq. (28) MSE between peak-normalised KDEs of empirical and theoretical B1 outputs.</param>
/// <param name="PearsonB1">Eq. (28) Pearson r for B1.</param>
/// <param name="MseB2">MSE for B2 outputs.</param>
/// <param name="PearsonB2">Pearson r for B2.</param>
/// <param name="KpzGapB1">RMS of V_KPZ − (−log P_FP) − const where P ≥ threshold·max P, layer B1 (NaN when KPZ off).</param>
/// <param name="KpzGapB2">Same for B2.</param>
/// <param name="Substeps">Substeps of the epoch that ended at t (B1; 0 at t = 0).</param>
/// <param name="RefinedForStability">Either layer needed more than the minimum substeps in the epoch that ended at t.</param>
/// <param name="GateOpen">The loss gate of the epoch that ended at t (true at t = 0).</param>
/// <param name="FveB1">Weight-space FVE of the theoretical b1 rows, 1 − ‖Ŵ_t − W_t‖²/‖W_t − W_(t−1)‖² (NaN at t = 0).</param>
/// <param name="FveB2">Same for b2.</param>
public sealed record EpochMetrics(int Epoch, double MseB1, double PearsonB1, double MseB2, double PearsonB2,
                                  double KpzGapB1, double KpzGapB2, int Substeps, bool RefinedForStability, bool GateOpen,
                                  double FveB1 = double.NaN, double FveB2 = double.NaN);

/// <summary>Everything one drift mode produced.</summary>
public sealed class DriftModeResult
{
    /// <summary>The mode (name it in every output).</summary>
    public required DriftMode Mode { get; init; }
    /// <summary>Per-epoch metrics, t = 0..E.</summary>
    public required IReadOnlyList<EpochMetrics> Metrics { get; init; }
    /// <summary>Layer B1 evolution (densities, theoretical rows, KPZ, drift fields, solver reports).</summary>
    public required LayerEvolutionResult B1 { get; init; }
    /// <summary>Layer B2 evolution.</summary>
    public required LayerEvolutionResult B2 { get; init; }
    /// <summary>Theoretical latent outputs X_t·Ŵ1_t, (E_eval, 2) per epoch.</summary>
    public required IReadOnlyList<double[]> TheoreticalOutputsB1 { get; init; }
    /// <summary>Theoretical latent outputs (X_t·Ŵ1_t)·Ŵ2_t, (E_eval, 2) per epoch.</summary>
    public required IReadOnlyList<double[]> TheoreticalOutputsB2 { get; init; }
    /// <summary>The eq. (28) comparison of B1 outputs per epoch (both KDEs on the common lattice).</summary>
    public required IReadOnlyList<LatentDensityComparison> ComparisonsB1 { get; init; }
    /// <summary>The eq. (28) comparison of B2 outputs per epoch.</summary>
    public required IReadOnlyList<LatentDensityComparison> ComparisonsB2 { get; init; }
    /// <summary>Terminal-epoch analysis of the Fokker–Planck densities of B1.</summary>
    public required TerminalEpochAnalysis TerminalB1 { get; init; }
}

/// <summary>The result of <see cref="FokkerPlanckReproduction.Run"/>: all arrays a report or figure needs.</summary>
public sealed class FokkerPlanckReproductionResult
{
    /// <summary>The options used.</summary>
    public required FokkerPlanckOptions Options { get; init; }
    /// <summary>Epochs evolved (E).</summary>
    public required int Epochs { get; init; }
    /// <summary>Weight-space grid of B1.</summary>
    public required Grid2D GridB1 { get; init; }
    /// <summary>Weight-space grid of B2.</summary>
    public required Grid2D GridB2 { get; init; }
    /// <summary>Empirical row density (KDE of the recorded rows) of B1 per epoch, (Ny, Nx), t = 0..E.</summary>
    public required IReadOnlyList<double[]> EmpiricalDensitiesB1 { get; init; }
    /// <summary>Empirical row density of B2 per epoch.</summary>
    public required IReadOnlyList<double[]> EmpiricalDensitiesB2 { get; init; }
    /// <summary>Terminal-epoch analysis of the empirical B1 densities: the T "seen in the run" and its early estimate.</summary>
    public required TerminalEpochAnalysis EmpiricalTerminalB1 { get; init; }
    /// <summary>Terminal-epoch analysis of the empirical B2 densities.</summary>
    public required TerminalEpochAnalysis EmpiricalTerminalB2 { get; init; }
    /// <summary>One result per requested drift mode, in the order requested.</summary>
    public required IReadOnlyList<DriftModeResult> Modes { get; init; }
    /// <summary>Human-readable notes (e.g. epochs whose substeps were refined for stability).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The result of one mode.</summary>
    /// <exception cref="InvalidConfigException">The mode was not run.</exception>
    public DriftModeResult this[DriftMode mode] =>
        Modes.FirstOrDefault(m => m.Mode == mode) ?? throw new InvalidConfigException($"Drift mode {mode} was not run; it ran {string.Join(", ", Modes.Select(m => m.Mode))}.");
}
