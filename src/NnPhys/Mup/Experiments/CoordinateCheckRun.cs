using System.Diagnostics;
using NnPhys.IO;
using NnPhys.Numerics;
using NnPhys.Runs;

namespace NnPhys.Mup.Experiments;

/// <summary><c>nnphys mup coord-check</c> end to end: validate, measure, write arrays, figures, report.md and manifest.json.</summary>
public static class CoordinateCheckRun
{
    /// <summary>Runs the coordinate check into <paramref name="outputDirectory"/> and returns the result with its run directory.</summary>
    /// <exception cref="InvalidConfigException">The config is invalid (nothing is written).</exception>
    public static CoordinateCheckResult Run(CoordinateCheckConfig config, string outputDirectory, IProgress<ProgressTick>? progress = null,
        CancellationToken cancellation = default)
    {
        return ExperimentRunner.Run(outputDirectory, "mup coord-check", config, config.Seed, run =>
        {
                var clock = Stopwatch.StartNew();
                var result = CoordinateCheck.Measure(config, new Scaled(progress, 0.95), cancellation);
                run.AddTiming("measure", clock.Elapsed);
                progress?.Report(new ProgressTick(0.95, "arrays, figures and report"));
                WriteArrays(run, result);
                foreach (var (name, value) in result.Metrics) if (double.IsFinite(value)) run.RecordMetric(name, value);
                CoordinateCheckFigures.Write(run, result);
                CoordinateCheckReport.Write(run, result);
                progress?.Report(new ProgressTick(1, "done"));
                return result with { RunDirectory = run.Root };
        }, BlasProvider.Describe());
    }

    /// <summary>
    /// arrays/widths.npy (W); per optimizer o ∈ {sgd, adam} and parameterization p: o_p_preactivation (hidden, W),
    /// o_p_feature_change (steps, hidden, W), o_p_output_change (steps, W), o_p_loss (steps+1, W). NaN marks a diverged width.
    /// </summary>
    static void WriteArrays(RunDirectory run, CoordinateCheckResult result)
    {
        var widths = result.Config.Widths;
        run.WriteArray("widths", NpyArray.Of(widths.Select(w => (long)w).ToArray(), widths.Length));
        foreach (var c in result.Curves)
        {
            string prefix = $"{(c.Optimizer == MupOptimizer.Adam ? "adam" : "sgd")}_{c.Parameterization}_";
            run.WriteArray(prefix + "preactivation", Flat(c.Preactivation), allowNonFinite: true);
            var f = c.FeatureChange.SelectMany(t => t.SelectMany(l => l)).ToArray();
            run.WriteArray(prefix + "feature_change", NpyArray.Of(f, c.FeatureChange.Length, c.FeatureChange[0].Length, widths.Length), allowNonFinite: true);
            run.WriteArray(prefix + "output_change", Flat(c.OutputChange), allowNonFinite: true);
            run.WriteArray(prefix + "loss", Flat(c.Loss), allowNonFinite: true);
        }
    }

    static NpyArray Flat(double[][] rows) => NpyArray.Of(rows.SelectMany(r => r).ToArray(), rows.Length, rows[0].Length);

    sealed class Scaled(IProgress<ProgressTick>? outer, double to) : IProgress<ProgressTick>
    {
        public void Report(ProgressTick value) => outer?.Report(value with { Done = value.Done * to });
    }
}
