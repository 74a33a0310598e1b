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
    public static JsonObject Run(IReadOnlyList<string> shardFiles, string outputDirectory)
    {
        if (shardFiles.Count == 0) throw new InvalidConfigException("Give the shard files to merge, e.g. `nnphys ensemble merge runs/shard-*/shard-*.json`.");
        var shards = shardFiles.Select(EnsembleShard.Load).ToList();
        var merged = EnsembleShard.Merge(shards);
        var config = new { shards = shardFiles.ToArray(), configuration = JsonNode.Parse(merged.Configuration) };
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
                .Paragraph($"Streams covered: {ranges} ({acc.Count} samples)." + (merged.Streams.Count > 1 ? " The ranges have gaps: some shards are missing." : ""))
                .Table(["tuple", "raw ⟨Πφ⟩", "connected"], Enumerable.Range(0, acc.Tuples.Count).Select(t =>
                    (IReadOnlyList<string>)[string.Join(",", acc.Tuples[t]), ExperimentRun.Format(raw[t]), ExperimentRun.Format(connected[t])]));
            report.Save(run.ReportPath);
            return new JsonObject
            {
                ["shards"] = shards.Count,
                ["samples"] = acc.Count,
                ["stream_ranges"] = ranges,
                ["contiguous"] = merged.Streams.Count == 1,
                ["merged_file"] = file,
                ["raw"] = new JsonArray(raw.Select(e => (JsonNode?)new JsonObject { ["value"] = ExperimentRun.Number(e.Value), ["se"] = ExperimentRun.Number(e.StandardError) }).ToArray()),
                ["connected"] = new JsonArray(connected.Select(e => (JsonNode?)new JsonObject { ["value"] = ExperimentRun.Number(e.Value), ["se"] = ExperimentRun.Number(e.StandardError) }).ToArray()),
            };
        });
    }
}
