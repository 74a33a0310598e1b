using System.Text.Json;
using System.Text.Json.Nodes;
using NnPhys.IO;
using NnPhys.Runs;

namespace NnPhys.Cosmology.Experiments;

/// <summary>Config of <c>nnphys cosmology scan</c>.</summary>
/// <param name="Seeds">Seeds per setting.</param>
/// <param name="Seed">First seed.</param>
/// <param name="Shard">Shard index k (null: the whole scan).</param>
/// <param name="Shards">Shard count n.</param>
/// <param name="Widths">Widths of the width × η grid (null: <see cref="HyperparameterScan.Widths"/>).</param>
/// <param name="LearningRates">η values of the grid (null: <see cref="HyperparameterScan.LearningRates"/>).</param>
/// <param name="GridOnly">Only the width × η grid, without the one-at-a-time axes.</param>
public sealed record ScanConfig(int Seeds = 2, ulong Seed = 0, int? Shard = null, int Shards = 1, int[]? Widths = null, double[]? LearningRates = null, bool GridOnly = false)
{
    /// <summary>The jobs of the whole scan this config describes.</summary>
    public IReadOnlyList<ScanJob> AllJobs() => HyperparameterScan.Jobs(Seeds, Seed, Widths, LearningRates, GridOnly);

    /// <summary>Throws on an invalid field before anything is written.</summary>
    public void Validate()
    {
        var jobs = AllJobs();
        if (Shard is int k) HyperparameterScan.Shard(jobs, k, Shards);
    }
}

/// <summary>The rows of one shard (or of the whole scan) with what merge needs to check them.</summary>
public sealed record ScanShardFile(string Fingerprint, int Shard, int Shards, int TotalJobs, int Seeds, ulong Seed, ScanRow[] Rows)
{
    /// <summary>File name inside a shard's run directory.</summary>
    public string FileName => $"shard-{Shard}-of-{Shards}.json";
    static readonly JsonSerializerOptions Options = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    /// <summary>Serializes to JSON (NaN as "NaN").</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);
    /// <summary>Reads a shard file.</summary>
    /// <exception cref="DataFileException">Missing or not a shard file.</exception>
    public static ScanShardFile Read(string path)
    {
        if (!File.Exists(path)) throw new DataFileException($"Shard file '{path}' does not exist; pass the shard-K-of-N.json files written by `cosmology scan --shard k/n`.");
        try { return JsonSerializer.Deserialize<ScanShardFile>(File.ReadAllText(path), Options) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw new DataFileException($"'{path}' is not a cosmology scan shard file ({e.Message}).", e); }
    }
}

/// <summary>
/// <c>nnphys cosmology scan [--shard k/n]</c> and <c>nnphys cosmology merge</c>: the hyperparameter scan as a job array.
/// A shard writes its rows to <c>shard-K-of-N.json</c> in its run directory; merge checks that the shards belong to one scan,
/// do not overlap and cover every job, then writes the table, figures and report. Without --shard the scan runs whole and
/// is merged in place.
/// </summary>
public static class ScanExperiment
{
    /// <summary>Runs the config's jobs (all, or one shard).</summary>
    public static ScanShardFile Run(ScanConfig config, IProgress<ProgressTick>? progress = null, CancellationToken cancel = default)
    {
        config.Validate();
        var jobs = config.AllJobs();
        var mine = config.Shard is int k ? HyperparameterScan.Shard(jobs, k, config.Shards) : jobs;
        var rows = new List<ScanRow>();
        foreach (var job in mine)
        {
            cancel.ThrowIfCancellationRequested();
            rows.Add(ScanRow.Run(job));
            progress?.Report(new ProgressTick(rows.Count / (double)mine.Count, $"job {job.Index}: {job.Settings.Network}, p = {job.Settings.Power}, η = {job.Settings.LearningRate:G3}, μ = {job.Settings.Momentum:G3}"));
        }
        return new ScanShardFile(HyperparameterScan.Fingerprint(jobs), config.Shard ?? 0, config.Shard is null ? 1 : config.Shards, jobs.Count, config.Seeds, config.Seed, rows.ToArray());
    }

    /// <summary>Writes a shard's run directory (shard file + a short report), or, for a whole scan, the merged results.</summary>
    public static JsonObject Write(ScanConfig config, ScanShardFile shard, string outputDirectory)
    {
        if (config.Shard is null) return ScanMerge.Write([shard], outputDirectory, "cosmology scan");
        return CosmologyRun.Write(outputDirectory, "cosmology scan", config, config.Seed, run =>
        {
            AtomicFile.WriteAllText(Path.Combine(run.Root, shard.FileName), shard.ToJson());
            new ReportWriter().Heading($"Cosmology scan, shard {shard.Shard} of {shard.Shards}")
                .Paragraph($"{shard.Rows.Length} of {shard.TotalJobs} jobs (j ≡ {shard.Shard} mod {shard.Shards}); scan fingerprint {shard.Fingerprint}. Merge all shards with `nnphys cosmology merge DIR/{shard.FileName} …`.")
                .Save(run.ReportPath);
            return new JsonObject { ["jobs"] = shard.Rows.Length, ["total_jobs"] = shard.TotalJobs, ["shard_file"] = Path.Combine(run.Root, shard.FileName) };
        });
    }
}
