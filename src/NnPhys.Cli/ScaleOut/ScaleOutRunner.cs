using System.Diagnostics;
using System.Text.Json.Nodes;
using NnPhys.Runs;

namespace NnPhys.Cli.ScaleOut;

/// <summary>What the user asked of a Slurm scale-out.</summary>
/// <param name="SlurmArguments">Extra sbatch options, or null.</param>
/// <param name="NoWait">Submit, print the job id and the merge command, return.</param>
/// <param name="ResubmitFailed">Continue an earlier scale-out in the same run directory: rerun only its failed indices.</param>
/// <param name="PollSeconds">Seconds between polls of the queue.</param>
public sealed record SlurmRequest(string? SlurmArguments, bool NoWait, bool ResubmitFailed, double PollSeconds);

/// <summary>
/// Runs a <see cref="ShardPlan"/> as a Slurm job array: writes <c>RUN/scale-out/array.sbatch</c>, submits it, polls the
/// queue with progress, checks every task's exit code, reports failed indices with their log tails, and when all N
/// shards are complete merges them into the run directory with the command's own merge. Nothing merges a partial set.
/// </summary>
public sealed class ScaleOutRunner(ISlurm slurm, IReadOnlyList<string> invocation)
{
    /// <summary>Number of log lines shown per failed task.</summary>
    public const int LogTailLines = 8;

    /// <summary>Submits (or resubmits the failed part of) the plan; waits and merges unless <see cref="SlurmRequest.NoWait"/>.</summary>
    /// <param name="merge">The command's merge: (shard files in index order, run directory) → headline metrics.</param>
    /// <exception cref="ScaleOutFailedException">The scheduler refused, or tasks failed (listed, with how to resubmit).</exception>
    /// <exception cref="InvalidConfigException">The run directory is in use by something else, or a resubmission differs from the plan.</exception>
    public JsonObject Run(ShardPlan plan, SlurmRequest request, Func<IReadOnlyList<string>, string, JsonObject> merge,
        IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        ScaleOutState state;
        List<int> indices;
        if (request.ResubmitFailed)
        {
            state = ScaleOutState.Load(plan);
            state.CheckSamePlan(plan);
            indices = [.. Enumerable.Range(0, plan.Count).Where(k => !Succeeded(plan, k))];
            var active = Active(state); // one squeue call, not one per index
            foreach (var k in indices) if (active.Contains(k))
                throw new InvalidConfigException($"Task {k} of '{plan.RunDirectory}' is still queued or running (job {state.Submissions[^1].JobId}); wait for it, or scancel it first.");
        }
        else
        {
            if (Directory.Exists(plan.RunDirectory) && Directory.EnumerateFileSystemEntries(plan.RunDirectory).Any())
                throw new InvalidConfigException($"'{plan.RunDirectory}' is not empty. Choose a new --out, or continue an earlier scale-out there with --slurm-resubmit-failed.");
            state = ScaleOutState.For(plan);
            indices = [.. Enumerable.Range(0, plan.Count)];
        }
        Directory.CreateDirectory(plan.ScaleOutDirectory);
        Directory.CreateDirectory(Path.Combine(plan.RunDirectory, "shards"));

        if (indices.Count > 0)
        {
            foreach (var k in indices) Clear(plan, k);
            string script = Path.Combine(plan.ScaleOutDirectory, state.Submissions.Count == 0 ? "array.sbatch" : $"array-resubmit-{state.Submissions.Count}.sbatch");
            NnPhys.IO.AtomicFile.WriteAllText(script, SlurmScript.Render(plan, invocation, request.SlurmArguments, state.Submissions.Count == 0 ? null : indices));
            string jobId = slurm.Submit(script);
            state.Submissions.Add(new ScaleOutSubmission(jobId, [.. indices], DateTimeOffset.UtcNow, Path.GetFileName(script)));
            state.Save(plan);
            if (request.NoWait)
                return new JsonObject
                {
                    ["slurm_job_id"] = jobId, ["tasks"] = indices.Count, ["run_directory"] = plan.RunDirectory,
                    ["merge_command"] = MergeCommand(plan), ["resubmit_command"] = ResubmitCommand(plan),
                };
            Wait(state, indices, request.PollSeconds, progress, cancellation);
        }

        var failed = Enumerable.Range(0, plan.Count).Where(k => !Succeeded(plan, k)).ToList();
        if (failed.Count > 0) throw new ScaleOutFailedException(DescribeFailures(plan, failed));

        var files = Enumerable.Range(0, plan.Count).Select(plan.ShardFile).ToList();
        var metrics = merge(files, plan.RunDirectory);
        metrics["slurm_job_ids"] = new JsonArray([.. state.Submissions.Select(s => (JsonNode)JsonValue.Create(s.JobId)!)]);
        metrics["scale_out_tasks"] = plan.Count;
        metrics["scale_out_resubmitted_tasks"] = state.Submissions.Skip(1).Sum(s => s.Indices.Length);
        metrics["scale_out_seconds"] = clock.Elapsed.TotalSeconds;
        return metrics;
    }

    void Wait(ScaleOutState state, IReadOnlyList<int> indices, double pollSeconds, IProgress<ProgressTick>? progress, CancellationToken cancellation)
    {
        string jobId = state.Submissions[^1].JobId;
        while (true)
        {
            var active = slurm.ActiveTasks(jobId);
            int running = active.Values.Count(s => s.StartsWith("RUNNING", StringComparison.OrdinalIgnoreCase));
            int done = indices.Count(k => !active.ContainsKey(k));
            progress?.Report(new ProgressTick(done, $"job {jobId}: {done}/{indices.Count} tasks ended, {running} running"));
            if (active.Count == 0) return;
            if (cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(pollSeconds)))
                throw new OperationCanceledException($"Stopped waiting; job {jobId} keeps running. Merge later with: {ResubmitCommandFor(state)}");
        }
    }

    IReadOnlySet<int> Active(ScaleOutState state) =>
        state.Submissions.Count == 0 ? new HashSet<int>() : slurm.ActiveTasks(state.Submissions[^1].JobId).Keys.ToHashSet();

    static bool Succeeded(ShardPlan plan, int k) =>
        File.Exists(plan.TaskExitFile(k)) && File.ReadAllText(plan.TaskExitFile(k)).Trim() == "0" && File.Exists(plan.ShardFile(k));

    static void Clear(ShardPlan plan, int k)
    {
        // the shard folder belongs to this scale-out: a failed task's partial run must not block its rerun
        if (Directory.Exists(plan.ShardDirectory(k))) Directory.Delete(plan.ShardDirectory(k), recursive: true);
        File.Delete(plan.TaskExitFile(k));
        if (File.Exists(plan.TaskLog(k))) File.Move(plan.TaskLog(k), plan.TaskLog(k) + ".previous", overwrite: true);
    }

    /// <summary>The failure report: each failed index with its exit status and the tail of its log.</summary>
    public static string DescribeFailures(ShardPlan plan, IReadOnlyList<int> failed)
    {
        var lines = new List<string> { $"{failed.Count} of {plan.Count} array tasks failed: {string.Join(", ", failed)}." };
        foreach (var k in failed)
        {
            string status = File.Exists(plan.TaskExitFile(k))
                ? $"exit code {File.ReadAllText(plan.TaskExitFile(k)).Trim()}" + (File.Exists(plan.ShardFile(k)) ? "" : ", no shard file")
                : "no exit code (cancelled, killed, timed out or never started)";
            lines.Add($"  task {k}: {status}; log {plan.TaskLog(k)}");
            if (File.Exists(plan.TaskLog(k)))
                foreach (var l in File.ReadLines(plan.TaskLog(k)).TakeLast(LogTailLines)) lines.Add("    | " + l);
        }
        lines.Add($"Rerun only these with: {ResubmitCommand(plan)}");
        return string.Join('\n', lines);
    }

    /// <summary>The command that merges the shards by hand once all tasks ended.</summary>
    public static string MergeCommand(ShardPlan plan) =>
        $"nnphys {plan.CommandPath[0]} merge {string.Join(' ', Enumerable.Range(0, plan.Count).Select(k => SlurmScript.Quote(plan.ShardFile(k))))} --out {SlurmScript.Quote(plan.RunDirectory)}";

    /// <summary>The command that reruns failed tasks (none failed: just merges).</summary>
    public static string ResubmitCommand(ShardPlan plan) =>
        $"nnphys {string.Join(' ', plan.CommandPath)} {string.Join(' ', plan.Arguments.Select(SlurmScript.Quote))} --slurm {plan.Count} --slurm-resubmit-failed --out {SlurmScript.Quote(plan.RunDirectory)}";

    static string ResubmitCommandFor(ScaleOutState s) =>
        $"nnphys {string.Join(' ', s.Command)} {string.Join(' ', s.Arguments.Select(SlurmScript.Quote))} --slurm {s.Count} --slurm-resubmit-failed --out <this run directory>";
}
