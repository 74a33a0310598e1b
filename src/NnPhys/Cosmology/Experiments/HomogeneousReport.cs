using System.Text.Json.Nodes;
using NnPhys.Plotting;
using NnPhys.Runs;
using static NnPhys.Cosmology.Experiments.CosmologyRun;

namespace NnPhys.Cosmology.Experiments;

/// <summary>Arrays, figures, report.md and metrics of <see cref="HomogeneousExperiment"/>.</summary>
internal static class HomogeneousReport
{
    public static JsonObject Write(HomogeneousResult r, RunDirectory run)
    {
        var c = r.Config;
        var mapping = new HeavyBallMapping(c.LearningRate, c.Momentum);
        var first = r.Runs[0];
        int n = first.Training.Outputs.Length;
        var s = Enumerable.Range(0, n).Select(t => t * mapping.TimeStep).ToArray();
        var actual = first.Training.Outputs.Select(o => o[0]).ToArray();
        Array(run, "time", s);
        Array(run, "f_actual", actual);
        Array(run, "f_leading", first.Leading[..n]);
        Array(run, "f_corrected", first.Corrected[..n]);
        Array(run, "f_gradient_flow", first.GradientFlow[..n]);
        Array(run, "loss", first.Training.Loss);
        Array(run, "scan_lr", r.Scan.Select(p => p.LearningRate).ToArray());
        Array(run, "scan_error_leading", r.Scan.Select(p => p.LeadingMaxError).ToArray());
        Array(run, "scan_error_corrected", r.Scan.Select(p => p.CorrectedMaxError).ToArray());
        Array(run, "scan_error_gradient_flow", r.Scan.Select(p => p.GradientFlowMaxError).ToArray());

        int T = first.Training.HorizonStep;
        var traj = CosmologyCharts.Lines($"f(s), {c.Network}, p = {c.Power}, η = {c.LearningRate:G3}, μ = {c.Momentum:G3}", "s = t√η", "f",
            [new("leading order", s, first.Leading[..n]), new("corrected", s, first.Corrected[..n], Dashed: true),
             new("null: overdamped flow", s, first.GradientFlow[..n]), new("target y", [s[0], s[^1]], [first.Target, first.Target], Dashed: true),
             new("network (heavy-ball)", s, actual, MarkersOnly: true)], legend: ScottPlot.Alignment.LowerRight);
        if (T > 0) CosmologyCharts.VerticalGuide(traj, T * mapping.TimeStep, "T (loss −90 %)");
        Figure.Save(traj, run.FiguresDirectory, "trajectories");

        double motion = T > 0 ? Math.Abs(actual[T] - actual[0]) : double.NaN;
        var m = Enumerable.Range(1, Math.Max(T, 1)).ToArray();
        var err = CosmologyCharts.Lines("|prediction − network| / |f(T) − f(0)| up to T", "s", "relative error",
            [new("leading order", m.Select(t => s[t]).ToArray(), m.Select(t => Math.Abs(first.Leading[t] - actual[t]) / motion).ToArray()),
             new("corrected", m.Select(t => s[t]).ToArray(), m.Select(t => Math.Abs(first.Corrected[t] - actual[t]) / motion).ToArray())], logY: true);
        Figure.Save(err, run.FiguresDirectory, "error_over_time");

        var lrs = r.Scan.Select(p => p.LearningRate).ToArray();
        var scan = CosmologyCharts.Lines($"Whole-trajectory error vs η (mean over {c.Seeds} seeds)", "η", "max_s |pred − f| / |f(T) − f(0)|",
            [new("leading order", lrs, r.Scan.Select(p => p.LeadingMaxError).ToArray()), new("corrected", lrs, r.Scan.Select(p => p.CorrectedMaxError).ToArray()),
             new("null: overdamped flow", lrs, r.Scan.Select(p => p.GradientFlowMaxError).ToArray()), new("null: no motion", lrs, r.Scan.Select(p => p.NoMotionMaxError).ToArray(), Dashed: true)],
            logX: true, logY: true, legend: ScottPlot.Alignment.LowerRight);
        CosmologyCharts.HorizontalGuide(scan, Math.Log10(HomogeneousConfig.MatchThreshold), "5 % (match threshold)");
        Figure.Save(scan, run.FiguresDirectory, "error_vs_lr");

        var report = new ReportWriter().Heading("Homogeneous network as an inflaton (nn-cosmology-duality §2.1, §3)")
            .Paragraph($"Network: {c.Network}, NTK parameterization, one input x = {c.Input}; loss (1/{c.Power})(f − y)^{c.Power} with y = f(x; θ₀) + {c.TargetOffset}. " +
                       $"Heavy-ball {mapping}. Mapping: leading order θ̈ + 3Hθ̇ + Θ̄ ∂L/∂f = 0 from rest; corrected ((1+μ)/2) f̈ + 3H ḟ + Θ̄ ∂L/∂f = 0 with ḟ(0) = −(√η/2)Θ̄ ∂L/∂f (docs/cosmology.md).")
            .Paragraph("What each side saw: the predictions saw only f(0), y, p, η, μ and the empirical NTK Θ̄ at initialisation; the network was trained. " +
                       "Nulls, scored the same way: *no motion* f(s) = f(0), and the *overdamped flow* 3H ḟ = −Θ̄ ∂L/∂f (the same kernel, no inertia). " +
                       "T is the first step where the loss fell to 10 % of its initial value; errors are in units of |f(T) − f(0)|.")
            .Table(["seed", "Θ̄(0)", "Θ̄(T)/Θ̄(0) − 1", "T (steps)", "max err leading", "max err corrected", "end err leading", "end err corrected", "null: overdamped", "null: no motion", "diverged at"],
                r.Runs.Select(x => (IReadOnlyList<string>)[x.Seed.ToString(), F(x.NtkAtInit), F(x.NtkAtHorizon / x.NtkAtInit - 1, "E2"), x.Training.HorizonStep.ToString(),
                    F(x.LeadingError.MaxError), F(x.CorrectedError.MaxError), F(x.LeadingError.EndError), F(x.CorrectedError.EndError), F(x.GradientFlowError.MaxError), F(x.NoMotionError.MaxError),
                    x.Training.DivergedAtStep?.ToString() ?? "—"]))
            .Figure("figures/trajectories.png", "Seed 0: the network's output against the leading-order and corrected field equations and the overdamped null.")
            .Figure("figures/error_over_time.png", "Seed 0: pointwise error up to T.")
            .Heading("Learning-rate scan", 2)
            .Table(["η", "leading", "corrected", "null: overdamped", "null: no motion", "diverged", "not converged"],
                r.Scan.Select(p => (IReadOnlyList<string>)[F(p.LearningRate), F(p.LeadingMaxError), F(p.CorrectedMaxError), F(p.GradientFlowMaxError), F(p.NoMotionMaxError), p.Diverged.ToString(), p.NotConverged.ToString()]))
            .Paragraph($"Largest η with whole-trajectory error ≤ 5 %: leading order {F(r.MaxMatchingLearningRate)}, corrected {F(r.MaxMatchingLearningRateCorrected)} (— means none in the scan). " +
                       "Diverged runs (loss above 10⁶·L₀ or non-finite) and runs that never reached T count as not matching; their steps are in the table above.")
            .Figure("figures/error_vs_lr.png", "Whole-trajectory error against η: leading order ∝ √η, corrected ∝ η; the nulls do not improve with η.");
        report.Save(run.ReportPath);

        return new JsonObject
        {
            ["relative_end_error"] = Number(r.RelativeEndError),
            ["max_trajectory_error"] = Number(r.MaxTrajectoryError),
            ["max_trajectory_error_corrected"] = Number(r.MaxTrajectoryErrorCorrected),
            ["max_matching_lr"] = Number(r.MaxMatchingLearningRate),
            ["relative_end_error_corrected"] = Number(r.RelativeEndErrorCorrected),
            ["max_matching_lr_corrected"] = Number(r.MaxMatchingLearningRateCorrected),
            ["null_no_motion_max_trajectory_error"] = Number(r.Runs.Average(x => x.NoMotionError.MaxError)),
            ["null_gradient_flow_max_trajectory_error"] = Number(r.Runs.Average(x => x.GradientFlowError.MaxError)),
            ["ntk_at_init"] = r.Runs.Average(x => x.NtkAtInit),
            ["ntk_relative_change"] = Number(r.Runs.Average(x => x.NtkAtHorizon / x.NtkAtInit - 1)),
            ["horizon_steps"] = r.Runs.Average(x => (double)x.Training.HorizonStep),
            ["hubble"] = mapping.Hubble,
            ["vacuum_energy"] = mapping.VacuumEnergy,
        };
    }
}
