using System.Text.Json.Nodes;
using NnPhys.Data;
using NnPhys.IO;
using NnPhys.Runs;

namespace NnPhys.Tests.Runs;

/// <summary>
/// Verified checkpoints (issue 12 item 2): a checkpoint whose bytes were altered or truncated is never loaded; the
/// newest intact one is used instead and the substitution is reported.
/// </summary>
public class CheckpointIntegrityTests
{
    private static Dictionary<string, NpyArray> Weights(double value) =>
        new() { ["w"] = NpyArray.Of(Enumerable.Repeat(value, 1000).ToArray()) };

    private static Checkpoints ThreeEpochs(TempDirectory dir, List<string>? notices = null)
    {
        var checkpoints = new Checkpoints(dir.Combine("checkpoints"), notices is null ? null : notices.Add);
        for (int epoch = 1; epoch <= 3; epoch++) checkpoints.Save(epoch, Weights(epoch), new JsonObject { ["epoch"] = epoch });
        return checkpoints;
    }

    /// <summary>Flips one byte in the middle of the file: inside the array data of the only .npy entry, so the zip structure stays valid.</summary>
    private static void FlipMiddleByte(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public void AlteredBytesInTheNewestCheckpoint_FallBackToTheNewestIntactOneAndSaySo()
    {
        using var dir = new TempDirectory();
        var notices = new List<string>();
        Checkpoints checkpoints = ThreeEpochs(dir, notices);
        FlipMiddleByte(checkpoints.ArraysPath(3));
        Assert.Equal(3.0, Npz.Read(checkpoints.ArraysPath(3))["w"].As<double>()[0]); // the reader alone does not notice

        Checkpoint loaded = checkpoints.LoadLatest()!;

        Assert.Equal(2, loaded.Epoch);
        Assert.All(loaded.Arrays["w"].As<double>(), v => Assert.Equal(2.0, v));
        Assert.NotNull(loaded.Notice);
        Assert.Contains("epoch 3", loaded.Notice);
        Assert.Contains("epoch-0003.npz", loaded.Notice);
        Assert.Contains("epoch 2", loaded.Notice);
        Assert.Equal([loaded.Notice], notices);
        Assert.Equal(2, checkpoints.LatestEpoch());
    }

    [Fact]
    public void TruncatedNewestCheckpoint_IsNoDeadEnd()
    {
        using var dir = new TempDirectory();
        Checkpoints checkpoints = ThreeEpochs(dir);
        byte[] bytes = File.ReadAllBytes(checkpoints.ArraysPath(3));
        File.WriteAllBytes(checkpoints.ArraysPath(3), bytes[..(bytes.Length / 3)]);

        Checkpoint loaded = checkpoints.LoadLatest()!;
        Assert.Equal(2, loaded.Epoch);
        Assert.Contains("epoch-0003.npz", loaded.Notice);
    }

    [Fact]
    public void AlteredState_IsCaughtBySha256()
    {
        using var dir = new TempDirectory();
        Checkpoints checkpoints = ThreeEpochs(dir);
        File.WriteAllText(checkpoints.StatePath(3), File.ReadAllText(checkpoints.StatePath(3)).Replace("3", "7"));
        Assert.Equal(2, checkpoints.LoadLatest()!.Epoch);
    }

    [Fact]
    public void PointerWithoutRecordedHashes_StillChecksTheZipCrc()
    {
        using var dir = new TempDirectory();
        var checkpoints = new Checkpoints(dir.Path);
        checkpoints.Save(4, Weights(4));
        var pointer = (JsonObject)JsonNode.Parse(File.ReadAllText(checkpoints.LatestPath))!;
        pointer.Remove("sha256"); // a pointer written before hashes were recorded
        File.WriteAllText(checkpoints.LatestPath, pointer.ToJsonString());
        Assert.Equal(4, checkpoints.LatestEpoch());

        FlipMiddleByte(checkpoints.ArraysPath(4));
        var e = Assert.Throws<DataFileException>(() => checkpoints.LoadLatest());
        Assert.Contains("CRC-32", e.Message);
        Assert.Contains("No intact checkpoint", e.Message);
    }

    [Fact]
    public void EveryCheckpointDamaged_IsAClearErrorListingEach()
    {
        using var dir = new TempDirectory();
        Checkpoints checkpoints = ThreeEpochs(dir);
        for (int epoch = 1; epoch <= 3; epoch++) FlipMiddleByte(checkpoints.ArraysPath(epoch));
        var e = Assert.Throws<DataFileException>(() => checkpoints.LoadLatest());
        foreach (string name in new[] { "epoch-0001.npz", "epoch-0002.npz", "epoch-0003.npz" }) Assert.Contains(name, e.Message);
    }

    [Fact]
    public void DeletedOlderCheckpoints_LeaveThePointerList()
    {
        using var dir = new TempDirectory();
        Checkpoints checkpoints = ThreeEpochs(dir);
        File.Delete(checkpoints.ArraysPath(1));
        File.Delete(checkpoints.StatePath(1));
        checkpoints.Save(4, Weights(4));
        var previous = JsonNode.Parse(File.ReadAllText(checkpoints.LatestPath))!["previous"]!.AsArray();
        Assert.Equal([3, 2], previous.Select(p => p!["epoch"]!.GetValue<int>()));
    }

    [Fact]
    public void Crc32_MatchesTheStandardCheckValue()
    {
        // CRC-32/ISO-HDLC check value: crc("123456789") = 0xCBF43926 (Williams, "A painless guide to CRC error detection")
        uint crc = CheckpointVerifier.Crc32.Finish(CheckpointVerifier.Crc32.Update(CheckpointVerifier.Crc32.Initial, "123456789"u8));
        Assert.Equal(0xCBF43926u, crc);
    }

    [Fact]
    public void ASkippedCheckpointIsRecordedInTheManifestNotes()
    {
        using var dir = new TempDirectory();
        RunDirectory run = RunDirectory.Create(dir.Path, "cmd", new { A = 1 }, 0, null);
        for (int epoch = 1; epoch <= 2; epoch++) run.Checkpoints.Save(epoch, Weights(epoch));
        run.Dispose();
        FlipMiddleByte(run.Checkpoints.ArraysPath(2));

        using RunDirectory resumed = RunDirectory.OpenForResume(dir.Path, new { A = 1 }, 0);
        Assert.Equal(1, resumed.Checkpoints.LoadLatest()!.Epoch);
        string note = Assert.Single(RunDirectory.ReadManifest(dir.Path).Notes);
        Assert.Contains("epoch-0002.npz", note);
    }
}
