using NnPhys.Runs;

namespace NnPhys.Experiments;

/// <summary>Reads the bottleneck trajectory of a finished <c>train autoencoder</c> run (its <c>trajectory/</c> directory).</summary>
public static class TrainingRunTrajectory
{
    /// <exception cref="DataFileException">Not an autoencoder training run, an unfinished run, or missing or damaged files.</exception>
    public static BottleneckTrajectory Load(string runDirectory)
    {
        var manifest = RunDirectory.ReadManifest(runDirectory);
        if (manifest.Command != "train autoencoder")
            throw new DataFileException($"'{runDirectory}' is a '{manifest.Command}' run, not a 'train autoencoder' run; pass the directory of an autoencoder training run.");
        if (manifest.Status != RunStatus.Complete)
            throw new DataFileException($"The training run in '{runDirectory}' is {manifest.Status.ToString().ToLowerInvariant()}, not complete; finish it with 'nnphys train autoencoder --resume --out {runDirectory}' and the same options.");
        return BottleneckTrajectoryFiles.Load(BottleneckRecorder.TrajectoryDirectory(runDirectory));
    }
}
