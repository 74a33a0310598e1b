using NnPhys.Numerics.Sampling;
using NnPhys.Runs;

namespace NnPhys.Ensembles.Experiments;

/// <summary>
/// <c>nnphys ensemble correlators</c>: correlators at user-given point tuples — by default G2(x0, x_k) and G4_c(x0, x0, x_k, x_k)
/// (G6_c(x0, x0, x0, x_k, x_k, x_k) when asked) — by direct parameter-space Monte Carlo (eqs. (27), (45)–(49)) with tail
/// diagnostics, by the exact-in-N single-neuron reduction (eqs. (39), (50)–(51); importance-sampled for Gauss-net) and in
/// closed form where the single-neuron moments are known (eqs. (62), (64), (70), (71) and their generalisation to any
/// order). Heavy-tailed direct estimates are replaced by the reduction, with a warning (see <see cref="CorrelatorAnalysis"/>).
/// </summary>
public static class CorrelatorExperiment
{
    /// <summary>Runs the experiment into <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="InvalidConfigException">A bad configuration (checked before anything is written).</exception>
    public static CorrelatorResult Run(CorrelatorConfig config, string outputDirectory, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        var ensemble = config.Validate();
        RunDirectory.CheckOutputPath(outputDirectory);
        var points = config.ResolvedPoints;
        var tuples = config.ResolvedTuples;
        var manifestConfig = new
        {
            config.Spec, output_weight_convention = config.Spec.OutputWeightConvention, points = points.ToRows(), tuples, config.SixPoint,
            config.Samples, config.NeuronSamples, config.Seed, shard = config.Shard is { } s ? $"{s.k}/{s.n}" : null,
        };
        return ExperimentRun.Run(outputDirectory, "ensemble correlators", manifestConfig, config.Seed, run =>
        {
            if (config.Shard is { } shard)
            {
                var piece = EnsembleShard.Run(ensemble, points, tuples, config.Seed, shard.k, shard.n, config.Samples, 0, new ExperimentProgress(progress, 0, 1, "sampling networks"), cancellation);
                var file = Path.Combine(run.Root, $"shard-{shard.k}-of-{shard.n}.json");
                piece.Save(file);
                new ReportWriter().Heading($"Correlator shard {shard.k} of {shard.n}")
                    .Paragraph($"{ensemble.Description}: streams {piece.Streams[0]} of {config.Samples}, accumulator in `{Path.GetFileName(file)}`. Combine all shards with `nnphys ensemble merge`; the merge reads this run's manifest for the closed forms and the reduction.")
                    .Save(run.ReportPath);
                ExperimentRun.Metric(run, "stream_count", piece.Streams[0].Count);
                return new CorrelatorResult(run.Root, ensemble.Description, config.Spec.OutputWeightConvention, piece.Streams[0].Count, 0, [], [], file, piece.Streams[0]);
            }
            bool neuronSum = ensemble is NeuronSumEnsemble;
            var monitored = EnsembleSampler.Networks(ensemble, points, config.Seed, new StreamRange(0, config.Samples), () => new MonitoredCorrelatorAccumulator(tuples, points.Count),
                0, new ExperimentProgress(progress, 0, neuronSum ? 0.6 : 0.95, "sampling networks"), cancellation);
            var (rows, warnings) = CorrelatorAnalysis.Analyse(ensemble, points, tuples, monitored.Correlators, monitored.Tails, config.NeuronSamples, config.Seed,
                new ExperimentProgress(progress, 0.6, 0.95, "sampling single neurons"), cancellation);
            progress?.Report(new ProgressTick(0.95, "figures and report"));
            var result = new CorrelatorResult(run.Root, ensemble.Description, config.Spec.OutputWeightConvention, config.Samples, neuronSum ? config.NeuronSamples : 0, rows, warnings);
            string description = $"{ensemble.Description}. {config.Spec.OutputWeightConvention}. {config.Samples} sampled networks (streams 0..{config.Samples - 1}, seed {config.Seed})" +
                (neuronSum ? $"; exact-in-N reduction from {config.NeuronSamples} single neurons{(rows.Any(r => r.ReductionMethod?.StartsWith("importance") == true) ? " drawn by importance sampling in (w₀, b₀) (defensive mixture of the subsets' exponential tilts)" : "")}." : ".");
            CorrelatorReport.Write(run, $"Correlators of {config.Spec.Architecture}, N = {config.Spec.Width}, d = {config.Spec.InputDimension}", description, points, config.IsDefaultScan, rows, warnings);
            ExperimentRun.Metric(run, "max_pull_vs_closed_form", result.MaxPullVsClosedForm);
            ExperimentRun.Metric(run, "max_direct_pull_vs_closed_form", result.MaxDirectPullVsClosedForm);
            ExperimentRun.Metric(run, "heavy_tailed_correlators", rows.Count(r => r.DirectTails?.HeavyTailed == true));
            progress?.Report(new ProgressTick(1, "done"));
            return result;
        });
    }
}
