using System.Diagnostics;
using NnPhys.Cli.ScaleOut;

namespace NnPhys.Tests.Cli;

/// <summary>
/// A local stand-in for the Slurm scheduler in the scale-out tests: runs each array index of a generated script in turn
/// with bash, as slurmd would (SLURM_ARRAY_TASK_ID set, output to the script's --output pattern). The real single-node
/// cluster is exercised by scripts/slurm-test.sh.
/// </summary>
internal sealed class LocalBashSlurm : ISlurm
{
    /// <summary>The array indices of every submission, in order.</summary>
    public List<int[]> Submitted { get; } = [];

    public string Submit(string scriptPath)
    {
        var lines = File.ReadAllLines(scriptPath);
        string array = lines.First(l => l.StartsWith("#SBATCH --array=")).Split('=')[1];
        string output = lines.First(l => l.StartsWith("#SBATCH --output=")).Split('=', 2)[1].Trim('\'');
        var indices = array.Contains('-') ? Enumerable.Range(0, int.Parse(array.Split('-')[1]) + 1).ToArray() : array.Split(',').Select(int.Parse).ToArray();
        Submitted.Add(indices);
        foreach (int k in indices)
        {
            var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add("-c"); psi.ArgumentList.Add("bash \"$0\" > \"$1\" 2>&1"); psi.ArgumentList.Add(scriptPath); psi.ArgumentList.Add(output.Replace("%a", k.ToString()));
            psi.Environment["SLURM_ARRAY_TASK_ID"] = k.ToString();
            psi.Environment["CI"] = "true";
            using var p = Process.Start(psi)!; p.WaitForExit();
        }
        return (1000 + Submitted.Count).ToString();
    }

    public IReadOnlyDictionary<int, string> ActiveTasks(string jobId) => new Dictionary<int, string>();
}
