using NnPhys.Experiments;
using NnPhys.FokkerPlanck;

namespace NnPhys.FokkerPlanck.Experiments;

/// <summary>Everything <c>reproduce fokker-planck</c> computed, handed to its arrays, figures and report.</summary>
public sealed class FokkerPlanckOutcome
{
    /// <summary>The config as recorded in the manifest (the reused run's real training config when one was reused).</summary>
    public required FokkerPlanckExperimentConfig Config { get; init; }
    /// <summary>The recorded training trajectory.</summary>
    public required BottleneckTrajectory Trajectory { get; init; }
    /// <summary>The training run's directory.</summary>
    public required string TrainingDirectory { get; init; }
    /// <summary>One reproduction per protocol, in the order requested; the first is the headline.</summary>
    public required IReadOnlyList<(TheoryStart Protocol, FokkerPlanckReproductionResult Result)> Protocols { get; init; }
    /// <summary>The null models' scores one epoch ahead.</summary>
    public required IReadOnlyList<NullModelScores> Baselines { get; init; }
    /// <summary>The past-only forecasts, or null when not run.</summary>
    public required PastOnlyForecastResult? Forecast { get; init; }
    /// <summary>The epoch of the headline comparison.</summary>
    public required int ComparisonEpoch { get; init; }
    /// <summary>Notes for the log, report and manifest (e.g. an adjusted comparison epoch).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The grid-convergence check at the comparison epoch (every protocol, mode and layer), or null when skipped.</summary>
    public IReadOnlyList<GridConvergenceEntry>? GridCheck { get; init; }

    /// <summary>The grid check of one protocol, mode and layer, or null.</summary>
    public GridConvergenceEntry? GridError(TheoryStart protocol, DriftMode mode, BottleneckLayer layer) =>
        GridCheck?.FirstOrDefault(g => g.Protocol == protocol && g.Mode == mode && g.Layer == layer);

    /// <summary>The headline reproduction (first protocol).</summary>
    public FokkerPlanckReproductionResult Headline => Protocols[0].Result;

    /// <summary>The null model with the highest b1 (or b2) eq. (28) r at the comparison epoch.</summary>
    public NullModelScores BestBaseline(BottleneckLayer layer) =>
        Baselines.MaxBy(b => (layer == BottleneckLayer.B1 ? b.B1 : b.B2)[ComparisonEpoch].Pearson is var r && double.IsFinite(r) ? r : double.NegativeInfinity)!;
}
