using System.Text.Json.Nodes;
using NnPhys.Data;
using NnPhys.FokkerPlanck;
using NnPhys.Runs;

namespace NnPhys.Experiments;

/// <summary>
/// Reads the bottleneck recording of a finished <c>train autoencoder</c> run (<see cref="BottleneckRecorder"/>'s
/// <c>trajectory/epoch-NNNN.npz</c>) into the Fokker–Planck theory's <see cref="BottleneckTrajectory"/>.
/// The minibatch-gradient covariance of the epoch t → t+1 (recorded in file t+1) is attached to boundary t, the start of
/// the interval whose diffusion it estimates; the last boundary reuses the last epoch's.
/// </summary>
public static class TrainingRunTrajectory
{
    /// <summary>Loads epochs 0..<paramref name="maxEpoch"/> (all recorded epochs when null).</summary>
    /// <exception cref="DataFileException">Not a training run of this experiment, an unfinished run, missing or damaged files, or no full-batch gradients recorded.</exception>
    public static BottleneckTrajectory Load(string runDirectory, int? maxEpoch = null)
    {
        var manifest = RunDirectory.ReadManifest(runDirectory);
        if (manifest.Command != "train autoencoder")
            throw new DataFileException($"'{runDirectory}' is a '{manifest.Command}' run, not a 'train autoencoder' run; pass the directory of an autoencoder training run.");
        if (manifest.Status != RunStatus.Complete)
            throw new DataFileException($"The training run in '{runDirectory}' is {manifest.Status.ToString().ToLowerInvariant()}, not complete; finish it with 'nnphys train autoencoder --resume --out {runDirectory}'.");
        var config = manifest.Config as JsonObject ?? throw new DataFileException($"The manifest in '{runDirectory}' has no config.");
        double lr = Number(config, "learningRate", runDirectory);
        int batch = (int)Number(config, "batchSize", runDirectory);

        int last = 0;
        while (File.Exists(BottleneckRecorder.EpochPath(runDirectory, last + 1))) last++;
        if (maxEpoch is int m)
        {
            if (m > last) throw new DataFileException($"The training run in '{runDirectory}' recorded {last} epochs; {m} were asked for. Train longer or ask for fewer.");
            last = m;
        }
        if (last < 1) throw new DataFileException($"The training run in '{runDirectory}' has no recorded epoch; train for at least one epoch.");

        var files = new Dictionary<string, NpyArray>[last + 2];
        for (int t = 0; t <= Math.Min(last + 1, files.Length - 1); t++)
        {
            var path = BottleneckRecorder.EpochPath(runDirectory, t);
            if (File.Exists(path)) files[t] = Npz.Read(path);
            else if (t <= last) throw new DataFileException($"'{path}' is missing; the training run was modified. Re-run training.");
        }
        var labels = Npy.Read(Path.Combine(runDirectory, "arrays", "eval_labels.npy")).As<byte>().Select(b => (int)b).ToArray();
        long steps = files[1]["adam_step"].As<long>()[0] - files[0]["adam_step"].As<long>()[0];

        var epochs = new List<BottleneckEpoch>();
        for (int t = 0; t <= last; t++)
        {
            var f = files[t];
            var noiseSource = t + 1 < files.Length && files[t + 1] is { } next ? next : f;
            epochs.Add(new BottleneckEpoch(
                t, f["adam_step"].As<long>()[0],
                Get(f, "loss_full", t, runDirectory)[0],
                Layer(f, noiseSource, "b1", t, runDirectory), Layer(f, noiseSource, "b2", t, runDirectory),
                f["eval_b1_inputs"].As<float>().Select(v => (double)v).ToArray(),
                f["eval_b1_outputs"].As<double>(), f["eval_b2_outputs"].As<double>()));
        }
        return new BottleneckTrajectory(new AdamSettings(lr), checked((int)steps), epochs, labels);
    }

    static BottleneckLayerState Layer(Dictionary<string, NpyArray> f, Dictionary<string, NpyArray> noise, string layer, int epoch, string run) =>
        new(f[$"{layer}_weight"].As<double>(), f[$"{layer}_adam_m"].As<double>(), f[$"{layer}_adam_v"].As<double>(),
            Get(f, $"{layer}_grad_full", epoch, run),
            noise.TryGetValue($"{layer}_grad_step_cov", out var cov) ? cov.As<double>() : null);

    static double[] Get(Dictionary<string, NpyArray> f, string key, int epoch, string run) =>
        f.TryGetValue(key, out var a) ? a.As<double>()
        : throw new DataFileException($"Epoch {epoch} of the training run in '{run}' has no '{key}': it was trained with --no-full-gradient. Re-train without that flag; the predicted drift needs the full-batch gradient.");

    static double Number(JsonObject config, string key, string run) =>
        config.TryGetPropertyValue(key, out var v) && v is JsonValue value && value.TryGetValue<double>(out var d) ? d
        : throw new DataFileException($"The manifest in '{run}' has no numeric config '{key}'; it is not an autoencoder training run of this nnphys version.");
}
