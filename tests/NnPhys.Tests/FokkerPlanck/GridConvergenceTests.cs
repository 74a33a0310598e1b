using NnPhys.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>
/// Issue 8 §3: an epoch's numbers must not depend on how many epochs follow once the grid is fixed (checked bit for bit:
/// the grid check with factor 1 re-runs to the comparison epoch only and must give the reported numbers exactly), and the
/// check on a finer grid reports a small, finite discretisation error on a smooth synthetic run.
/// </summary>
public class GridConvergenceTests
{
    static readonly FokkerPlanckOptions Small = new() { GridSize = 48, KdeGridSize = 32, RunKpz = false };

    [Fact]
    public void SameGridReRunToTheComparisonEpochGivesTheReportedNumbersExactly()
    {
        var trajectory = SyntheticTraining.Run(b1Rows: 30, evalCount: 50, epochs: 5);
        var runs = new[] { TheoryStart.FromPreviousEpoch, TheoryStart.FreeRunning }
            .Select(p => (p, FokkerPlanckReproduction.Run(trajectory, Small with { Start = p }))).ToList();
        var same = GridConvergence.Check(trajectory, runs, epoch: 3, factor: 1.0);
        Assert.Equal(2 * 2 * 2, same.Count);                       // protocols × modes × layers
        foreach (var g in same)
        {
            Assert.Equal(g.Cells, g.FineCells);
            Assert.Equal(g.Pearson, g.FinePearson);               // bit for bit: later epochs do not matter
            Assert.Equal(g.Fve, g.FineFve);
            Assert.Equal(0, g.PearsonError);
            Assert.True(double.IsFinite(g.ShortRunPearson) && g.ShortRunCells >= 16);   // the run stopped at epoch 3 (own box)
            Assert.True(g.PearsonBoxChange < 0.1, $"{g.Protocol} {g.Mode} {g.Layer}: stopping at epoch 3 moves r by {g.PearsonBoxChange:G3}");
        }
    }

    [Fact]
    public void FinerGridChangesTheNumbersLittle()
    {
        var trajectory = SyntheticTraining.Run(b1Rows: 30, evalCount: 50, epochs: 3);
        var run = FokkerPlanckReproduction.Run(trajectory, Small with { Start = TheoryStart.FromPreviousEpoch, Modes = [DriftMode.Measured] });
        var check = GridConvergence.Check(trajectory, [(TheoryStart.FromPreviousEpoch, run)], epoch: 3);
        var b1 = check.Single(g => g.Layer == BottleneckLayer.B1);
        Assert.Equal(run.GridB1.Nx, b1.Cells);
        Assert.Equal(72, b1.FineCells);                            // 1.5 × 48
        Assert.True(double.IsFinite(b1.PearsonError) && b1.PearsonError < 0.02, $"|Δr| = {b1.PearsonError:G3}");
        Assert.True(b1.FveError < 0.2, $"|ΔFVE| = {b1.FveError:G3}");
        Assert.Equal(b1.Pearson, b1.ShortRunPearson);          // the check is at the run's last epoch: the stopped run is the run

    }

    [Fact]
    public void RefineKeepsTheBoxAndScalesTheCells()
    {
        var grid = new Grid2D(-1, 3, 40, 2, 5, 30);
        var fine = GridConvergence.Refine(grid, 1.5);
        Assert.Equal((60, 45), (fine.Nx, fine.Ny));
        Assert.Equal((grid.XMin, grid.XMax, grid.YMin, grid.YMax), (fine.XMin, fine.XMax, fine.YMin, fine.YMax));
        Assert.Equal(1, GridConvergence.Refine(new Grid1D(0, 1, 10).ToGrid2D(), 2).Ny);
        Assert.Throws<InvalidConfigException>(() => GridConvergence.Refine(grid, 0));
    }
}
