using System.Text.Json.Nodes;
using NnPhys.Data;
using NnPhys.Numerics;
using NnPhys.Runs;
using NnPhys.IO;

namespace NnPhys.Tests.Runs;

public class CheckpointsTests
{
    [Fact]
    public void SaveAndLoad_RoundTripArraysAndScalars()
    {
        using var dir = new TempDirectory();
        var checkpoints = new Checkpoints(dir.Combine("checkpoints"));
        Assert.Null(checkpoints.LatestEpoch());
        Assert.Null(checkpoints.LoadLatest());

        var arrays = new Dictionary<string, NpyArray> { ["w"] = NpyArray.Of(new[] { 1f, 2f, 3f, 4f }, 2, 2) };
        checkpoints.Save(5, arrays, new JsonObject { ["loss"] = 0.25, ["step"] = 500L, ["rng"] = new JsonArray(ulong.MaxValue, 1UL) });

        Assert.Equal(5, checkpoints.LatestEpoch());
        Assert.Equal(["epoch-0005.json", "epoch-0005.npz", "latest.json"], dir.FileNames("checkpoints"));
        Checkpoint loaded = checkpoints.LoadLatest()!;
        Assert.Equal(5, loaded.Epoch);
        Assert.Equal([1f, 2f, 3f, 4f], loaded.Arrays["w"].As<float>());
        Assert.Equal(0.25, loaded.State["loss"]!.GetValue<double>());
        Assert.Equal(500L, loaded.State["step"]!.GetValue<long>());
        Assert.Equal(ulong.MaxValue, loaded.State["rng"]![0]!.GetValue<ulong>()); // exact, not rounded through double
    }

    [Fact]
    public void ThePointerListsEachOlderCheckpointOnceAndStaysSmall()
    {
        // The pointer read back lists itself first; copying it with its own "previous" list nested the whole history
        // into every save, so latest.json grew exponentially (190 MB at epoch 25 of the autoencoder run, then OOM).
        using var dir = new TempDirectory();
        var checkpoints = new Checkpoints(dir.Path);
        for (int epoch = 0; epoch <= 30; epoch++)
            checkpoints.Save(epoch, new Dictionary<string, NpyArray> { ["w"] = NpyArray.Of(new[] { (double)epoch }) });
        var pointer = JsonNode.Parse(File.ReadAllText(checkpoints.LatestPath))!.AsObject();
        Assert.Equal(30, pointer["epoch"]!.GetValue<int>());
        var previous = pointer["previous"]!.AsArray();
        Assert.Equal(Enumerable.Range(0, 30).Reverse(), previous.Select(e => e!["epoch"]!.GetValue<int>()));
        Assert.All(previous, e => Assert.Null(e!["previous"]));
        Assert.True(new FileInfo(checkpoints.LatestPath).Length < 31 * 400, $"latest.json is {new FileInfo(checkpoints.LatestPath).Length} bytes");
        Assert.Equal(30, checkpoints.LatestEpoch());
    }

    [Fact]
    public void AnInterruptedSave_LeavesThePreviousCheckpointAsLatest()
    {
        using var dir = new TempDirectory();
        var checkpoints = new Checkpoints(dir.Path);
        checkpoints.Save(1, new Dictionary<string, NpyArray> { ["w"] = NpyArray.Of(new[] { 1.0 }) });
        checkpoints.Save(2, new Dictionary<string, NpyArray> { ["w"] = NpyArray.Of(new[] { 2.0 }) });

        // Killed after writing epoch 3's arrays, before its scalars and pointer: epoch 3 does not exist yet.
        Npz.Write(checkpoints.ArraysPath(3), new Dictionary<string, NpyArray> { ["w"] = NpyArray.Of(new[] { 3.0 }) });
        Assert.Equal(2, checkpoints.LatestEpoch());
        Assert.Equal([2.0], checkpoints.LoadLatest()!.Arrays["w"].As<double>());

        // Killed while writing epoch 3's pointer (simulated by a throwing write): the old pointer is intact.
        Assert.Throws<IOException>(() => AtomicFile.Write(checkpoints.LatestPath, s => { s.WriteByte((byte)'{'); throw new IOException("killed"); }));
        Assert.Equal(2, checkpoints.LatestEpoch());
    }

    [Fact]
    public void PointerToMissingFiles_IsAClearError()
    {
        using var dir = new TempDirectory();
        var checkpoints = new Checkpoints(dir.Path);
        checkpoints.Save(4, new Dictionary<string, NpyArray> { ["w"] = NpyArray.Scalar(1.0) });
        File.Delete(checkpoints.ArraysPath(4));
        var e = Assert.Throws<DataFileException>(() => checkpoints.LatestEpoch());
        Assert.Contains("epoch-0004.npz", e.Message);
    }

    /// <summary>
    /// A small stochastic process (a random walk driven by RandomStream) run for 10 epochs straight, and again as
    /// 6 epochs + "kill" + resume from the checkpoint: the final arrays must be bit-identical.
    /// </summary>
    [Fact]
    public void ResumedRun_GivesTheSameBytesAsAnUninterruptedOne()
    {
        using var dir = new TempDirectory();
        var config = new { Steps = 10, Width = 8 };

        double[]? straight = RunWalk(RunDirectory.Create(dir.Combine("straight"), "walk", config, 99, null), stopAfter: null);

        RunDirectory interrupted = RunDirectory.Create(dir.Combine("resumed"), "walk", config, 99, null);
        Assert.Null(RunWalk(interrupted, stopAfter: 6));
        Assert.Equal(RunStatus.Running, RunDirectory.ReadManifest(interrupted.Root).Status);
        interrupted.Dispose(); // the process ends: the OS drops its lock
        double[]? resumed = RunWalk(RunDirectory.OpenForResume(dir.Combine("resumed"), config, 99), stopAfter: null);

        Assert.NotNull(straight);
        Assert.Equal(straight, resumed);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.Path, "straight", "arrays", "walk.npy")),
                     File.ReadAllBytes(Path.Combine(dir.Path, "resumed", "arrays", "walk.npy")));
    }

    /// <summary>Runs the walk from the latest checkpoint (or the start); returns the final state, or null if stopped early.</summary>
    private static double[]? RunWalk(RunDirectory run, int? stopAfter)
    {
        var rng = new RandomStream(run.Manifest.Seed);
        var x = new double[8];
        int startEpoch = 0;
        if (run.Checkpoints.LoadLatest() is { } checkpoint)
        {
            x = checkpoint.Arrays["x"].As<double>();
            var state = checkpoint.State["rng"]!.AsArray().Select(n => n!.GetValue<ulong>()).ToArray();
            rng.SetState(state);
            startEpoch = checkpoint.Epoch;
        }
        for (int epoch = startEpoch + 1; epoch <= 10; epoch++)
        {
            for (int i = 0; i < x.Length; i++) x[i] += 0.1 * rng.NextNormal();
            var rngState = new JsonArray();
            foreach (ulong word in rng.GetState()) rngState.Add(word);
            run.Checkpoints.Save(epoch, new Dictionary<string, NpyArray> { ["x"] = NpyArray.Of((double[])x.Clone()) },
                new JsonObject { ["rng"] = rngState });
            if (epoch == stopAfter) return null; // "killed" here
        }
        run.WriteArray("walk", NpyArray.Of(x));
        run.Complete();
        return x;
    }
}
