using System.Text.Json;
using System.Text.Json.Nodes;
using NnPhys.IO;
using NnPhys.Numerics.Sampling;

namespace NnPhys.Ensembles;

/// <summary>
/// A mergeable piece of a correlator run: the full configuration (ensemble description, seed, points, tuples), the stream
/// range it covers, and its <see cref="CorrelatorAccumulator"/> state. Saved as self-describing JSON (doubles written in
/// round-trip form, so a saved state reloads bit-exactly). Shard k of n of a run over M streams covers
/// <see cref="StreamRange.Shard"/>(k, n, M); merging all n shards equals one run over the same streams to round-off.
/// Merging refuses different configurations and overlapping stream ranges. Each file records which shards k of n
/// (over how many streams) it holds, so a merge that lacks shards is refused unless partial results are asked for.
/// </summary>
public sealed class EnsembleShard
{
    /// <summary>The format tag written into every shard file.</summary>
    public const string Format = "nnphys-ensemble-shard";

    /// <summary>Canonical configuration (JSON text): equal strings mean the same experiment.</summary>
    public string Configuration { get; }
    /// <summary>The stream ranges covered, sorted and disjoint.</summary>
    public IReadOnlyList<StreamRange> Streams { get; }
    /// <summary>The accumulated sub-products.</summary>
    public CorrelatorAccumulator Accumulator { get; }
    /// <summary>Which shards of the split this holds; null for files written before shards recorded it.</summary>
    public ShardSet? Shards { get; }

    /// <summary>The shards of the split this does not hold, ascending (empty for a complete set, or when unknown).</summary>
    public IReadOnlyList<int> MissingShards => Shards is { } set ? Enumerable.Range(0, set.Count).Except(set.Indices).ToArray() : [];

    EnsembleShard(string configuration, IReadOnlyList<StreamRange> streams, CorrelatorAccumulator accumulator, ShardSet? shards)
    {
        Configuration = configuration; Streams = streams; Accumulator = accumulator; Shards = shards;
    }

    /// <summary>The canonical configuration of a correlator run.</summary>
    public static string DescribeConfiguration(INetworkEnsemble ensemble, PointSet points, IReadOnlyList<int[]> tuples, ulong seed)
    {
        var config = new JsonObject
        {
            ["ensemble"] = ensemble.Description,
            ["seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["points"] = new JsonArray(points.ToRows().Select(r => (JsonNode)new JsonArray(r.Select(v => (JsonNode)JsonValue.Create(v)).ToArray())).ToArray()),
            ["tuples"] = new JsonArray(tuples.Select(t => (JsonNode)new JsonArray(t.Select(a => (JsonNode)JsonValue.Create(a)).ToArray())).ToArray()),
        };
        return config.ToJsonString();
    }

    /// <summary>Samples shard k of n of a run over <paramref name="totalSamples"/> streams.</summary>
    public static EnsembleShard Run(INetworkEnsemble ensemble, PointSet points, IReadOnlyList<int[]> tuples, ulong seed, int shardIndex, int shardCount, long totalSamples,
        int maxThreads = 0, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var range = StreamRange.Shard(shardIndex, shardCount, totalSamples);
        var acc = Correlators.SampleNetworks(ensemble, points, tuples, seed, range, maxThreads, progress, cancellation);
        return new EnsembleShard(DescribeConfiguration(ensemble, points, tuples, seed), [range], acc, new ShardSet(shardCount, totalSamples, [shardIndex]));
    }

    /// <summary>Writes the shard as JSON, atomically (temp file + rename).</summary>
    public void Save(string path)
    {
        var accumulators = new JsonArray();
        for (int t = 0; t < Accumulator.Tuples.Count; t++)
        {
            var m = Accumulator.TupleMoments(t);
            accumulators.Add(new JsonObject
            {
                ["count"] = m.Count,
                ["mean"] = new JsonArray(m.Mean.ToArray().Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
                ["comoment"] = new JsonArray(m.Comoment.ToArray().Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
            });
        }
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = 1,
            ["configuration"] = JsonNode.Parse(Configuration),
            ["streams"] = new JsonArray(Streams.Select(r => (JsonNode)new JsonObject { ["first"] = r.First, ["count"] = r.Count }).ToArray()),
            ["point_count"] = Accumulator.PointCount,
            ["shards"] = Shards is { } set
                ? new JsonObject { ["of"] = set.Count, ["total_samples"] = set.TotalSamples, ["indices"] = new JsonArray(set.Indices.Select(k => (JsonNode)k).ToArray()) }
                : null,
            ["accumulators"] = accumulators,
        };
        NnPhys.IO.AtomicFile.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    /// <summary>Reads a shard file.</summary>
    /// <exception cref="DataFileException">Missing file, not a shard file, or inconsistent content.</exception>
    public static EnsembleShard Load(string path)
    {
        if (!File.Exists(path)) throw new DataFileException($"Shard file '{path}' does not exist; pass the files written by `nnphys ensemble correlators --shard k/n`.");
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new DataFileException($"Shard file '{path}' is not valid JSON ({e.Message}); it may be truncated: re-run that shard.", e); }
        try
        {
            if (root?["format"]?.GetValue<string>() != Format) throw new DataFileException($"'{path}' is not an nnphys ensemble shard (format tag missing).");
            if (root["version"]!.GetValue<int>() != 1) throw new DataFileException($"Shard '{path}' has format version {root["version"]}, this nnphys reads version 1.");
            var config = root["configuration"]!;
            var tuples = config["tuples"]!.AsArray().Select(t => t!.AsArray().Select(a => a!.GetValue<int>()).ToArray()).ToArray();
            int pointCount = root["point_count"]!.GetValue<int>();
            var streams = root["streams"]!.AsArray().Select(r => new StreamRange(r!["first"]!.GetValue<long>(), r["count"]!.GetValue<long>())).ToArray();
            var moments = root["accumulators"]!.AsArray().Select(a => new VectorMomentAccumulator(
                a!["count"]!.GetValue<long>(),
                a["mean"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray(),
                a["comoment"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray())).ToArray();
            long covered = streams.Sum(r => r.Count);
            if (moments.Length > 0 && moments[0].Count != covered) throw new DataFileException($"Shard '{path}' covers {covered} streams but holds {moments[0].Count} samples; the file is corrupt.");
            ShardSet? set = root["shards"] is JsonObject sh
                ? new ShardSet(sh["of"]!.GetValue<int>(), sh["total_samples"]!.GetValue<long>(), sh["indices"]!.AsArray().Select(k => k!.GetValue<int>()).ToArray())
                : null;
            return new EnsembleShard(config.ToJsonString(), streams, new CorrelatorAccumulator(tuples, pointCount, moments), set);
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException or InvalidConfigException)
        {
            throw new DataFileException($"Shard file '{path}' is malformed ({e.Message}); re-run that shard.", e);
        }
    }

    /// <summary>
    /// Merges shards of one configuration with disjoint stream ranges, in stream order. Unless
    /// <paramref name="allowPartial"/>, every shard 0..n−1 of the split must be present (the result's
    /// <see cref="MissingShards"/> names those absent when partial merging is allowed).
    /// </summary>
    /// <exception cref="InvalidConfigException">No shards, different configurations or splits, overlapping stream ranges, or missing shards.</exception>
    public static EnsembleShard Merge(IReadOnlyList<EnsembleShard> shards, bool allowPartial = false)
    {
        if (shards.Count == 0) throw new InvalidConfigException("Give at least one shard file to merge.");
        for (int s = 1; s < shards.Count; s++)
            if (shards[s].Configuration != shards[0].Configuration)
                throw new InvalidConfigException($"Shard {s} was run with a different configuration than shard 0 (ensemble, seed, points or tuples differ):\n  shard 0: {shards[0].Configuration}\n  shard {s}: {shards[s].Configuration}\nOnly shards of the same run can be merged.");
        var ordered = shards.OrderBy(s => s.Streams[0].First).ToArray();
        var ranges = ordered.SelectMany(s => s.Streams).OrderBy(r => r.First).ToList();
        for (int r = 1; r < ranges.Count; r++)
            if (ranges[r].Overlaps(ranges[r - 1]))
                throw new InvalidConfigException($"Shards overlap: streams {ranges[r - 1]} and {ranges[r]} share samples, so merging would count them twice. Merge each shard once (did you pass a file twice or mix --shard splits?).");
        ShardSet? set = MergeSets(ordered);
        if (!allowPartial && set is null)
            throw new InvalidConfigException("These shard files do not record which shards k/n they hold (written by an older nnphys), so a complete set cannot be checked. Re-run the shards, or pass --allow-partial to merge them anyway.");
        var first = ordered[0].Accumulator;
        var merged = new CorrelatorAccumulator(first.Tuples, first.PointCount);
        foreach (var s in ordered) merged.Merge(s.Accumulator);
        // coalesce adjacent ranges for the record
        var coalesced = new List<StreamRange>();
        foreach (var r in ranges)
        {
            if (coalesced.Count > 0 && coalesced[^1].End == r.First) coalesced[^1] = new StreamRange(coalesced[^1].First, coalesced[^1].Count + r.Count);
            else coalesced.Add(r);
        }
        var result = new EnsembleShard(ordered[0].Configuration, coalesced, merged, set);
        if (!allowPartial && result.MissingShards.Count > 0)
            throw new InvalidConfigException(
                $"Incomplete merge: shard(s) {string.Join(", ", result.MissingShards.Select(k => $"{k}/{set!.Count}"))} of the {set!.Count} are missing, " +
                $"so only {merged.Count} of {set.TotalSamples} samples would be merged. Pass every shard file, or --allow-partial to merge what is there (the report then lists the missing shards).");
        return result;
    }

    /// <summary>The union of the shards' k/n records; null when any file lacks one. Refuses different splits.</summary>
    static ShardSet? MergeSets(IReadOnlyList<EnsembleShard> shards)
    {
        if (shards.Any(s => s.Shards is null)) return null;
        var first = shards[0].Shards!;
        foreach (var s in shards)
            if (s.Shards!.Count != first.Count || s.Shards.TotalSamples != first.TotalSamples)
                throw new InvalidConfigException($"Shards come from different splits ({first.Count} shards of {first.TotalSamples} samples vs {s.Shards.Count} of {s.Shards.TotalSamples}); merge the shards of one `--shard k/n` split with one --samples.");
        return new ShardSet(first.Count, first.TotalSamples, shards.SelectMany(s => s.Shards!.Indices).Order().ToArray());
    }
}

/// <summary>Which shards k of a split into <paramref name="Count"/> shards over <paramref name="TotalSamples"/> streams a file holds.</summary>
public sealed record ShardSet(int Count, long TotalSamples, IReadOnlyList<int> Indices);
