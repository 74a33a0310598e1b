using System.Text.Json.Nodes;
using NnPhys.Plotting;
using NnPhys.Runs;

namespace NnPhys.Kernels.Experiments;

public static partial class VsTrainingExperiment
{
    /// <summary>Writes the run directory (arrays, four figures, report) and returns the headline metrics.</summary>
    public static JsonObject Write(VsTrainingResult r, string outputDirectory) =>
        KernelRun.Write(outputDirectory, "kernel vs-training", r.Config, r.Config.Seed, run =>
        {
            var c = r.Config;
            var w = r.Widths;
            KernelRun.Array(run, "train_angles", r.TrainAngles);
            KernelRun.Array(run, "train_targets", r.Targets);
            KernelRun.Array(run, "test_angles", r.TestAngles);
            KernelRun.Array(run, "test_truth", r.TestTruth);
            KernelRun.Array(run, "frozen_ntk_mean", r.FrozenMean);
            KernelRun.Array(run, "frozen_ntk_variance", r.FrozenVariance);
            KernelRun.Array(run, "nngp_mean", r.NngpMean);
            KernelRun.Array(run, "nngp_variance", r.NngpVariance);
            KernelRun.Array(run, "widths", w.Select(x => (double)x.Width).ToArray());
            foreach (var x in w) KernelRun.Matrix(run, $"network_test_predictions_N{x.Width}", x.TestPredictions);

            Predictions(r, run);
            Scaling(r, run);
            Loss(r, run);

            var narrow = w[0]; var wide = w[^1];
            new ReportWriter().Heading("Frozen-NTK dynamics (eqs. (95)–(99)) against gradient-descent training of finite networks")
                .Paragraph($"Task: y(a) = sin 2a + 0.5 cos a on the unit circle, {c.TrainPoints} training points (angles evenly spaced with jitter), {c.TestPoints} test points. " +
                    $"Architecture `{c.Architecture}` in the NTK parameterisation; full-batch gradient descent on L = (1/2n)Σ(f − y)², η = {c.LearningRate}, {c.Steps} steps; " +
                    $"{c.Seeds} networks per width. The frozen-NTK side uses the discrete-step solution f_k = f₀ + ΘΘ⁻¹(I − (I − ηΘ/n)^k)(y − f₀) with the analytic kernel; " +
                    $"it sees the architecture, the training data, η and k — and, for the per-network comparison, that network's initial outputs f₀. " +
                    $"Largest stable learning rate 2n/λ_max = {r.MaxStableLearningRate:G4}. Took {r.Seconds:F1} s.")
                .Table(["N", "network − frozen NTK (own f₀), RMS", "network − linear model of own Θ̂_0", "linear model: Θ̂_0 − analytic Θ", "null: network − f₀ (no motion)", "ensemble mean − frozen-NTK mean", "noise floor of that mean", "spread / predicted spread", "‖Θ_T − Θ_0‖/‖Θ_0‖", "test RMSE of ensemble mean"],
                    w.Select(x => (IReadOnlyList<string>)[x.Width.ToString(), KernelRun.F(x.LinearisedDeviation), KernelRun.F(x.OwnKernelDeviation), KernelRun.F(x.FluctuationDeviation), KernelRun.F(x.NoMotionDeviation), KernelRun.F(x.MeanDeviation),
                        KernelRun.F(x.MeanNoiseFloor), KernelRun.F(x.SpreadRatio, "F3"), $"{KernelRun.F(x.KernelMotion)} ± {KernelRun.F(x.KernelMotionSe, "G2")}", KernelRun.F(x.TestRmse)]))
                .Paragraph($"Fitted exponents against width ({w.Count} widths {narrow.Width} … {wide.Width}, {c.Seeds} networks each): deviation of each network from the analytic frozen-NTK prediction {r.DeviationFit} " +
                    $"({r.DeviationFitWide} over N ≥ {VsTrainingResult.WideFrom}; prediction −1/2 there, where the fluctuation term below dominates); kernel motion {r.MotionFit} ({r.MotionFitWide} over N ≥ {VsTrainingResult.WideFrom}). " +
                    "Split of that deviation (test RMS, own f₀ in both): the network against the linear model of its own initial kernel Θ̂_0 " +
                    $"(kernel motion during training only) {r.OwnKernelFit} ({r.OwnKernelFitWide} over N ≥ {VsTrainingResult.WideFrom}) — prediction −3/4 for ReLU (the O(N^(−1/2)) fraction of units whose pre-activation crosses the kink " +
                    "flips φ′ with random signs: N^(−1/2)·N units, √ of that in the sum, /N), −1 for smooth activations; and the linear model of Θ̂_0 against that of the analytic Θ " +
                    $"(initial-kernel fluctuation) {r.FluctuationFit} ({r.FluctuationFitWide} over N ≥ {VsTrainingResult.WideFrom}) — prediction −1/2. The two parts are anticorrelated (each exceeds the total at small N).  The kernel motion itself is predicted ∝ N^(−3/4) for ReLU (N^(−1) smooth); " +
                    "Lee et al.'s O(N^(−1/2)) is a bound. The sum of a N^(−1/2) and a larger N^(−3/4) term has a local slope between the two, approaching −1/2 at large N. The no-motion null model (the network stays at f₀) is off by " +
                    $"{wide.NoMotionDeviation:G3} at N = {wide.Width}, against {wide.LinearisedDeviation:G3} for the frozen NTK. " +
                    $"The ensemble mean differs from the frozen-NTK mean by {wide.MeanDeviation:G3} at N = {wide.Width}, where {c.Seeds} exact samples would give {wide.MeanNoiseFloor:G3} from sampling alone; " +
                    $"the spread across networks is {wide.SpreadRatio:F2}× the predicted spread (trained-ensemble variance, Lee et al. 2019 eq. (16)).")
                .Table(["predictor (test points)", "RMSE vs true function"], [
                    [$"network ensemble mean, N = {wide.Width}", KernelRun.F(wide.TestRmse)],
                    [$"network ensemble mean, N = {narrow.Width}", KernelRun.F(narrow.TestRmse)],
                    ["frozen-NTK mean after the same steps", KernelRun.F(Rmse(r.FrozenMean, r.TestTruth))],
                    ["frozen-NTK mean at t = ∞ (kernel regression)", KernelRun.F(Rmse(r.ConvergedMean, r.TestTruth))],
                    ["NNGP posterior mean", KernelRun.F(Rmse(r.NngpMean, r.TestTruth))],
                    ["null: predict 0", KernelRun.F(Rmse(new double[r.TestTruth.Length], r.TestTruth))]])
                .Figure("figures/predictions.png", "Test predictions: frozen-NTK mean ± 2σ of the trained ensemble, NNGP posterior mean, network ensemble means, truth and training points.")
                .Figure("figures/deviation_vs_width.png", "Deviation of trained networks from the frozen-NTK solution against width (log–log), with the no-motion null and the sampling floor of the mean.")
                .Figure("figures/kernel_motion.png", "Relative motion of the empirical NTK during training against width (log–log).")
                .Figure("figures/loss.png", "Training loss: networks (mean over seeds) against the frozen-NTK loss from each network's own f₀.")
                .Save(run.ReportPath);
            return new JsonObject
            {
                ["architecture"] = c.Architecture,
                ["widths"] = KernelRun.Json(w.Select(x => (double)x.Width)),
                ["linearised_deviation"] = KernelRun.Json(w.Select(x => x.LinearisedDeviation)),
                ["no_motion_deviation"] = KernelRun.Json(w.Select(x => x.NoMotionDeviation)),
                ["mean_deviation"] = KernelRun.Json(w.Select(x => x.MeanDeviation)),
                ["mean_noise_floor"] = KernelRun.Json(w.Select(x => x.MeanNoiseFloor)),
                ["spread_ratio"] = KernelRun.Json(w.Select(x => x.SpreadRatio)),
                ["kernel_motion"] = KernelRun.Json(w.Select(x => x.KernelMotion)),
                ["deviation_exponent"] = r.DeviationFit.Exponent,
                ["deviation_exponent_se"] = r.DeviationFit.ExponentError,
                ["deviation_exponent_wide"] = r.DeviationFitWide.Exponent,
                ["deviation_exponent_wide_se"] = r.DeviationFitWide.ExponentError,
                ["own_kernel_deviation"] = KernelRun.Json(w.Select(x => x.OwnKernelDeviation)),
                ["own_kernel_deviation_exponent"] = r.OwnKernelFit.Exponent,
                ["own_kernel_deviation_exponent_se"] = r.OwnKernelFit.ExponentError,
                ["fluctuation_deviation"] = KernelRun.Json(w.Select(x => x.FluctuationDeviation)),
                ["fluctuation_deviation_exponent"] = r.FluctuationFit.Exponent,
                ["fluctuation_deviation_exponent_se"] = r.FluctuationFit.ExponentError,
                ["own_kernel_deviation_exponent_wide"] = r.OwnKernelFitWide.Exponent,
                ["own_kernel_deviation_exponent_wide_se"] = r.OwnKernelFitWide.ExponentError,
                ["fluctuation_deviation_exponent_wide"] = r.FluctuationFitWide.Exponent,
                ["fluctuation_deviation_exponent_wide_se"] = r.FluctuationFitWide.ExponentError,
                ["kernel_motion_exponent_wide"] = r.MotionFitWide.Exponent,
                ["kernel_motion_exponent_wide_se"] = r.MotionFitWide.ExponentError,
                ["kernel_motion_exponent"] = r.MotionFit.Exponent,
                ["kernel_motion_exponent_se"] = r.MotionFit.ExponentError,
                ["max_stable_lr"] = r.MaxStableLearningRate,
                ["seconds"] = r.Seconds,
            };
        });

    static double Rmse(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (p, q) => (p - q) * (p - q)).Average());

    static void Predictions(VsTrainingResult r, RunDirectory run)
    {
        var plot = KernelCharts.New("Test predictions after training", "angle a", "f(a)");
        var sd = r.FrozenVariance.Select(Math.Sqrt).ToArray();
        KernelCharts.Band(plot, "frozen NTK ± 2σ (trained ensemble)", r.TestAngles, r.FrozenMean.Zip(sd, (m, s) => m - 2 * s).ToArray(), r.FrozenMean.Zip(sd, (m, s) => m + 2 * s).ToArray(), 0);
        KernelCharts.Line(plot, "frozen-NTK mean", r.TestAngles, r.FrozenMean, 0);
        KernelCharts.Line(plot, "NNGP posterior mean", r.TestAngles, r.NngpMean, 2, dashed: true);
        KernelCharts.Line(plot, "truth", r.TestAngles, r.TestTruth, 6, dashed: true, width: 1);
        foreach (var (x, k) in new[] { (r.Widths[0], 3), (r.Widths[^1], 1) })
        {
            var mean = Enumerable.Range(0, r.TestAngles.Length).Select(i => Enumerable.Range(0, x.TestPredictions.Rows).Average(s => x.TestPredictions[s, i])).ToArray();
            KernelCharts.Line(plot, $"networks N = {x.Width}, mean of {x.TestPredictions.Rows}", r.TestAngles, mean, k, width: 1.5f);
        }
        KernelCharts.Points(plot, "training points", r.TrainAngles, r.Targets, null, 6);
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        Figure.Save(plot, run.FiguresDirectory, "predictions");
    }

    static void Scaling(VsTrainingResult r, RunDirectory run)
    {
        var w = r.Widths;
        var logN = w.Select(x => Math.Log10(x.Width)).ToArray();
        double[] L(Func<VsTrainingWidth, double> f) => w.Select(x => Math.Log10(f(x))).ToArray();
        var plot = KernelCharts.New("Trained networks against the frozen-NTK solution", "width N", "RMS deviation on test points");
        KernelCharts.Points(plot, $"network − frozen NTK from own f₀ (slope {r.DeviationFit})", logN, L(x => x.LinearisedDeviation), null, 0);
        KernelCharts.Line(plot, "", logN, logN.Select(x => Math.Log10(r.DeviationFit.Amplitude) + r.DeviationFit.Exponent * x).ToArray(), 0, dashed: true);
        KernelCharts.Points(plot, "ensemble mean − frozen-NTK mean", logN, L(x => x.MeanDeviation), null, 1);
        KernelCharts.Line(plot, "sampling floor of the mean", logN, L(x => x.MeanNoiseFloor), 1, dashed: true, width: 1);
        KernelCharts.Points(plot, "null: network − f₀ (no motion)", logN, L(x => x.NoMotionDeviation), null, 6);
        KernelCharts.LogAxes(plot, true, true);
        plot.ShowLegend(ScottPlot.Alignment.MiddleRight);
        Figure.Save(plot, run.FiguresDirectory, "deviation_vs_width");

        var motion = KernelCharts.New("Kernel motion during training", "width N", "‖Θ_T − Θ_0‖_F / ‖Θ_0‖_F");
        KernelCharts.Points(motion, $"mean over networks (slope {r.MotionFit})", logN, L(x => x.KernelMotion),
            w.Select(x => x.KernelMotionSe / (x.KernelMotion * Math.Log(10))).ToArray(), 0);
        KernelCharts.Line(motion, "", logN, logN.Select(x => Math.Log10(r.MotionFit.Amplitude) + r.MotionFit.Exponent * x).ToArray(), 0, dashed: true);
        KernelCharts.LogAxes(motion, true, true);
        motion.ShowLegend(ScottPlot.Alignment.UpperRight);
        Figure.Save(motion, run.FiguresDirectory, "kernel_motion");
    }

    static void Loss(VsTrainingResult r, RunDirectory run)
    {
        var steps = r.Checkpoints.Select(k => (double)k).ToArray();
        var plot = KernelCharts.New("Training loss", "gradient-descent step", "L = (1/2n)Σ(f − y)²");
        foreach (var (x, k) in new[] { (r.Widths[0], 3), (r.Widths[^1], 1) })
        {
            KernelCharts.Line(plot, $"networks N = {x.Width}", steps, x.Loss.Select(Math.Log10).ToArray(), k);
            KernelCharts.Line(plot, $"frozen NTK from their f₀ (N = {x.Width})", steps, x.LinearisedLoss.Select(Math.Log10).ToArray(), k, dashed: true);
        }
        KernelCharts.LogAxes(plot, false, true);
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        Figure.Save(plot, run.FiguresDirectory, "loss");
    }
}
