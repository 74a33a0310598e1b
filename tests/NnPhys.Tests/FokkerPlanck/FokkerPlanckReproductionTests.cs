using NnPhys.FokkerPlanck;
using Xunit.Abstractions;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>
/// The end-to-end reproduction on a real (small, synthetic-loss) Adam training run: invariants hold, epoch 0 is exact, the
/// measured drift reproduces the latent outputs closely, options and bad inputs behave.
/// </summary>
public class FokkerPlanckReproductionTests(ITestOutputHelper output)
{
    static readonly FokkerPlanckOptions Small = new() { GridSize = 64, KdeGridSize = 40, Start = TheoryStart.FreeRunningRefit };

    [Fact]
    public void MeasuredDriftReproducesLatentOutputsAndInvariantsHold()
    {
        var trajectory = SyntheticTraining.Run(b1Rows: 40, evalCount: 80, epochs: 5);
        var result = FokkerPlanckReproduction.Run(trajectory, Small);
        foreach (var mode in result.Modes)
        {
            foreach (var m in mode.Metrics)
                output.WriteLine($"{mode.Mode} t={m.Epoch} B1 mse={m.MseB1:F4} r={m.PearsonB1:F4} B2 mse={m.MseB2:F4} r={m.PearsonB2:F4} kpz={m.KpzGapB1:G3}/{m.KpzGapB2:G3} steps={m.Substeps}");
            Assert.Equal(0, mode.Metrics[0].MseB1, 1e-15);
            Assert.Equal(1, mode.Metrics[0].PearsonB1, 1e-12);
            Assert.True(mode.B1.MaxRelativeMassDrift < 1e-12 && mode.B2.MaxRelativeMassDrift < 1e-12);
            Assert.True(mode.B1.MinDensity >= 0 && mode.B2.MinDensity >= 0);
            Assert.Equal(6, mode.B1.Densities.Count);
            Assert.Equal(6, mode.TheoreticalOutputsB2.Count);
        }
        var measured = result[DriftMode.Measured];
        Assert.True(measured.Metrics[5].PearsonB1 > 0.9, $"measured-drift B1 Pearson at epoch 5: {measured.Metrics[5].PearsonB1:F3}");
        Assert.True(measured.Metrics[5].PearsonB2 > 0.9, $"measured-drift B2 Pearson at epoch 5: {measured.Metrics[5].PearsonB2:F3}");
        output.WriteLine($"empirical T: {result.EmpiricalTerminalB1.DetectedT}, estimate {result.EmpiricalTerminalB1.Estimate}");
    }

    [Fact]
    public void TheoreticalRowsFollowTheRecordedRowsUnderMeasuredDrift()
    {
        // With a bandwidth much smaller than the row spacing the regressed drift at each row is that row's own displacement,
        // so transported rows must land on the recorded rows (up to the kernel pseudo-weight and interpolation).
        var trajectory = SyntheticTraining.Run(b1Rows: 12, evalCount: 30, epochs: 3);
        var result = FokkerPlanckReproduction.Run(trajectory, Small with { GridSize = 256, CrossValidateBandwidth = false, BandwidthScale = 0.05, Modes = [DriftMode.Measured], RunKpz = false });
        var rows = result[DriftMode.Measured].B1.Rows[3];
        var truth = trajectory.Epochs[3].B1.Weights;
        double worst = 0, moved = 0;
        for (int k = 0; k < rows.Length; k++) { worst = Math.Max(worst, Math.Abs(rows[k] - truth[k])); moved = Math.Max(moved, Math.Abs(truth[k] - trajectory.Epochs[0].B1.Weights[k])); }
        output.WriteLine($"worst {worst:G3} of displacement {moved:G3}");
        Assert.True(worst < 0.1 * moved, $"transported rows miss the recorded rows by {worst:G3} (displacement {moved:G3})");
    }

    [Fact]
    public void GridTooCoarseForTheRowSpreadSaysWhichGridSizeToUse()
    {
        var trajectory = SyntheticTraining.Run(b1Rows: 20, evalCount: 20, epochs: 2);
        var ex = Assert.Throws<InvalidConfigException>(() => FokkerPlanckReproduction.Run(trajectory, Small with { GridSize = 16, MinCellsPerRowSpread = 8, AutoRefineGrid = false }));
        Assert.Contains("too coarse", ex.Message);
        Assert.Contains("GridSize ≥", ex.Message);
        int needed = int.Parse(System.Text.RegularExpressions.Regex.Match(ex.Message, @"GridSize ≥ (\d+)").Groups[1].Value);

        // with automatic refinement the same request runs on the grid the message named (rounded up to 16) and says so
        var refined = FokkerPlanckReproduction.Run(trajectory, Small with { GridSize = 16, MinCellsPerRowSpread = 8, AutoRefineGrid = true });
        Assert.Equal((needed + 15) / 16 * 16, refined.GridB1.Nx);
        Assert.Contains(refined.Notes, n => n.Contains("refined from 16"));
    }

    [Fact]
    public void SampledRowsAndOneEpochAheadOptionsRunAndAreReproducible()
    {
        var trajectory = SyntheticTraining.Run(b1Rows: 30, evalCount: 40, epochs: 2);
        var options = Small with { Rows = TheoreticalRows.Sample, Start = TheoryStart.FromPreviousEpoch, Modes = [DriftMode.Predicted], Seed = 3 };
        var a = FokkerPlanckReproduction.Run(trajectory, options);
        var b = FokkerPlanckReproduction.Run(trajectory, options);
        Assert.Equal(a[DriftMode.Predicted].B1.Rows[2], b[DriftMode.Predicted].B1.Rows[2]);
        Assert.Equal(a[DriftMode.Predicted].Metrics[2].MseB1, b[DriftMode.Predicted].Metrics[2].MseB1);
        Assert.Throws<InvalidConfigException>(() => a[DriftMode.Measured]);
    }

    [Fact]
    public void ResultArraysHaveTheDocumentedShapesAndValues()
    {
        var trajectory = SyntheticTraining.Run(b1Rows: 16, evalCount: 20, epochs: 2);
        var result = FokkerPlanckReproduction.Run(trajectory, Small with { GridSize = 32, KdeGridSize = 16 });
        var arrays = FokkerPlanckResultArrays.ToNpyArrays(result);
        Assert.Equal([3, 32, 32], arrays["measured_density_b1"].Shape);
        Assert.Equal([3, 16, 2], arrays["predicted_rows_b1"].Shape);
        Assert.Equal([3, 2, 2], arrays["measured_rows_b2"].Shape);
        Assert.Equal([3, 20, 2], arrays["measured_outputs_b2"].Shape);
        Assert.Equal([3, 16, 16], arrays["predicted_kde_theory_b2"].Shape);
        Assert.Equal([2, 2, 32, 32], arrays["measured_drift_b1"].Shape);
        Assert.Equal([2, 3], arrays["empirical_terminal_b1"].Shape);
        var metrics = arrays["predicted_metrics"].As<double>();
        Assert.Equal(result[DriftMode.Predicted].Metrics[2].PearsonB1, metrics[2 * FokkerPlanckResultArrays.MetricColumns + 2]);
        Assert.Equal(result[DriftMode.Measured].B1.Densities[1][5], arrays["measured_density_b1"].As<double>()[32 * 32 + 5]);
    }
}
