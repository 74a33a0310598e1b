using System.Text.Json.Nodes;
using NnPhys.Plotting;
using NnPhys.Runs;

namespace NnPhys.Dmft.Experiments;

/// <summary>Config of <c>nnphys dmft scs</c>.</summary>
/// <param name="Gain">g &gt; 0.</param>
/// <param name="Activation">tanh or erf.</param>
/// <param name="MaxLag">Largest lag τ of the Δ(τ) curve.</param>
/// <param name="LagStep">Lag spacing.</param>
/// <param name="QuadratureStep">Trapezoid node spacing for each Gaussian integral (z ∈ [−8.5, 8.5]).</param>
public sealed record ScsConfig(double Gain = 2, string Activation = "tanh", double MaxLag = 30, double LagStep = 0.05, double QuadratureStep = 0.125) : NnPhys.Runs.IExperimentConfig
{
    /// <summary>Throws <see cref="InvalidConfigException"/> naming the bad field and the fix.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Gain) || Gain <= 0) throw new InvalidConfigException($"--g must be a positive finite gain, got {Gain}; pass e.g. --g 2.");
        DmftActivations.Parse(Activation);
        if (!double.IsFinite(MaxLag) || MaxLag <= 0 || MaxLag > 1000) throw new InvalidConfigException($"--max-lag must be in (0, 1000], got {MaxLag}.");
        if (!double.IsFinite(LagStep) || LagStep <= 0 || MaxLag / LagStep > 100_000) throw new InvalidConfigException($"--lag-step must be positive with at most 100000 lags, got {LagStep}.");
        if (!(QuadratureStep is >= 0.01 and <= 0.5)) throw new InvalidConfigException($"--quadrature-step must be in [0.01, 0.5], got {QuadratureStep}.");
    }
}

/// <summary>SCS theory by the energy method and by shooting (independent), side by side.</summary>
/// <param name="Delta0">Δ₀ (energy method).</param>
/// <param name="HalfDecayLag">τ_half (energy method).</param>
/// <param name="ShootingDelta0">Δ₀ by shooting (NaN for g ≤ 1).</param>
/// <param name="ShootingHalfDecayLag">τ_half by shooting.</param>
/// <param name="TailDecayRate">κ with Δ ∝ e^{−κτ} at long lags.</param>
/// <param name="Lags">Lags τ.</param>
/// <param name="Autocorrelation">Δ(τ), energy method.</param>
/// <param name="ShootingAutocorrelation">Δ(τ), shooting (NaN where the bracketing shots part).</param>
/// <param name="PotentialGrid">Δ values for the potential.</param>
/// <param name="Potential">V(Δ; Δ₀) − V(0; Δ₀).</param>
public sealed record ScsResult(double Delta0, double HalfDecayLag, double ShootingDelta0, double ShootingHalfDecayLag, double TailDecayRate,
    double[] Lags, double[] Autocorrelation, double[] ShootingAutocorrelation, double[] PotentialGrid, double[] Potential);

/// <summary><c>nnphys dmft scs</c>: the Sompolinsky–Crisanti–Sommers stationary autocorrelation of a chaotic random network.</summary>
public static class ScsExperiment
{
    /// <summary>Solves the SCS theory both ways.</summary>
    public static ScsResult Run(ScsConfig config, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        var theory = new ScsTheory(config.Gain, DmftActivations.Parse(config.Activation), config.QuadratureStep);
        int n = (int)Math.Round(config.MaxLag / config.LagStep) + 1;
        var lags = Enumerable.Range(0, n).Select(k => k * config.LagStep).ToArray();
        double delta0 = theory.StationaryVariance();
        progress?.Report(new ProgressTick(0.2, $"Δ₀ = {delta0:G10} (energy method)"));
        double tauHalf = theory.HalfDecayLag(delta0);
        var curve = theory.Autocorrelation(delta0, lags);
        cancellation.ThrowIfCancellationRequested();
        progress?.Report(new ProgressTick(0.5, $"τ_half = {tauHalf:G10}; shooting"));
        double sDelta0 = double.NaN, sHalf = double.NaN; var sCurve = lags.Select(_ => double.NaN).ToArray();
        if (config.Gain > 1)
        {
            var shot = ScsShooting.Solve(theory, outputStep: config.LagStep, outputLag: config.MaxLag);
            sDelta0 = shot.Delta0; sHalf = shot.HalfDecayLag; sCurve = shot.Autocorrelation;
        }
        var grid = Enumerable.Range(0, 101).Select(i => (delta0 > 0 ? delta0 : 1) * i / 100.0).ToArray();
        double d0 = delta0 > 0 ? delta0 : 1, v0 = theory.Potential(0, d0);
        var potential = grid.Select(d => theory.Potential(d, d0) - v0).ToArray();
        progress?.Report(new ProgressTick(1.0, "done"));
        return new ScsResult(delta0, tauHalf, sDelta0, sHalf, delta0 > 0 ? theory.TailDecayRate(delta0) : double.NaN, lags, curve, sCurve, grid, potential);
    }

    /// <summary>Headline metrics (the keys delta0 and tau_half first).</summary>
    public static JsonObject Metrics(ScsConfig config, ScsResult r) => new()
    {
        ["delta0"] = DmftRun.Number(r.Delta0),
        ["tau_half"] = DmftRun.Number(r.HalfDecayLag),
        ["delta0_shooting"] = DmftRun.Number(r.ShootingDelta0),
        ["tau_half_shooting"] = DmftRun.Number(r.ShootingHalfDecayLag),
        ["tail_decay_rate"] = DmftRun.Number(r.TailDecayRate),
        ["g"] = config.Gain,
        ["activation"] = DmftActivations.Name(DmftActivations.Parse(config.Activation)),
    };

    /// <summary>Runs and writes the run directory; returns the metrics.</summary>
    public static JsonObject RunAndWrite(ScsConfig config, string outputDirectory, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        DmftRun.CheckOutput(outputDirectory);
        var r = Run(config, progress, cancellation);
        var metrics = Metrics(config, r);
        return DmftRun.Write(outputDirectory, "dmft scs", config, 0, metrics, run =>
        {
            DmftRun.Array(run, "lags", r.Lags);
            DmftRun.Array(run, "delta_energy", r.Autocorrelation);
            DmftRun.Array(run, "delta_shooting", r.ShootingAutocorrelation);
            DmftRun.Array(run, "potential_delta", r.PotentialGrid);
            DmftRun.Array(run, "potential", r.Potential);
            var shown = Enumerable.Range(0, r.Lags.Length).Where(k => double.IsFinite(r.ShootingAutocorrelation[k])).ToArray();
            var fig = Charts.Lines($"SCS autocorrelation, g = {config.Gain}, φ = {config.Activation}", "lag τ", "Δ(τ)",
            [
                ("energy method", r.Lags, r.Autocorrelation),
                ("shooting", shown.Select(k => r.Lags[k]).ToArray(), shown.Select(k => r.ShootingAutocorrelation[k]).ToArray()),
            ]);
            Figure.Save(fig, run.FiguresDirectory, "autocorrelation");
            var pot = Charts.Lines("Classical-particle potential", "Δ", "V(Δ) − V(0)", [("V(Δ; Δ₀)", r.PotentialGrid, r.Potential)]);
            Figure.Save(pot, run.FiguresDirectory, "potential");
            new ReportWriter().Heading($"Sompolinsky–Crisanti–Sommers theory, g = {config.Gain}, φ = {config.Activation}")
                .Paragraph("Stationary autocorrelation Δ(τ) = ⟨x(t)x(t+τ)⟩ of ẋ = −x + gJφ(x), J_ij ~ N(0, 1/N) i.i.d. (η = 0, σ = 0, N → ∞). " +
                    "Δ obeys Δ̈ = −∂V/∂Δ with V(Δ; Δ₀) = −Δ²/2 + g²∫Dz[∫Dx Φ(√(Δ₀−Δ)x + √Δ z)]²; Δ₀ from V(Δ₀) = V(0) (energy method) and, independently, by shooting on Newton's law.")
                .Table(["quantity", "energy method", "shooting"],
                [
                    ["Δ₀", DmftRun.Format(r.Delta0, "G10"), DmftRun.Format(r.ShootingDelta0, "G10")],
                    ["τ_half", DmftRun.Format(r.HalfDecayLag, "G10"), DmftRun.Format(r.ShootingHalfDecayLag, "G10")],
                    ["tail rate κ", DmftRun.Format(r.TailDecayRate, "G6"), "—"],
                ])
                .Paragraph(config.Gain <= 1 ? "g ≤ 1: the fixed point x = 0 is stable, Δ₀ = 0 and τ_half is undefined (null in --json)." :
                    "The shooting curve stops where the two bracketing shots differ by more than 10⁻⁴Δ₀ (the separatrix is unstable).")
                .Figure("figures/autocorrelation.png", "Δ(τ) from the energy integral and from shooting.")
                .Figure("figures/potential.png", "V(Δ; Δ₀) − V(0; Δ₀): the particle starts at rest at Δ₀ and comes to rest at Δ = 0 (equal heights).")
                .Save(run.ReportPath);
        });
    }
}
