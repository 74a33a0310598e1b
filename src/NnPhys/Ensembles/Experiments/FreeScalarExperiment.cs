using System.Text.Json.Nodes;
using NnPhys.Ensembles.Figures;
using NnPhys.Plotting;
using NnPhys.Runs;

namespace NnPhys.Ensembles.Experiments;

/// <summary>Options of <c>nnphys ensemble free-scalar</c>.</summary>
public sealed record FreeScalarOptions(int Width = 200, double Mass = 1, double Cutoff = 10, double Window = 12, long Samples = 4000, ulong Seed = 0);

/// <summary>
/// <c>nnphys ensemble free-scalar</c>: Scalar-net's power spectrum (eq. (74)) in d = 1, 2, 3 from sampled networks
/// (<see cref="FreeScalarSpectrum"/>), with 1/(p² + m²) and the cutoff Λ drawn in.
/// </summary>
public static class FreeScalarExperiment
{
    /// <summary>Runs the experiment and returns its headline metrics.</summary>
    public static JsonObject Run(FreeScalarOptions options, string outputDirectory, IProgress<double>? progress = null)
    {
        EnsembleChecks.Width(options.Width);
        return ExperimentRun.Execute(outputDirectory, "ensemble free-scalar", options, options.Seed, run =>
        {
            var momenta = Enumerable.Range(0, 40).Select(i => i * 1.5 * options.Cutoff / 39).ToArray();
            var panels = new List<ScottPlot.Plot>();
            var metrics = new JsonObject();
            var report = new ReportWriter().Heading("Scalar-net: the free scalar from sampled networks (eqs. (72)–(74))")
                .Paragraph($"N = {options.Width}, m = {options.Mass}, Λ = {options.Cutoff}; {options.Samples} networks per dimension; Gaussian window W = {options.Window} (momentum blur ≈ {1 / (Math.Sqrt(2) * options.Window):F3}). The estimator |φ̂_W(p)|²/(√π W)^d is exact per neuron (no grid).");
            for (int d = 1; d <= 3; d++)
            {
                var e = NeuronSumEnsemble.ScalarNet(d, options.Width, options.Mass, options.Cutoff);
                var spectrum = FreeScalarSpectrum.Estimate(e, momenta, options.Window, options.Seed + (ulong)d, options.Samples);
                ExperimentRun.Estimates(run, $"power_d{d}", spectrum.Select(s => s.Power).ToArray());
                var plot = EnsembleCharts.New($"d = {d}", "|p|", "G2(p)");
                var inside = spectrum.Where(s => s.Momentum < options.Cutoff - 3 / options.Window).ToArray();
                double chi2 = inside.Sum(s => Math.Pow(s.Power.Pull(s.FreeScalar), 2)) / inside.Length;
                EnsembleCharts.Estimates(plot, "sampled networks", momenta, spectrum.Select(s => s.Power.Value).ToArray(), spectrum.Select(s => s.Power.StandardError).ToArray(), 0);
                var fine = Enumerable.Range(0, 300).Select(i => i * 1.5 * options.Cutoff / 299).ToArray();
                EnsembleCharts.Curve(plot, "1/(p² + m²), |p| < Λ", fine, fine.Select(p => AnalyticCorrelators.ScalarNetPowerSpectrum(p, options.Mass, options.Cutoff)).ToArray(), 1);
                EnsembleCharts.Guide(plot, options.Cutoff, vertical: true, "cutoff Λ");
                EnsembleCharts.Legend(plot);
                panels.Add(plot);
                report.Paragraph($"d = {d}: mean squared pull against 1/(p² + m²) for |p| < Λ − 3/W: {chi2:F2} over {inside.Length} momenta; at |p| = 1.5Λ the estimate is {ExperimentRun.Format(spectrum[^1].Power)}.");
                metrics[$"d{d}_mean_squared_pull"] = chi2;
                progress?.Report(d / 3.0);
            }
            ExperimentRun.Array(run, "momenta", momenta);
            Figure.SavePanels(panels, 3, run.FiguresDirectory, "power_spectrum");
            report.Figure("figures/power_spectrum.png", "Power spectrum of Scalar-net in d = 1, 2, 3 (±1 SE) against 1/(p² + m²) with the cutoff Λ.").Save(run.ReportPath);
            return metrics;
        });
    }
}
