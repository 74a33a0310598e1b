using NnPhys.Runs;
using NnPhys.IO;

using NnPhys.Tests.Data;
using NnPhys.Tests.Runs;
namespace NnPhys.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void WriteAllText_ReplacesContent_AndLeavesNoTempFile()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("a.txt");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second ü");
        Assert.Equal("second ü", File.ReadAllText(path));
        Assert.Equal(["a.txt"], dir.FileNames());
        Assert.Equal((byte)'s', File.ReadAllBytes(path)[0]); // no UTF-8 byte-order mark
    }

    [Fact]
    public void FailureInsideTheWrite_KeepsTheOldFileAndRemovesTheTemp()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("results.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);

        // Simulates a process dying mid-write: half the new content is out, then the writer throws.
        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("disk full (simulated)");
        }));

        Assert.Equal("disk full (simulated)", e.Message);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(["results.bin"], dir.FileNames());
    }

    [Fact]
    public async Task CancelledAsyncWrite_KeepsTheOldFile()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("b.txt");
        AtomicFile.WriteAllText(path, "old");
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAsync(path, async (stream, token) =>
        {
            await stream.WriteAsync(new byte[10], token);
            cancel.Cancel();
            token.ThrowIfCancellationRequested();
        }, cancel.Token));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["b.txt"], dir.FileNames());
    }

    [Fact]
    public void CreatesMissingParentDirectories()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("x", "y", "z.txt");
        AtomicFile.WriteAllText(path, "deep");
        Assert.Equal("deep", File.ReadAllText(path));
    }

    [Fact]
    public void DirectoryOrFileParent_GiveClearErrors()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("sub"));
        var e = Assert.Throws<DataFileException>(() => AtomicFile.WriteAllText(dir.Combine("sub"), "x"));
        Assert.Contains("a directory with that name exists", e.Message);

        File.WriteAllText(dir.Combine("file"), "x");
        var e2 = Assert.Throws<DataFileException>(() => AtomicFile.WriteAllText(dir.Combine("file", "child.txt"), "x"));
        Assert.Contains("is a file", e2.Message);
    }
}
