using System.CommandLine;
using System.Text.Json.Nodes;
using NnPhys.IO;

namespace NnPhys.Cli.ScaleOut;

/// <summary>
/// The scale-out options every sweep-style command takes (<c>--slurm N</c>, <c>--slurm-args</c>, <c>--no-wait</c>,
/// <c>--slurm-resubmit-failed</c>, <c>--slurm-poll</c>; <c>--k8s-manifest FILE</c> with <c>--shards</c>,
/// <c>--k8s-image</c>, <c>--k8s-volume-claim</c>, <c>--k8s-parallelism</c>) and the one call a command's action makes.
/// A command that supports <c>--shard k/n</c> and a merge adds these with <see cref="AddTo"/> and starts its action with
/// <c>if (ScaleOutCommand.Requested(p)) return ScaleOutCommand.Run(p, ["group", "name"], outDir, merge, ct);</c>.
/// </summary>
public static class ScaleOutCommand
{
    static readonly Option<int?> Slurm = new("--slurm") { Description = "Run as a Slurm job array of N shards (sbatch), wait, and merge into --out." };
    static readonly Option<string?> SlurmArgs = new("--slurm-args") { Description = "Extra sbatch options for the array, e.g. \"--time=01:00:00 --mem=4G --partition=cpu\"." };
    static readonly Option<bool> NoWait = new("--no-wait") { Description = "With --slurm: submit, print the job id and the merge command, and return." };
    static readonly Option<bool> ResubmitFailed = new("--slurm-resubmit-failed") { Description = "With --slurm and the --out of an earlier scale-out: rerun only its failed tasks, then merge." };
    static readonly Option<double> Poll = new("--slurm-poll") { Description = "Seconds between polls of the Slurm queue.", DefaultValueFactory = _ => 2.0 };
    static readonly Option<string?> K8sManifest = new("--k8s-manifest") { Description = "Write a Kubernetes Indexed Job manifest (JSON) for --shards N tasks to FILE instead of running." };
    static readonly Option<int> Shards = new("--shards") { Description = "Number of shards (tasks) of --k8s-manifest.", DefaultValueFactory = _ => 16 };
    static readonly Option<string> K8sImage = new("--k8s-image") { Description = "Container image with nnphys on PATH for --k8s-manifest.", DefaultValueFactory = _ => "nnphys:0.1.0" };
    static readonly Option<string?> K8sClaim = new("--k8s-volume-claim") { Description = "PersistentVolumeClaim (ReadWriteMany) mounted at /runs for --k8s-manifest." };
    static readonly Option<int?> K8sParallelism = new("--k8s-parallelism") { Description = "Pods at once for --k8s-manifest (default: all shards)." };

    /// <summary>Adds the scale-out options to a command.</summary>
    public static void AddTo(Command command)
    {
        foreach (var o in new Option[] { Slurm, SlurmArgs, NoWait, ResubmitFailed, Poll, K8sManifest, Shards, K8sImage, K8sClaim, K8sParallelism })
            command.Options.Add(o);
    }

    /// <summary>True when the user asked for a Slurm run or a Kubernetes manifest.</summary>
    /// <exception cref="InvalidConfigException">Scale-out options without --slurm, or --slurm with --shard.</exception>
    public static bool Requested(ParseResult p)
    {
        bool slurm = p.GetValue(Slurm) is not null, k8s = p.GetValue(K8sManifest) is not null;
        if (!slurm && (p.GetValue(NoWait) || p.GetValue(ResubmitFailed) || p.GetValue(SlurmArgs) is not null))
            throw new InvalidConfigException("--no-wait, --slurm-args and --slurm-resubmit-failed go with --slurm N.");
        if ((slurm || k8s) && p.Tokens.Any(t => t.Value == "--shard"))
            throw new InvalidConfigException("--shard k/n runs one shard by hand; --slurm N and --k8s-manifest make the shards themselves: drop --shard.");
        if (slurm && k8s) throw new InvalidConfigException("Choose one of --slurm N and --k8s-manifest FILE.");
        return slurm || k8s;
    }

    /// <summary>Runs the scale-out the options ask for and returns the headline metrics.</summary>
    /// <param name="p">The parse result of the command.</param>
    /// <param name="commandPath">The command words, e.g. ["ensemble", "correlators"].</param>
    /// <param name="runDirectory">The run directory (--out or the default).</param>
    /// <param name="merge">The command's merge: (shard files in index order, run directory) → metrics.</param>
    public static Task<JsonObject?> Run(ParseResult p, IReadOnlyList<string> commandPath, string runDirectory,
        Func<IReadOnlyList<string>, string, JsonObject> merge, CancellationToken cancellation, ISlurm? slurm = null)
    {
        var args = p.Tokens.Select(t => t.Value).ToList();
        if (p.GetValue(K8sManifest) is { } file)
        {
            int n = p.GetValue(Shards);
            var plan = ShardPlan.FromCommandLine(args, commandPath, n, runDirectory);
            string text = KubernetesIndexedJob.Render(plan, p.GetValue(K8sImage)!, p.GetValue(K8sClaim), p.GetValue(K8sParallelism));
            AtomicFile.WriteAllText(Path.GetFullPath(file), text);
            ProgressDisplay.Log($"wrote a Kubernetes Indexed Job of {n} tasks to {file}; apply it with: kubectl apply -f {file}; then merge: {ScaleOutRunner.MergeCommand(plan)}");
            return Task.FromResult<JsonObject?>(new JsonObject { ["k8s_manifest"] = Path.GetFullPath(file), ["shards"] = n, ["merge_command"] = ScaleOutRunner.MergeCommand(plan) });
        }
        var slurmPlan = ShardPlan.FromCommandLine(args, commandPath, p.GetValue(Slurm)!.Value, runDirectory);
        double poll = p.GetValue(Poll);
        if (!(poll > 0) || !double.IsFinite(poll)) throw new InvalidConfigException($"--slurm-poll must be a positive number of seconds, not {poll}.");
        var request = new SlurmRequest(p.GetValue(SlurmArgs), p.GetValue(NoWait), p.GetValue(ResubmitFailed), poll);
        SlurmScript.SplitArguments(request.SlurmArguments); // validate before anything is written
        var runner = new ScaleOutRunner(slurm ?? new SlurmClient(), Invocation());
        return ProgressDisplay.RunAsync($"Slurm array of {slurmPlan.Count}", slurmPlan.Count, prog => Task.Run(() =>
        {
            var metrics = runner.Run(slurmPlan, request, merge, prog, cancellation);
            if (request.NoWait)
                ProgressDisplay.Log($"submitted job {metrics["slurm_job_id"]}; when it ends, merge with: {metrics["merge_command"]}\n(or, to rerun failed tasks and merge: {metrics["resubmit_command"]})");
            else ProgressDisplay.Log($"all {slurmPlan.Count} tasks ended; merged into {slurmPlan.RunDirectory}");
            return (JsonObject?)metrics;
        }, cancellation));
    }

    /// <summary>How a compute node starts nnphys: $NNPHYS_SLURM_COMMAND (words split on spaces), else this very
    /// program (dotnet + NnPhys.Cli.dll, which must be on a filesystem the nodes share).</summary>
    public static IReadOnlyList<string> Invocation()
    {
        if (Environment.GetEnvironmentVariable("NNPHYS_SLURM_COMMAND") is { Length: > 0 } custom)
            return custom.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string process = Environment.ProcessPath ?? "dotnet";
        string dll = typeof(ScaleOutCommand).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, dll] : [process];
    }
}
