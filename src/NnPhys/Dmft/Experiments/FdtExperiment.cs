using System.Text.Json.Nodes;
using NnPhys.Plotting;
using NnPhys.Runs;

namespace NnPhys.Dmft.Experiments;

/// <summary>Config of <c>nnphys dmft fdt</c>: noisy networks at several η.</summary>
public sealed record FdtConfig(double[] Etas, int Size = 300, double Gain = 0.4, string Activation = "identity", double Noise = 1,
    double BurnIn = 30, double Duration = 200, double MaxLag = 8, int Networks = 2, int Trials = 4, double EulerStep = 0.01, ulong Seed = 0) : NnPhys.Runs.IExperimentConfig
{
    /// <summary>The simulation of one η.</summary>
    public NetworkSimulationConfig Simulation(double eta) => new(Size, Gain, eta, Activation, Noise, BurnIn, Duration, 0.1, MaxLag, Networks, Trials,
        Math.Min(Size, 100), "gaussian", EulerStep, 1e-6, Seed);

    /// <summary>Throws <see cref="InvalidConfigException"/> naming the problem.</summary>
    public void Validate()
    {
        if (Etas.Length == 0) throw new InvalidConfigException("--etas must list at least one η in [−1, 1].");
        if (!(Noise > 0)) throw new InvalidConfigException($"The fluctuation–dissipation check needs noise: --sigma must be > 0, got {Noise}.");
        foreach (var e in Etas) Simulation(e).Validate();
    }
}

/// <summary>
/// <c>nnphys dmft fdt</c>: R(τ) (tangent dynamics, and the Novikov estimate ⟨xξ⟩/σ) against −(2/σ²) dC/dτ. Symmetric
/// couplings (η = 1) with φ = identity are an equilibrium system (ẋ = −∇E, E = ½xᵀ(1 − gJ)x, temperature σ²/2), so FDT
/// holds; for η &lt; 1 the drift is not a gradient and it is violated. Violation = Σ|R − R_FDT| / Σ|R| over τ ∈ (0, max-lag).
/// </summary>
public static class FdtExperiment
{
    /// <summary>Simulates each η and writes the run directory.</summary>
    public static JsonObject RunAndWrite(FdtConfig config, string outputDirectory, IProgress<ProgressTick>? progress = null, CancellationToken ct = default)
    {
        config.Validate();
        DmftRun.CheckOutput(outputDirectory);
        var results = new List<(double eta, NetworkSimulationResult sim, double[] fdt, double violation, double novikov)>();
        foreach (var eta in config.Etas)
        {
            var sim = NetworkSimulation.Run(config.Simulation(eta), null, ct);
            var fdt = FluctuationDissipation.PredictedResponse(sim.Autocorrelation, 0.1, config.Noise);
            double v = FluctuationDissipation.Violation(sim.Response, fdt);
            var mid = sim.Response.Select((r, l) => l + 1 < sim.Response.Length ? 0.5 * (r + sim.Response[l + 1]) : double.NaN).ToArray();
            double nov = SimulateExperiment.MaxDeviation(mid, sim.NoiseResponse, 1);
            results.Add((eta, sim, fdt, v, nov));
            progress?.Report(new ProgressTick((double)results.Count / config.Etas.Length, $"η = {eta}: FDT violation {v:G3}"));
        }
        var metrics = new JsonObject
        {
            ["etas"] = new JsonArray(results.Select(r => (JsonNode?)JsonValue.Create(r.eta)).ToArray()),
            ["fdt_violation"] = new JsonArray(results.Select(r => (JsonNode?)JsonValue.Create(r.violation)).ToArray()),
            ["tangent_vs_novikov_max_dev"] = new JsonArray(results.Select(r => (JsonNode?)JsonValue.Create(r.novikov)).ToArray()),
            ["activation"] = config.Activation, ["g"] = config.Gain, ["sigma"] = config.Noise, ["n"] = config.Size,
        };
        return DmftRun.Write(outputDirectory, "dmft fdt", config, config.Seed, metrics, run =>
        {
            var lags = results[0].sim.Lags;
            DmftRun.Array(run, "lags", lags); DmftRun.Array(run, "etas", config.Etas);
            DmftRun.Array(run, "fdt_violation", results.Select(r => r.violation).ToArray());
            var panels = new List<ScottPlot.Plot>();
            foreach (var r in results)
            {
                string tag = $"eta_{r.eta:0.###}".Replace('-', 'm');
                DmftRun.Array(run, "c_" + tag, r.sim.Autocorrelation); DmftRun.Array(run, "r_" + tag, r.sim.Response); DmftRun.Array(run, "r_fdt_" + tag, r.fdt);
                DmftRun.Array(run, "r_novikov_" + tag, r.sim.NoiseResponse);
                panels.Add(Charts.Lines($"η = {r.eta}: violation {r.violation:G3}", "lag τ", "response",
                [
                    ("R(τ), tangent", lags, r.sim.Response), ("−(2/σ²) dC/dτ", lags, r.fdt),
                    ("R, Novikov ⟨xξ⟩/σ", lags.Select(t => t + 0.05).ToArray(), r.sim.NoiseResponse),
                ]));
            }
            Figure.SavePanels(panels, Math.Min(panels.Count, 3), run.FiguresDirectory, "fdt");
            Figure.Save(Charts.Lines("FDT violation vs η", "η", "Σ|R − R_FDT| / Σ|R|", [("violation", config.Etas, results.Select(r => r.violation).ToArray())]), run.FiguresDirectory, "violation");
            new ReportWriter().Heading($"Fluctuation–dissipation, φ = {config.Activation}, g = {config.Gain}, σ = {config.Noise}, N = {config.Size}")
                .Paragraph("R(τ) from the tangent dynamics (exact linear response) against −(2/σ²)dC/dτ from the same runs; the Novikov estimate ⟨x(t)∫ξ⟩/(σΔ) is an independent response measurement from the noise alone.")
                .Table(["η", "FDT violation", "max |R_tangent − R_Novikov|"], results.Select(r => (IReadOnlyList<string>)[DmftRun.Format(r.eta), DmftRun.Format(r.violation, "G3"), DmftRun.Format(r.novikov, "G3")]))
                .Figure("figures/fdt.png", "Response vs FDT prediction per η.")
                .Figure("figures/violation.png", "Scalar violation vs η.")
                .Save(run.ReportPath);
        });
    }
}
