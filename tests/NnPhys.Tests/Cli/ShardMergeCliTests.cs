using System.Text.Json.Nodes;
using NnPhys.Runs;
using NnPhys.Tests.Runs;

namespace NnPhys.Tests.Cli;

/// <summary>`ensemble merge` of an incomplete shard set (issue 12 item 4): refused, or with --allow-partial merged and the missing shards named.</summary>
[Collection("Console")]
public sealed class ShardMergeCliTests
{
    static string Shard(TempDirectory dir, int k, int n)
    {
        var (code, _, stderr) = CliHarness.Run("ensemble", "correlators", "--width", "4", "--samples", "40", "--neuron-samples", "100",
            "--shard", $"{k}/{n}", "--out", dir.Combine($"s{k}"));
        Assert.True(code == 0, stderr);
        return dir.Combine($"s{k}", $"shard-{k}-of-{n}.json");
    }

    [Fact]
    public void MergingShardZeroOfTwoAlone_IsRefusedUnlessAllowPartial()
    {
        using var dir = new TempDirectory();
        string s0 = Shard(dir, 0, 2);

        string error = CliHarness.AssertUserError(CliHarness.Run("ensemble", "merge", s0, "--out", dir.Combine("m")));
        Assert.Contains("1/2", error);
        Assert.Contains("--allow-partial", error);
        Assert.False(Directory.Exists(dir.Combine("m"))); // refused before the run folder exists

        var (code, stdout, stderr) = CliHarness.Run("--json", "ensemble", "merge", s0, "--allow-partial", "--out", dir.Combine("p"));
        Assert.True(code == 0, stderr);
        JsonNode json = JsonNode.Parse(stdout)!;
        Assert.Equal(["1/2"], json["missing_shards"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.False(json["complete"]!.GetValue<bool>());
        Assert.Equal(20, json["samples"]!.GetValue<long>());
        Assert.Contains("shard(s) 1/2 are missing", File.ReadAllText(dir.Combine("p", "report.md")));

        string s1 = Shard(dir, 1, 2);
        (code, stdout, stderr) = CliHarness.Run("--json", "ensemble", "merge", s1, s0, "--out", dir.Combine("full"));
        Assert.True(code == 0, stderr);
        json = JsonNode.Parse(stdout)!;
        Assert.True(json["complete"]!.GetValue<bool>());
        Assert.Equal(40, json["samples"]!.GetValue<long>());
        Assert.Equal(RunStatus.Complete, RunDirectory.ReadManifest(dir.Combine("full")).Status);
    }
}
