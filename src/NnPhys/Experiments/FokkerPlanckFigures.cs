using NnPhys.Data;
using NnPhys.FokkerPlanck;
using NnPhys.Plotting;
using NnPhys.Runs;
using ScottPlot;
using NnPhys.IO;

namespace NnPhys.Experiments;

/// <summary>
/// The reproduction's figures, after the paper's Figs. 3–9: latent outputs by digit (empirical vs theory), eq. (28)
/// density panels with MSE and r, KDE potentials of b1's rows with score arrows, Fokker–Planck vs empirical row
/// densities over epochs, the loss, MSE and r over epochs for both drift modes, the terminal-epoch analysis, the KPZ gap.
/// </summary>
public static class FokkerPlanckFigures
{
    public static void Write(RunDirectory run, BottleneckTrajectory trajectory, FokkerPlanckReproductionResult result,
        FokkerPlanckReproductionResult? freeRunning, string trainingDir, int comparisonEpoch)
    {
        string dir = run.FiguresDirectory;
        int last = result.Epochs;
        var labels = trajectory.EvalLabels ?? new int[trajectory.EvalCount];
        var measured = result.Modes[0];

        // Fig. 3 d, e and Fig. 6: latent outputs after b1 and b2, network vs theory (first mode), coloured by digit
        var scatter = new List<Plot>();
        foreach (var (name, empirical, theory) in new[]
        {
            ("b1", trajectory.Epochs[comparisonEpoch].B1Outputs, measured.TheoreticalOutputsB1[comparisonEpoch]),
            ("b2", trajectory.Epochs[comparisonEpoch].B2Outputs, measured.TheoreticalOutputsB2[comparisonEpoch]),
        })
        {
            var (ex, ey) = AutoencoderFigures.Columns(empirical);
            var (tx, ty) = AutoencoderFigures.Columns(theory);
            scatter.Add(Charts.ScatterByClass($"{name} output, network, epoch {comparisonEpoch}", ex, ey, labels, "z₁", "z₂", 3));
            scatter.Add(Charts.ScatterByClass($"{name} output, theory ({Mode(measured)}), epoch {comparisonEpoch}", tx, ty, labels, "z₁", "z₂", 3));
        }
        Figure.SavePanels(scatter, 2, dir, "latent_network_vs_theory");

        // Fig. 7: eq. (28) density panels with MSE and r, one figure per drift mode
        foreach (var mode in result.Modes)
        {
            var panels = new List<Plot>();
            foreach (var (name, c) in new[] { ("b1", mode.ComparisonsB1[comparisonEpoch]), ("b2", mode.ComparisonsB2[comparisonEpoch]) })
            {
                panels.Add(Charts.Heatmap($"{name} outputs, network (KDE, peak 1)", c.Empirical, c.Size, c.Size, c.XMin, c.XMax, c.YMin, c.YMax));
                panels.Add(Charts.Heatmap($"{name} theory, {Mode(mode)}: MSE {c.Mse:F4}, r {c.Pearson:F3}", c.Theoretical, c.Size, c.Size, c.XMin, c.XMax, c.YMin, c.YMax));
            }
            Figure.SavePanels(panels, 2, dir, $"comparison_{FokkerPlanckArrays.Name(mode.Mode)}");
        }

        // Figs. 4–5: potential V = −log P of b1's rows with score arrows −∇V, at a few epochs
        var epochs = new[] { 0, 1, comparisonEpoch, last }.Distinct().Where(t => t <= last).ToArray();
        Figure.SavePanels(epochs.Select(t => Potential(result.GridB1, result.EmpiricalDensitiesB1[t], $"b1 rows: V = −log P, −∇V, epoch {t}")).ToList(),
            2, dir, "potential_b1");

        // row densities over epochs: empirical KDE (top) vs Fokker–Planck (bottom), first mode
        var densityPanels = new List<Plot>();
        foreach (var t in epochs) densityPanels.Add(Density(result.GridB1, result.EmpiricalDensitiesB1[t], $"b1 rows, KDE, epoch {t}"));
        foreach (var t in epochs) densityPanels.Add(Density(result.GridB1, measured.B1.Densities[t], $"b1 rows, FP {FokkerPlanckArrays.Name(measured.Mode)}, epoch {t}"));
        Figure.SavePanels(densityPanels, epochs.Length, dir, "row_densities_b1", 420, 360);

        // loss of the training run
        var lossPath = Path.Combine(trainingDir, "arrays", "loss_per_epoch.npy");
        if (File.Exists(lossPath))
        {
            var loss = Npy.Read(lossPath).As<double>();
            Figure.Save(Charts.Lines("Training loss (MSE)", "epoch", "mean loss over the epoch",
                [("train", Enumerable.Range(1, loss.Length).Select(e => (double)e).ToArray(), loss)], logY: true), dir, "loss");
        }

        // MSE and r over epochs, both modes, both layers
        var t1 = Enumerable.Range(1, last).Select(e => (double)e).ToArray();
        var mseSeries = new List<(string, double[], double[])>();
        var rSeries = new List<(string, double[], double[])>();
        foreach (var mode in result.Modes)
        {
            mseSeries.Add(($"b1 {Mode(mode)}", t1, t1.Select(t => mode.Metrics[(int)t].MseB1).ToArray()));
            mseSeries.Add(($"b2 {Mode(mode)}", t1, t1.Select(t => mode.Metrics[(int)t].MseB2).ToArray()));
            rSeries.Add(($"b1 {Mode(mode)}", t1, t1.Select(t => mode.Metrics[(int)t].PearsonB1).ToArray()));
            rSeries.Add(($"b2 {Mode(mode)}", t1, t1.Select(t => mode.Metrics[(int)t].PearsonB2).ToArray()));
        }
        if (freeRunning is not null)
        {
            var free = freeRunning.Modes[0];
            mseSeries.Add(($"b1 {Mode(free)}, free-running", t1, t1.Select(t => free.Metrics[(int)t].MseB1).ToArray()));
            mseSeries.Add(($"b2 {Mode(free)}, free-running", t1, t1.Select(t => free.Metrics[(int)t].MseB2).ToArray()));
            rSeries.Add(($"b1 {Mode(free)}, free-running", t1, t1.Select(t => free.Metrics[(int)t].PearsonB1).ToArray()));
            rSeries.Add(($"b2 {Mode(free)}, free-running", t1, t1.Select(t => free.Metrics[(int)t].PearsonB2).ToArray()));
        }
        Figure.SavePanels([Charts.Lines("Eq. (28) MSE, network vs theory", "epoch", "MSE (densities scaled to peak 1)", mseSeries),
                           Charts.Lines("Eq. (28) Pearson r, network vs theory", "epoch", "Pearson r", rSeries)], 2, dir, "metrics_over_epochs");

        // terminal epoch, both conditions of eq. (21): t·‖∂P/∂t‖₁ ≈ 0 (scale invariance) and ‖∂P/∂t‖₁ ≈ 0 (stationarity)
        var tAll = Enumerable.Range(1, last).Select(e => (double)e).ToArray();
        var terminal = new List<Plot>();
        foreach (var (title, label, pick, detected, estimate) in new (string, string, Func<TerminalEpochAnalysis, double[]>, Func<TerminalEpochAnalysis, int?>, Func<TerminalEpochAnalysis, TerminalEpochEstimate>)[]
        {
            ("Scale invariance: t·‖P_t − P_t−1‖₁ (b1 rows)", "t·‖ΔP‖₁", a => a.ScaleChange, a => a.DetectedT, a => a.Estimate),
            ("Stationarity: ‖P_t − P_t−1‖₁ (b1 rows)", "‖ΔP‖₁", a => a.Change, a => a.StationaryT, a => a.StationaryEstimate),
        })
        {
            var empirical = result.EmpiricalTerminalB1;
            var plot = Charts.Lines(title, "epoch", label,
                [("empirical KDE", tAll, tAll.Select(t => pick(empirical)[(int)t]).ToArray()),
                 ($"Fokker–Planck ({Mode(measured)})", tAll, tAll.Select(t => pick(measured.TerminalB1)[(int)t]).ToArray())]);
            var line = plot.Add.HorizontalLine(empirical.Threshold);
            line.LegendText = $"threshold {empirical.Threshold}";
            line.LinePattern = LinePattern.Dashed;
            var est = estimate(empirical);
            if (double.IsFinite(est.EstimatedT) && est.EstimatedT <= 4 * last)
            {
                var v = plot.Add.VerticalLine(est.EstimatedT);
                v.LegendText = $"T from epochs 1–{est.EpochsUsed}: {est.EstimatedT:F1}";
                v.LinePattern = LinePattern.Dotted;
            }
            if (detected(empirical) is int seen) plot.Add.VerticalLine(seen).LegendText = $"T seen in the run: {seen}";
            terminal.Add(plot);
        }
        Figure.SavePanels(terminal, 2, dir, "terminal_epoch");

        // KPZ gap over epochs
        var kpz = result.Modes.SelectMany(mode => new[]
        {
            ($"b1 {Mode(mode)}", t1, t1.Select(t => mode.Metrics[(int)t].KpzGapB1).ToArray()),
            ($"b2 {Mode(mode)}", t1, t1.Select(t => mode.Metrics[(int)t].KpzGapB2).ToArray()),
        }).Where(s => s.Item3.Any(double.IsFinite)).ToList();
        if (kpz.Count > 0)
            Figure.Save(Charts.Lines("KPZ: RMS of V_KPZ − (−log P_FP) − c where P is not negligible", "epoch", "RMS gap", kpz), dir, "kpz_gap");
    }

    static string Mode(DriftModeResult mode) => FokkerPlanckArrays.Name(mode.Mode) + " drift";

    static Plot Density(Grid2D g, double[] p, string title) =>
        Charts.Heatmap(title, p, g.Nx, g.Ny, g.XMin, g.XMax, g.YMin, g.YMax, "P");

    /// <summary>V = −log P where P ≥ 1e-4·max P (blank elsewhere), with arrows of the score −∇V = ∇log P on a coarse lattice.</summary>
    static Plot Potential(Grid2D g, double[] p, string title)
    {
        double floor = 1e-4 * p.Max();
        var v = p.Select(x => x >= floor ? -Math.Log(x) : double.NaN).ToArray();
        var plot = Charts.Heatmap(title, v, g.Nx, g.Ny, g.XMin, g.XMax, g.YMin, g.YMax, "V", new ScottPlot.Colormaps.Turbo());
        int stride = Math.Max(2, g.Nx / 16);
        var (xs, ys, us, ws) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (int j = stride / 2; j < g.Ny - 1; j += stride)
            for (int i = stride / 2; i < g.Nx - 1; i += stride)
            {
                if (i < 1 || j < 1 || !double.IsFinite(v[g.Index(i + 1, j)] + v[g.Index(i - 1, j)] + v[g.Index(i, j + 1)] + v[g.Index(i, j - 1)])) continue;
                xs.Add(g.CellCenterX(i)); ys.Add(g.CellCenterY(j));
                us.Add(-(v[g.Index(i + 1, j)] - v[g.Index(i - 1, j)]) / (2 * g.Dx));
                ws.Add(-(v[g.Index(i, j + 1)] - v[g.Index(i, j - 1)]) / (2 * g.Dy));
            }
        Charts.AddArrows(plot, xs.ToArray(), ys.ToArray(), us.ToArray(), ws.ToArray(), 0.9 * stride * Math.Min(g.Dx, g.Dy));
        return plot;
    }
}
