using NnPhys.Cli;

namespace NnPhys.Tests.Cli;

/// <summary>The CLI's error policy: bad input → one line on stderr naming the problem, exit code 2, no stack trace.</summary>
[Collection("Console")]
public sealed class CliTests
{

    [Theory]
    [InlineData("--epochs", "0", "--epochs")]
    [InlineData("--epochs", "-3", "--epochs")]
    [InlineData("--batch", "0", "--batch")]
    [InlineData("--lr", "NaN", "--lr")]
    [InlineData("--lr", "0", "--lr")]
    [InlineData("--digits", "7-2", "--digits")]
    [InlineData("--digits", "a", "--digits")]
    public void BadTrainingOptionsExitWithCodeTwoAndNameTheOption(string option, string value, string named)
    {
        var (code, stdout, stderr) = CliHarness.Run("train", "autoencoder", option, value, "--out", Path.Combine(Path.GetTempPath(), "nnphys-never-" + Guid.NewGuid()));
        Assert.Equal(2, code);
        Assert.Contains(named, stderr);
        Assert.StartsWith("nnphys: error:", stderr);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
        Assert.Equal("", stdout);
    }

    [Fact]
    public void ResumeWithoutOutIsAnError()
    {
        var (code, _, stderr) = CliHarness.Run("train", "autoencoder", "--resume");
        Assert.Equal(2, code);
        Assert.Contains("--out", stderr);
    }

    [Fact]
    public void UnknownBenchSuiteListsTheValidOnes()
    {
        var (code, _, stderr) = CliHarness.Run("bench", "nosuch");
        Assert.Equal(2, code);
        Assert.Contains("gemm", stderr);
    }

    [Fact]
    public void OutputDirectoryThatIsAFileIsRefused()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (code, _, stderr) = CliHarness.Run("train", "autoencoder", "--out", file, "--epochs", "1");
            Assert.Equal(2, code);
            Assert.Contains("is a file", stderr);
        }
        finally { File.Delete(file); }
    }
}
