namespace NnPhys.Cli.ScaleOut;

/// <summary>The three things nnphys asks of a Slurm cluster. <see cref="SlurmClient"/> calls the real commands;
/// tests use a local stand-in that runs the array script with bash.</summary>
public interface ISlurm
{
    /// <summary>Submits a job-array script (sbatch --parsable) and returns the job id.</summary>
    string Submit(string scriptPath);

    /// <summary>The array indices of the job still pending or running, with their state (e.g. 2 → RUNNING); empty
    /// when the whole array has left the queue.</summary>
    IReadOnlyDictionary<int, string> ActiveTasks(string jobId);
}
