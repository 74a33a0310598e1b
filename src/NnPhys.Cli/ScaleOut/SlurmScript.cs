using System.Text;

namespace NnPhys.Cli.ScaleOut;

/// <summary>
/// The <c>sbatch</c> job-array script of a <see cref="ShardPlan"/>: array index → <c>--shard k/N</c>, one output folder
/// per shard, the task's log in <c>scale-out/task-%a.log</c> and its exit code in <c>scale-out/task-K.exit</c> (written by
/// the script, so a task that was killed or cancelled leaves none). Extra resource options go in as <c>#SBATCH</c> lines.
/// </summary>
public static class SlurmScript
{
    /// <summary>The script text.</summary>
    /// <param name="plan">The shard plan.</param>
    /// <param name="invocation">How to start nnphys on a compute node (e.g. ["dotnet", "/path/NnPhys.Cli.dll"]).</param>
    /// <param name="slurmArguments">Extra sbatch options (e.g. "--time=01:00:00 --mem=4G"), one #SBATCH line each.</param>
    /// <param name="indices">Array indices to run (all 0…N−1 when null; the failed ones on a resubmission).</param>
    public static string Render(ShardPlan plan, IReadOnlyList<string> invocation, string? slurmArguments, IReadOnlyList<int>? indices = null)
    {
        var array = indices is null ? $"0-{plan.Count - 1}" : string.Join(',', indices);
        var sb = new StringBuilder();
        sb.Append("#!/usr/bin/env bash\n");
        sb.Append($"# nnphys scale-out: {string.Join(' ', plan.CommandPath)} in {plan.Count} shards (written by nnphys; the run directory holds the result)\n");
        sb.Append($"#SBATCH --job-name=nnphys-{string.Join('-', plan.CommandPath)}\n");
        sb.Append($"#SBATCH --array={array}\n");
        sb.Append($"#SBATCH --output={Quote(Path.Combine(plan.ScaleOutDirectory, "task-%a.log"))}\n");
        sb.Append("#SBATCH --ntasks=1\n");
        foreach (var option in SplitArguments(slurmArguments)) sb.Append($"#SBATCH {option}\n");
        sb.Append("set -u\n");
        sb.Append("k=${SLURM_ARRAY_TASK_ID:?this script is a Slurm job array: submit it with sbatch}\n");
        sb.Append($"rm -f {Quote(Path.Combine(plan.ScaleOutDirectory, "task-"))}\"$k\".exit\n");
        var task = plan.TaskArguments(IndexMarker).Select(QuoteWithIndex);
        sb.Append(string.Join(' ', invocation.Select(Quote))).Append(' ').Append(string.Join(' ', task)).Append('\n');
        sb.Append("rc=$?\n");
        sb.Append($"echo \"$rc\" > {Quote(Path.Combine(plan.ScaleOutDirectory, "task-"))}\"$k\".exit\n");
        sb.Append("exit \"$rc\"\n");
        return sb.ToString();
    }

    /// <summary>Splits a user's "--time=1:00:00 --mem 4G" into sbatch options, keeping "--opt value" pairs together.</summary>
    /// <exception cref="InvalidConfigException">A token does not start with '-' where an option is expected.</exception>
    public static IReadOnlyList<string> SplitArguments(string? text)
    {
        var tokens = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var options = new List<string>();
        foreach (var t in tokens)
        {
            if (t.StartsWith('-')) options.Add(t);
            else if (options.Count > 0 && !options[^1].Contains('=') && !options[^1].Contains(' ')) options[^1] += " " + t;
            else throw new InvalidConfigException($"--slurm-args: '{t}' is not an sbatch option; write options like \"--time=01:00:00 --mem=4G --partition=cpu\".");
        }
        return options;
    }

    const string IndexMarker = "@@K@@";

    // A word with the array index spliced in: quoted pieces joined by "$k" (bash concatenates adjacent words).
    static string QuoteWithIndex(string word) =>
        word.Contains(IndexMarker) ? string.Join("\"$k\"", word.Split(IndexMarker).Select(p => p.Length == 0 ? "" : Quote(p))) : Quote(word);

    /// <summary>Single-quotes a word for bash.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+%@".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";
}
