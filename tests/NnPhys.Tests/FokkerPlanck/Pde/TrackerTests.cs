using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.Tests.FokkerPlanck.Pde;

/// <summary>Trackers observe without changing the run: snapshots equal separate runs stopped at those times.</summary>
public class TrackerTests
{
    static (DensityField Density, FokkerPlanckOperator Operator) Problem()
    {
        var grid = Grid2D.Square(-2, 2, 24);
        var op = new FokkerPlanckOperator(DriftField.FromFunction(grid, (x, y) => (-x + 0.3 * y, -y)), DiffusionField.Constant(grid, 0.2));
        return (DensityField.Gaussian(grid, 0.5, 0, 0.2, 0.3), op);
    }

    [Fact]
    public void SnapshotsEqualRunsStoppedAtThoseTimesAndTrackersDoNotChangeTheResult()
    {
        var settings = new PdeSolverSettings(MinSubstepsPerUnitTime: 200);
        var (p, op) = Problem();
        var snapshots = new SnapshotTracker([0.0, 0.25, 0.5]);
        var reports = new List<double>();
        var progress = new ProgressTracker(new Progress<double>(reports.Add), 0, 0.5, interval: 20);
        PdeSolver.Evolve(p, op, 0, 0.5, settings, [snapshots, progress, new InvariantsTracker(5)]);
        Assert.Equal([0.0, 0.25, 0.5], snapshots.Times.Select(t => Math.Round(t, 12)));

        var (q, _) = Problem();
        PdeSolver.Evolve(q, op, 0, 0.25, settings);
        Assert.Equal(q.Values, snapshots.Snapshots[1]);     // same 50 substeps of the same length
        var (r, _) = Problem();
        PdeSolver.Evolve(r, op, 0, 0.5, settings);
        Assert.Equal(r.Values, p.Values);                   // trackers never change the density
        Assert.Equal(r.Values, snapshots.Snapshots[2]);
    }
}
