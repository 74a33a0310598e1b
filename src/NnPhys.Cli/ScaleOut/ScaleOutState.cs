using System.Text.Json;
using System.Text.Json.Serialization;
using NnPhys.IO;

namespace NnPhys.Cli.ScaleOut;

/// <summary>One sbatch submission of a scale-out: the job id, the array indices it ran, when.</summary>
public sealed record ScaleOutSubmission(string JobId, int[] Indices, DateTimeOffset SubmittedUtc, string Script);

/// <summary>
/// <c>RUN/scale-out/job.json</c>: what was split (command, options, shard count) and every submission, so a later
/// <c>--slurm-resubmit-failed</c> reruns exactly the failed indices of exactly this plan.
/// </summary>
public sealed record ScaleOutState(string[] Command, string[] Arguments, int Count, List<ScaleOutSubmission> Submissions)
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>Path of the record in a plan's run directory.</summary>
    public static string PathOf(ShardPlan plan) => Path.Combine(plan.ScaleOutDirectory, "job.json");

    /// <summary>A fresh record for a plan.</summary>
    public static ScaleOutState For(ShardPlan plan) => new([.. plan.CommandPath], [.. plan.Arguments], plan.Count, []);

    /// <summary>Writes the record atomically.</summary>
    public void Save(ShardPlan plan) => AtomicFile.WriteAllText(PathOf(plan), JsonSerializer.Serialize(this, Json));

    /// <summary>Reads the record of an earlier scale-out in the plan's run directory.</summary>
    /// <exception cref="DataFileException">There is none, or it is unreadable.</exception>
    public static ScaleOutState Load(ShardPlan plan)
    {
        string path = PathOf(plan);
        if (!File.Exists(path))
            throw new DataFileException($"'{plan.RunDirectory}' holds no earlier scale-out ({path} is missing): --slurm-resubmit-failed continues a run started with --slurm N --out DIR.");
        try { return JsonSerializer.Deserialize<ScaleOutState>(File.ReadAllText(path), Json) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw new DataFileException($"{path} is not a readable scale-out record ({e.Message}); start a new run with another --out."); }
    }

    /// <summary>Throws unless the plan splits the same command, options and shard count as this record.</summary>
    /// <exception cref="InvalidConfigException">They differ; the message shows both.</exception>
    public void CheckSamePlan(ShardPlan plan)
    {
        if (Count != plan.Count || !Command.SequenceEqual(plan.CommandPath) || !Arguments.SequenceEqual(plan.Arguments))
            throw new InvalidConfigException(
                $"--slurm-resubmit-failed must repeat the original command: it was '{string.Join(' ', Command)} {string.Join(' ', Arguments)}' in {Count} shards, " +
                $"now '{string.Join(' ', plan.CommandPath)} {string.Join(' ', plan.Arguments)}' in {plan.Count} shards.");
    }
}
