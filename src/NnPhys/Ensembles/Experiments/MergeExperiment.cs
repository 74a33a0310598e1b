using System.Text.Json.Nodes;
using NnPhys.Runs;

namespace NnPhys.Ensembles.Experiments;

/// <summary>
/// <c>nnphys ensemble merge</c>: combines shard files of one correlator run (refusing different configurations and
/// overlapping streams), writes the merged accumulator and a report of every tuple's raw and connected estimate.
/// </summary>
public static class MergeExperiment
{
    /// <summary>Merges <paramref name="shardFiles"/> into a run directory and returns the headline metrics.</summary>
    /// <param name="shardFiles">The shard files.</param>
    /// <param name="outputDirectory">The run directory.</param>
    /// <param name="allowPartial">Merge even when shards of the split are missing (the report and metrics name them); refused otherwise.</param>
    public static JsonObject Run(IReadOnlyList<string> shardFiles, string outputDirectory, bool allowPartial = false)
    {
        if (shardFiles.Count == 0) throw new InvalidConfigException("Give the shard files to merge, e.g. `nnphys ensemble merge runs/shard-*/shard-*.json`.");
        var shards = shardFiles.Select(EnsembleShard.Load).ToList();
        RunDirectory.CheckOutputPath(outputDirectory);
        var merged = EnsembleShard.Merge(shards, allowPartial);
        var missing = merged.MissingShards.Select(k => $"{k}/{merged.Shards!.Count}").ToArray();
        var config = new { shards = shardFiles.ToArray(), configuration = JsonNode.Parse(merged.Configuration), allowPartial };
        return ExperimentRun.Execute(outputDirectory, "ensemble merge", config, 0, run =>
        {
            var file = Path.Combine(run.Root, "merged.json");
            merged.Save(file);
            var acc = merged.Accumulator;
            var raw = CorrelatorEstimators.All(acc, connected: false);
            var connected = CorrelatorEstimators.All(acc, connected: true);
            ExperimentRun.Estimates(run, "raw", raw);
            ExperimentRun.Estimates(run, "connected", connected);
            var ranges = string.Join(", ", merged.Streams.Select(r => r.ToString()));
            var report = new ReportWriter().Heading($"Merged {shards.Count} shards")
                .Paragraph($"Configuration: `{merged.Configuration}`")
                .Paragraph($"Streams covered: {ranges} ({acc.Count} samples" + (merged.Shards is { } set ? $" of {set.TotalSamples}, shards {string.Join(", ", set.Indices)} of {set.Count})." : ").") +
                    (missing.Length > 0 ? $" **Partial merge: shard(s) {string.Join(", ", missing)} are missing**; the estimates use only the samples present." : "") +
                    (merged.Shards is null ? " The shard files do not record k/n, so completeness is unknown." : ""))
                .Table(["tuple", "raw ⟨Πφ⟩", "connected"], Enumerable.Range(0, acc.Tuples.Count).Select(t =>
                    (IReadOnlyList<string>)[string.Join(",", acc.Tuples[t]), ExperimentRun.Format(raw[t]), ExperimentRun.Format(connected[t])]));
            report.Save(run.ReportPath);
            return new JsonObject
            {
                ["shards"] = shards.Count,
                ["samples"] = acc.Count,
                ["stream_ranges"] = ranges,
                ["contiguous"] = merged.Streams.Count == 1,
                ["missing_shards"] = new JsonArray(missing.Select(m => (JsonNode?)m).ToArray()),
                ["complete"] = merged.Shards is not null && missing.Length == 0,
                ["merged_file"] = file,
                ["raw"] = new JsonArray(raw.Select(e => (JsonNode?)new JsonObject { ["value"] = ExperimentRun.Number(e.Value), ["se"] = ExperimentRun.Number(e.StandardError) }).ToArray()),
                ["connected"] = new JsonArray(connected.Select(e => (JsonNode?)new JsonObject { ["value"] = ExperimentRun.Number(e.Value), ["se"] = ExperimentRun.Number(e.StandardError) }).ToArray()),
            };
        });
    }
}
