using NnPhys.Ensembles.Figures;
using NnPhys.Plotting;
using NnPhys.Runs;

namespace NnPhys.Ensembles.Experiments;

/// <summary>
/// Writes a correlator run's arrays, the figure <c>correlators.png</c> (one panel per correlator kind: against |x_k − x0|
/// in increasing order for the default scan, against the tuple's position in the request otherwise, on a log scale when
/// the values span more than two decades) and report.md with one labelled table per kind (G2, G4_c, G6_c, …).
/// Shared by the correlator run and by <c>ensemble merge</c>.
/// </summary>
internal static class CorrelatorReport
{
    public static void Write(RunDirectory run, string title, string description, PointSet points, bool defaultScan, IReadOnlyList<CorrelatorRow> rows, IReadOnlyList<string> warnings)
    {
        var report = new ReportWriter().Heading(title).Paragraph(description);
        report.Bullets(warnings.Count == 0
            ? ["No heavy tails detected: every direct estimate has an effective sample size ≥ max(20, 0.3% of the samples), no single sample carries more than 10% of Σ|t|, and none is more than 5 SE from a closed form."]
            : warnings.Select(w => "WARNING: " + w));
        var panels = new List<ScottPlot.Plot>();
        foreach (var group in rows.GroupBy(r => r.Name))
        {
            var g = group.ToArray();
            string key = group.Key.Replace("_", "");
            double[] x = defaultScan ? g.Select(r => Distance(points.Point(r.Tuple[0]), points.Point(r.Tuple[^1]))).ToArray() : g.Select((_, i) => (double)i).ToArray();
            var order = Enumerable.Range(0, g.Length).OrderBy(i => x[i]).ToArray();
            g = order.Select(i => g[i]).ToArray(); x = order.Select(i => x[i]).ToArray();
            ExperimentRun.Estimates(run, key + "_direct", g.Select(r => r.Direct).ToArray());
            ExperimentRun.Estimates(run, key + "_reduction", g.Select(r => r.Reduction ?? new(double.NaN, double.NaN)).ToArray());
            ExperimentRun.Estimates(run, key + "_reported", g.Select(r => r.Estimate).ToArray());
            ExperimentRun.Array(run, key + "_analytic", g.Select(r => r.ClosedForm).ToArray());
            ExperimentRun.Matrix(run, key + "_tuples", g.Select(r => r.Tuple.Select(a => (double)a).ToArray()).ToArray());
            if (defaultScan) ExperimentRun.Array(run, key + "_distance", x);
            panels.Add(Panel(group.Key, g, x, defaultScan));
            report.Heading(group.Key, 2).Table(["tuple", defaultScan ? "|x_k − x0|" : "points", "direct MC", "direct ESS", "reduction", "closed form", "reported (estimator)", "pull"],
                g.Select((r, i) => (IReadOnlyList<string>)[string.Join(",", r.Tuple), defaultScan ? ExperimentRun.Format(x[i], "F3") : string.Join(" ", r.Tuple.Select(a => "(" + string.Join(",", points.Point(a).Select(v => ExperimentRun.Format(v, "G4"))) + ")")),
                    ExperimentRun.Format(r.Direct), r.DirectTails is { } t ? ExperimentRun.Format(t.EffectiveSampleSize, "G3") + (t.HeavyTailed ? " (heavy tail)" : "") : "—",
                    r.Reduction is { } red ? ExperimentRun.Format(red) : "—", ExperimentRun.Format(r.ClosedForm), $"{ExperimentRun.Format(r.Estimate)} ({r.Estimator})",
                    r.Pull is { } p ? ExperimentRun.Format(p, "F2") : "—"]));
        }
        Figure.SavePanels(panels, Math.Min(3, panels.Count), run.FiguresDirectory, "correlators");
        report.Figure("figures/correlators.png", (defaultScan ? "Correlators against the distance |x_k − x0| (tuples [0,k], [0,0,k,k], [0,0,0,k,k,k])" : "Correlators in request order (x = tuple position in the request)") +
            ": direct Monte Carlo (±1 SE), the exact-in-N reduction, the reported estimate and the closed form where one is known.");
        report.Paragraph("The pull is (reported − closed form)/SE; it is left out where there is no closed form or the SE is zero. ESS = (Σ|t|)²/Σt² of the direct estimator's terms t = Π_a φ(x_a).");
        report.Save(run.ReportPath);
    }

    static ScottPlot.Plot Panel(string name, CorrelatorRow[] g, double[] x, bool defaultScan)
    {
        var values = g.SelectMany(r => new[] { r.Estimate.Value, r.ClosedForm }).Where(double.IsFinite).ToArray();
        bool log = values.Length > 0 && values.All(v => v > 0) && values.Max() / values.Min() > 100;
        double F(double v) => log ? (v > 0 ? Math.Log10(v) : double.NaN) : v;
        double E(CorrelatorEstimate e) => log ? (e.Value > e.StandardError ? e.StandardError / (e.Value * Math.Log(10)) : double.NaN) : e.StandardError;
        var plot = EnsembleCharts.New($"{name}{(log ? " (log scale)" : "")}", defaultScan ? "|x_k − x0|" : "tuple (request order)", name);
        EnsembleCharts.Estimates(plot, "direct Monte Carlo", x, g.Select(r => F(r.Direct.Value)).ToArray(), g.Select(r => E(r.Direct)).ToArray(), 0);
        if (g.Any(r => r.Reduction is not null))
            EnsembleCharts.Estimates(plot, g.First(r => r.ReductionMethod is not null).ReductionMethod!, x.Select(v => v + (defaultScan ? 0 : 0.15)).ToArray(),
                g.Select(r => F(r.Reduction?.Value ?? double.NaN)).ToArray(), g.Select(r => r.Reduction is { } e ? E(e) : double.NaN).ToArray(), 2);
        if (g.Any(r => double.IsFinite(r.ClosedForm)))
        {
            if (defaultScan) EnsembleCharts.Curve(plot, "closed form", x, g.Select(r => F(r.ClosedForm)).ToArray(), 1);
            else EnsembleCharts.Markers(plot, "closed form", x, g.Select(r => F(r.ClosedForm)).ToArray(), 1);
        }
        if (log) EnsembleCharts.LogAxes(plot, false, true);
        EnsembleCharts.Legend(plot, log ? ScottPlot.Alignment.UpperLeft : ScottPlot.Alignment.UpperRight);
        return plot;
    }

    static double Distance(double[] x, double[] y)
    {
        double s = 0;
        for (int j = 0; j < x.Length; j++) s += (x[j] - y[j]) * (x[j] - y[j]);
        return Math.Sqrt(s);
    }
}
