using System.Text.Json.Nodes;
using NnPhys.Plotting;
using NnPhys.Runs;

namespace NnPhys.Dmft.Experiments;

/// <summary>
/// <c>nnphys dmft transient</c>: the causal two-time DMFT solve from an initial condition — m(t), C(t,t), C(t,t′), R(t,t′) —
/// and its late-time (stationary) part, with the SCS theory beside it where that applies (η = 0, σ = 0, odd bounded φ such as tanh/erf, g &gt; 1).
/// </summary>
public static class TransientExperiment
{
    /// <summary>Solves and writes the run directory; <paramref name="burnIn"/> and <paramref name="maxLag"/> define the stationary part.</summary>
    public static JsonObject RunAndWrite(TwoTimeDmftConfig config, double burnIn, double maxLag, string outputDirectory, IProgress<ProgressTick>? progress = null, CancellationToken ct = default)
    {
        config.Validate();
        if (!(burnIn >= 0) || !(maxLag > 0) || burnIn + maxLag > config.Duration)
            throw new InvalidConfigException($"The stationary part needs 0 ≤ --burn-in, 0 < --max-lag and burn-in + max lag ≤ --duration; got {burnIn} + {maxLag} vs {config.Duration}. Raise --duration.");
        DmftRun.CheckOutput(outputDirectory);
        var s = TwoTimeDmftSolver.Solve(config, progress, ct);
        var (lags, c, spread) = s.Stationary(s.Correlation, burnIn, maxLag);
        var (_, r, _) = s.Stationary(s.Response, burnIn, maxLag);
        var (_, rphi, _) = s.Stationary(s.PhiResponse, burnIn, maxLag);
        var act = DmftActivations.Parse(config.Activation);
        double[]? scs = null; double d0 = double.NaN;
        if (config.Eta == 0 && config.Noise == 0 && config.Gain > 1 && ScsTheory.Supports(act))
        {
            var theory = new ScsTheory(config.Gain, act);
            d0 = theory.StationaryVariance();
            scs = theory.Autocorrelation(d0, lags);
        }
        int tp = s.Times.Length;
        var ctt = Enumerable.Range(0, tp).Select(n => s.Correlation[n][n]).ToArray();
        var metrics = new JsonObject
        {
            ["seconds"] = s.Seconds, ["time_points"] = tp, ["paths"] = config.Paths,
            ["c0"] = c[0], ["tau_half"] = DmftRun.Number(SolveExperiment.HalfDecay(lags, c)), ["c_stationary_drift_max"] = spread.Max() / Math.Max(c[0], 1e-300),
            ["c_tt_final"] = ctt[^1], ["mean_final"] = s.MeanX[^1], ["field_covariance_error"] = s.FieldCovarianceError,
            ["delta0_scs"] = DmftRun.Number(d0), ["max_dev_scs"] = scs is null ? null : SimulateExperiment.MaxDeviation(c, scs, d0),
            ["g"] = config.Gain, ["eta"] = config.Eta, ["sigma"] = config.Noise,
        };
        return DmftRun.Write(outputDirectory, "dmft transient", new { config, burnIn, maxLag }, config.Seed, metrics, run =>
        {
            DmftRun.Array(run, "times", s.Times); DmftRun.Array(run, "mean_x", s.MeanX); DmftRun.Array(run, "mean_phi", s.MeanPhi); DmftRun.Array(run, "c_equal_time", ctt);
            DmftRun.Array(run, "c_two_time", Square(s.Correlation), tp, tp); DmftRun.Array(run, "r_two_time", Square(s.Response), tp, tp);
            DmftRun.Array(run, "c_phi_two_time", Square(s.PhiCorrelation), tp, tp);
            DmftRun.Array(run, "lags", lags); DmftRun.Array(run, "c_stationary", c); DmftRun.Array(run, "c_stationary_spread", spread);
            DmftRun.Array(run, "r_stationary", r); DmftRun.Array(run, "r_phi_stationary", rphi);
            if (scs is not null) DmftRun.Array(run, "c_scs", scs);
            string title = $"g = {config.Gain}, η = {config.Eta}, σ = {config.Noise}, φ = {config.Activation}";
            Figure.Save(Charts.Lines("DMFT transient: " + title, "t", "", [("m(t)", s.Times, s.MeanX), ("C(t,t)", s.Times, ctt)]), run.FiguresDirectory, "transient");
            var series = new List<(string, double[], double[])> { ("DMFT C(t′+τ, t′), t′ ≥ burn-in", lags, c) };
            if (scs is not null) series.Add(("SCS Δ(τ)", lags, scs));
            Figure.Save(Charts.Lines("Stationary part: " + title, "lag τ", "C(τ)", series), run.FiguresDirectory, "autocorrelation");
            Figure.Save(Charts.Lines("Response: " + title, "lag τ", "R(τ)", [("R_x", lags, r), ("R_φ", lags, rphi)]), run.FiguresDirectory, "response");
            new ReportWriter().Heading("Two-time DMFT: " + title)
                .Paragraph($"Causal solve from x(0) ~ {(config.Initial == "uniform" ? "U(0, 1)" : $"N(0, {config.InitialVariance})")}: {config.Paths} effective paths, step {config.Step}, " +
                    $"{tp} time points, memory horizon {(config.MemoryHorizon == 0 ? "the whole history" : config.MemoryHorizon.ToString())}; {s.Seconds:F1} s. The field covariance matched g²C_φ to {s.FieldCovarianceError:E1} (relative). " +
                    $"Stationary part: C(t′+τ, t′) averaged over t′ ≥ {burnIn}.")
                .Table(["quantity", "value"],
                [
                    ["C(0) (stationary part)", DmftRun.Format(c[0])], ["τ_half", DmftRun.Format(SolveExperiment.HalfDecay(lags, c))],
                    ["max spread over t′ / C(0)", DmftRun.Format(spread.Max() / c[0], "G3")],
                    ["SCS Δ₀ (η = 0, σ = 0 only)", DmftRun.Format(d0)],
                    ["max |C − Δ_SCS| / Δ₀", scs is null ? "—" : DmftRun.Format(SimulateExperiment.MaxDeviation(c, scs, d0), "G3")],
                ])
                .Figure("figures/transient.png", "Population mean m(t) and equal-time correlation C(t,t).")
                .Figure("figures/autocorrelation.png", "Stationary part of C(t,t′) and the SCS theory where it applies.")
                .Figure("figures/response.png", "Stationary part of the responses.")
                .Save(run.ReportPath);
        });
    }

    static double[] Square(double[][] lower)
    {
        int n = lower.Length;
        var a = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) { a[i * n + j] = lower[i][j]; if (j < i) a[j * n + i] = lower[i][j]; }
        return a;
    }
}
