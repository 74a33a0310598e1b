using NnPhys.Numerics;
using NnPhys.Runs;

namespace NnPhys.Mup.Experiments;

/// <summary>
/// The coordinate check of microsoft/mup, for the abcd family of tasi-physics-for-ml eqs. (101)–(106): for each width,
/// parameterization and optimizer, train the MLP a few full-batch steps on one fixed regression batch and record the
/// RMS (over batch and coordinates) of the pre-activations at init, of Δh and of Δφ; fit log RMS against log N. μP
/// should give slopes ≈ 0 for all three; standard parameterization blows up; NTK keeps Δh ∝ N^(−1/2) (lazy).
/// </summary>
public static class CoordinateCheck
{
    /// <summary>The metric key of a slope: <c>{param}_{quantity}_slope</c> for SGD, prefixed <c>adam_</c> for Adam.</summary>
    public static string MetricName(string parameterization, MupOptimizer optimizer, CoordinateQuantity quantity) =>
        $"{(optimizer == MupOptimizer.Adam ? "adam_" : "")}{parameterization}_{QuantityName(quantity)}_slope";

    /// <summary>preactivation, feature_change, output_change.</summary>
    public static string QuantityName(CoordinateQuantity quantity) => quantity switch
    {
        CoordinateQuantity.Preactivation => "preactivation",
        CoordinateQuantity.FeatureChange => "feature_change",
        _ => "output_change",
    };

    /// <summary>
    /// The slope theory predicts in the small-step (linear) regime, derived in docs/mup.md from eqs. (108)–(120);
    /// null where no single power law is predicted (standard parameterization under Adam at a fixed rate).
    /// </summary>
    public static double? TheorySlope(string parameterization, MupOptimizer optimizer, CoordinateQuantity quantity) =>
        (WidthScaling.Canonical(parameterization), optimizer, quantity) switch
        {
            (_, _, CoordinateQuantity.Preactivation) => 0,
            ("mup", _, _) => 0,
            ("ntk", _, CoordinateQuantity.FeatureChange) => -0.5,
            ("ntk", _, CoordinateQuantity.OutputChange) => 0,
            ("standard", MupOptimizer.Sgd, CoordinateQuantity.FeatureChange) => 0.5,
            ("standard", MupOptimizer.Sgd, CoordinateQuantity.OutputChange) => 1,
            ("standard", MupOptimizer.Adam, CoordinateQuantity.FeatureChange) => 1,
            _ => null,
        };

    /// <summary>Runs the check and returns the curves and slopes without writing anything.</summary>
    public static CoordinateCheckResult Measure(CoordinateCheckConfig config, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        var widths = config.Widths.Order().ToArray();
        config = config with { Widths = widths };
        var optimizers = config.WithAdam ? new[] { MupOptimizer.Sgd, MupOptimizer.Adam } : [MupOptimizer.Sgd];
        var (x, y) = Batch(config);
        // cost ∝ N² per run: progress in units of N²
        double total = optimizers.Length * config.Parameterizations.Length * config.Seeds * widths.Sum(w => (double)w * w), done = 0;
        var curves = new List<CoordinateCheckCurves>();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        double[] widthValues = widths.Select(w => (double)w).ToArray();
        foreach (var optimizer in optimizers)
            foreach (var name in config.Parameterizations)
            {
                string p = WidthScaling.Canonical(name);
                var single = widths.Select(w => new SingleWidthMeasurement(config, w)).ToArray();
                for (int wi = 0; wi < widths.Length; wi++)
                    for (int s = 0; s < config.Seeds; s++)
                    {
                        cancellation.ThrowIfCancellationRequested();
                        var random = new RandomStream(config.Seed, 1).Fork((ulong)s).Fork((ulong)widths[wi]);
                        single[wi].Add(p, optimizer, x, y, random);
                        done += (double)widths[wi] * widths[wi];
                        progress?.Report(new ProgressTick(done / total, $"{optimizer} {p} N={widths[wi]} seed {s + 1}/{config.Seeds}"));
                    }
                var c = Assemble(p, optimizer, config, single);
                curves.Add(c);
                foreach (var q in Enum.GetValues<CoordinateQuantity>())
                    metrics[MetricName(p, optimizer, q)] = LogLogSlope.Fit(widthValues, c.Headline(q));
            }
        return new CoordinateCheckResult(config, curves, metrics);
    }

    /// <summary>The fixed training batch: x ~ N(0, I_D) and y = sin(2 u·x) for a fixed unit vector u.</summary>
    public static (float[] X, float[] Y) Batch(CoordinateCheckConfig config)
    {
        var random = new RandomStream(config.Seed, 0);
        var xs = new double[config.Batch * config.InputDimension];
        random.FillNormal(xs);
        var u = new double[config.InputDimension];
        random.FillNormal(u);
        double norm = Math.Sqrt(u.Sum(v => v * v));
        var y = new float[config.Batch];
        for (int b = 0; b < config.Batch; b++)
        {
            double dot = 0;
            for (int j = 0; j < config.InputDimension; j++) dot += u[j] / norm * xs[b * config.InputDimension + j];
            y[b] = (float)Math.Sin(2 * dot);
        }
        return (xs.Select(v => (float)v).ToArray(), y);
    }

    static CoordinateCheckCurves Assemble(string name, MupOptimizer optimizer, CoordinateCheckConfig config, SingleWidthMeasurement[] single)
    {
        int hidden = config.HiddenLayers, steps = config.Steps, nw = single.Length;
        double[][] Series(Func<SingleWidthMeasurement, int, double> value, int rows) =>
            Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, nw).Select(w => value(single[w], r)).ToArray()).ToArray();
        var pre = Series((m, l) => m.Mean(m.Preactivation[l]), hidden);
        var feature = Enumerable.Range(0, steps).Select(t => Series((m, l) => m.Mean(m.FeatureChange[t][l]), hidden)).ToArray();
        var output = Series((m, t) => m.Mean(m.OutputChange[t]), steps);
        var loss = Series((m, t) => m.Mean(m.Loss[t]), steps + 1);
        return new CoordinateCheckCurves(name, optimizer, pre, feature, output, loss, single.Where(m => m.Diverged).Select(m => m.Width).ToArray());
    }
}
