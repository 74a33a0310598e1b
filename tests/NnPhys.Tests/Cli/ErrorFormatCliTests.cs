using System.CommandLine;
using System.Text.Json.Nodes;
using NnPhys.Cli;
using NnPhys.Runs;
using NnPhys.Tests.Runs;

namespace NnPhys.Tests.Cli;

/// <summary>
/// The README's error promise for inputs the parser rejects and for storage failures (issue 12 items 7, 8): one
/// <c>nnphys: error:</c> line, exit 2, never "internal error"; a run that dies of a full disk is marked failed.
/// </summary>
[Collection("Console")]
public sealed class ErrorFormatCliTests
{
    static string NeverCreated() => Path.Combine(Path.GetTempPath(), "nnphys-never-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("--epochs", "abc", "--epochs")]
    [InlineData("--epochs", "99999999999", "--epochs")]
    [InlineData("--lr", "inf", "--lr")]
    [InlineData("--seed", "-1", "--seed")]
    [InlineData("--no-such-option", "1", "--no-such-option")]
    public void ValuesTheParserRejects_AreOneErrorLineWithExitTwo(string option, string value, string named)
    {
        string error = CliHarness.AssertUserError(CliHarness.Run("train", "autoencoder", option, value, "--out", NeverCreated()));
        Assert.Contains(named, error);
    }

    [Fact]
    public void MergeWithNoFiles_IsOneErrorLine() =>
        Assert.Contains("shards", CliHarness.AssertUserError(CliHarness.Run("ensemble", "merge")));

    [Fact]
    public void EmptyOutAndEmptyData_AreUserErrorsNotCrashes()
    {
        Assert.Contains("--out", CliHarness.AssertUserError(CliHarness.Run("train", "autoencoder", "--out", "", "--epochs", "1")));
        Assert.Contains("--out", CliHarness.AssertUserError(CliHarness.Run("ensemble", "correlators", "--out", " ", "--samples", "10")));
        Assert.Contains("--data", CliHarness.AssertUserError(CliHarness.Run("train", "autoencoder", "--data", "", "--out", NeverCreated())));
    }

    /// <summary>A command whose body opens a run and then hits <paramref name="failure"/>, run through the project's error policy.</summary>
    static (int code, string stdout, string stderr, RunManifest manifest) RunFailingCommand(string runPath, Action failure)
    {
        var command = new Command("failing");
        CommandRunner.SetAction(command, (_, _) =>
        {
            RunDirectory.Create(runPath, "failing", new { A = 1 }, 0, null);
            failure();
            return Task.FromResult<JsonObject?>(null);
        });
        var root = new RootCommand { command };
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o); Console.SetError(e);
        int code;
        try { code = root.Parse(["failing"]).Invoke(); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
        return (code, o.ToString(), e.ToString(), RunDirectory.ReadManifest(runPath));
    }

    [DevFullFact]
    public void DiskFull_SaysSoExitsTwoAndMarksTheRunFailed()
    {
        using var dir = new TempDirectory();
        var (code, stdout, stderr, manifest) = RunFailingCommand(dir.Combine("run"), () =>
        {
            using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write); // the kernel answers ENOSPC
            full.Write(new byte[1 << 16]);
            full.Flush(flushToDisk: true);
        });
        string error = CliHarness.AssertUserError((code, stdout, stderr));
        Assert.Contains("no space left on the device holding '/dev/full'", error);
        Assert.Equal(RunStatus.Failed, manifest.Status);
        Assert.Contains("no space left", manifest.StatusMessage);
        Assert.Contains("--resume", manifest.StatusMessage);
        RunDirectory.OpenForResume(dir.Combine("run"), new { A = 1 }, 0).Dispose(); // the lock was released: resumable
    }

    [Fact]
    public void ReadOnlyFolder_SaysSoExitsTwoAndMarksTheRunFailed()
    {
        using var dir = new TempDirectory();
        // what .NET throws for EROFS (errno 30) and for EACCES
        var (code, stdout, stderr, manifest) = RunFailingCommand(dir.Combine("ro"), () => throw new IOException("Read-only file system : '/mnt/ro/x.npy'", 30));
        Assert.Contains("'/mnt/ro/x.npy': the folder is on a read-only file system", CliHarness.AssertUserError((code, stdout, stderr)));
        Assert.Equal(RunStatus.Failed, manifest.Status);

        (code, stdout, stderr, manifest) = RunFailingCommand(dir.Combine("acc"), () => throw new UnauthorizedAccessException("Access to the path '/srv/x' is denied."));
        Assert.Contains("cannot write '/srv/x': permission denied", CliHarness.AssertUserError((code, stdout, stderr)));
        Assert.Equal(RunStatus.Failed, manifest.Status);
    }
}

/// <summary>Runs where /dev/full exists (Linux), which fails every write with ENOSPC; skipped with the reason elsewhere.</summary>
public sealed class DevFullFactAttribute : FactAttribute
{
    public DevFullFactAttribute()
    {
        if (!File.Exists("/dev/full")) Skip = "Needs /dev/full (Linux) to produce a real 'no space left on device' error.";
    }
}
