using System.Globalization;

namespace NnPhys.Cli.ScaleOut;

/// <summary>
/// How one sharded command becomes N independent tasks: task k runs the user's own command line with the scale-out
/// options, <c>--out</c>, <c>--shard</c> and <c>--json</c> removed and <c>--shard k/N --out RUN/shards/shard-k</c> added.
/// Shard k owns random streams [k·S/N, (k+1)·S/N) of the S samples (the library's StreamRange), so the merged result
/// is the single-process result up to the order of floating-point additions.
/// </summary>
/// <param name="CommandPath">The subcommand words, e.g. ["ensemble", "correlators"].</param>
/// <param name="Arguments">The user's options for that command, scale-out/out/shard/json options removed.</param>
/// <param name="Count">Number of shards N.</param>
/// <param name="RunDirectory">Absolute path of the run directory the merge writes to.</param>
public sealed record ShardPlan(IReadOnlyList<string> CommandPath, IReadOnlyList<string> Arguments, int Count, string RunDirectory)
{
    /// <summary>Options with a value that a shard task must not inherit.</summary>
    static readonly HashSet<string> DroppedWithValue =
        ["--out", "--shard", "--slurm", "--slurm-args", "--slurm-poll", "--k8s-manifest", "--k8s-image", "--k8s-volume-claim", "--k8s-parallelism", "--shards"];

    /// <summary>Flags a shard task must not inherit.</summary>
    static readonly HashSet<string> DroppedFlags = ["--json", "--no-wait", "--slurm-resubmit-failed"];

    /// <summary>Folder (under the run directory) with the array script, job record, task logs and exit codes.</summary>
    public string ScaleOutDirectory => Path.Combine(RunDirectory, "scale-out");

    /// <summary>Output folder of shard k.</summary>
    public string ShardDirectory(int k) => Path.Combine(RunDirectory, "shards", $"shard-{k}");

    /// <summary>The shard file shard k writes (as `ensemble correlators --shard k/N` names it).</summary>
    public string ShardFile(int k) => Path.Combine(ShardDirectory(k), $"shard-{k}-of-{Count}.json");

    /// <summary>Log of array task k (Slurm's <c>--output</c> pattern with %a = k).</summary>
    public string TaskLog(int k) => Path.Combine(ScaleOutDirectory, $"task-{k}.log");

    /// <summary>File holding the exit code of array task k, written by the task script itself.</summary>
    public string TaskExitFile(int k) => Path.Combine(ScaleOutDirectory, $"task-{k}.exit");

    /// <summary>The full argument list of task k (command words first).</summary>
    public IReadOnlyList<string> TaskArguments(string k) =>
        [.. CommandPath, .. Arguments, "--shard", $"{k}/{Count.ToString(CultureInfo.InvariantCulture)}", "--out", Path.Combine(RunDirectory, "shards", "shard-" + k)];

    /// <summary>
    /// Builds the plan from the raw argument list of this process (<paramref name="args"/>, as Main received them).
    /// </summary>
    /// <exception cref="InvalidConfigException">N &lt; 1, or the command line is malformed.</exception>
    public static ShardPlan FromCommandLine(IReadOnlyList<string> args, IReadOnlyList<string> commandPath, int count, string runDirectory)
    {
        if (count < 1) throw new InvalidConfigException($"The number of shards must be at least 1, not {count}; e.g. --slurm 16.");
        int start = 0;
        // skip global options before the command words and the command words themselves
        var rest = new List<string>();
        int matched = 0;
        for (; start < args.Count && matched < commandPath.Count; start++)
        {
            if (args[start] == commandPath[matched]) matched++;
            else if (DroppedFlags.Contains(args[start])) continue;
            else rest.Add(args[start]);
        }
        if (matched < commandPath.Count)
            throw new InvalidConfigException($"Could not find the command '{string.Join(' ', commandPath)}' in the command line.");
        for (int i = start; i < args.Count; i++)
        {
            string a = args[i];
            string name = a.Split('=', ':')[0];
            if (DroppedFlags.Contains(a)) continue;
            if (DroppedWithValue.Contains(name))
            {
                if (name == a) i++; // value in the next token
                continue;
            }
            rest.Add(a);
        }
        return new ShardPlan(commandPath, rest, count, Path.GetFullPath(runDirectory));
    }
}
