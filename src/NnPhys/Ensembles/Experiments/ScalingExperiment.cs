using NnPhys.Numerics.Sampling;
using NnPhys.Runs;

namespace NnPhys.Ensembles.Experiments;

/// <summary>Configuration of <c>nnphys ensemble scaling</c>: the architecture (its width is replaced by each of <paramref name="Widths"/>).</summary>
public sealed record ScalingConfig(EnsembleSpec Spec, int[] Widths, long Samples = 200_000, ulong Seed = 0) : NnPhys.Runs.IExperimentConfig
{
    /// <summary>Checks everything before a run directory is created.</summary>
    public void Validate()
    {
        if (Widths.Length < 2) throw new InvalidConfigException("--widths needs at least two widths to fit a power law, e.g. --widths 1 2 4 8 16.");
        foreach (var n in Widths) Check.Positive(n, "The width N", "--width 100");
        Check.Positive(Samples, "The number of samples", "--samples 10000");
        Spec.WithWidth(Widths[0]).Build();
    }
}

/// <summary>One connected correlator against width: estimates, closed form (NaN where unknown), fit or the reason there is none.</summary>
public sealed record CumulantSeries(string Label, int Order, WidthMeasurement[] Measurements, double[] ClosedForm, PowerLawFit? Fit, string? Note)
{
    /// <summary>Predicted exponent 1 − r/2 (eq. (143)).</summary>
    public double PredictedExponent => CumulantScaling.PredictedExponent(Order);
}

/// <summary>The NNGP action at one width: ⟨S⟩, ⟨log p⟩, Var(S)/(2P) − 1 and its prediction Σ K⁻¹K⁻¹G4_c/(2P) (NaN without a closed-form G4_c).</summary>
public sealed record ActionAtWidth(int Width, CorrelatorEstimate MeanAction, CorrelatorEstimate MeanLogDensity, CorrelatorEstimate ExcessVariance, double PredictedExcess, double[] HistogramCentres, double[] HistogramDensity);

/// <summary>Result of <c>nnphys ensemble scaling</c>.</summary>
public sealed record ScalingResult(string RunDirectory, string Architecture, string Ensemble, double[] EvaluationPoint, CumulantSeries G4c, CumulantSeries Kappa4, CumulantSeries Kappa6,
    IReadOnlyList<ActionAtWidth> Action, double GaussianLogDensity, string? ActionNote);

/// <summary>
/// <c>nnphys ensemble scaling</c> for the chosen architecture and hyperparameters: (1) G4_c at four fixed points against N
/// (eq. (143): exponent −1); (2) the one-point cumulants κ4, κ6 of φ(e₀) against N (exponents −1, −2); (3) the NNGP action
/// S = φᵀK⁻¹φ on 4 points (eqs. (42)–(43)) with K the closed-form G2: Var(S)/(2P) − 1 against N beside its prediction
/// Σ K⁻¹K⁻¹G4_c/(2P). Closed forms are drawn wherever the single-neuron moments are known; a cumulant that vanishes
/// identically (Cos-net's κ6) is reported as such instead of fitted.
/// </summary>
public static class ScalingExperiment
{
    /// <summary>Runs the experiment.</summary>
    public static ScalingResult Run(ScalingConfig config, string outputDirectory, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        RunDirectory.CheckOutputPath(outputDirectory);
        var spec = config.Spec.WithWidth(config.Widths[0]); // the spec's own width is not used: every width comes from Widths
        var manifestConfig = new { config.Spec, output_weight_convention = spec.OutputWeightConvention, config.Widths, config.Samples, config.Seed };
        return ExperimentRun.Run(outputDirectory, "ensemble scaling", manifestConfig, config.Seed, run =>
        {
            int d = spec.InputDimension, w = config.Widths.Length;
            double[] Unit(int j, double v) { var x = new double[d]; x[Math.Min(j, d - 1)] = v; return x; }
            double[][] fourPoints = [new double[d], Unit(0, 0.4), Unit(d - 1, 0.3), Enumerable.Repeat(0.25, d).ToArray()];
            var g4 = CumulantScaling.Measure(n => spec.WithWidth(n).Build(), new PointSet(fourPoints), [0, 1, 2, 3], config.Widths, config.Seed, config.Samples);
            var g4Closed = config.Widths.Select(n => spec.WithWidth(n).ClosedFormConnected(fourPoints)).ToArray();
            progress?.Report(new ProgressTick(0.3, "one-point cumulants"));
            cancellation.ThrowIfCancellationRequested();

            var x = Unit(0, 1.0);
            var kappa4 = new WidthMeasurement[w]; var kappa6 = new WidthMeasurement[w];
            for (int k = 0; k < w; k++)
            {
                var powers = EnsembleSampler.Networks(spec.WithWidth(config.Widths[k]).Build(), new PointSet([x]), config.Seed + 1000 + (ulong)k, new StreamRange(0, 4 * config.Samples),
                    () => new PowerMomentObserver(), 0, null, cancellation);
                kappa4[k] = new WidthMeasurement(config.Widths[k], powers.Cumulant(4));
                kappa6[k] = new WidthMeasurement(config.Widths[k], powers.Cumulant(6));
                progress?.Report(new ProgressTick(0.3 + 0.4 * (k + 1) / w, "one-point cumulants"));
            }
            double[] ClosedPowers(int r) => config.Widths.Select(n => spec.WithWidth(n).ClosedFormConnected(Enumerable.Repeat(x, r).ToArray())).ToArray();
            var g4Series = Series($"G4_c {spec.Architecture}", 4, g4, g4Closed);
            var k4Series = Series($"κ4 {spec.Architecture} φ(e₀)", 4, kappa4, ClosedPowers(4));
            var k6Series = Series($"κ6 {spec.Architecture} φ(e₀)", 6, kappa6, ClosedPowers(6));

            var (action, gaussianLogDensity, note) = MeasureAction(spec, config, progress, cancellation);
            var result = new ScalingResult(run.Root, spec.Architecture, spec.WithWidth(config.Widths[0]).Build().Description, x, g4Series, k4Series, k6Series, action, gaussianLogDensity, note);
            ScalingReport.Write(run, config, result);
            foreach (var (name, s) in new[] { ("g4c", g4Series), ("kappa4", k4Series), ("kappa6", k6Series) })
            {
                ExperimentRun.Metric(run, name + "_exponent", s.Fit?.Exponent);
                ExperimentRun.Metric(run, name + "_exponent_se", s.Fit?.ExponentError);
            }
            progress?.Report(new ProgressTick(1, "done"));
            return result;
        });
    }

    static CumulantSeries Series(string label, int order, WidthMeasurement[] m, double[] closed)
    {
        double scale = m.Max(x => Math.Abs(x.Estimate.Value) + x.Estimate.StandardError);
        if (closed.All(c => double.IsFinite(c) && Math.Abs(c) < 1e-12 * Math.Max(1, scale)))
        {
            double worst = m.Max(x => Math.Abs(x.Estimate.Pull(0)));
            return new CumulantSeries(label, order, m, closed, null, FormattableString.Invariant($"vanishes identically in closed form at every N (no power law to fit); the estimates are consistent with 0, max |pull| {worst:F1}"));
        }
        try { return new CumulantSeries(label, order, m, closed, CumulantScaling.Fit(m), null); }
        catch (NumericalInstabilityException e) { return new CumulantSeries(label, order, m, closed, null, "not fitted: " + e.Message); }
    }

    // the NNGP action on 4 points with K = closed-form G2; needs a closed-form G2, the prediction a closed-form G4_c
    static (IReadOnlyList<ActionAtWidth>, double, string?) MeasureAction(EnsembleSpec spec, ScalingConfig config, IProgress<ProgressTick>? progress, CancellationToken cancellation)
    {
        int d = spec.InputDimension;
        double[][] xs = d == 1 ? [[0.0], [1.0], [-0.8], [1.7]]
            : new[] { new[] { 0.0, 0.0 }, new[] { 1.0, 0.0 }, new[] { 0.0, 1.2 }, new[] { 1.1, 1.1 } }.Select(p => p.Concat(new double[d - 2]).ToArray()).ToArray();
        var kernel = new double[4, 4];
        for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) kernel[a, b] = spec.ClosedFormMoment([xs[a], xs[b]]);
        if (double.IsNaN(kernel[0, 1])) return ([], double.NaN, $"No closed-form G2 for {spec.Architecture}: the NNGP action K⁻¹ needs the exact kernel, so this part is skipped.");
        NngpAction action;
        try { action = new NngpAction(kernel); }
        catch (NnPhysException e) { return ([], double.NaN, "The 4-point kernel matrix is not positive definite here: " + e.Message); }
        var rows = new List<ActionAtWidth>();
        for (int k = 0; k < config.Widths.Length; k++)
        {
            int n = config.Widths[k];
            var ensemble = spec.WithWidth(n).Build();
            var obs = EnsembleSampler.Networks(ensemble, new PointSet(xs), config.Seed + 2000 + (ulong)k, new StreamRange(0, config.Samples), () => new ActionObserver(action), 0, null, cancellation);
            var v = obs.ActionVariance;
            double predicted = action.ExcessActionVariance((a, b, c, e) => spec.WithWidth(n).ClosedFormConnected([xs[a], xs[b], xs[c], xs[e]])) / 8;
            var (centres, density) = obs.Density();
            rows.Add(new ActionAtWidth(n, obs.MeanAction, obs.MeanLogDensity, new CorrelatorEstimate(v.Value / 8 - 1, v.StandardError / 8), predicted, centres, density));
            progress?.Report(new ProgressTick(0.7 + 0.25 * (k + 1) / config.Widths.Length, "NNGP action"));
        }
        return (rows, -2 - 0.5 * (action.LogDeterminant + 4 * Math.Log(2 * Math.PI)), null);
    }
}
