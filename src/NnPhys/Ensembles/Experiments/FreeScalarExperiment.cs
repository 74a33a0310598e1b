using NnPhys.Ensembles.Figures;
using NnPhys.Plotting;
using NnPhys.Runs;

namespace NnPhys.Ensembles.Experiments;

/// <summary>Configuration of <c>nnphys ensemble free-scalar</c>.</summary>
/// <param name="Width">Width N.</param>
/// <param name="Mass">Mass m.</param>
/// <param name="Cutoff">Cutoff Λ.</param>
/// <param name="Window">Window width W; 0 chooses 12, 6, 4 for d = 1, 2, 3 (finer momentum resolution needs more neurons per shell in higher d).</param>
/// <param name="Samples">Sampled networks per dimension.</param>
/// <param name="Seed">Random seed.</param>
/// <param name="Dimensions">Euclidean dimensions d to run (each 1, 2 or 3); null means all three.</param>
public sealed record FreeScalarConfig(int Width = 200, double Mass = 1, double Cutoff = 10, double Window = 0, long Samples = 4000, ulong Seed = 0, int[]? Dimensions = null)
{
    /// <summary>The dimensions run.</summary>
    public int[] ResolvedDimensions => Dimensions ?? [1, 2, 3];
}

/// <summary>The spectrum in one dimension: estimates at each momentum, the window used, and the mean squared pull against the estimator's exact mean.</summary>
public sealed record FreeScalarSpectrumResult(int Dimension, double Window, IReadOnlyList<SpectrumPoint> Spectrum, double MeanSquaredPull);

/// <summary>Result of <c>nnphys ensemble free-scalar</c>.</summary>
public sealed record FreeScalarResult(string RunDirectory, IReadOnlyList<FreeScalarSpectrumResult> Dimensions);

/// <summary>
/// <c>nnphys ensemble free-scalar</c>: Scalar-net's power spectrum (eq. (74)) in d = 1, 2, 3 from sampled networks
/// (<see cref="FreeScalarSpectrum"/>), with 1/(p² + m²) and the cutoff Λ drawn in.
/// </summary>
public static class FreeScalarExperiment
{
    /// <summary>Runs the experiment.</summary>
    public static FreeScalarResult Run(FreeScalarConfig options, string outputDirectory, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        Check.Positive(options.Width, "The width N", "--width 100");
        Check.Positive(options.Samples, "The number of samples", "--samples 10000");
        var dims = options.ResolvedDimensions;
        if (dims.Length == 0 || dims.Any(d => d is < 1 or > 3) || dims.Distinct().Count() != dims.Length) throw new InvalidConfigException($"--dims takes distinct dimensions among 1, 2, 3, got {string.Join(",", dims)}.");
        _ = NeuronSumEnsemble.ScalarNet(dims[0], options.Width, options.Mass, options.Cutoff); // validates m and Λ
        RunDirectory.CheckOutputPath(outputDirectory);
        return ExperimentRun.Run(outputDirectory, "ensemble free-scalar", options, options.Seed, run =>
        {
            var momenta = Enumerable.Range(0, 40).Select(i => (i + 0.25) * 1.5 * options.Cutoff / 40).ToArray();
            var panels = new List<ScottPlot.Plot>();
            var results = new List<FreeScalarSpectrumResult>();
            var report = new ReportWriter().Heading("Scalar-net: the free scalar from sampled networks (eqs. (72)–(74))")
                .Paragraph($"N = {options.Width}, m = {options.Mass}, Λ = {options.Cutoff}; {options.Samples} networks per dimension; Gaussian window W (default 12, 6, 4 for d = 1, 2, 3; momentum blur ≈ 0.7/W). The estimator is each network's windowed periodogram, exact per neuron (no grid), averaged over the neurons' phases and the directions of p; its exact mean is 1/(p² + m²) blurred by the window.");
            foreach (int d in dims)
            {
                cancellation.ThrowIfCancellationRequested();
                var e = NeuronSumEnsemble.ScalarNet(d, options.Width, options.Mass, options.Cutoff);
                double window = options.Window > 0 ? options.Window : d switch { 1 => 12, 2 => 6, _ => 4 };
                var spectrum = FreeScalarSpectrum.Estimate(e, momenta, window, options.Seed + (ulong)d, options.Samples);
                ExperimentRun.Estimates(run, $"power_d{d}", spectrum.Select(s => s.Power).ToArray());
                var resolved = spectrum.Where(s => s.Power.StandardError > 0).ToArray(); // far beyond Λ every sample can underflow to exactly 0
                double chi2 = resolved.Sum(s => Math.Pow(s.Power.Pull(s.Expected), 2)) / resolved.Length;
                var plot = EnsembleCharts.New($"d = {d}, W = {window}", "|p|", "G2(p) (log scale)");
                static double Log(double v) => v > 1e-5 ? Math.Log10(v) : double.NaN; // below 1e-5: off the plot
                var shown = spectrum.Where(s => s.Power.Value > Math.Max(s.Power.StandardError, 1e-5)).ToArray();
                EnsembleCharts.Estimates(plot, "sampled networks", shown.Select(s => s.Momentum).ToArray(), shown.Select(s => Math.Log10(s.Power.Value)).ToArray(),
                    shown.Select(s => s.Power.StandardError / (s.Power.Value * Math.Log(10))).ToArray(), 0);
                var fine = Enumerable.Range(0, 300).Select(i => i * 1.5 * options.Cutoff / 299).ToArray();
                EnsembleCharts.Curve(plot, "1/(p² + m²), |p| < Λ", fine, fine.Select(p => Log(AnalyticCorrelators.ScalarNetPowerSpectrum(p, options.Mass, options.Cutoff))).ToArray(), 1);
                EnsembleCharts.Curve(plot, "estimator's exact mean (window blur)", momenta, spectrum.Select(s => Log(s.Expected)).ToArray(), 2, dashed: true);
                EnsembleCharts.Guide(plot, options.Cutoff, vertical: true, "cutoff Λ");
                EnsembleCharts.LogAxes(plot, false, true);
                plot.Axes.SetLimits(0, 1.5 * options.Cutoff, -5.2, 0.5);
                EnsembleCharts.Legend(plot, ScottPlot.Alignment.LowerLeft);
                panels.Add(plot);
                report.Paragraph($"d = {d} (W = {window}): mean squared pull against the exact mean over {resolved.Length} momenta: {chi2:F2} (≈ 1 expected); at |p| = {spectrum[^1].Momentum:F1} > Λ the estimate is {ExperimentRun.Format(spectrum[^1].Power)}.");
                ExperimentRun.Metric(run, $"d{d}_mean_squared_pull", chi2);
                results.Add(new FreeScalarSpectrumResult(d, window, spectrum, chi2));
                ExperimentRun.Array(run, $"expected_d{d}", spectrum.Select(s => s.Expected).ToArray());
                progress?.Report(new ProgressTick((double)results.Count / dims.Length, $"d = {d}"));
            }
            ExperimentRun.Array(run, "momenta", momenta);
            Figure.SavePanels(panels, Math.Min(3, panels.Count), run.FiguresDirectory, "power_spectrum");
            report.Figure("figures/power_spectrum.png", "Power spectrum of Scalar-net in d = 1, 2, 3 (±1 SE) against 1/(p² + m²) with the cutoff Λ.").Save(run.ReportPath);
            return new FreeScalarResult(run.Root, results);
        });
    }
}
