using System.Text.Json.Nodes;
using NnPhys.Plotting;
using NnPhys.Runs;

namespace NnPhys.Dmft.Experiments;

/// <summary>Config of <c>nnphys dmft lyapunov</c>: λ_max over a (g, η) grid.</summary>
public sealed record LyapunovConfig(double[] Gains, double[] Etas, int Size = 300, string Activation = "tanh", int Trials = 4,
    double BurnIn = 50, double Duration = 100, ulong Seed = 0) : NnPhys.Runs.IExperimentConfig
{
    /// <summary>Throws <see cref="InvalidConfigException"/> naming the problem.</summary>
    public void Validate()
    {
        if (Gains.Length == 0 || Gains.Any(g => !double.IsFinite(g) || g <= 0)) throw new InvalidConfigException("--gains must be positive numbers, e.g. --gains 0.5 1 1.5 2.");
        if (Etas.Length == 0) throw new InvalidConfigException("--etas must list at least one η in [−1, 1].");
        foreach (var e in Etas) CouplingMatrix.CheckCorrelation(e);
        if (Size < 50) throw new InvalidConfigException($"--n {Size} is too small for a mean-field Lyapunov exponent; use ≥ 50.");
        DmftActivations.Parse(Activation);
        if (Trials < 2) throw new InvalidConfigException("--trials must be ≥ 2.");
        if (!(Duration >= 10) || !(BurnIn >= 0)) throw new InvalidConfigException("--duration must be ≥ 10 and --burn-in ≥ 0.");
    }
}

/// <summary><c>nnphys dmft lyapunov</c>: the chaos phase diagram over (g, η) with the fixed-point prediction.</summary>
public static class LyapunovExperiment
{
    /// <summary>Measures λ_max on the grid and writes the run directory.</summary>
    public static JsonObject RunAndWrite(LyapunovConfig config, string outputDirectory, IProgress<ProgressTick>? progress = null, CancellationToken ct = default)
    {
        config.Validate();
        DmftRun.CheckOutput(outputDirectory);
        var act = DmftActivations.Parse(config.Activation);
        var points = new List<LyapunovPoint>();
        foreach (var eta in config.Etas)
            foreach (var g in config.Gains)
            {
                points.Add(LyapunovExponent.Measure(config.Size, g, eta, act, config.Trials, config.BurnIn, config.Duration, config.Seed, cancellation: ct));
                progress?.Report(new ProgressTick((double)points.Count / (config.Gains.Length * config.Etas.Length), $"g = {g}, η = {eta}: λ = {points[^1].Exponent:G4}"));
            }
        var predicted = points.Where(p => double.IsFinite(p.Prediction)).ToArray();
        double worst = predicted.Length == 0 ? double.NaN : predicted.Max(p => Math.Abs(p.Exponent - p.Prediction));
        int agree = points.Count(p => (p.Exponent > 0) == (p.Gain * (1 + p.Eta) * act.Derivative(0) > 1));
        var metrics = new JsonObject
        {
            ["lambda_max"] = new JsonArray(points.Select(p => (JsonNode?)JsonValue.Create(p.Exponent)).ToArray()),
            ["gains"] = new JsonArray(points.Select(p => (JsonNode?)JsonValue.Create(p.Gain)).ToArray()),
            ["etas"] = new JsonArray(points.Select(p => (JsonNode?)JsonValue.Create(p.Eta)).ToArray()),
            ["max_dev_fixed_point_prediction"] = DmftRun.Number(worst),
            ["fraction_sign_agrees_with_g_one_plus_eta_gt_1"] = (double)agree / points.Count,
            ["n"] = config.Size,
        };
        return DmftRun.Write(outputDirectory, "dmft lyapunov", config, config.Seed, metrics, run =>
        {
            int ng = config.Gains.Length, ne = config.Etas.Length;
            var grid = points.Select(p => p.Exponent).ToArray(); // row = η, column = g
            DmftRun.Array(run, "lambda_max", grid, ne, ng); DmftRun.Array(run, "lambda_max_se", points.Select(p => p.StandardError).ToArray(), ne, ng);
            DmftRun.Array(run, "gains", config.Gains); DmftRun.Array(run, "etas", config.Etas);
            double gMin = config.Gains.Min(), gMax = config.Gains.Max(), eMin = config.Etas.Min(), eMax = config.Etas.Max();
            double dg = ng > 1 ? (gMax - gMin) / (ng - 1) : 1, de = ne > 1 ? (eMax - eMin) / (ne - 1) : 1;
            var heat = Charts.Heatmap("λ_max over (g, η); line: g(1+η)φ′(0) = 1", grid, ng, ne, gMin - dg / 2, gMax + dg / 2, eMin - de / 2, eMax + de / 2, "λ_max");
            var es = Enumerable.Range(0, 101).Select(i => eMin - de / 2 + (eMax - eMin + de) * i / 100.0).ToArray();
            var edge = heat.Add.Scatter(es.Select(e => 1 / ((1 + e) * act.Derivative(0))).ToArray(), es);
            edge.MarkerSize = 0; edge.LineWidth = 2; edge.Color = ScottPlot.Colors.White;
            heat.XLabel("g"); heat.YLabel("η");
            Figure.Save(heat, run.FiguresDirectory, "phase_diagram");
            var lines = config.Etas.Select((e, r) => ($"η = {e}", config.Gains, grid.Skip(r * ng).Take(ng).ToArray())).ToList();
            Figure.Save(Charts.Lines("λ_max vs g", "g", "λ_max", lines), run.FiguresDirectory, "lyapunov_vs_gain");
            new ReportWriter().Heading($"Largest Lyapunov exponent, N = {config.Size}, φ = {config.Activation}")
                .Paragraph($"{config.Trials} trials per point (one J per point), burn-in {config.BurnIn}, averaged over {config.Duration}. Prediction where x = 0 is stable: λ = −1 + g(1+η)φ′(0) (elliptic-law edge); worst deviation there {DmftRun.Format(worst, "G3")}. " +
                    $"Sign of λ agrees with g(1+η)φ′(0) > 1 at {agree}/{points.Count} points.")
                .Table(["g", "η", "λ_max", "± SE", "fixed-point prediction"], points.Select(p => (IReadOnlyList<string>)[DmftRun.Format(p.Gain), DmftRun.Format(p.Eta), DmftRun.Format(p.Exponent, "G4"), DmftRun.Format(p.StandardError, "G2"), DmftRun.Format(p.Prediction, "G4")]))
                .Figure("figures/phase_diagram.png", "Phase diagram: λ_max over (g, η) with the fixed-point instability line g(1+η) = 1.")
                .Figure("figures/lyapunov_vs_gain.png", "λ_max against g for each η.")
                .Save(run.ReportPath);
        });
    }
}
