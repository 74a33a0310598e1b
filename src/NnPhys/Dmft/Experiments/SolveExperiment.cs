using System.Text.Json.Nodes;
using NnPhys.Plotting;
using NnPhys.Runs;

namespace NnPhys.Dmft.Experiments;

/// <summary><c>nnphys dmft solve</c>: the stationary DMFT solver, with the SCS theory beside it where that applies (η = 0, σ = 0, odd bounded φ).</summary>
public static class SolveExperiment
{
    /// <summary>First lag at which c falls to c(0)/2 (linear interpolation), NaN if it never does.</summary>
    public static double HalfDecay(double[] lags, double[] c)
    {
        for (int k = 1; k < c.Length; k++)
            if (c[k] <= c[0] / 2) return lags[k - 1] + (c[k - 1] - c[0] / 2) / (c[k - 1] - c[k]) * (lags[k] - lags[k - 1]);
        return double.NaN;
    }

    /// <summary>
    /// <c>--method gaussian</c>: the η = 0, σ = 0 stationary equations with the exact Gaussian closure, solved by Newton–Krylov on
    /// the lag grid (step --dt, lags up to --correlation-horizon) from a crude bump, beside SCS.
    /// </summary>
    static JsonObject WriteGaussianClosure(StationaryDmftConfig config, bool allowUnconverged, string outputDirectory)
    {
        if (config.Eta != 0 || config.Noise != 0)
            throw new InvalidConfigException($"--method gaussian is exact only at η = 0, σ = 0 (x is then Gaussian), got η = {config.Eta}, σ = {config.Noise}; use --method newton.");
        var act = DmftActivations.Parse(config.Activation);
        var s = StationaryNewtonSolver.SolveGaussianClosure(config.Gain, act, config.Step, config.CorrelationHorizon, Math.Min(config.Tolerance, 1e-10), Math.Max(config.MaxIterations, 10));
        if (!s.Converged && !allowUnconverged)
            throw new DmftNotConvergedException($"The Gaussian-closure Newton–Krylov solve did not converge: residual {s.Residual:E3} after {s.Steps.Count} Newton steps. Pass --allow-unconverged to write it marked unconverged.");
        var theory = new ScsTheory(config.Gain, act);
        double d0 = theory.StationaryVariance(), tauHalf = theory.HalfDecayLag(d0);
        var scs = theory.Autocorrelation(d0, s.Lags);
        int upTo20 = s.Lags.Count(t => t <= 20 + 1e-9);
        double maxDev = SimulateExperiment.MaxDeviation(s.Autocorrelation[..upTo20], scs[..upTo20], d0);
        var metrics = new JsonObject
        {
            ["method"] = "gaussian", ["converged"] = s.Converged, ["iterations"] = s.Steps.Count, ["residual"] = s.Residual, ["map_evaluations"] = s.Evaluations,
            ["newton_residuals"] = new JsonArray(s.Steps.Select(st => (JsonNode?)JsonValue.Create(st.Residual)).ToArray()),
            ["newton_gmres_products"] = new JsonArray(s.Steps.Select(st => (JsonNode?)JsonValue.Create(st.LinearIterations)).ToArray()),
            ["delta0"] = s.Delta0, ["tau_half"] = DmftRun.Number(s.TauHalf), ["delta0_scs"] = d0, ["tau_half_scs"] = tauHalf,
            ["delta0_rel_error"] = (s.Delta0 - d0) / d0, ["max_dev_scs_tau_le_20"] = maxDev, ["time_points"] = s.Lags.Length, ["seconds"] = s.Seconds,
            ["g"] = config.Gain, ["dt"] = config.Step,
        };
        return DmftRun.Write(outputDirectory, "dmft solve", config, config.Seed, metrics, run =>
        {
            DmftRun.Array(run, "lags", s.Lags); DmftRun.Array(run, "c_x", s.Autocorrelation); DmftRun.Array(run, "c_scs", scs);
            string title = $"g = {config.Gain}, η = 0, σ = 0, φ = {config.Activation}, dt = {config.Step}";
            Figure.Save(Charts.Lines("Gaussian-closure Newton–Krylov vs SCS: " + title, "lag τ", "Δ(τ)", [("Newton–Krylov", s.Lags, s.Autocorrelation), ("SCS (energy method)", s.Lags, scs)]), run.FiguresDirectory, "autocorrelation");
            new ReportWriter().Heading("Stationary DMFT, Gaussian closure (η = 0): " + title)
                .Paragraph((s.Converged ? "Converged" : "**NOT converged**") + $": residual {s.Residual:E3} after {s.Steps.Count} Newton steps ({s.Evaluations} map evaluations, GMRES products per step {string.Join(", ", s.Steps.Select(st => st.LinearIterations))}); {s.Seconds:F1} s. " +
                    "Start: the bump 0.64(g² − 1)sech²(τ/4), not SCS. The grid's trapezoid rule is second order: the error falls 4× when --dt halves.")
                .Table(["quantity", "Newton–Krylov", "SCS"], [["Δ₀", DmftRun.Format(s.Delta0, "G8"), DmftRun.Format(d0, "G8")], ["τ_half", DmftRun.Format(s.TauHalf, "G8"), DmftRun.Format(tauHalf, "G8")],
                    ["max |Δ − Δ_SCS|/Δ₀, τ ≤ 20", DmftRun.Format(maxDev, "G3"), "—"]])
                .Figure("figures/autocorrelation.png", "Δ(τ): Newton–Krylov on the Gaussian closure and SCS.")
                .Save(run.ReportPath);
        });
    }

    /// <summary>Solves; a solve that does not converge throws <see cref="DmftNotConvergedException"/> (residual, iterations) unless <paramref name="allowUnconverged"/>.</summary>
    /// <param name="method">"newton" (Jacobian-free Newton–Krylov on u − F[u], <see cref="StationaryNewtonSolver.SolveMonteCarlo"/>) or
    /// "damped" (damped + Anderson iteration, <see cref="StationaryDmftSolver"/>; cannot reach the σ = 0 physical branch).</param>
    public static JsonObject RunAndWrite(StationaryDmftConfig config, bool allowUnconverged, string outputDirectory, IProgress<ProgressTick>? progress = null, CancellationToken ct = default,
        int continuationSteps = 4, string method = "damped")
    {
        config.Validate();
        if (continuationSteps < 0) throw new InvalidConfigException($"--continuation-steps must be ≥ 0 (0: cold start), got {continuationSteps}.");
        if (method is not ("newton" or "damped" or "gaussian")) throw new InvalidConfigException($"--method must be newton, gaussian or damped, got '{method}'.");
        DmftRun.CheckOutput(outputDirectory);
        if (method == "gaussian") return WriteGaussianClosure(config, allowUnconverged, outputDirectory);
        StationaryNewtonResult? newton = method == "newton" ? StationaryNewtonSolver.SolveMonteCarlo(config, continuationSteps, progress, ct) : null;
        var s = newton?.Solution ?? (continuationSteps > 0 ? StationaryDmftSolver.SolveByContinuation(config, continuationSteps, progress, ct) : StationaryDmftSolver.Solve(config, progress, ct));
        // At σ = 0 the stationary map also has non-decaying fixed points (SCS's overshooting / periodic trajectories), and the
        // decaying one is unstable under the iteration (docs/dmft.md). For odd φ and η ≥ 0 the physical C_x(τ) stays ≥ 0, so a
        // negative lobe below −5% of C_x(0) marks the wrong branch: reported as not converged.
        double lobe = s.FullAutocorrelation.Min() / Math.Max(s.FullAutocorrelation[0], 1e-300);
        bool spurious = config.Noise == 0 && config.Eta >= 0 && DmftActivations.IsOdd(DmftActivations.Parse(config.Activation)) && lobe < -0.05;
        if (spurious && !allowUnconverged)
            throw new DmftNotConvergedException($"The stationary iteration reached a fixed point (residual {s.Residual:E3} after {s.Iterations} iterations) on the wrong, non-decaying branch: " +
                $"C_x(τ) dips to {lobe:F2}·C_x(0). Use `nnphys dmft transient` (causal two-time solver; its late-time part is the stationary solution) or pass --allow-unconverged to write it marked spurious.");
        if (!s.Converged && !allowUnconverged)
            throw new DmftNotConvergedException($"The DMFT solve did not converge: residual {s.Residual:E3} after {s.Iterations} iterations (tolerance {config.Tolerance:E1}). " +
                (method == "newton" ? "Raise --max-iterations or --paths, loosen --tolerance, " : "Try --method newton, raise --max-iterations or --damping, loosen --tolerance, ") + "or pass --allow-unconverged to write the last iterate marked unconverged.");
        var act = DmftActivations.Parse(config.Activation);
        double[]? scs = null; double scsDelta0 = double.NaN;
        if (config.Eta == 0 && config.Noise == 0 && config.Gain > 1 && ScsTheory.Supports(act))
        {
            var theory = new ScsTheory(config.Gain, act);
            scsDelta0 = theory.StationaryVariance();
            scs = theory.Autocorrelation(scsDelta0, s.HorizonLags);
        }
        var metrics = new JsonObject
        {
            ["converged"] = s.Converged && !spurious, ["spurious_branch"] = spurious, ["c_min_over_c0"] = lobe, ["iterations"] = s.Iterations, ["residual"] = s.Residual, ["tolerance"] = config.Tolerance,
            ["c0"] = s.FullAutocorrelation[0], ["c0_se"] = s.AutocorrelationError[0],
            ["tau_half"] = DmftRun.Number(HalfDecay(s.HorizonLags, s.FullAutocorrelation)),
            ["mean_x"] = s.MeanX, ["seconds"] = s.Seconds, ["time_points"] = s.HorizonLags.Length,
            ["delta0_scs"] = DmftRun.Number(scsDelta0),
            ["max_dev_scs"] = scs is null ? null : SimulateExperiment.MaxDeviation(s.FullAutocorrelation, scs, scsDelta0),
            ["g"] = config.Gain, ["eta"] = config.Eta, ["sigma"] = config.Noise, ["continuation_steps"] = continuationSteps,
            ["method"] = method, ["control_variate"] = config.ControlVariate, ["paths"] = 2 * config.PathPairs,
            ["map_evaluations"] = newton?.Evaluations,
            ["newton_gmres_products"] = newton is null ? null : new JsonArray(newton.Steps.Select(st => (JsonNode?)JsonValue.Create(st.LinearIterations)).ToArray()),
        };
        return DmftRun.Write(outputDirectory, "dmft solve", config, config.Seed, metrics, run =>
        {
            DmftRun.Array(run, "lags", s.HorizonLags); DmftRun.Array(run, "c_x", s.FullAutocorrelation); DmftRun.Array(run, "c_phi", s.PhiCorrelation);
            DmftRun.Array(run, "response_lags", s.Lags); DmftRun.Array(run, "r_x", s.Response); DmftRun.Array(run, "r_phi", s.PhiResponse);
            DmftRun.Array(run, "residuals", s.Residuals);
            if (scs is not null) DmftRun.Array(run, "c_scs", scs);
            var series = new List<(string, double[], double[])> { ("DMFT C_x(τ)", s.HorizonLags, s.FullAutocorrelation), ("DMFT C_φ(τ)", s.HorizonLags, s.PhiCorrelation) };
            if (scs is not null) series.Add(("SCS Δ(τ) (energy method)", s.HorizonLags, scs));
            string title = $"g = {config.Gain}, η = {config.Eta}, σ = {config.Noise}, φ = {config.Activation}";
            Figure.Save(Charts.Lines("Stationary DMFT: " + title, "lag τ", "correlation", series), run.FiguresDirectory, "autocorrelation");
            Figure.Save(Charts.Lines("Response: " + title, "lag τ", "response", [("R_x(τ)", s.Lags, s.Response), ("R_φ(τ)", s.Lags, s.PhiResponse)]), run.FiguresDirectory, "response");
            Figure.Save(Charts.Lines("Residual per iteration", "iteration", "residual (log)", [("residual", Enumerable.Range(1, s.Iterations).Select(i => (double)i).ToArray(), s.Residuals)], logY: true), run.FiguresDirectory, "residuals");
            new ReportWriter().Heading("Stationary DMFT: " + title)
                .Paragraph((spurious ? $"**Spurious branch** (C_x dips to {lobe:F2}·C_x(0); see docs/dmft.md) — " : "") + (s.Converged ? "Converged" : "**NOT converged**") + $": residual {s.Residual:E3} after {s.Iterations} iterations (tolerance {config.Tolerance:E1}, damping {config.Damping}); " +
                    $"{2 * config.PathPairs} effective paths per iteration (the same random numbers every iteration), step {config.Step}, burn-in {config.BurnIn}, window {config.Window}; {s.Seconds:F1} s.")
                .Table(["quantity", "value"],
                [
                    ["C_x(0)", $"{DmftRun.Format(s.FullAutocorrelation[0])} ± {DmftRun.Format(s.AutocorrelationError[0], "G2")}"],
                    ["τ_half of C_x", DmftRun.Format(HalfDecay(s.HorizonLags, s.FullAutocorrelation))],
                    ["SCS Δ₀ (η = 0, σ = 0 only)", DmftRun.Format(scsDelta0)],
                    ["max |C_DMFT − Δ_SCS| / Δ₀", scs is null ? "—" : DmftRun.Format(SimulateExperiment.MaxDeviation(s.FullAutocorrelation, scs, scsDelta0), "G3")],
                ])
                .Figure("figures/autocorrelation.png", "Self-consistent correlations (and the SCS theory where it applies).")
                .Figure("figures/response.png", "Self-consistent responses.")
                .Figure("figures/residuals.png", "Residual per iteration.")
                .Save(run.ReportPath);
        });
    }
}
