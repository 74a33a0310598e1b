using System.Text.Json.Nodes;
using NnPhys.Plotting;
using NnPhys.Runs;
using static NnPhys.Cosmology.Experiments.CosmologyRun;

namespace NnPhys.Cosmology.Experiments;

/// <summary>Arrays, figures, report.md and metrics of <see cref="ModesExperiment"/>.</summary>
internal static class ModesReport
{
    public static JsonObject Write(ModesResult r, RunDirectory run)
    {
        var c = r.Config.Settings;
        var mapping = new HeavyBallMapping(c.LearningRate, c.Momentum);
        var first = r.Runs[0];
        int n = first.Modes.Count, steps = first.Training.Outputs.Length, T = first.Training.HorizonStep;
        var s = Enumerable.Range(0, steps).Select(t => t * mapping.TimeStep).ToArray();
        var ranks = Enumerable.Range(0, n).Select(k => (double)k).ToArray();
        Array(run, "inputs", first.Inputs);
        Array(run, "ntk_eigenvalues", r.MeanEigenvalues);
        Matrix(run, "ntk_eigenvectors_seed0", first.Modes.Eigenvectors);
        Matrix(run, "modes_actual_seed0", first.ActualModes);
        Matrix(run, "modes_leading_seed0", first.LeadingModes[..steps]);
        Matrix(run, "modes_corrected_seed0", first.CorrectedModes[..steps]);
        Matrix(run, "end_error_leading", r.Runs.Select(x => x.EndErrorLeading).ToArray());
        Matrix(run, "end_error_corrected", r.Runs.Select(x => x.EndErrorCorrected).ToArray());

        var panels = new List<ScottPlot.Plot>
        {
            CosmologyCharts.Lines("NTK eigenvalues (mean over seeds)", "mode k", "λ_k", [new("λ_k", ranks, r.MeanEigenvalues)], logY: true),
            CosmologyCharts.Lines("Top eigenvectors (seed 0)", "x", "v_k(x)", Enumerable.Range(0, Math.Min(3, n)).Select(k => new ChartSeries($"k = {k}", first.Inputs, first.Modes.Eigenvectors[k]))
                .Append(new ChartSeries("uniform 1/√N", [first.Inputs[0], first.Inputs[^1]], [1 / Math.Sqrt(n), 1 / Math.Sqrt(n)], Dashed: true))),
        };
        Figure.SavePanels(panels, 2, run.FiguresDirectory, "spectrum");

        var modePanels = Enumerable.Range(0, Math.Min(4, n)).Select(k => CosmologyCharts.Lines($"mode {k}: λ = {first.Modes.Eigenvalues[k]:G3}", "s", "a_k = v_k·f",
            [new("leading order", s, first.LeadingModes[..steps].Select(a => a[k]).ToArray()), new("corrected", s, first.CorrectedModes[..steps].Select(a => a[k]).ToArray(), Dashed: true),
             new("network", s, first.ActualModes.Select(a => a[k]).ToArray(), MarkersOnly: true)], legend: ScottPlot.Alignment.LowerRight)).ToList();
        foreach (var p in modePanels) if (T > 0) CosmologyCharts.VerticalGuide(p, T * mapping.TimeStep, "T");
        Figure.SavePanels(modePanels, 2, run.FiguresDirectory, "mode_evolution");

        var median = r.MedianEndErrorCorrected;
        var headline = CosmologyCharts.Lines("|pred(T) − a(T)| / |a(T) − a(0)| per mode", "mode k", "relative end error",
            r.Runs.Select(x => new ChartSeries($"seed {x.Seed}, corrected", ranks, x.EndErrorCorrected, MarkersOnly: true))
              .Append(new ChartSeries("seed 0, leading", ranks, first.EndErrorLeading, MarkersOnly: true)), logY: true, legend: ScottPlot.Alignment.LowerRight);
        CosmologyCharts.HorizontalGuide(headline, 0, "null: no motion (= 1)");
        Figure.Save(headline, run.FiguresDirectory, "mode_end_error");

        double motion0 = first.ModeMotion[0];
        var freezing = CosmologyCharts.Lines("Freezing: how far each mode moved by T (seed 0)", "λ_k / λ_0", "|a_k(T) − a_k(0)| / |a_0(T) − a_0(0)|",
            [new("network", first.Modes.Eigenvalues.Select(l => l / first.Modes.Eigenvalues[0]).ToArray(), first.ModeMotion.Select(m => m / motion0).ToArray(), MarkersOnly: true),
             new("corrected prediction", first.Modes.Eigenvalues.Select(l => l / first.Modes.Eigenvalues[0]).ToArray(),
                 Enumerable.Range(0, n).Select(k => T > 0 ? Math.Abs(first.CorrectedModes[T][k] - first.CorrectedModes[0][k]) / motion0 : double.NaN).ToArray(), MarkersOnly: true)],
            logX: true, logY: true, legend: ScottPlot.Alignment.LowerRight);
        Figure.Save(freezing, run.FiguresDirectory, "freezing");

        int better = Enumerable.Range(1, n - 1).Count(k => median[k] < 0.5); // at least twice better than the no-motion null
        var report = new ReportWriter().Heading("Input-dependent networks: mean field and perturbations (nn-cosmology-duality §2.2, §3)")
            .Paragraph($"Network: {c.Network}, NTK parameterization; {c.Points} inputs equally spaced on [−{c.HalfWidth}, {c.HalfWidth}]; loss (1/N)Σ(1/{c.Power})(fᵢ − yᵢ)^{c.Power} with " +
                       $"yᵢ = f₀(xᵢ) + {c.TargetOffset}(1 + {c.Ripple} sin(πxᵢ/{c.HalfWidth})). Heavy-ball {mapping}. Prediction: m f̈ + 3H ḟ = −Θ₀ ∂L/∂f with the empirical NTK Θ₀ at initialisation " +
                       "(leading: m = 1, ḟ(0) = 0; corrected: m = (1+μ)/2, ḟ(0) = −(√η/2)Θ₀∂L/∂f), projected on Θ₀'s eigenvectors.")
            .Paragraph("What each side saw: the prediction saw f₀, y, p, η, μ and Θ₀; the network was trained. Null: *no motion* (a_k(T) = a_k(0)) scores exactly 1 on this measure, so a mode is predicted better than the null only where its error is below 1.")
            .Table(["seed", "λ₀", "λ₁/λ₀", "overlap of v₀ with uniform", "T (steps)", "mean mode leading", "mean mode corrected", "perturbations (k ≥ 1) with corrected error < 1", "diverged at"],
                r.Runs.Select(x => (IReadOnlyList<string>)[x.Seed.ToString(), F(x.Modes.Eigenvalues[0]), F(x.Modes.Eigenvalues[Math.Min(1, n - 1)] / x.Modes.Eigenvalues[0]), F(x.Modes.UniformOverlap(0), "F4"),
                    x.Training.HorizonStep.ToString(), F(x.EndErrorLeading[0]), F(x.EndErrorCorrected[0]), $"{Enumerable.Range(1, n - 1).Count(k => x.EndErrorCorrected[k] < 1)} of {n - 1}", x.Training.DivergedAtStep?.ToString() ?? "—"]))
            .Paragraph($"Mean mode, mean over seeds: leading {F(r.MeanModeEndError)}, corrected {F(r.MeanModeEndErrorCorrected)}. " +
                       $"Perturbation modes whose median corrected error is at least twice better than the no-motion null (< 0.5): {better} of {n - 1}" +
                       (better <= (n - 1) / 4 ? " — the prediction of the perturbations is, for most modes, no better than assuming they do not move." : "."))
            .Table(["mode k", "λ_k (mean)", "median corrected end error", "|Δa_k|/|Δa_0| (seed 0)"],
                Enumerable.Range(0, Math.Min(n, 12)).Select(k => (IReadOnlyList<string>)[k.ToString(), F(r.MeanEigenvalues[k]), F(median[k]), F(first.ModeMotion[k] / motion0)]))
            .Figure("figures/spectrum.png", "Left: the eigenvalue hierarchy; right: the top eigenvectors against the uniform vector.")
            .Figure("figures/mode_evolution.png", "Seed 0: mode amplitudes, network against the frozen-NTK field equation.")
            .Figure("figures/mode_end_error.png", "Headline: end error per mode over the mode's own motion; 1 is the no-motion null.")
            .Figure("figures/freezing.png", "Freezing of the perturbations: small-eigenvalue modes barely move.");
        report.Save(run.ReportPath);

        return new JsonObject
        {
            ["mean_mode_relative_end_error"] = Number(r.MeanModeEndError),
            ["ntk_eigenvalues"] = new JsonArray(r.MeanEigenvalues.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            ["mean_mode_relative_end_error_corrected"] = Number(r.MeanModeEndErrorCorrected),
            ["mean_mode_uniform_overlap"] = r.Runs.Average(x => x.Modes.UniformOverlap(0)),
            ["eigenvalue_ratio_1_over_0"] = n > 1 ? r.MeanEigenvalues[1] / r.MeanEigenvalues[0] : double.NaN,
            ["perturbation_modes_beating_null"] = better,
            ["perturbation_modes"] = n - 1,
            ["median_perturbation_end_error_corrected"] = Number(n > 1 ? median.Skip(1).OrderBy(v => v).ElementAt((n - 1) / 2) : double.NaN),
        };
    }
}
