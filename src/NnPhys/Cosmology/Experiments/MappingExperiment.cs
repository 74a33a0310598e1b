using System.Text.Json.Nodes;
using NnPhys.Plotting;
using NnPhys.Runs;
using static NnPhys.Cosmology.Experiments.CosmologyRun;

namespace NnPhys.Cosmology.Experiments;

/// <summary>Config of <c>nnphys cosmology mapping</c> (issue 16 items 1 and 5).</summary>
/// <param name="LearningRates">η values (≥ 2), each run with μ = 1 − 3H√η.</param>
/// <param name="Friction">3H, held fixed so every η discretises the same continuum equation.</param>
/// <param name="Horizon">Compared up to time S.</param>
public sealed record MappingConfig(double[]? LearningRates = null, double Friction = 1.0, double Horizon = 8.0) : NnPhys.Runs.IExperimentConfig
{
    /// <summary>Default: η = 0.01 · 2^−k, k = 0..5.</summary>
    public double[] Rates => LearningRates ?? [0.01, 0.005, 0.0025, 0.00125, 0.000625, 0.0003125];

    /// <summary>Throws on invalid fields before anything is written.</summary>
    public void Validate()
    {
        if (Rates.Length < 2) throw new InvalidConfigException("The mapping check needs at least two learning rates to fit an order; pass e.g. --lrs 0.01 0.005 0.0025.");
        if (!(Friction > 0) || !double.IsFinite(Friction)) throw new InvalidConfigException($"Friction 3H = {Friction} must be finite and > 0, e.g. --friction 1.");
        if (!(Horizon > 0) || !double.IsFinite(Horizon)) throw new InvalidConfigException($"Horizon S = {Horizon} must be finite and > 0, e.g. --horizon 8.");
        foreach (var eta in Rates)
        {
            if (!(eta > 0) || !double.IsFinite(eta)) throw new InvalidConfigException($"Learning rate η = {eta} is invalid; it must be finite and > 0.");
            double mu = 1 - Friction * Math.Sqrt(eta);
            if (mu < 0) throw new InvalidConfigException($"η = {eta} with 3H = {Friction} needs μ = 1 − 3H√η = {mu:G3} < 0; use smaller learning rates (√η ≤ 1/3H).");
        }
    }
}

/// <summary>
/// <c>nnphys cosmology mapping</c>: heavy-ball on a quadratic and a quartic loss against the leading-order and corrected
/// continuum equations as η → 0 at fixed 3H, with the fitted orders (expected ½ and 1) and the overdamped null.
/// </summary>
public static class MappingExperiment
{
    /// <summary>Runs both potentials.</summary>
    public static IReadOnlyList<MappingConvergenceResult> Run(MappingConfig config, IProgress<ProgressTick>? progress = null, CancellationToken cancel = default)
    {
        config.Validate();
        var results = new List<MappingConvergenceResult>();
        foreach (var p in TestPotential.All)
        {
            cancel.ThrowIfCancellationRequested();
            results.Add(MappingConvergence.Run(p, config.Rates, config.Friction, config.Horizon));
            progress?.Report(new ProgressTick(results.Count / 2.0, p.Name));
        }
        return results;
    }

    /// <summary>Writes the run directory and returns the --json metrics.</summary>
    public static JsonObject Write(MappingConfig config, IReadOnlyList<MappingConvergenceResult> results, string outputDirectory) =>
        CosmologyRun.Write(outputDirectory, "cosmology mapping", config, 0, run =>
        {
            var metrics = new JsonObject();
            var report = new ReportWriter().Heading("Heavy-ball ↔ FLRW: the continuum limit (docs/cosmology.md §1)")
                .Paragraph($"Heavy-ball θ_{{t+1}} = θ_t + μ(θ_t − θ_{{t−1}}) − η∇L from rest, with μ = 1 − 3H√η and 3H = {config.Friction} held fixed, compared up to s = {config.Horizon} with " +
                           "the leading-order equation θ̈ + 3Hθ̇ + ∇L = 0 (θ̇(0) = 0) and the corrected ((1+μ)/2)θ̈ + 3Hθ̇ + ∇L = 0 (θ̇(0) = −(√η/2)∇L(θ₀)), " +
                           "integrated by RK4 at ¼ of the step. Error: max_t |θ_t − θ(t√η)| / max_t |θ_t − θ₀|. Null: the overdamped flow 3Hθ̇ = −∇L (no inertia).");
            var panels = new List<ScottPlot.Plot>();
            foreach (var r in results)
            {
                var etas = r.Points.Select(p => p.LearningRate).ToArray();
                Array(run, $"{r.Potential}_lr", etas);
                Array(run, $"{r.Potential}_error_leading", r.Points.Select(p => p.LeadingError).ToArray());
                Array(run, $"{r.Potential}_error_corrected", r.Points.Select(p => p.CorrectedError).ToArray());
                Array(run, $"{r.Potential}_error_gradient_flow", r.Points.Select(p => p.GradientFlowError).ToArray());
                Matrix(run, $"{r.Potential}_example_trajectories", r.ExampleTrajectories);
                panels.Add(CosmologyCharts.Lines($"{r.Potential}: error vs η (3H = {r.Friction})", "η", "relative error",
                    [new($"leading (order {r.LeadingOrder:F2})", etas, r.Points.Select(p => p.LeadingError).ToArray()),
                     new($"corrected (order {r.CorrectedOrder:F2})", etas, r.Points.Select(p => p.CorrectedError).ToArray()),
                     new("null: overdamped flow", etas, r.Points.Select(p => p.GradientFlowError).ToArray(), Dashed: true)], logX: true, logY: true, legend: ScottPlot.Alignment.LowerRight));
                var ex = r.ExampleTrajectories;
                panels.Add(CosmologyCharts.Lines($"{r.Potential}: θ₁(s) at η = {etas.Max():G3}", "s", "θ₁",
                    [new("leading order", ex[0], ex[2]), new("corrected", ex[0], ex[3], Dashed: true), new("null: overdamped", ex[0], ex[4]), new("heavy-ball", ex[0], ex[1], MarkersOnly: true)]));
                report.Heading(r.Potential, 2)
                    .Table(["η", "μ", "steps", "leading", "corrected", "null: overdamped"],
                        r.Points.Select(p => (IReadOnlyList<string>)[F(p.LearningRate), F(p.Momentum, "F4"), p.Steps.ToString(), F(p.LeadingError), F(p.CorrectedError), F(p.GradientFlowError)]))
                    .Paragraph($"Fitted order in η: leading {r.LeadingOrder:F3} (theory ½), corrected {r.CorrectedOrder:F3} (theory 1). The null does not converge.");
                metrics[$"{r.Potential}_order_leading"] = r.LeadingOrder;
                metrics[$"{r.Potential}_order_corrected"] = r.CorrectedOrder;
                metrics[$"{r.Potential}_error_leading_largest_lr"] = r.Points[0].LeadingError;
                metrics[$"{r.Potential}_error_corrected_largest_lr"] = r.Points[0].CorrectedError;
                metrics[$"{r.Potential}_null_gradient_flow_error_largest_lr"] = r.Points[0].GradientFlowError;
            }
            Figure.SavePanels(panels, 2, run.FiguresDirectory, "mapping_convergence");
            report.Figure("figures/mapping_convergence.png", "Left: error against η (log–log); right: the trajectories at the largest η.").Save(run.ReportPath);
            return metrics;
        });
}
