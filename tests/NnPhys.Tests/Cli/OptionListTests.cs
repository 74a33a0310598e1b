using NnPhys.Cli;

namespace NnPhys.Tests.Cli;

/// <summary>The one list reader of the CLI (CommonOptions.List/Numbers/Integers/Sizes) and its errors through real commands.</summary>
[Collection("Console")]
public class OptionListTests
{
    [Fact]
    public void ListsReadEveryItemInOrder()
    {
        Assert.Equal([0.5, 1, 1e3], CommonOptions.Numbers(" 0.5, 1 ,1e3", "--x", "1,2"));
        Assert.Equal([1, 2, 5], CommonOptions.Integers("1,2,5", "--h", "1,2"));
        Assert.Equal([64, 128, 256, 512], CommonOptions.Sizes("64-512", "--widths"));
        Assert.Equal([64, 100], CommonOptions.Sizes("64,100", "--widths"));
        Assert.Equal([8], CommonOptions.Sizes("8-15", "--bumps"));
    }

    [Theory]
    [InlineData("1,x", "'x'")]
    [InlineData("1,nan", "'nan'")]
    [InlineData(",", "is empty")]
    public void BadNumberListsNameTheOptionAndTheItem(string spec, string expected)
    {
        var e = Assert.Throws<InvalidConfigException>(() => CommonOptions.Numbers(spec, "--steepness", "1,4,16"));
        Assert.Contains("--steepness", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Contains("--steepness 1,4,16", e.Message);
    }

    [Theory]
    [InlineData("0-64")]
    [InlineData("128-64")]
    [InlineData("64,1.5")]
    public void BadSizesAreRefused(string spec) =>
        Assert.Throws<InvalidConfigException>(() => CommonOptions.Sizes(spec, "--widths"));

    [Fact]
    public void ACommandReportsABadListItemAsAUserError()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nnphys-list-" + Guid.NewGuid().ToString("N"));
        string line = CliHarness.AssertUserError(CliHarness.Run("uat", "bumps", "--steepness", "1,four", "--out", dir));
        Assert.Contains("--steepness: 'four'", line);
        Assert.False(Directory.Exists(dir));
        line = CliHarness.AssertUserError(CliHarness.Run("uat", "bumps", "--target", "sine", "--out", dir));
        Assert.Contains("--target 'sine' is not a UAT target; use one of: sin, gauss, runge, abs.", line);
        Assert.False(Directory.Exists(dir));
    }
}
