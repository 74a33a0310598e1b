using NnPhys.Runs;

namespace NnPhys.Tests.Runs;

/// <summary>
/// A user's folder is never written into (issue 12 item 6), and temporary files a killed session left in a run are
/// removed when the run is next opened (item 11).
/// </summary>
public class RunDirectoryContentsTests
{
    private static readonly object Config = new { A = 1 };

    [Fact]
    public void NonEmptyFolderWithoutAManifest_IsRefusedAndLeftUntouched()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("report.md"), "my notes");
        Directory.CreateDirectory(dir.Combine("data"));

        var e = Assert.Throws<DataFileException>(() => RunDirectory.Create(dir.Path, "cmd", Config, 0, null));
        Assert.Contains("not an nnphys run directory", e.Message);
        Assert.Contains("report.md", e.Message);
        Assert.Contains("data/", e.Message);
        Assert.Throws<DataFileException>(() => RunDirectory.CheckOutputPath(dir.Path)); // the early check the CLI runs
        Assert.Equal("my notes", File.ReadAllText(dir.Combine("report.md")));
        Assert.Equal(["report.md"], dir.FileNames()); // not even a lock file was created
    }

    [Fact]
    public void EmptyFolderOrTheRemainsOfARunKilledBeforeItsManifest_AreAccepted()
    {
        using var dir = new TempDirectory();
        RunDirectory.Create(dir.Combine("empty"), "cmd", Config, 0, null).Dispose();

        string killed = dir.Combine("killed");
        Directory.CreateDirectory(Path.Combine(killed, "arrays"));
        File.WriteAllText(Path.Combine(killed, RunLock.FileName), "pid 1");
        File.WriteAllText(Path.Combine(killed, $".manifest.json.tmp-42-{Guid.NewGuid():N}"), "{");
        using RunDirectory run = RunDirectory.Create(killed, "cmd", Config, 0, null);
        Assert.Equal([RunLock.FileName, "manifest.json"], Directory.GetFiles(killed).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StrayTemporaryFilesOfAKilledSession_AreRemovedOnResume_AndNoted()
    {
        using var dir = new TempDirectory();
        RunDirectory.Create(dir.Path, "cmd", Config, 0, null).Dispose();
        string stray = Path.Combine(dir.Path, "checkpoints", $".epoch-0003.npz.tmp-12345-{Guid.NewGuid():N}");
        File.WriteAllBytes(stray, new byte[2_000_000]);
        string userFile = Path.Combine(dir.Path, "arrays", "keep.tmp"); // not an AtomicFile temporary name
        File.WriteAllText(userFile, "x");
        string nested = Path.Combine(dir.Path, "training", $".loss.npy.tmp-7-{Guid.NewGuid():N}"); // inside a nested run: not ours
        Directory.CreateDirectory(Path.GetDirectoryName(nested)!);
        File.WriteAllText(Path.Combine(dir.Path, "training", "manifest.json"), "{}");
        File.WriteAllText(nested, "x");

        using RunDirectory resumed = RunDirectory.OpenForResume(dir.Path, Config, 0);

        Assert.False(File.Exists(stray));
        Assert.True(File.Exists(userFile));
        Assert.True(File.Exists(nested));
        string note = Assert.Single(RunDirectory.ReadManifest(dir.Path).Notes);
        Assert.Contains("removed 1 temporary file(s) (2.0 MB)", note);
    }
}
