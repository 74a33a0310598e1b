using NnPhys.Cli;
using NnPhys.Tests.Cli;

namespace NnPhys.Tests.Mup;

/// <summary>Bad input to the mup, uat and kan commands: one line naming the problem, exit code 2, nothing written.</summary>
[Collection("Console")]
public sealed class MupCliTests
{

    [Theory]
    [InlineData("mup coord-check --widths 0,64", "not positive")]
    [InlineData("mup coord-check --param standard,yolo", "mup")]
    [InlineData("mup transfer --widths 128,-256", "not positive")]
    [InlineData("uat bumps --bumps 1,8", "M ≥ 2")]
    [InlineData("kan fit --grids 3,5", "smaller than every grid size")]
    [InlineData("kan fit --grids 0,5", "not positive")]
    public void BadInputExitsWithCodeTwoAndWritesNothing(string command, string message)
    {
        string outDir = Path.Combine(Path.GetTempPath(), "nnphys-never-" + Guid.NewGuid());
        var (code, stdout, stderr) = CliHarness.Run([.. command.Split(' '), "--out", outDir]);
        Assert.Equal(2, code);
        Assert.StartsWith("nnphys: error:", stderr);
        Assert.Contains(message, stderr);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(outDir));
    }
}
