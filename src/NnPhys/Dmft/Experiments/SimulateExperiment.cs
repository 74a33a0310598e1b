using System.Text.Json.Nodes;
using NnPhys.Plotting;
using NnPhys.Runs;

namespace NnPhys.Dmft.Experiments;

/// <summary>A theory curve for the network's C(τ) and R(τ), with where it came from.</summary>
/// <param name="Source">"scs" (η = 0 closed theory) or "dmft" (late-time part of the causal two-time solver).</param>
/// <param name="Autocorrelation">C(τ) on the simulation's lags.</param>
/// <param name="Response">R(τ) on the simulation's lags.</param>
public sealed record TheoryCurves(string Source, double[] Autocorrelation, double[] Response);

/// <summary><c>nnphys dmft simulate</c>: finite networks against the mean-field theory, beside null models.</summary>
public static class SimulateExperiment
{
    /// <summary>The theory for a config: SCS for η = 0, σ = 0, odd bounded φ such as tanh/erf, g &gt; 1; otherwise the causal two-time DMFT solve over the network's recording window (at most 16000 paths and 1.2e7 path-time points).</summary>
    public static TheoryCurves Theory(NetworkSimulationConfig c, double[] lags, IProgress<ProgressTick>? progress, CancellationToken ct)
    {
        var act = DmftActivations.Parse(c.Activation);
        if (c.Eta == 0 && c.Noise == 0 && c.Gain > 1 && ScsTheory.Supports(act))
        {
            var scs = new ScsTheory(c.Gain, act);
            double d0 = scs.StationaryVariance();
            return new TheoryCurves("scs", scs.Autocorrelation(d0, lags), lags.Select(t => Math.Exp(-t)).ToArray()); // η = 0: χ(τ) = e^{−τ}
        }
        // the causal two-time solver from the network's own initial distribution, evaluated over the network's own recording
        // window [burn-in, burn-in + duration] (capped at 1201 time points): at η > 0 the memory builds up slowly, so a
        // shorter DMFT run is not yet stationary (docs/dmft.md)
        double total = Math.Min(c.BurnIn + c.Duration, 1200 * c.OutputStep), burnIn = Math.Min(c.BurnIn, total - c.MaxLag);
        int paths = (int)Math.Min(16000, 1.2e7 / (total / c.OutputStep + 1));
        var solverConfig = new TwoTimeDmftConfig(c.Gain, c.Eta, c.Activation, c.Noise, c.OutputStep, total, paths, c.Initial, Seed: c.Seed);
        var solution = TwoTimeDmftSolver.Solve(solverConfig, progress, ct);
        var (solverLags, corr, _) = solution.Stationary(solution.Correlation, burnIn, c.MaxLag);
        var (_, resp, _) = solution.Stationary(solution.Response, burnIn, c.MaxLag);
        return new TheoryCurves("dmft", Resample(solverLags, corr, lags), Resample(solverLags, resp, lags));
    }

    static double[] Resample(double[] x, double[] y, double[] at) => at.Select(t =>
    {
        int k = Array.FindIndex(x, v => v >= t - 1e-9);
        if (k < 0) return double.NaN;
        if (k == 0 || Math.Abs(x[k] - t) < 1e-9) return y[k];
        double f = (t - x[k - 1]) / (x[k] - x[k - 1]);
        return y[k - 1] + f * (y[k] - y[k - 1]);
    }).ToArray();

    /// <summary>max over lags of |a − b| / scale.</summary>
    public static double MaxDeviation(double[] a, double[] b, double scale)
    {
        double worst = 0;
        for (int i = 0; i < a.Length; i++) if (double.IsFinite(a[i]) && double.IsFinite(b[i])) worst = Math.Max(worst, Math.Abs(a[i] - b[i]) / scale);
        return worst;
    }

    /// <summary>Simulates, solves the theory and writes the run directory; returns the metrics.</summary>
    /// <param name="withTheory">false: the network alone (theory columns NaN; `dmft compare` brings its own theory).</param>
    public static JsonObject RunAndWrite(NetworkSimulationConfig config, string outputDirectory, IProgress<ProgressTick>? progress = null, CancellationToken ct = default,
        bool withTheory = true)
    {
        config.Validate();
        DmftRun.CheckOutput(outputDirectory);
        var sim = NetworkSimulation.Run(config, progress, ct);
        var theory = withTheory ? Theory(config, sim.Lags, progress, ct) : new TheoryCurves("none", sim.Lags.Select(_ => double.NaN).ToArray(), sim.Lags.Select(_ => double.NaN).ToArray());
        double c0 = sim.Autocorrelation[0];
        var persistence = sim.Lags.Select(_ => c0).ToArray();
        var leaky = sim.Lags.Select(t => c0 * Math.Exp(-t)).ToArray(); // a leaky neuron driven by white noise
        double scale = withTheory ? theory.Autocorrelation[0] : c0;
        var metrics = new JsonObject
        {
            ["c0_network"] = c0,
            ["c0_theory"] = DmftRun.Number(scale),
            ["theory"] = theory.Source,
            ["max_dev_theory"] = withTheory ? DmftRun.Number(MaxDeviation(sim.Autocorrelation, theory.Autocorrelation, scale)) : null,
            ["max_dev_null_persistence"] = MaxDeviation(sim.Autocorrelation, persistence, scale),
            ["max_dev_null_leaky"] = MaxDeviation(sim.Autocorrelation, leaky, scale),
            ["max_se_network"] = sim.AutocorrelationError.Max() / scale,
            ["response_max_dev_theory"] = withTheory && config.Response ? DmftRun.Number(MaxDeviation(sim.Response, theory.Response, 1)) : null,
            ["response_tangent_vs_noise_max_dev"] = config.Noise > 0 ? DmftRun.Number(MaxDeviation(Midpoints(sim.Response), sim.NoiseResponse, 1)) : null,
            ["multiply_adds_per_second"] = sim.MultiplyAddsPerSecond,
            ["seconds"] = sim.Seconds,
            ["n"] = config.Size, ["g"] = config.Gain, ["eta"] = config.Eta, ["sigma"] = config.Noise, ["trials"] = config.Trials,
        };
        return DmftRun.Write(outputDirectory, "dmft simulate", config, config.Seed, metrics, run => Write(run, config, sim, theory, persistence, leaky, metrics));
    }

    /// <summary>R at the midpoints (l+½)Δ, to compare with the Novikov estimate.</summary>
    static double[] Midpoints(double[] r) => r.Select((v, l) => l + 1 < r.Length ? 0.5 * (v + r[l + 1]) : double.NaN).ToArray();

    static void Write(RunDirectory run, NetworkSimulationConfig c, NetworkSimulationResult sim, TheoryCurves theory, double[] persistence, double[] leaky, JsonObject m)
    {
        DmftRun.Array(run, "lags", sim.Lags);
        DmftRun.Array(run, "c_network", sim.Autocorrelation); DmftRun.Array(run, "c_network_se", sim.AutocorrelationError);
        DmftRun.Array(run, "c_theory", theory.Autocorrelation);
        DmftRun.Array(run, "r_network", sim.Response); DmftRun.Array(run, "r_network_se", sim.ResponseError);
        DmftRun.Array(run, "r_noise", sim.NoiseResponse); DmftRun.Array(run, "r_theory", theory.Response);
        DmftRun.Array(run, "times", sim.Times); DmftRun.Array(run, "mean", sim.Mean); DmftRun.Array(run, "c_equal_time", sim.EqualTimeCorrelation);
        if (sim.TwoTimeCorrelation.Length > 0) DmftRun.Array(run, "c_two_time", sim.TwoTimeCorrelation, sim.Times.Length, sim.Times.Length);
        string title = $"N = {c.Size}, g = {c.Gain}, η = {c.Eta}, σ = {c.Noise}, φ = {c.Activation}";
        var fig = Charts.Lines("C(τ): " + title, "lag τ", "C(τ)",
        [
            ($"network ({c.Trials} trials)", sim.Lags, sim.Autocorrelation), ($"theory ({theory.Source})", sim.Lags, theory.Autocorrelation),
            ("null: persistence C(0)", sim.Lags, persistence), ("null: leaky C(0)e^{−τ}", sim.Lags, leaky),
        ]);
        Figure.Save(fig, run.FiguresDirectory, "autocorrelation");
        var series = new List<(string, double[], double[])> { ("network, tangent dynamics", sim.Lags, sim.Response), ($"theory ({theory.Source})", sim.Lags, theory.Response) };
        if (c.Noise > 0) series.Add(("network, Novikov ⟨xξ⟩/σ", sim.Lags.Select(t => t + 0.5 * c.OutputStep).ToArray(), sim.NoiseResponse));
        Figure.Save(Charts.Lines("R(τ): " + title, "lag τ", "R(τ)", series), run.FiguresDirectory, "response");
        Figure.Save(Charts.Lines("Transient: " + title, "t − burn-in", "", [("m(t)", sim.Times, sim.Mean), ("C(t,t)", sim.Times, sim.EqualTimeCorrelation)]), run.FiguresDirectory, "transient");
        new ReportWriter().Heading("Finite network vs mean-field theory: " + title)
            .Paragraph($"{c.Networks} coupling matrices × {c.TrialsPerNetwork} trials, burn-in {c.BurnIn}, recorded {c.Duration} at Δ = {c.OutputStep}; C(τ) from {c.RecordedNeurons} neurons per trial and all time origins; " +
                (c.Noise > 0 ? $"Euler–Maruyama h = {c.EulerStep}." : $"adaptive Dormand–Prince 5(4), tolerance {c.Tolerance}.") +
                " The theory saw only (g, η, σ, φ); the null models saw the network's own C(0).")
            .Table(["comparison (max over τ ∈ [0, max-lag] of |C_network − C_model| / C_theory(0))", "value"],
            [
                [$"theory ({theory.Source})", DmftRun.Format((double?)m["max_dev_theory"] ?? double.NaN, "G3")],
                ["null: persistence C(τ) = C(0)", DmftRun.Format((double)m["max_dev_null_persistence"]!, "G3")],
                ["null: leaky neuron C(0)e^{−τ}", DmftRun.Format((double)m["max_dev_null_leaky"]!, "G3")],
                ["network's own standard error (max)", DmftRun.Format((double)m["max_se_network"]!, "G3")],
                ["R(τ): max |R_network − R_theory|", DmftRun.Format((double?)m["response_max_dev_theory"] ?? double.NaN, "G3")],
            ])
            .Paragraph($"Throughput: {sim.MultiplyAddsPerSecond:E3} coupling multiply-adds per second ({sim.Seconds:F1} s wall, {sim.Steps} integrator steps).")
            .Figure("figures/autocorrelation.png", "Stationary autocorrelation: network vs theory and null models.")
            .Figure("figures/response.png", "Response R(τ): tangent dynamics" + (c.Noise > 0 ? ", Novikov identity" : "") + " and theory.")
            .Figure("figures/transient.png", "Population mean m(t) and C(t,t) after the burn-in.")
            .Save(run.ReportPath);
    }
}
