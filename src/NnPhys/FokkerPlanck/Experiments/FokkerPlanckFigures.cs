using NnPhys.Data;
using NnPhys.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.FokkerPlanck.Pde;
using NnPhys.IO;
using NnPhys.Numerics;
using NnPhys.Plotting;
using NnPhys.Runs;
using ScottPlot;

namespace NnPhys.FokkerPlanck.Experiments;

/// <summary>
/// The reproduction's figures, after the paper's Figs. 3–9: latent outputs by digit (empirical vs theory), eq. (28)
/// density panels with MSE and r, KDE potentials of b1's rows with score arrows, Fokker–Planck vs empirical row
/// densities over epochs, the loss, MSE and r over epochs for both drift modes, the terminal-epoch analysis, the KPZ gap.
/// </summary>
public static class FokkerPlanckFigures
{
    public static void Write(RunDirectory run, FokkerPlanckOutcome outcome)
    {
        var (trajectory, result, trainingDir, comparisonEpoch) = (outcome.Trajectory, outcome.Headline, outcome.TrainingDirectory, outcome.ComparisonEpoch);
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

        // Figs. 3 (a, b, d, e, f), 5 (epoch 0), 6 and 8: the network's output distributions after b1 and b2
        foreach (int t in FokkerPlanckReport.OutputEpochs(outcome)) OutputDistributions(dir, trajectory, measured, labels, t);

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

        // eq. (28) r and weight FVE over epochs: every protocol × drift mode (solid) beside the null models (dashed)
        var t1 = Enumerable.Range(1, last).Select(e => (double)e).ToArray();
        var metricPanels = new List<Plot>();
        foreach (var (title, pick, pickNull) in new (string, Func<EpochMetrics, double>, Func<NullModelScores, int, double>)[]
        {
            ("b1: 1 − r of eq. (28) (log; lower is better)", m => 1 - m.PearsonB1, (b, t) => 1 - b.B1[t].Pearson),
            ("b2: 1 − r of eq. (28) (log; lower is better)", m => 1 - m.PearsonB2, (b, t) => 1 - b.B2[t].Pearson),
            ("b1: weight FVE vs W_(t−1)", m => m.FveB1, (b, t) => b.B1[t].Fve),
            ("b2: weight FVE vs W_(t−1)", m => m.FveB2, (b, t) => b.B2[t].Fve),
        })
        {
            bool fve = title.Contains("FVE");
            var series = outcome.Protocols.SelectMany(p => p.Result.Modes.Select(mode =>
                ($"{TheoryStartNames.Name(p.Protocol)} {FokkerPlanckArrays.Name(mode.Mode)}", t1, t1.Select(t => pick(mode.Metrics[(int)t])).ToArray()))).ToList();
            int theoryCount = series.Count;
            series.AddRange(outcome.Baselines.Select(b => ($"null: {b.Name}", t1, t1.Select(t => pickNull(b, (int)t)).ToArray())));
            var plot = Charts.Lines(title, "epoch", fve ? "FVE (clipped at −2)" : "1 − Pearson r",
                series.Select(x => (x.Item1, x.Item2, x.Item3.Select(v => fve ? Math.Max(v, -2) : v).ToArray())), logY: !fve);
            foreach (var (line, index) in plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Select((l, i) => (l, i)))
                if (index >= theoryCount) { line.LineWidth = 1; line.MarkerShape = MarkerShape.OpenSquare; }   // null models: thin, open squares
            plot.ShowLegend(Edge.Right);   // outside the axes: no curve is hidden
            metricPanels.Add(plot);
        }
        Figure.SavePanels(metricPanels, 2, dir, "metrics_over_epochs", 760, 420);
        if (outcome.Forecast is { } forecast) ForecastFigure(dir, forecast);

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

    /// <summary>b1 FVE and r of each past-only forecast and baseline against the start epoch, one column per horizon.</summary>
    static void ForecastFigure(string dir, PastOnlyForecastResult forecast)
    {
        var horizons = forecast.Options.Horizons.Distinct().Order().ToArray();
        var plots = new List<Plot>();
        foreach (var (label, pick) in new (string, Func<ForecastScore, double>)[] { ("b1 weight FVE vs W_s", s => Math.Max(s.B1.Fve, -2)), ("b1 1 − r of eq. (28)", s => 1 - s.B1.Pearson) })
            foreach (int k in horizons)
            {
                var series = forecast.Models.Select(m => (m, forecast.Of(m, k))).Where(x => x.Item2.Count > 0)
                    .Select(x => (x.m, x.Item2.Select(s => (double)s.Start).ToArray(), x.Item2.Select(pick).ToArray())).ToList();
                var plot = Charts.Lines($"{label}, horizon {k}", "start epoch s (last epoch seen)", label.Contains("FVE") ? "FVE (higher is better; clipped at −2)" : "1 − r (log; lower is better)", series, logY: !label.Contains("FVE"));
                plot.ShowLegend(Edge.Right);
                plots.Add(plot);
            }
        Figure.SavePanels(plots, horizons.Length, dir, "forecast", 640, 400);
    }

    /// <summary>One row per layer: outputs by digit, their KDE (peak 1, the eq. 28 lattice), V = −log KDE with −∇V.</summary>
    static void OutputDistributions(string dir, BottleneckTrajectory trajectory, DriftModeResult mode, int[] labels, int t)
    {
        var panels = new List<Plot>();
        foreach (var (name, outputs, c) in new[] { ("b1", trajectory.Epochs[t].B1Outputs, mode.ComparisonsB1[t]), ("b2", trajectory.Epochs[t].B2Outputs, mode.ComparisonsB2[t]) })
        {
            var (x, y) = AutoencoderFigures.Columns(outputs);
            panels.Add(Charts.ScatterByClass($"{name} output by digit, epoch {t}", x, y, labels, "z₁", "z₂", 3));
            panels.Add(Charts.Heatmap($"{name} output KDE (peak 1), epoch {t}", c.Empirical, c.Size, c.Size, c.XMin, c.XMax, c.YMin, c.YMax));
            // lattice points are cell centres of a grid half a spacing wider on each side
            double hx = (c.XMax - c.XMin) / (c.Size - 1), hy = (c.YMax - c.YMin) / (c.Size - 1);
            var lattice = new Grid2D(c.XMin - hx / 2, c.XMax + hx / 2, c.Size, c.YMin - hy / 2, c.YMax + hy / 2, c.Size);
            panels.Add(Potential(lattice, c.Empirical, $"{name} output: V = −log KDE, −∇V, epoch {t}"));
        }
        Figure.SavePanels(panels, 3, dir, $"output_distributions_epoch{t}");

        // Fig. 3 c substitute: the paper shows a UMAP of the decoder's output; the run records the encoder's features that feed b1
        // (X_t, (E, 200)), so the 2-D embedding here is their first two principal components, coloured by digit
        var (pc1, pc2) = PrincipalPlane(trajectory.Epochs[t].B1Inputs, trajectory.EvalCount, trajectory.B1Rows);
        Figure.Save(Charts.ScatterByClass($"encoder features feeding b1 (200-d), first two principal components, epoch {t}", pc1, pc2, labels, "PC 1", "PC 2", 3),
                    dir, $"encoder_pca_epoch{t}");
    }

    /// <summary>Projections of the rows of a (n, d) matrix on its two leading principal axes (covariance eigenvectors).</summary>
    static (double[] X, double[] Y) PrincipalPlane(double[] data, int n, int d)
    {
        var mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += data[i * d + j] / n;
        var cov = new Matrix<double>(d, d);
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++)
            {
                double xa = data[i * d + a] - mean[a];
                for (int b = 0; b <= a; b++) cov[a, b] += xa * (data[i * d + b] - mean[b]) / Math.Max(1, n - 1);
            }
        for (int a = 0; a < d; a++) for (int b = 0; b < a; b++) cov[b, a] = cov[a, b];
        var (_, vectors) = SymmetricEigen.Decompose(cov);      // ascending: the last two columns lead
        var (x, y) = (new double[n], new double[n]);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                double c = data[i * d + j] - mean[j];
                x[i] += c * vectors[j, d - 1]; y[i] += c * vectors[j, d - 2];
            }
        return (x, y);
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
