using System.Globalization;
using NnPhys.IO;
using NnPhys.Plotting;
using NnPhys.Runs;
using ScottPlot;

namespace NnPhys.Uat.Experiments;

/// <summary><c>nnphys uat bumps</c> end to end: measure, then arrays, figures, report.md and manifest.json.</summary>
public static class UatRun
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Runs the experiment into <paramref name="outputDirectory"/>.</summary>
    public static UatResult Run(UatConfig config, string outputDirectory, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        return ExperimentRunner.Run(outputDirectory, "uat bumps", config, 0, run =>
        {
                var result = UatConvergence.Measure(config, progress, cancellation);
                run.WriteArray("widths", NpyArray.Of(result.Widths.Select(w => (long)w).ToArray(), result.Widths.Length));
                run.WriteArray("kappas", NpyArray.Of(result.Config.Kappas, result.Config.Kappas.Length));
                run.WriteArray("sup_error", NpyArray.Of(result.Bumps.SelectMany(c => c.Sup).ToArray(), result.Bumps.Count, result.Widths.Length));
                run.WriteArray("l2_error", NpyArray.Of(result.Bumps.SelectMany(c => c.L2).ToArray(), result.Bumps.Count, result.Widths.Length));
                run.WriteArray("null_sup_error", NpyArray.Of(result.NullModels.SelectMany(c => c.Sup).ToArray(), 2, result.Widths.Length));
                run.WriteArray("null_l2_error", NpyArray.Of(result.NullModels.SelectMany(c => c.L2).ToArray(), 2, result.Widths.Length));
                foreach (var (k, v) in result.Metrics) if (double.IsFinite(v)) run.RecordMetric(k, v);
                WriteFigures(run, result);
                WriteReport(run, result);
                return result with { RunDirectory = run.Root };
        });
    }

    static void WriteFigures(RunDirectory run, UatResult result)
    {
        var cfg = result.Config;
        var target = UatTarget.Parse(cfg.Target);
        var xs = Enumerable.Range(0, 801).Select(i => target.A + (target.B - target.A) * i / 800.0).ToArray();
        // target, approximation and the bumps for a few bump counts (the paper's Fig. 1)
        var panels = new List<Plot>();
        foreach (int m in new[] { 8, 32 })
        {
            var net = new SigmoidBumpNetwork(target.Function, target.A, target.B, m, cfg.HeadlineSteepness);
            var series = new List<(string, double[], double[])>
            {
                ("target f", xs, xs.Select(target.Function).ToArray()),
                ($"φ, N = {net.Width}", xs, xs.Select(net.Evaluate).ToArray()),
            };
            var plot = Charts.Lines($"{target.Name}: {m} bumps, κ = {cfg.HeadlineSteepness:G3}", "x", "f(x)", series);
            if (m <= 8)
                for (int i = 0; i < m; i++)
                {
                    var s = plot.Add.Scatter(xs, xs.Select(x => net.Bump(i, x)).ToArray(), Colors.Gray.WithAlpha(0.6));
                    s.MarkerSize = 0; s.LineWidth = 1; s.LinePattern = LinePattern.Dashed;
                }
            panels.Add(plot);
        }
        var n = result.Widths.Select(w => (double)w).ToArray();
        panels.Add(Charts.Lines("sup error vs width (log-log)", "N", "sup |f − φ|",
            result.Bumps.Concat(result.NullModels).Select(c => ($"{c.Label} ({c.SupRate:F2})", n.Select(Math.Log2).ToArray(), c.Sup)).ToList(), logY: true));
        panels.Add(Charts.Lines("L2 error vs width (log-log)", "log₂ N", "‖f − φ‖₂",
            result.Bumps.Concat(result.NullModels).Select(c => ($"{c.Label} ({c.L2Rate:F2})", n.Select(Math.Log2).ToArray(), c.L2)).ToList(), logY: true));
        panels[2].XLabel("log₂ N");
        Figure.SavePanels(panels, 2, run.FiguresDirectory, "uat_bumps", 640, 480);

        // steepness/width trade-off: log10 sup error over (log2 N, log2 κ)
        int nk = cfg.Kappas.Length, nw = result.Widths.Length;
        var grid = new double[nk * nw];
        for (int k = 0; k < nk; k++) for (int w = 0; w < nw; w++) grid[k * nw + w] = Math.Log10(result.Bumps[k].Sup[w]);
        var heat = Charts.Heatmap("log₁₀ sup error: steepness κ vs width", grid, nw, nk,
            Math.Log2(n[0]), Math.Log2(n[^1]), Math.Log2(cfg.Kappas[0]), Math.Log2(cfg.Kappas[^1]), "log₁₀ sup error");
        heat.XLabel("log₂ N"); heat.YLabel("log₂ κ");
        Figure.Save(heat, run.FiguresDirectory, "uat_tradeoff");
    }

    static void WriteReport(RunDirectory run, UatResult result)
    {
        var cfg = result.Config;
        var target = UatTarget.Parse(cfg.Target);
        string E(double v) => v.ToString("0.00E+0", C);
        var rows = result.Bumps.Concat(result.NullModels).Select(c => (IReadOnlyList<string>)[c.Label, c.SupRate.ToString("F2", C), c.L2Rate.ToString("F2", C),
            E(c.Sup[^1]), E(c.L2[^1])]).ToList();
        new ReportWriter()
            .Heading("Universal approximation by sigmoid bumps (tasi-physics-for-ml eqs. 21–24)")
            .Paragraph($"Target {target.Name} on [{target.A.ToString("G4", C)}, {target.B.ToString("G4", C)}]. M bumps of width Δ = (b − a)/M, heights f(cell centre), " +
                       "sigmoid steepness s = κ/Δ; adjacent bumps share a sigmoid and the outer edges go to ∓∞, so the network is eq. (21) with N = M − 1 hidden units. " +
                       $"Errors on {cfg.EvaluationPoints} uniform points (L2 by the trapezoid rule); rates are log-log slopes against N over N = {result.Widths[0]} … {result.Widths[^1]}.")
            .Paragraph("Null models at the same N: the staircase of cell values (the κ → ∞ limit, first order) and piecewise-linear interpolation " +
                       "(what N ReLU units can represent exactly, second order).")
            .Table(["approximation", "sup rate", "L2 rate", $"sup error at N = {result.Widths[^1]}", $"L2 error at N = {result.Widths[^1]}"], rows)
            .Paragraph("Best κ (smallest sup error) per N: " + string.Join(", ", result.Widths.Select((w, i) => $"N = {w}: κ = {result.BestKappa[i].ToString("G3", C)}")) + ".")
            .Figure("figures/uat_bumps.png", "Target, approximation and bumps (dashed) at M = 8 and 32; sup and L2 errors against width for every κ and the null models (rates in the legend).")
            .Figure("figures/uat_tradeoff.png", "Steepness/width trade-off: log₁₀ sup error over (log₂ N, log₂ κ).")
            .Paragraph("Arrays: `widths`, `kappas`, `sup_error` and `l2_error` (κ × N), `null_sup_error`, `null_l2_error` (staircase, piecewise-linear × N).")
            .Save(run.ReportPath);
    }
}
