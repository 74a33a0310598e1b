using NnPhys.Runs;
using NnPhys.Tests.Runs;

namespace NnPhys.Tests.Cli;

/// <summary>
/// Run folders through the CLI (issue 12 items 1, 6, 9): invalid options leave no folder behind, a user's folder is
/// never written into, and a run directory held by another writer is refused with the holder's PID.
/// </summary>
[Collection("Console")]
public sealed class RunFolderCliTests
{
    [Theory]
    [InlineData("correlators", "--shard", "3/2")]
    [InlineData("phi4", "--dim", "4")]
    public void OptionsThatFailValidation_LeaveNoRunFolder_SoTheSameOutCanBeReused(string command, string option, string value)
    {
        using var dir = new TempDirectory();
        string output = dir.Combine("run");
        string error = CliHarness.AssertUserError(CliHarness.Run("ensemble", command, option, value, "--samples", "50", "--out", output));
        Assert.Contains(option, error);
        Assert.False(Directory.Exists(output), $"{output} was created");
    }

    [Fact]
    public void OutOnAUsersFolder_IsRefusedAndTheirReportIsKept()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("report.md"), "my report");
        string error = CliHarness.AssertUserError(CliHarness.Run("ensemble", "correlators", "--samples", "20", "--neuron-samples", "50", "--out", dir.Path));
        Assert.Contains("not an nnphys run directory", error);
        Assert.Equal("my report", File.ReadAllText(dir.Combine("report.md")));
        Assert.Equal(["report.md"], dir.FileNames());
    }

    [Fact]
    public void ASecondWriterOnTheSameOut_IsRefusedNamingTheHolder()
    {
        using var dir = new TempDirectory();
        string output = dir.Combine("run");
        using (RunDirectory holder = RunDirectory.Create(output, "another process", new { A = 1 }, 0, null)) // stands for a concurrent process
        {
            File.Delete(Path.Combine(output, "manifest.json")); // as if the holder had not written its manifest yet
            string error = CliHarness.AssertUserError(CliHarness.Run("ensemble", "correlators", "--samples", "20", "--neuron-samples", "50", "--out", output));
            Assert.Contains($"pid {Environment.ProcessId}", error);
            Assert.Contains("in use by another nnphys process", error);
            Assert.False(File.Exists(Path.Combine(output, "manifest.json")));
        }
    }
}
