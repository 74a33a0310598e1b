using System.Diagnostics;
using System.Globalization;

namespace NnPhys.Cli.ScaleOut;

/// <summary>
/// <see cref="ISlurm"/> over the cluster's own commands: <c>sbatch --parsable</c> and <c>squeue -r</c>. Needs no
/// accounting database (sacct): a task's outcome is read from the exit-code file its script writes.
/// </summary>
public sealed class SlurmClient : ISlurm
{
    /// <inheritdoc/>
    /// <exception cref="ScaleOutFailedException">sbatch is missing or refused the script (its message is included).</exception>
    public string Submit(string scriptPath)
    {
        var (code, stdout, stderr) = Run("sbatch", ["--parsable", scriptPath]);
        if (code != 0)
            throw new ScaleOutFailedException($"sbatch refused the job array ({stderr.Trim()}); the script is {scriptPath}.");
        var id = stdout.Trim().Split(';')[0]; // --parsable prints "jobid[;cluster]"
        if (id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new ScaleOutFailedException($"sbatch printed '{stdout.Trim()}', not a job id; the script is {scriptPath}.");
        return id;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<int, string> ActiveTasks(string jobId)
    {
        var (code, stdout, stderr) = Run("squeue", ["-h", "-r", "-j", jobId, "-o", "%K %T"]);
        var tasks = new Dictionary<int, string>();
        if (code != 0)
        {
            // A job that has left the controller's memory is "Invalid job id": nothing active.
            if (stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)) return tasks;
            throw new ScaleOutFailedException($"squeue failed while polling job {jobId}: {stderr.Trim()}");
        }
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 2);
            // a pending array not yet split shows "0-3" or "[0-3]"; count those as pending indices
            var index = parts[0].Trim('[', ']');
            if (int.TryParse(index, NumberStyles.Integer, CultureInfo.InvariantCulture, out int k)) tasks[k] = parts.Length > 1 ? parts[1] : "";
            else foreach (var k2 in ExpandRange(index)) tasks[k2] = parts.Length > 1 ? parts[1] : "PENDING";
        }
        return tasks;
    }

    static IEnumerable<int> ExpandRange(string text)
    {
        foreach (var piece in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = piece.Split('%')[0].Split('-');
            if (ends.Length == 2 && int.TryParse(ends[0], out int a) && int.TryParse(ends[1], out int b))
                for (int k = a; k <= b; k++) yield return k;
            else if (int.TryParse(ends[0], out int single)) yield return single;
        }
    }

    static (int Code, string Stdout, string Stderr) Run(string program, IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result, stderr);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new ScaleOutFailedException($"'{program}' was not found: --slurm needs a Slurm login node (sbatch and squeue on PATH). Use --k8s-manifest for Kubernetes, or --shard k/n by hand.");
        }
    }
}
