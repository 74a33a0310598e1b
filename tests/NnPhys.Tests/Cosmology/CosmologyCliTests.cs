using System.Text.Json.Nodes;
using NnPhys.Cli;
using NnPhys.Tests.Cli;

namespace NnPhys.Tests.Cosmology;

/// <summary>The cosmology commands' contract: --json keys of issue 16, bad input → exit 2 naming the problem, nothing written.</summary>
[Collection("Console")]
public sealed class CosmologyCliTests
{

    static string Fresh() => Path.Combine(Path.GetTempPath(), "nnphys-cosmo-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("homogeneous", "--p", "3", "unbounded below")]
    [InlineData("homogeneous", "--momentum", "1", "μ")]
    [InlineData("homogeneous", "--momentum", "-0.1", "μ")]
    [InlineData("homogeneous", "--lr", "0", "η")]
    [InlineData("homogeneous", "--width", "0", "Width")]
    [InlineData("modes", "--points", "0", "Point count")]
    [InlineData("modes", "--p", "5", "unbounded below")]
    [InlineData("momentum", "--lr", "-1", "η")]
    [InlineData("scan", "--shard", "4/4", "--shard")]
    public void BadInputExitsWithTwoAndWritesNothing(string command, string option, string value, string named)
    {
        var dir = Fresh();
        var (code, stdout, stderr) = CliHarness.Run("cosmology", command, option, value, "--out", dir);
        Assert.Equal(2, code);
        Assert.StartsWith("nnphys: error:", stderr);
        Assert.Contains(named, stderr);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void HomogeneousJsonHasTheIssueKeysAndARunDirectory()
    {
        var dir = Fresh();
        var (code, stdout, _) = CliHarness.Run("cosmology", "homogeneous", "--width", "256", "--seeds", "1", "--lr-scan", "0.01", "0.3", "--out", dir, "--json");
        Assert.Equal(0, code);
        var json = JsonNode.Parse(stdout)!.AsObject();
        foreach (var key in new[] { "relative_end_error", "max_trajectory_error", "max_trajectory_error_corrected", "max_matching_lr" }) Assert.True(json.ContainsKey(key), key);
        // leading order errs ≈ 5 % at η = 0.01 and ≈ 35 % at 0.3: the largest matching η is 0.01 or none (null)
        Assert.True(json["max_matching_lr"] is null || json["max_matching_lr"]!.GetValue<double>() == 0.01);
        Assert.True(json["max_trajectory_error_corrected"]!.GetValue<double>() < json["max_trajectory_error"]!.GetValue<double>() / 3);
        foreach (var f in new[] { "manifest.json", "report.md", "figures/trajectories.png", "figures/error_vs_lr.svg", "arrays/f_actual.npy" }) Assert.True(File.Exists(Path.Combine(dir, f)), f);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ModesJsonHasTheIssueKeys()
    {
        var dir = Fresh();
        var (code, stdout, _) = CliHarness.Run("cosmology", "modes", "--width", "256", "--points", "8", "--seeds", "1", "--out", dir, "--json");
        Assert.Equal(0, code);
        var json = JsonNode.Parse(stdout)!.AsObject();
        Assert.True(json.ContainsKey("mean_mode_relative_end_error"));
        var eig = json["ntk_eigenvalues"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(8, eig.Length);
        Assert.True(eig.Zip(eig.Skip(1)).All(p => p.First >= p.Second)); // descending
        Directory.Delete(dir, true);
    }
}
