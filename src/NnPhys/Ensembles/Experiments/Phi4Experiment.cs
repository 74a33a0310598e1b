using NnPhys.Ensembles.Figures;
using NnPhys.Plotting;
using NnPhys.Runs;

namespace NnPhys.Ensembles.Experiments;

/// <summary>Configuration of <c>nnphys ensemble phi4</c>; observables at x = 0 and x = <paramref name="Separation"/>·e₀.</summary>
public sealed record Phi4Config(int Dimension = 1, int Width = 500, double Mass = 1, double Cutoff = 10, double Box = 2, int Grid = 16, double[]? Couplings = null, long Samples = 20_000, ulong Seed = 0,
    double Separation = 0.5);

/// <summary>Result of <c>nnphys ensemble phi4</c>: one <see cref="Phi4Point"/> per coupling (λ = 0 first), the observables' names and the warnings.</summary>
public sealed record Phi4Result(string RunDirectory, IReadOnlyList<Phi4Point> Points, IReadOnlyList<string> Observables, IReadOnlyList<string> Warnings)
{
    /// <summary>The smallest λ &gt; 0.</summary>
    public Phi4Point SmallestCoupling => Points.First(p => p.Coupling > 0);
}

/// <summary>
/// <c>nnphys ensemble phi4</c>: Scalar-net reweighted by exp(−λ∫_box φ⁴) (eqs. (135)–(137)); G2(0, r) and G4_c(0, r, 0, r)
/// against λ with the first-order perturbation-theory lines, and the effective sample size with warnings when it collapses.
/// </summary>
public static class Phi4Experiment
{
    /// <summary>Runs the reweighting.</summary>
    public static Phi4Result Run(Phi4Config options, string outputDirectory, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        if (!double.IsFinite(options.Separation) || options.Separation <= 0) throw new InvalidConfigException($"--separation must be a positive distance, got {options.Separation}.");
        if (options.Dimension is < 1 or > 3) throw new InvalidConfigException($"--dim must be 1, 2 or 3 for the φ⁴ box, got {options.Dimension}.");
        RunDirectory.CheckOutputPath(outputDirectory);
        var couplings = options.Couplings ?? [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2];
        foreach (var l in couplings) if (!double.IsFinite(l) || l < 0) throw new InvalidConfigException($"--couplings must be finite and ≥ 0 (exp(−λ∫φ⁴) is bounded only then), got {l}.");
        if (!couplings.Any(l => l > 0)) throw new InvalidConfigException("--couplings needs at least one λ > 0 (λ = 0 is the free theory, added automatically).");
        if (!couplings.Contains(0.0)) couplings = [0.0, .. couplings];
        Array.Sort(couplings);
        // everything the sampler and the first-order lines would refuse, checked before the run folder exists (issue 12 item 9)
        if (options.Dimension is < 1 or > 3) throw new InvalidConfigException($"--dim {options.Dimension}: the Scalar-net propagator behind the first-order lines is implemented for d = 1, 2, 3.");
        if (options.Grid < 2) throw new InvalidConfigException($"--grid needs ≥ 2 points per axis, got {options.Grid}.");
        if (options.Width < 1) throw new InvalidConfigException($"--width must be ≥ 1, got {options.Width}.");
        Check.Positive(options.Box, "The box size L");
        Check.Positive(options.Samples, "The number of samples", "--samples 10000");
        NeuronSumEnsemble.ScalarNet(options.Dimension, options.Width, options.Mass, options.Cutoff);
        RunDirectory.CheckOutputPath(outputDirectory);
        return ExperimentRun.Run(outputDirectory, "ensemble phi4", options with { Couplings = couplings }, options.Seed, run =>
        {
            int d = options.Dimension;
            var obs = new PointSet([new double[d], Enumerable.Range(0, d).Select(j => j == 0 ? options.Separation : 0.0).ToArray()]);
            int[][] tuples = [[0, 0], [0, 1], [0, 1, 0, 1]];
            string r = options.Separation.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
            string[] names = ["G2(0,0)", $"G2(0,{r})", $"G4c(0,{r},0,{r})"];
            var e = NeuronSumEnsemble.ScalarNet(d, options.Width, options.Mass, options.Cutoff);
            var points = Phi4Reweighting.Run(e, options.Box, options.Grid, couplings, obs, tuples, options.Seed, options.Samples, 0, new ExperimentProgress(progress, 0, 0.9, "reweighting"));
            cancellation.ThrowIfCancellationRequested();
            var panels = new List<ScottPlot.Plot>();
            var rows = new List<IReadOnlyList<string>>();
            for (int t = 0; t < tuples.Length; t++)
            {
                var est = points.Select(p => p.Estimates[t]).ToArray();
                ExperimentRun.Estimates(run, $"observable_{t}", est);
                ExperimentRun.Array(run, $"first_order_{t}", points.Select(p => p.FirstOrder[t]).ToArray());
                // log λ axis (issue 13 item 6): λ > 0 at log10 λ, the free value λ = 0 as a horizontal line
                var plot = EnsembleCharts.New(names[t] + " vs λ", "λ (log scale)", names[t]);
                var positive = Enumerable.Range(0, couplings.Length).Where(i => couplings[i] > 0).ToArray();
                var reliable = positive.Where(i => points[i].Warning is null).ToArray();
                var collapsed = positive.Where(i => points[i].Warning is not null).ToArray();
                EnsembleCharts.Estimates(plot, "reweighted Monte Carlo", reliable.Select(i => Math.Log10(couplings[i])).ToArray(), reliable.Select(i => est[i].Value).ToArray(), reliable.Select(i => est[i].StandardError).ToArray(), 0);
                if (collapsed.Length > 0) EnsembleCharts.Estimates(plot, "ESS collapsed (unreliable)", collapsed.Select(i => Math.Log10(couplings[i])).ToArray(), collapsed.Select(i => est[i].Value).ToArray(), collapsed.Select(i => est[i].StandardError).ToArray(), 3);
                EnsembleCharts.Guide(plot, est[0].Value, vertical: false, "λ = 0 (free field)");
                var firstPositive = points.First(p => p.Coupling > 0);
                double perUnit = firstPositive.FirstOrder[t] / firstPositive.Coupling;
                double lo = Math.Log10(couplings[positive[0]]), hi = Math.Log10(couplings[^1]);
                // first order is drawn where it stays within 50% of the free value (beyond, higher orders dominate)
                var lam = Enumerable.Range(0, 60).Select(i => Math.Pow(10, lo + (hi - lo) * i / 59.0)).Where(l => Math.Abs(l * perUnit) < 0.5 * Math.Abs(est[0].Value)).ToArray();
                EnsembleCharts.Curve(plot, "first order, Wick (N → ∞)", lam.Select(Math.Log10).ToArray(), lam.Select(l => est[0].Value + l * perUnit).ToArray(), 1, dashed: true);
                double sameSlope = firstPositive.SampleFirstOrder[t].Value / firstPositive.Coupling;
                var lam2 = lam.Where(l => Math.Abs(l * sameSlope) < 0.5 * Math.Abs(est[0].Value)).ToArray();
                EnsembleCharts.Curve(plot, "first order, −λCov₀ (this N)", lam2.Select(Math.Log10).ToArray(), lam2.Select(l => est[0].Value + l * sameSlope).ToArray(), 2, dashed: true);
                EnsembleCharts.LogAxes(plot, true, false);
                EnsembleCharts.Legend(plot, ScottPlot.Alignment.LowerLeft);
                panels.Add(plot);
            }
            var essPlot = EnsembleCharts.New("Effective sample size", "λ (log scale)", "ESS / samples");
            var pos = Enumerable.Range(0, couplings.Length).Where(i => couplings[i] > 0).ToArray();
            EnsembleCharts.Curve(essPlot, "ESS fraction", pos.Select(i => Math.Log10(couplings[i])).ToArray(), pos.Select(i => points[i].EffectiveFraction).ToArray(), 0);
            EnsembleCharts.Guide(essPlot, Phi4Reweighting.CollapseThreshold(options.Samples) / options.Samples, vertical: false, "collapse threshold");
            EnsembleCharts.LogAxes(essPlot, true, false);
            EnsembleCharts.Legend(essPlot);
            panels.Add(essPlot);
            Figure.SavePanels(panels, 2, run.FiguresDirectory, "phi4");
            foreach (var p in points)
                rows.Add([ExperimentRun.Format(p.Coupling), .. p.Estimates.Select(ExperimentRun.Format), .. p.Shifts.Select((s, t) => $"{ExperimentRun.Format(s)} (−λCov₀ {ExperimentRun.Format(p.SampleFirstOrder[t].Value)}; Wick {ExperimentRun.Format(p.FirstOrder[t])})"), $"{p.EffectiveSampleSize:F0}", p.Warning is null ? "" : "COLLAPSED"]);
            var warnings = points.Where(p => p.Warning is not null).Select(p => p.Warning!).ToArray();
            new ReportWriter().Heading($"φ⁴ by operator insertion, d = {d} (eqs. (135)–(137))")
                .Paragraph($"Scalar-net N = {options.Width}, m = {options.Mass}, Λ = {options.Cutoff}, reweighted by exp(−λ∫φ⁴) over the box [−{options.Box / 2}, {options.Box / 2}]^{d} ({options.Grid}^{d} midpoint nodes); {options.Samples} networks. First order in λ two ways: −λCov₀(O, ∫φ⁴) from the same samples (exact at this N), and Wick contractions of the free field, δG2 = −12λG(0)∫G G, δG4_c = −24λ∫G G G G with the cutoff propagator (the N → ∞ value; the gap between the two is the finite-N non-Gaussianity). Small-λ shifts must approach the first.")
                .Table(["λ", .. names, .. names.Select(n => "shift " + n), "ESS", "status"], rows)
                .Bullets(warnings.Length == 0 ? ["Effective sample size stayed above the threshold at every λ."] : warnings.Select(w => "WARNING: " + w))
                .Figure("figures/phi4.png", "Reweighted G2 and G4_c against λ with first-order perturbation theory (dashed), and the effective sample size.")
                .Save(run.ReportPath);
            var first = points.First(p => p.Coupling > 0);
            ExperimentRun.Metric(run, "g2_shift_at_smallest_coupling", first.Shifts[1].Value);
            ExperimentRun.Metric(run, "min_effective_sample_size", points.Min(p => p.EffectiveSampleSize));
            progress?.Report(new ProgressTick(1, "done"));
            return new Phi4Result(run.Root, points, names, warnings);
        });
    }
}
