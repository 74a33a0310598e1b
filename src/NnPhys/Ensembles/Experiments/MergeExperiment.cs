using System.Text.Json;
using System.Text.Json.Nodes;
using NnPhys.Runs;

namespace NnPhys.Ensembles.Experiments;

/// <summary>Configuration of <c>nnphys ensemble merge</c>: the shard files of one correlator run.</summary>
/// <param name="ShardFiles">The shard files.</param>
/// <param name="AllowPartial">Merge even when shards of the split are missing (the report and metrics name them); refused otherwise.</param>
public sealed record MergeConfig(IReadOnlyList<string> ShardFiles, bool AllowPartial = false);

/// <summary>Result of <c>nnphys ensemble merge</c>.</summary>
/// <param name="Correlators">The merged correlators (rows with closed forms and the reduction when the shards' run manifest was found).</param>
/// <param name="Shards">Number of shard files merged.</param>
/// <param name="StreamRanges">Stream ranges covered, e.g. "[0, 2000)".</param>
/// <param name="Contiguous">True when the shards cover one contiguous range (no shard missing).</param>
/// <param name="MergedFile">The merged accumulator file.</param>
/// <param name="Raw">Raw moment of every tuple.</param>
/// <param name="Connected">Connected correlator of every tuple.</param>
/// <param name="SpecFound">True when the run's <see cref="EnsembleSpec"/> was read from a shard's manifest.</param>
/// <param name="MissingShards">Shards "k/n" of the split that were not given (only with AllowPartial).</param>
/// <param name="Complete">True when the shard files record k/n and none is missing.</param>
public sealed record MergeResult(CorrelatorResult Correlators, int Shards, string StreamRanges, bool Contiguous, string MergedFile,
    IReadOnlyList<CorrelatorEstimate> Raw, IReadOnlyList<CorrelatorEstimate> Connected, bool SpecFound,
    IReadOnlyList<string> MissingShards, bool Complete);

/// <summary>
/// <c>nnphys ensemble merge</c>: combines shard files of one correlator run (refusing different configurations and
/// overlapping streams), writes the merged accumulator, and — reading the architecture from the manifest of the run
/// directory a shard sits in — compares every correlator with its closed form and the exact-in-N reduction and draws the
/// figure and tables a single run draws.
/// </summary>
public static class MergeExperiment
{
    /// <summary>Merges the shards into a run directory.</summary>
    public static MergeResult Run(MergeConfig config, string outputDirectory, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        if (config.ShardFiles.Count == 0) throw new InvalidConfigException("Give the shard files to merge, e.g. `nnphys ensemble merge runs/shard-*/shard-*.json`.");
        RunDirectory.CheckOutputPath(outputDirectory);
        var shards = config.ShardFiles.Select(EnsembleShard.Load).ToList();
        var merged = EnsembleShard.Merge(shards, config.AllowPartial);
        var missing = merged.MissingShards.Select(k => $"{k}/{merged.Shards!.Count}").ToArray();
        var configuration = JsonNode.Parse(merged.Configuration)!;
        var points = new PointSet(configuration["points"]!.AsArray().Select(r => r!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToArray());
        var tuples = configuration["tuples"]!.AsArray().Select(t => t!.AsArray().Select(a => a!.GetValue<int>()).ToArray()).ToArray();
        ulong seed = ulong.Parse(configuration["seed"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var (spec, neuronSamples) = FindSpec(config.ShardFiles, configuration["ensemble"]!.GetValue<string>());
        var manifestConfig = new { shards = config.ShardFiles.ToArray(), configuration, spec, allowPartial = config.AllowPartial };
        return ExperimentRun.Run(outputDirectory, "ensemble merge", manifestConfig, seed, run =>
        {
            var file = Path.Combine(run.Root, "merged.json");
            merged.Save(file);
            var acc = merged.Accumulator;
            var raw = CorrelatorEstimators.All(acc, connected: false);
            var connected = CorrelatorEstimators.All(acc, connected: true);
            ExperimentRun.Estimates(run, "raw", raw);
            ExperimentRun.Estimates(run, "connected", connected);
            var ranges = string.Join(", ", merged.Streams.Select(r => r.ToString()));
            INetworkEnsemble? ensemble = spec?.Build();
            CorrelatorRow[] rows; string[] warnings;
            if (ensemble is not null)
                (rows, warnings) = CorrelatorAnalysis.Analyse(ensemble, points, tuples, acc, null, neuronSamples, seed, new ExperimentProgress(progress, 0, 0.9, "exact-in-N reduction"), cancellation);
            else
                (rows, warnings) = CorrelatorAnalysis.Analyse(new DescribedOnly(configuration["ensemble"]!.GetValue<string>(), points.Dimension), points, tuples, acc, null, 0, seed, null, cancellation);
            bool defaultScan = tuples.Length > 0 && (Same(tuples, CorrelatorConfig.DefaultTuples(points.Count, false)) || Same(tuples, CorrelatorConfig.DefaultTuples(points.Count, true)));
            string description = $"Merged {shards.Count} shards: {configuration["ensemble"]}; streams {ranges} ({acc.Count} samples)" +
                (merged.Shards is { } set ? $" of {set.TotalSamples}, shards {string.Join(", ", set.Indices)} of {set.Count}." : ".") +
                (missing.Length > 0 ? $" **Partial merge: shard(s) {string.Join(", ", missing)} are missing**; the estimates use only the samples present." : "") +
                (merged.Shards is null ? " The shard files do not record k/n, so completeness is unknown." : "") +
                (ensemble is null ? " No shard sits in its `ensemble correlators` run directory, so the architecture is unknown here: no closed forms or reduction." : $" {spec!.OutputWeightConvention}; reduction from {neuronSamples} single neurons.") +
                " Tail diagnostics are not stored in shard files, so heavy tails are caught here only by the pull against a closed form.";
            var result = new CorrelatorResult(run.Root, configuration["ensemble"]!.GetValue<string>(), spec?.OutputWeightConvention ?? "", acc.Count, ensemble is NeuronSumEnsemble ? neuronSamples : 0, rows, warnings);
            CorrelatorReport.Write(run, $"Merged correlators ({shards.Count} shards)", description, points, defaultScan, rows, warnings);
            ExperimentRun.Metric(run, "samples", acc.Count);
            ExperimentRun.Metric(run, "max_pull_vs_closed_form", result.MaxPullVsClosedForm);
            return new MergeResult(result, shards.Count, ranges, merged.Streams.Count == 1, file, raw, connected, ensemble is not null, missing, merged.Shards is not null && missing.Length == 0);
        });
    }

    static bool Same(int[][] a, int[][] b) => a.Length == b.Length && a.Zip(b).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    // the spec of the run a shard was written by, from the manifest beside it, if it describes the same ensemble
    static (EnsembleSpec? spec, long neuronSamples) FindSpec(IReadOnlyList<string> shardFiles, string ensembleDescription)
    {
        foreach (var f in shardFiles)
        {
            var manifest = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(f))!, "manifest.json");
            if (!File.Exists(manifest)) continue;
            try
            {
                var m = RunDirectory.ReadManifest(Path.GetDirectoryName(manifest)!);
                if (m.Command != "ensemble correlators" || m.Config?["spec"] is not JsonNode node) continue;
                var spec = node.Deserialize<EnsembleSpec>(RunManifest.JsonOptions);
                if (spec is null || spec.Build().Description != ensembleDescription) continue;
                return (spec, m.Config["neuronSamples"]?.GetValue<long>() ?? 1_000_000);
            }
            catch (Exception e) when (e is JsonException or NnPhysException or InvalidOperationException) { }
        }
        return (null, 0);
    }

    // an ensemble known only by its description: Analyse then has no closed form and no reduction
    sealed class DescribedOnly(string description, int dimension) : INetworkEnsemble
    {
        public string Name => "merged";
        public int InputDimension => dimension;
        public long NeuronEvaluationsPerPoint => 0;
        public int Width => 0;
        public string Description => description;
        public INetworkSampler CreateSampler(PointSet points) => throw new NotSupportedException("A merged ensemble is not sampled again.");
    }
}
