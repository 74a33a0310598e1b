using NnPhys.Data;

using NnPhys.Training;
using NnPhys.IO;

namespace NnPhys.Experiments;

/// <summary>
/// A <see cref="BottleneckTrajectory"/> as a directory of .npy files (NumPy reads them):
/// <code>
///   bottleneck_trajectory.npy      int64[2] = (format version 1, steps per epoch)      — marks the directory
///   adam.npy                       float64[4] = (η, β₁, β₂, ε)
///   eval_labels.npy                int32[E] (optional)
///   epoch_NNN/meta.npy             float64[3] = (epoch, Adam step, train loss)
///   epoch_NNN/{b1,b2}_weights.npy, _adam_m.npy, _adam_v.npy, _full_batch_gradient.npy   float64 (rows, 2)
///   epoch_NNN/{b1,b2}_gradient_covariance.npy   float64 (rows, 2, 2) (optional)
///   epoch_NNN/b1_inputs.npy        float32 (E, B1 rows);  b1_outputs.npy, b2_outputs.npy   float64 (E, 2)
/// </code>
/// Each file is written atomically, one epoch directory at a time, so a trainer can append epochs as it goes; the marker is
/// written first. <see cref="Load"/> reads epochs 0, 1, … until the first missing directory.
/// </summary>
public static class BottleneckTrajectoryFiles
{
    const string Marker = "bottleneck_trajectory.npy";

    /// <summary>Writes the run-level files (marker, Adam settings, labels).</summary>
    public static void WriteHeader(string directory, AdamOptions adam, int stepsPerEpoch, int[]? evalLabels = null)
    {
        Directory.CreateDirectory(directory);
        Npy.Write(Path.Combine(directory, Marker), NpyArray.Of(new long[] { 1, stepsPerEpoch }));
        Npy.Write(Path.Combine(directory, "adam.npy"), NpyArray.Of(new[] { adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon }));
        if (evalLabels is not null) Npy.Write(Path.Combine(directory, "eval_labels.npy"), NpyArray.Of(evalLabels));
    }

    /// <summary>Writes one epoch boundary into <c>epoch_NNN/</c>.</summary>
    public static void WriteEpoch(string directory, BottleneckEpoch epoch)
    {
        string dir = Path.Combine(directory, $"epoch_{epoch.Epoch:D3}");
        Directory.CreateDirectory(dir);
        int evalCount = epoch.B1Outputs.Length / 2, b1Rows = epoch.B1.Rows;
        WriteLayer(dir, "b1", epoch.B1); WriteLayer(dir, "b2", epoch.B2);
        var inputs = new float[epoch.B1Inputs.Length];
        for (int k = 0; k < inputs.Length; k++) inputs[k] = (float)epoch.B1Inputs[k];
        Npy.Write(Path.Combine(dir, "b1_inputs.npy"), NpyArray.Of(inputs, evalCount, b1Rows));
        Npy.Write(Path.Combine(dir, "b1_outputs.npy"), NpyArray.Of(epoch.B1Outputs, evalCount, 2));
        Npy.Write(Path.Combine(dir, "b2_outputs.npy"), NpyArray.Of(epoch.B2Outputs, evalCount, 2));
        Npy.Write(Path.Combine(dir, "meta.npy"), NpyArray.Of(new[] { epoch.Epoch, (double)epoch.AdamStep, epoch.TrainLoss }));   // last: marks the epoch complete
    }

    static void WriteLayer(string dir, string name, BottleneckLayerState s)
    {
        int rows = s.Rows;
        Npy.Write(Path.Combine(dir, $"{name}_weights.npy"), NpyArray.Of(s.Weights, rows, 2));
        Npy.Write(Path.Combine(dir, $"{name}_adam_m.npy"), NpyArray.Of(s.AdamM, rows, 2));
        Npy.Write(Path.Combine(dir, $"{name}_adam_v.npy"), NpyArray.Of(s.AdamV, rows, 2));
        Npy.Write(Path.Combine(dir, $"{name}_full_batch_gradient.npy"), NpyArray.Of(s.FullBatchGradient, rows, 2));
        if (s.GradientCovariance is not null) Npy.Write(Path.Combine(dir, $"{name}_gradient_covariance.npy"), NpyArray.Of(s.GradientCovariance, rows, 2, 2));
    }

    /// <summary>Writes a whole trajectory.</summary>
    public static void Save(string directory, BottleneckTrajectory trajectory)
    {
        WriteHeader(directory, trajectory.Adam, trajectory.StepsPerEpoch, trajectory.EvalLabels);
        foreach (var epoch in trajectory.Epochs) WriteEpoch(directory, epoch);
    }

    /// <summary>Reads a trajectory (validated as by its constructor).</summary>
    /// <exception cref="DataFileException">Not a bottleneck-trajectory directory, a missing or malformed file, or invalid content.</exception>
    public static BottleneckTrajectory Load(string directory)
    {
        string marker = Path.Combine(directory, Marker);
        if (!File.Exists(marker))
            throw new DataFileException($"'{directory}' is not a bottleneck-trajectory directory (no {Marker}); it may belong to another experiment. Point to the directory the Fokker–Planck training run wrote.");
        var head = Npy.Read(marker).As<long>();
        if (head.Length != 2 || head[0] != 1) throw new DataFileException($"{marker} has an unknown format; expected int64[2] = (1, steps per epoch).");
        var a = Read<double>(directory, "adam.npy", 4);
        var adam = new AdamOptions(a[0], a[1], a[2], a[3]);
        string labelsPath = Path.Combine(directory, "eval_labels.npy");
        int[]? labels = File.Exists(labelsPath) ? Npy.Read(labelsPath).As<int>() : null;
        var epochs = new List<BottleneckEpoch>();
        for (int t = 0; File.Exists(Path.Combine(directory, $"epoch_{t:D3}", "meta.npy")); t++)
        {
            string dir = Path.Combine(directory, $"epoch_{t:D3}");
            var meta = Read<double>(dir, "meta.npy", 3);
            var inputs = Npy.Read(Path.Combine(dir, "b1_inputs.npy")).As<float>();
            var x = new double[inputs.Length];
            for (int k = 0; k < x.Length; k++) x[k] = inputs[k];
            epochs.Add(new BottleneckEpoch((int)meta[0], (long)meta[1], meta[2], ReadLayer(dir, "b1"), ReadLayer(dir, "b2"), x,
                Read<double>(dir, "b1_outputs.npy", -1), Read<double>(dir, "b2_outputs.npy", -1)));
        }
        return new BottleneckTrajectory(adam, (int)head[1], epochs, labels);
    }

    static BottleneckLayerState ReadLayer(string dir, string name)
    {
        string cov = Path.Combine(dir, $"{name}_gradient_covariance.npy");
        return new BottleneckLayerState(Read<double>(dir, $"{name}_weights.npy", -1), Read<double>(dir, $"{name}_adam_m.npy", -1),
            Read<double>(dir, $"{name}_adam_v.npy", -1), Read<double>(dir, $"{name}_full_batch_gradient.npy", -1),
            File.Exists(cov) ? Npy.Read(cov).As<double>() : null);
    }

    static T[] Read<T>(string dir, string file, int expectedLength) where T : unmanaged
    {
        string path = Path.Combine(dir, file);
        var array = Npy.Read(path);
        try
        {
            var data = array.As<T>();
            if (expectedLength >= 0 && data.Length != expectedLength) throw new DataFileException($"{path} has {data.Length} values; expected {expectedLength}.");
            return data;
        }
        catch (InvalidOperationException e) { throw new DataFileException($"{path}: {e.Message}", e); }
    }
}
