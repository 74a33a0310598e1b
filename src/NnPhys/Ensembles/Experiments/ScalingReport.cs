using NnPhys.Ensembles.Figures;
using NnPhys.Plotting;
using NnPhys.Runs;

namespace NnPhys.Ensembles.Experiments;

/// <summary>Arrays, figures and report.md of <c>nnphys ensemble scaling</c>.</summary>
internal static class ScalingReport
{
    public static void Write(RunDirectory run, ScalingConfig config, ScalingResult r)
    {
        var widths = config.Widths;
        var logN = widths.Select(n => Math.Log10(n)).ToArray();
        ExperimentRun.Array(run, "widths", widths.Select(n => (double)n).ToArray());
        var plot = EnsembleCharts.New($"Connected correlators vs width, {r.Architecture}: κ_r ∝ N^(1−r/2)", "N", "|κ|");
        int color = 0;
        foreach (var (name, s) in new[] { ("g4c", r.G4c), ("kappa4", r.Kappa4), ("kappa6", r.Kappa6) })
        {
            ExperimentRun.Estimates(run, name, s.Measurements.Select(m => m.Estimate).ToArray());
            ExperimentRun.Array(run, name + "_closed_form", s.ClosedForm);
            var (v, e) = EnsembleCharts.ToLog(s.Measurements.Select(m => m.Estimate).ToArray());
            EnsembleCharts.Estimates(plot, s.Fit is { } f ? $"{s.Label} (fit {f.Exponent:F2} ± {f.ExponentError:F2})" : s.Note?.StartsWith("vanishes") == true ? $"{s.Label} (≡ 0 exactly: MC noise)" : $"{s.Label} (no fit)", logN, v, e, color);
            if (s.Fit is { } fit) EnsembleCharts.Curve(plot, "", logN, logN.Select(x => Math.Log10(fit.Amplitude) + fit.Exponent * x).ToArray(), color, dashed: true);
            if (s.ClosedForm.Any(c => double.IsFinite(c) && c != 0)) EnsembleCharts.Markers(plot, s.Label + " closed form", logN, s.ClosedForm.Select(c => c != 0 ? Math.Log10(Math.Abs(c)) : double.NaN).ToArray(), color);
            color++;
        }
        EnsembleCharts.LogAxes(plot, true, true);
        EnsembleCharts.Legend(plot, ScottPlot.Alignment.LowerLeft);
        Figure.Save(plot, run.FiguresDirectory, "cumulant_scaling");

        var report = new ReportWriter().Heading($"Cumulant scaling with width (eq. (143)) and the NNGP action (eqs. (42)–(43)): {r.Architecture}")
            .Paragraph($"{r.Ensemble} at N = {string.Join(", ", widths)}; {config.Spec.OutputWeightConvention}. Direct Monte Carlo, {config.Samples} networks per width ({4 * config.Samples} for the one-point cumulants at x = e₀). Power-law fits |κ| = A N^b weighted by the standard errors; widths whose estimate is below 2 SE are skipped. Closed forms (open diamonds) wherever the single-neuron moments are known.")
            .Table(["quantity", "fitted exponent b", "predicted 1 − r/2", "χ²/dof", "widths used", "note"], new[] { r.G4c, r.Kappa4, r.Kappa6 }.Select(s => (IReadOnlyList<string>)[
                s.Label, s.Fit is { } f ? $"{f.Exponent:F3} ± {f.ExponentError:F3}" : "—", ExperimentRun.Format(s.PredictedExponent, "F0"),
                s.Fit is { } f2 ? ExperimentRun.Format(f2.ChiSquaredPerDegreeOfFreedom, "F2") : "—", s.Fit is { } f3 ? $"{f3.PointsUsed}" : "—", s.Note ?? ""]))
            .Table(["N", "G4_c MC", "G4_c closed", "κ4 MC", "κ4 closed", "κ6 MC", "κ6 closed"], Enumerable.Range(0, widths.Length).Select(k => (IReadOnlyList<string>)[
                widths[k].ToString(), ExperimentRun.Format(r.G4c.Measurements[k].Estimate), ExperimentRun.Format(r.G4c.ClosedForm[k]),
                ExperimentRun.Format(r.Kappa4.Measurements[k].Estimate), ExperimentRun.Format(r.Kappa4.ClosedForm[k]),
                ExperimentRun.Format(r.Kappa6.Measurements[k].Estimate), ExperimentRun.Format(r.Kappa6.ClosedForm[k])]))
            .Figure("figures/cumulant_scaling.png", "Connected correlators against width with power-law fits (log–log).");

        if (r.Action.Count == 0) { report.Paragraph(r.ActionNote ?? "").Save(run.ReportPath); return; }
        ExperimentRun.Estimates(run, "action_variance_excess", r.Action.Select(a => a.ExcessVariance).ToArray());
        ExperimentRun.Array(run, "action_variance_excess_predicted", r.Action.Select(a => a.PredictedExcess).ToArray());
        var dev = EnsembleCharts.New($"NNGP action of {r.Architecture} on 4 points: finite-N deviation", "N", "Var(S)/(2P) − 1");
        var (logDev, logDevErr) = EnsembleCharts.ToLog(r.Action.Select(a => a.ExcessVariance).ToArray());
        EnsembleCharts.Estimates(dev, "Monte Carlo", logN, logDev, logDevErr, 0);
        EnsembleCharts.Curve(dev, "Σ K⁻¹K⁻¹ G4c / (2P) (closed form)", logN, r.Action.Select(a => a.PredictedExcess > 0 ? Math.Log10(a.PredictedExcess) : double.NaN).ToArray(), 1);
        EnsembleCharts.LogAxes(dev, true, true);
        EnsembleCharts.Legend(dev);
        Figure.Save(dev, run.FiguresDirectory, "nngp_action_deviation");
        var histogram = EnsembleCharts.New($"NNGP action S = φ^T K^-1 φ of sampled {r.Architecture} networks (P = 4)", "S", "density");
        EnsembleCharts.Curve(histogram, $"N = {r.Action[0].Width}", r.Action[0].HistogramCentres, r.Action[0].HistogramDensity, 0);
        EnsembleCharts.Curve(histogram, $"N = {r.Action[^1].Width}", r.Action[^1].HistogramCentres, r.Action[^1].HistogramDensity, 2);
        EnsembleCharts.Curve(histogram, "χ²₄ (Gaussian process, N → ∞)", r.Action[0].HistogramCentres, r.Action[0].HistogramCentres.Select(x => ActionObserver.ChiSquaredDensity(x, 4)).ToArray(), 1, dashed: true);
        EnsembleCharts.Legend(histogram);
        Figure.Save(histogram, run.FiguresDirectory, "nngp_action_distribution");
        report.Table(["N", "⟨S⟩ (GP: 4)", "⟨log p(φ)⟩", "Var(S)/(2P) − 1", "prediction"], r.Action.Select(a =>
                (IReadOnlyList<string>)[a.Width.ToString(), ExperimentRun.Format(a.MeanAction), ExperimentRun.Format(a.MeanLogDensity), ExperimentRun.Format(a.ExcessVariance), ExperimentRun.Format(a.PredictedExcess)]))
            .Paragraph($"K is the closed-form G2, exact at every N for these ensembles, so ⟨S⟩ = tr(K⁻¹K) = P and ⟨log p⟩ are the GP values at every N (GP ⟨log p⟩ = {r.GaussianLogDensity:F4}); the finite-N deviation is in the spread of S. Var(S) = 2P + Σ K⁻¹K⁻¹G4_c holds exactly (odd moments vanish). At small N single runs tend to land below the prediction: the sample variance of S is unbiased but right-skewed (it averages S², whose tail is set by eighth moments of φ), so most runs fall below the mean and a few far above — a test checks that the mean over 60 independent batches matches while most batches are low.")
            .Figure("figures/nngp_action_distribution.png", "Distribution of S at the smallest and largest width against the GP's χ²_P law.")
            .Figure("figures/nngp_action_deviation.png", "Excess variance of the NNGP action over the GP value 2P, against N.")
            .Save(run.ReportPath);
    }
}
