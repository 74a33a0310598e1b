using System.Text.Json.Nodes;
using NnPhys.Ensembles.Figures;
using NnPhys.Plotting;
using NnPhys.Runs;
using NnPhys.Numerics.Sampling;

namespace NnPhys.Ensembles.Experiments;

/// <summary>Options of <c>nnphys ensemble scaling</c>.</summary>
public sealed record ScalingOptions(EnsembleSpec Spec, int[] Widths, long Samples = 200_000, ulong Seed = 0);

/// <summary>
/// <c>nnphys ensemble scaling</c>: (1) G4_c of the chosen architecture at four fixed points against N, fitted to a power law
/// (eq. (143): exponent −1); (2) the one-point cumulants κ4, κ6 of a ReLU single-layer network φ(x = 1) against N
/// (exponents −1, −2); (3) the NNGP action S = φᵀK⁻¹φ of Cos-net on 4 points (eqs. (42)–(43)): Var(S)/(2P) − 1 against N
/// with its prediction Σ K⁻¹K⁻¹G4_c/(2P) — the finite-N deviation from the Gaussian process.
/// </summary>
public static class ScalingExperiment
{
    /// <summary>Runs the experiment and returns its headline metrics (fitted exponents and their errors).</summary>
    public static JsonObject Run(ScalingOptions options, string outputDirectory, IProgress<double>? progress = null)
    {
        if (options.Widths.Length < 2) throw new InvalidConfigException("--widths needs at least two widths to fit a power law, e.g. --widths 1 2 4 8 16.");
        foreach (var n in options.Widths) EnsembleChecks.Width(n);
        EnsembleChecks.Samples(options.Samples);
        return ExperimentRun.Execute(outputDirectory, "ensemble scaling", options, options.Seed, run =>
        {
            int d = options.Spec.InputDimension;
            double[][] config = [new double[d], Enumerable.Range(0, d).Select(j => j == 0 ? 0.4 : 0.0).ToArray(), Enumerable.Range(0, d).Select(j => j == d - 1 ? 0.3 : 0.0).ToArray(), Enumerable.Range(0, d).Select(j => 0.25).ToArray()];
            var g4 = CumulantScaling.Measure(n => options.Spec.WithWidth(n).Build(), new PointSet(config), [0, 1, 2, 3], options.Widths, options.Seed, options.Samples);
            progress?.Report(0.3);
            var kappa4 = new WidthMeasurement[options.Widths.Length]; var kappa6 = new WidthMeasurement[options.Widths.Length];
            var one = new PointSet([[1.0]]);
            for (int k = 0; k < options.Widths.Length; k++)
            {
                var relu = NeuronSumEnsemble.SingleLayer(1, options.Widths[k], Architectures.Activation.ReLU);
                var powers = EnsembleSampler.Networks(relu, one, options.Seed + 1000 + (ulong)k, new StreamRange(0, 4 * options.Samples), () => new PowerMomentObserver());
                kappa4[k] = new WidthMeasurement(options.Widths[k], powers.Cumulant(4));
                kappa6[k] = new WidthMeasurement(options.Widths[k], powers.Cumulant(6));
                progress?.Report(0.3 + 0.5 * (k + 1) / options.Widths.Length);
            }
            var fitG4 = CumulantScaling.Fit(g4); var fitK4 = CumulantScaling.Fit(kappa4); var fitK6 = CumulantScaling.Fit(kappa6);

            // NNGP action of Cos-net on 4 points: Var(S) − 2P = Σ K⁻¹K⁻¹ G4_c, eqs. (42)-(43)
            double[][] xs = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.2], [1.1, 1.1]];
            var kernel = new double[4, 4];
            for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) kernel[a, b] = AnalyticCorrelators.TwoPoint(xs[a], xs[b], 1, 1);
            var action = new NngpAction(kernel);
            var deviation = new CorrelatorEstimate[options.Widths.Length]; var predicted = new double[options.Widths.Length]; var meanAction = new CorrelatorEstimate[options.Widths.Length];
            var logDensity = new CorrelatorEstimate[options.Widths.Length];
            var histogram = EnsembleCharts.New("NNGP action S = φ^T K^-1 φ of sampled Cos-net networks (P = 4)", "S", "density");
            for (int k = 0; k < options.Widths.Length; k++)
            {
                int n = options.Widths[k];
                var obs = EnsembleSampler.Networks(NeuronSumEnsemble.CosNet(2, n), new PointSet(xs), options.Seed + 2000 + (ulong)k, new StreamRange(0, options.Samples), () => new ActionObserver(action));
                var v = obs.ActionVariance;
                deviation[k] = new CorrelatorEstimate(v.Value / 8 - 1, v.StandardError / 8);
                meanAction[k] = obs.MeanAction;
                logDensity[k] = obs.MeanLogDensity;
                if (k == 0 || k == options.Widths.Length - 1)
                {
                    var (centres, density) = obs.Density();
                    EnsembleCharts.Curve(histogram, $"N = {n}", centres, density, k == 0 ? 0 : 2);
                    if (k == 0) EnsembleCharts.Curve(histogram, "χ²₄ (Gaussian process, N → ∞)", centres, centres.Select(x => ActionObserver.ChiSquaredDensity(x, 4)).ToArray(), 1, dashed: true);
                }
                predicted[k] = action.ExcessActionVariance((a, b, c, e) => AnalyticCorrelators.CosNetConnectedFourPoint([xs[a], xs[b], xs[c], xs[e]], n, 1, 1)) / 8;
            }
            progress?.Report(1);

            var logN = options.Widths.Select(n => Math.Log10(n)).ToArray();
            ExperimentRun.Array(run, "widths", options.Widths.Select(n => (double)n).ToArray());
            ExperimentRun.Estimates(run, "g4c", g4.Select(m => m.Estimate).ToArray());
            ExperimentRun.Estimates(run, "kappa4", kappa4.Select(m => m.Estimate).ToArray());
            ExperimentRun.Estimates(run, "kappa6", kappa6.Select(m => m.Estimate).ToArray());
            ExperimentRun.Estimates(run, "action_variance_excess", deviation);
            ExperimentRun.Array(run, "action_variance_excess_predicted", predicted);

            var plot = EnsembleCharts.New("Connected correlators vs width: κ_r ∝ N^(1−r/2)", "N", "|κ|");
            Series(plot, $"G4c {options.Spec.Architecture} (fit {fitG4.Exponent:F2} ± {fitG4.ExponentError:F2})", logN, g4, fitG4, 0);
            Series(plot, $"κ4 ReLU φ(1) (fit {fitK4.Exponent:F2} ± {fitK4.ExponentError:F2})", logN, kappa4, fitK4, 1);
            Series(plot, $"κ6 ReLU φ(1) (fit {fitK6.Exponent:F2} ± {fitK6.ExponentError:F2})", logN, kappa6, fitK6, 2);
            EnsembleCharts.LogAxes(plot, true, true);
            EnsembleCharts.Legend(plot, ScottPlot.Alignment.LowerLeft);
            Figure.Save(plot, run.FiguresDirectory, "cumulant_scaling");

            var dev = EnsembleCharts.New("NNGP action of Cos-net on 4 points: finite-N deviation", "N", "Var(S)/(2P) − 1");
            var (logDev, logDevErr) = EnsembleCharts.ToLog(deviation);
            EnsembleCharts.Estimates(dev, "Monte Carlo", logN, logDev, logDevErr, 0);
            EnsembleCharts.Curve(dev, "Σ K⁻¹K⁻¹ G4c / (2P) (closed form)", logN, predicted.Select(Math.Log10).ToArray(), 1);
            EnsembleCharts.LogAxes(dev, true, true);
            EnsembleCharts.Legend(dev);
            Figure.Save(dev, run.FiguresDirectory, "nngp_action_deviation");
            EnsembleCharts.Legend(histogram);
            Figure.Save(histogram, run.FiguresDirectory, "nngp_action_distribution");

            new ReportWriter().Heading("Cumulant scaling with width (eq. (143)) and the NNGP action (eqs. (42)–(43))")
                .Paragraph($"Direct Monte Carlo, {options.Samples} networks per width ({4 * options.Samples} for the one-point cumulants). Power-law fits |κ| = A N^b, weighted by the standard errors; widths whose estimate is below 2 SE are skipped.")
                .Table(["quantity", "fitted exponent b", "predicted 1 − r/2", "χ²/dof", "widths used"], [
                    ["G4_c " + options.Spec.Architecture, $"{fitG4.Exponent:F3} ± {fitG4.ExponentError:F3}", "−1", ExperimentRun.Format(fitG4.ChiSquaredPerDegreeOfFreedom, "F2"), $"{fitG4.PointsUsed}"],
                    ["κ4 ReLU single layer", $"{fitK4.Exponent:F3} ± {fitK4.ExponentError:F3}", "−1", ExperimentRun.Format(fitK4.ChiSquaredPerDegreeOfFreedom, "F2"), $"{fitK4.PointsUsed}"],
                    ["κ6 ReLU single layer", $"{fitK6.Exponent:F3} ± {fitK6.ExponentError:F3}", "−2", ExperimentRun.Format(fitK6.ChiSquaredPerDegreeOfFreedom, "F2"), $"{fitK6.PointsUsed}"]])
                .Figure("figures/cumulant_scaling.png", "Connected correlators against width with power-law fits (log–log).")
                .Table(["N", "⟨S⟩ (GP: 4)", "⟨log p(φ)⟩", "Var(S)/(2P) − 1", "prediction"], Enumerable.Range(0, options.Widths.Length).Select(k =>
                    (IReadOnlyList<string>)[options.Widths[k].ToString(), ExperimentRun.Format(meanAction[k]), ExperimentRun.Format(logDensity[k]), ExperimentRun.Format(deviation[k]), ExperimentRun.Format(predicted[k])]))
                .Paragraph($"The mean action and mean log-density are the GP values at every N (G2 is exact in N; GP ⟨log p⟩ = {-2 - 0.5 * (action.LogDeterminant + 4 * Math.Log(2 * Math.PI)):F4}); the finite-N deviation is in the spread of S.")
                .Figure("figures/nngp_action_distribution.png", "Distribution of S at the smallest and largest width against the GP's χ²_P law.")
                .Figure("figures/nngp_action_deviation.png", "Excess variance of the NNGP action S = φᵀK⁻¹φ of finite-width Cos-net networks over the GP value 2P, against N.")
                .Save(run.ReportPath);
            return new JsonObject
            {
                ["g4c_exponent"] = fitG4.Exponent, ["g4c_exponent_se"] = fitG4.ExponentError,
                ["kappa4_exponent"] = fitK4.Exponent, ["kappa4_exponent_se"] = fitK4.ExponentError,
                ["kappa6_exponent"] = fitK6.Exponent, ["kappa6_exponent_se"] = fitK6.ExponentError,
            };
        });
    }

    static void Series(ScottPlot.Plot plot, string label, double[] logN, WidthMeasurement[] m, PowerLawFit fit, int color)
    {
        var (v, e) = EnsembleCharts.ToLog(m.Select(x => x.Estimate).ToArray());
        EnsembleCharts.Estimates(plot, label, logN, v, e, color);
        EnsembleCharts.Curve(plot, "", logN, logN.Select(x => Math.Log10(fit.Amplitude) + fit.Exponent * x).ToArray(), color, dashed: true);
    }
}
