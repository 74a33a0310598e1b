using NnPhys.Experiments;
using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.FokkerPlanck;

/// <summary>
/// One protocol and drift mode scored at the comparison epoch on the grid the run used and on a finer grid over the same box
/// (issue 8 §3). The difference is the estimate of the discretisation error of the reported number: the finite-volume scheme
/// is first order in the drift-dominated regime (σ² ≈ 10⁻²²), and the kernel bandwidth floor (1.5 cells) shrinks with the
/// cells too, so both effects are in it.
/// </summary>
/// <param name="Protocol">The protocol.</param>
/// <param name="Mode">The drift mode.</param>
/// <param name="Layer">b1 or b2.</param>
/// <param name="Cells">Cells per side of the grid used.</param>
/// <param name="FineCells">Cells per side of the finer grid.</param>
/// <param name="Pearson">Eq. (28) r on the grid used.</param>
/// <param name="FinePearson">Eq. (28) r on the finer grid.</param>
/// <param name="Fve">Weight FVE on the grid used.</param>
/// <param name="FineFve">Weight FVE on the finer grid.</param>
/// <param name="ShortRunCells">Cells per side of the grid a run stopped at the comparison epoch chooses (its box spans only
/// the rows up to that epoch).</param>
/// <param name="ShortRunPearson">Eq. (28) r of that run.</param>
/// <param name="ShortRunFve">Weight FVE of that run.</param>
public sealed record GridConvergenceEntry(TheoryStart Protocol, DriftMode Mode, BottleneckLayer Layer, int Cells, int FineCells,
                                          double Pearson, double FinePearson, double Fve, double FineFve,
                                          int ShortRunCells, double ShortRunPearson, double ShortRunFve)
{
    /// <summary>|r_short − r|: how much the reported r depends on the epochs after the comparison epoch (through the box).</summary>
    public double PearsonBoxChange => Math.Abs(ShortRunPearson - Pearson);

    /// <summary>|r_fine − r|: the estimated discretisation error of the reported r.</summary>
    public double PearsonError => Math.Abs(FinePearson - Pearson);
    /// <summary>|FVE_fine − FVE|.</summary>
    public double FveError => Math.Abs(FineFve - Fve);
}

/// <summary>
/// The grid-convergence check of the reported numbers: each protocol is re-run up to the comparison epoch only, on grids with
/// <see cref="DefaultFactor"/>× the cells per side of the same boxes (no KPZ, which does not feed back into P), and its
/// eq. (28) r and weight FVE at that epoch are set beside the reported ones. Re-running to the comparison epoch and not
/// beyond is exact: with the grid fixed, an epoch's numbers do not depend on how many epochs follow (a test checks this
/// bit for bit with factor 1). The grid itself does: each layer's box spans its rows over all epochs of the run, so a
/// second re-run stops at the comparison epoch with the box and grid such a short run would choose; its difference shows
/// how much the reported numbers depend on the epochs that follow.
/// </summary>
public static class GridConvergence
{
    /// <summary>Cells-per-side factor of the finer grid.</summary>
    public const double DefaultFactor = 1.5;

    /// <summary>The same box with round(factor·N) cells per side (at least 2 along x; a one-row grid stays one row).</summary>
    public static Grid2D Refine(Grid2D grid, double factor)
    {
        if (!(factor > 0) || !double.IsFinite(factor)) throw new InvalidConfigException($"Grid refinement factor {factor} must be positive and finite.");
        int nx = Math.Max(2, (int)Math.Round(grid.Nx * factor)), ny = grid.Ny == 1 ? 1 : Math.Max(2, (int)Math.Round(grid.Ny * factor));
        return new Grid2D(grid.XMin, grid.XMax, nx, grid.YMin, grid.YMax, ny, grid.BoundaryX, grid.BoundaryY);
    }

    /// <summary>Scores every protocol and mode of <paramref name="runs"/> at <paramref name="epoch"/> on the refined grids.</summary>
    /// <param name="maxDegreeOfParallelism">The re-runs (fine and short, per protocol) run concurrently: 1 serially, −1 on all
    /// processors; the entries are the same bit for bit either way.</param>
    /// <exception cref="InvalidConfigException">The epoch is outside 1..the runs' epochs.</exception>
    public static IReadOnlyList<GridConvergenceEntry> Check(BottleneckTrajectory trajectory,
        IReadOnlyList<(TheoryStart Protocol, FokkerPlanckReproductionResult Result)> runs, int epoch, double factor = DefaultFactor,
        IProgress<FokkerPlanckProgress>? progress = null, CancellationToken cancel = default, int maxDegreeOfParallelism = TheoryParallel.Default)
    {
        foreach (var (_, result) in runs)
            if (epoch < 1 || epoch > result.Epochs) throw new InvalidConfigException($"The grid check epoch {epoch} must be in 1..{result.Epochs}.");
        // job 2p: protocol p on the refined grids; job 2p + 1: protocol p stopped at the epoch with its own box (the run itself
        // when it already stops there)
        var reruns = TheoryParallel.Map(2 * runs.Count, job =>
        {
            var result = runs[job / 2].Result;
            var options = result.Options with { MaxEpochs = epoch, RunKpz = false, RecordDriftFields = false };
            if (job % 2 == 0)
                return FokkerPlanckReproduction.Run(trajectory, options, progress, cancel, (Refine(result.GridB1, factor), Refine(result.GridB2, factor)), maxDegreeOfParallelism);
            return epoch == result.Epochs ? result : FokkerPlanckReproduction.Run(trajectory, options, progress, cancel, maxDegreeOfParallelism: maxDegreeOfParallelism);
        }, maxDegreeOfParallelism, cancel);
        var entries = new List<GridConvergenceEntry>();
        for (int p = 0; p < runs.Count; p++)
        {
            var (protocol, result) = runs[p];
            var (fine, shortRun) = (reruns[2 * p], reruns[2 * p + 1]);
            foreach (var mode in result.Modes)
            {
                var (used, refined, stopped) = (mode.Metrics[epoch], fine[mode.Mode].Metrics[epoch], shortRun[mode.Mode].Metrics[epoch]);
                entries.Add(new(protocol, mode.Mode, BottleneckLayer.B1, result.GridB1.Nx, fine.GridB1.Nx, used.PearsonB1, refined.PearsonB1, used.FveB1, refined.FveB1,
                                shortRun.GridB1.Nx, stopped.PearsonB1, stopped.FveB1));
                entries.Add(new(protocol, mode.Mode, BottleneckLayer.B2, result.GridB2.Nx, fine.GridB2.Nx, used.PearsonB2, refined.PearsonB2, used.FveB2, refined.FveB2,
                                shortRun.GridB2.Nx, stopped.PearsonB2, stopped.FveB2));
            }
        }
        return entries;
    }
}
