using System.Text.Json.Nodes;
using NnPhys.Plotting;
using NnPhys.Runs;
using static NnPhys.Cosmology.Experiments.CosmologyRun;

namespace NnPhys.Cosmology.Experiments;

/// <summary>Arrays, figure, report.md and metrics of <see cref="MomentumExperiment"/>.</summary>
internal static class MomentumReport
{
    public static JsonObject Write(MomentumResult r, RunDirectory run)
    {
        var c = r.Config;
        var mu = r.Points.Select(p => p.Momentum).ToArray();
        Array(run, "momentum", mu);
        Array(run, "steps_observed", r.Points.Select(p => p.Observed).ToArray());
        Array(run, "steps_predicted_corrected", r.Points.Select(p => p.PredictedCorrected).ToArray());
        Array(run, "steps_predicted_leading", r.Points.Select(p => p.PredictedLeading).ToArray());
        Array(run, "steps_gradient_flow", r.Points.Select(p => p.PredictedGradientFlow).ToArray());

        var plot = CosmologyCharts.Lines($"Steps to loss < {c.LossFraction:G2}·L₀, η = {c.LearningRate:G3}, Θ̄ = {r.Ntk:G4}", "momentum μ", "steps",
            [new("predicted: corrected", mu, r.Points.Select(p => p.PredictedCorrected).ToArray()), new("predicted: leading", mu, r.Points.Select(p => p.PredictedLeading).ToArray(), Dashed: true),
             new("null: overdamped flow", mu, r.Points.Select(p => p.PredictedGradientFlow).ToArray()), new("network", mu, r.Points.Select(p => p.Observed).ToArray(), MarkersOnly: true)],
            logY: true, legend: ScottPlot.Alignment.LowerLeft);
        CosmologyCharts.VerticalGuide(plot, r.CriticalCorrected, $"critical damping μ_c = {r.CriticalCorrected:F3}");
        Figure.Save(plot, run.FiguresDirectory, "steps_vs_momentum");

        static double RelErr(IEnumerable<(double p, double o)> v) { var a = v.Where(x => double.IsFinite(x.o) && x.o > 0).Select(x => Math.Abs(x.p - x.o) / x.o).ToArray(); return a.Length == 0 ? double.NaN : a.Average(); }
        double errCorrected = RelErr(r.Points.Select(p => (p.PredictedCorrected, p.Observed)));
        double errLeading = RelErr(r.Points.Select(p => (p.PredictedLeading, p.Observed)));
        double errFlow = RelErr(r.Points.Select(p => (p.PredictedGradientFlow, p.Observed)));
        new ReportWriter().Heading("Momentum from the duality (issue 16 item 4)")
            .Paragraph($"Network: {c.Network}, one input, p = 2, η = {c.LearningRate}, {c.Seeds} seed(s); target: the loss stays below {c.LossFraction:G3} of its initial value. " +
                       $"Before training, from the empirical NTK Θ̄ = {r.Ntk:G5} alone (mean over seeds), the mode m ä + 3H ȧ + Θ̄a = 0 is critically damped at " +
                       $"μ* = {r.CriticalCorrected:F4} (corrected mass (1+μ)/2), {r.CriticalLeading:F4} (leading, mass 1); the exact discrete double root is {r.CriticalExactDiscrete:F4}.")
            .Paragraph($"Observed optimum of steps-to-target on the grid (step {c.GridStep}): μ = {F(r.ObservedOptimum)}. Predicted before training (argmin over the grid of the step counts " +
                       $"the corrected field equation predicts from Θ̄): μ* = {F(r.PredictedOptimum)}, {F(r.GridStepsApart, "F2")} grid steps away. Critical damping μ_c = {r.CriticalCorrected:F4} is " +
                       $"{F(r.CriticalGridStepsApart, "F2")} grid steps away: it maximises the asymptotic decay rate, but for a finite target a slightly underdamped run arrives first, " +
                       "so the optimum sits a little above μ_c and approaches it as the target loss shrinks. Null: the overdamped flow (momentum only rescales the learning rate to η/(1 − μ)) puts the optimum at μ = {F(r.GradientFlowOptimum)}, the largest μ of the grid.")
            .Paragraph($"Steps predicted vs observed, mean relative error over the grid: corrected {F(errCorrected)}, leading {F(errLeading)}, null (overdamped flow) {F(errFlow)}.")
            .Table(["μ", "observed", "predicted (corrected)", "predicted (leading)", "null: overdamped", "diverged seeds"],
                r.Points.Select(p => (IReadOnlyList<string>)[F(p.Momentum, "F2"), F(p.Observed), F(p.PredictedCorrected), F(p.PredictedLeading), F(p.PredictedGradientFlow), p.Diverged.ToString()]))
            .Figure("figures/steps_vs_momentum.png", "Steps to target against μ: network (dots), predictions from the NTK alone, the overdamped null; the dotted line is critical damping μ_c.")
            .Save(run.ReportPath);
        return new JsonObject
        {
            ["mu_star_predicted"] = Number(r.PredictedOptimum),
            ["mu_star_observed"] = Number(r.ObservedOptimum),
            ["mu_star_grid_steps_apart"] = Number(r.GridStepsApart),
            ["mu_critical_damping"] = r.CriticalCorrected,
            ["mu_critical_damping_grid_steps_apart"] = Number(r.CriticalGridStepsApart),
            ["mu_critical_damping_leading"] = r.CriticalLeading,
            ["mu_critical_damping_exact_discrete"] = r.CriticalExactDiscrete,
            ["mu_star_null_gradient_flow"] = Number(r.GradientFlowOptimum),
            ["steps_relative_error_corrected"] = Number(errCorrected),
            ["steps_relative_error_leading"] = Number(errLeading),
            ["null_gradient_flow_steps_relative_error"] = Number(errFlow),
            ["ntk"] = r.Ntk,
        };
    }
}
