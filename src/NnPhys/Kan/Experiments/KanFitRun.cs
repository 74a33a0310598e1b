using System.Globalization;
using NnPhys.IO;
using NnPhys.Plotting;
using NnPhys.Runs;
using ScottPlot;

namespace NnPhys.Kan.Experiments;

/// <summary><c>nnphys kan fit</c> end to end: the grid schedule, arrays, figures (error vs G, every learned edge), report.</summary>
public static class KanFitRun
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Runs into <paramref name="outputDirectory"/>.</summary>
    public static KanFitResult Run(KanFitConfig config, string outputDirectory, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        return ExperimentRunner.Run(outputDirectory, "kan fit", config, config.Seed, run =>
        {
                var result = KanGridExperiment.Measure(config, progress, cancellation);
                var st = result.Stages;
                run.WriteArray("grid_sizes", NpyArray.Of(st.Select(s => (long)s.GridSize).ToArray(), st.Count));
                run.WriteArray("train_rmse", NpyArray.Of(st.Select(s => s.TrainRmse).ToArray(), st.Count), allowNonFinite: true);
                run.WriteArray("test_rmse", NpyArray.Of(st.Select(s => s.TestRmse).ToArray(), st.Count), allowNonFinite: true);
                run.WriteArray("parameters", NpyArray.Of(result.Network.Parameters, result.Network.Parameters.Length));
                foreach (var (k, v) in result.Metrics) if (double.IsFinite(v)) run.RecordMetric(k, v);
                WriteFigures(run, result);
                WriteReport(run, result);
                return result with { RunDirectory = run.Root };
        });
    }

    static void WriteFigures(RunDirectory run, KanFitResult result)
    {
        var st = result.Stages;
        var g = st.Select(s => Math.Log2(s.GridSize)).ToArray();
        var reference = st.Select(s => st[0].TestRmse * Math.Pow((double)s.GridSize / st[0].GridSize, -4)).ToArray();
        var plot = Charts.Lines($"{string.Join(",", result.Config.Shape)} KAN: error vs grid (slope {result.GridSlope:F2})", "log₂ G", "RMSE",
            [("test", g, st.Select(s => s.TestRmse).ToArray()), ("train", g, st.Select(s => s.TrainRmse).ToArray()), ("G^−4 (k+1 = 4)", g, reference)], logY: true);
        Figure.Save(plot, run.FiguresDirectory, "rmse_vs_grid");

        Figure.SavePanels(EdgePanels(result.Network, null, null), Math.Min(5, CountEdges(result.Network)), run.FiguresDirectory, "edges", 340, 260);
        if (result.BeforePruning is { } before && result.Pruning is { } pruning)
            Figure.SavePanels(EdgePanels(before, pruning, null), Math.Min(5, CountEdges(before)), run.FiguresDirectory, "edges_pruning", 340, 260);
        if (result.Formula is { } formula)
            Figure.SavePanels(EdgePanels(result.Network, null, formula), Math.Min(5, formula.Edges.Count), run.FiguresDirectory, "edges_symbolic", 340, 260);
    }

    static int CountEdges(KanNetwork net) => net.Layers.Sum(l => l.In * l.Out);

    /// <summary>
    /// One panel per edge over its grid range. With <paramref name="pruning"/>: every edge of the network before pruning, the
    /// pruned ones grey, dashed and titled "pruned" with their score. With <paramref name="formula"/>: only active edges,
    /// the learned function beside the chosen symbolic fit.
    /// </summary>
    static List<Plot> EdgePanels(KanNetwork net, KanPruneResult? pruning, KanFormula? formula)
    {
        var panels = new List<Plot>();
        for (int l = 0; l < net.Layers.Count; l++)
        {
            var layer = net.Layers[l];
            var xs = Enumerable.Range(0, 201).Select(i => layer.Basis.Min + (layer.Basis.Max - layer.Basis.Min) * i / 200.0).ToArray();
            for (int j = 0; j < layer.Out; j++)
                for (int i = 0; i < layer.In; i++)
                {
                    var learned = xs.Select(x => layer.Edge(net.Parameters, j, i, x)).ToArray();
                    string title = $"L{l + 1} {i}→{j}";
                    if (formula is not null)
                    {
                        var snap = formula.Edges.FirstOrDefault(e => e.Layer == l && e.To == j && e.From == i);
                        if (snap is null) continue;
                        panels.Add(Charts.Lines($"{title} ≈ {snap.Chosen.Function.Name}, 1−R² {Math.Max(0, 1 - snap.Chosen.R2):G2}", "x", "φ(x)",
                            [("learned", xs, learned), ("symbolic", xs, xs.Select(snap.Chosen.Evaluate).ToArray())]));
                        continue;
                    }
                    bool pruned = pruning is not null && pruning.PrunedEdges.Contains((l, j, i));
                    if (pruning is not null) title += (pruned ? " pruned, " : " kept, ") + pruning.EdgeScores[l][j * layer.In + i].ToString("G2", C);
                    var plot = Charts.Lines(title, "x", "φ(x)", [("", xs, learned)]);
                    if (pruned)
                        foreach (var line in plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>())
                        {
                            line.Color = Colors.Gray;
                            line.LinePattern = LinePattern.Dashed;
                        }
                    panels.Add(plot);
                }
        }
        return panels;
    }

    static void WriteReport(RunDirectory run, KanFitResult result)
    {
        var cfg = result.Config;
        var rows = result.Stages.Select(s => (IReadOnlyList<string>)[s.GridSize.ToString(C), s.Parameters.ToString(C), s.TrainRmse.ToString("E2", C), s.TestRmse.ToString("E2", C)]).ToList();
        var report = new ReportWriter()
            .Heading("Kolmogorov–Arnold network on exp(sin(πx₁) + x₂²)")
            .Paragraph($"Shape [{string.Join(", ", cfg.Shape)}], cubic-order k = {cfg.Order} B-spline edges plus a SiLU base with learnable scales (eq. 25 in layers), " +
                       $"{cfg.TrainSamples} training and {cfg.TestSamples} test points uniform on [−1, 1]². L-BFGS ({cfg.Steps} iterations per grid) on ½⟨(f − y)²⟩; " +
                       "each finer grid starts from the coarser network by least-squares grid extension (pykan's recipe); grid ranges follow the activations.")
            .Table(["G", "parameters", "train RMSE", "test RMSE"], rows)
            .Paragraph($"Fitted slope of log test RMSE on log G over the first {result.SlopePoints} grids (before the error stops falling by 1.5× per stage or the test error exceeds twice the train error, i.e. before saturation): " +
                       $"{result.GridSlope.ToString("F2", C)}; cubic-spline theory (k + 1 = 4): −4. The null model is the coarsest grid's own error: every gain beyond it is the grid's.")
            .Figure("figures/rmse_vs_grid.png", "Train and test RMSE against grid size, with the G^−4 reference from the first grid.")
            .Figure("figures/edges.png", "Every learned edge function of the final network, over its grid range.")
            .Paragraph("Arrays: `grid_sizes`, `train_rmse`, `test_rmse`, `parameters` (the final flat parameter vector).");
        if (result.Pruning is { } pruning)
        {
            var nodeRows = new List<IReadOnlyList<string>>();
            for (int h = 0; h < pruning.KeptNodes.Length; h++)
                for (int n = 0; n < pruning.KeptNodes[h].Length; n++)
                    nodeRows.Add([$"{h + 1}", $"{n}", pruning.IncomingScores[h][n].ToString("E2", C), pruning.OutgoingScores[h][n].ToString("E2", C), pruning.KeptNodes[h][n] ? "kept" : "pruned"]);
            report.Heading("Pruning", 2)
                .Paragraph($"The first grid (G = {cfg.Grids[0]}) was trained with the sparsity penalty λ Σ_edges ⟨|φ|⟩, λ = {cfg.Lambda.ToString("G3", C)}; then edges with " +
                           $"⟨|φ|⟩ ≤ {cfg.PruneThreshold.ToString("G3", C)} and hidden nodes whose largest incoming or outgoing edge score is ≤ that threshold were pruned " +
                           $"({pruning.PrunedEdges.Count} edges); active shape [{string.Join(", ", pruning.ActiveShape)}]. The network was retrained without the penalty ({cfg.Steps} more iterations on the same grid, its ranges refitted) before grid extension.")
                .Table(["hidden layer", "node", "incoming score", "outgoing score", "verdict"], nodeRows)
                .Figure("figures/edges_pruning.png", "Every edge just before pruning with its score ⟨|φ|⟩; pruned edges grey and dashed.");
        }
        if (result.Snapped is { } snapped && result.Formula is { } formula)
        {
            var snapRows = snapped.Edges.Select(e => (IReadOnlyList<string>)[$"{e.Layer + 1}", $"{e.From}→{e.To}",
                string.Join("; ", e.Candidates.Take(4).Select(c => $"{c.Function.Name} {c.R2.ToString("F6", C)} ({Math.Max(0, 1 - c.R2).ToString("G2", C)})")), e.Chosen.Function.Name]).ToList();
            var m = result.Metrics;
            report.Heading("Symbolic snapping", 2)
                .Paragraph("Each active edge of the final network, sampled at 101 points over the inputs it sees, fitted to c·f(a·x + b) + d for every library function " +
                           "(grid search over a, b with three zooms, c and d by least squares); the simplest candidate whose 1 − R² is within 10× of the best's (and at most 1e-3 above it) is chosen.")
                .Table(["layer", "edge", "best candidates: R² (1 − R²)", "chosen"], snapRows)
                .Paragraph("Formula as snapped:").Code(string.Join("\n", snapped.Text()))
                .Paragraph("After refining all (a, b, c, d) jointly by L-BFGS on the training data:").Code(string.Join("\n", formula.Text()))
                .Table(["model", "test RMSE"], [
                    ["KAN (final grid)", result.Stages[^1].TestRmse.ToString("E2", C)],
                    ["snapped formula", m["snapped_rmse_test"].ToString("E2", C)],
                    ["refined formula", m["formula_rmse_test"].ToString("E2", C)],
                    ["null model: the mean of f", NullRmse().ToString("E2", C)]])
                .Figure("figures/edges_symbolic.png", "Every active edge: learned function and its chosen symbolic fit.");
        }
        report.Save(run.ReportPath);
    }

    /// <summary>RMSE of the constant predictor ⟨f⟩ on [−1, 1]² (by a fine midpoint rule).</summary>
    static double NullRmse()
    {
        const int n = 400;
        double sum = 0, sum2 = 0;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                double v = KanGridExperiment.Target(-1 + (a + 0.5) * 2.0 / n, -1 + (b + 0.5) * 2.0 / n);
                sum += v; sum2 += v * v;
            }
        double mean = sum / (n * n);
        return Math.Sqrt(sum2 / (n * n) - mean * mean);
    }
}
