using System.Text.Json.Nodes;
using NnPhys.Tests.Cli;

namespace NnPhys.Tests.Kernels;

/// <summary>The command-line contract of <c>nnphys kernel gram|predict</c>: JSON keys, values, bad input.</summary>
[Collection("Console")]
public sealed class KernelCliTests
{
    [Fact]
    public void GramPrintsNngpAndNtkMatricesThatMatchTheArcCosineKernel()
    {
        var (code, stdout, _) = CliHarness.Run("kernel", "gram", "--arch", "dense(1,0)-relu-dense(1,0)", "--points", "1,0;0.6,0.8;0,1", "--json");
        Assert.Equal(0, code);
        var json = JsonNode.Parse(stdout)!;
        var nngp = json["nngp"]!.AsArray(); var ntk = json["ntk"]!.AsArray();
        Assert.Equal(3, nngp.Count); Assert.Equal(3, ntk[0]!.AsArray().Count);
        // x = (1,0), x′ = (0.6,0.8): K0 = 0.3, k = 0.5, cos θ = 0.6: K = (0.5/2π)(0.8 + (π − θ)·0.6), Θ = K + K0·(π − θ)/2π with K0 = 0.3
        double t = Math.Acos(0.6), k = 0.5 / (2 * Math.PI) * (0.8 + (Math.PI - t) * 0.6);
        Assert.Equal(k, (double)nngp[0]![1]!, 14);
        Assert.Equal(k + 0.3 * (Math.PI - t) / (2 * Math.PI), (double)ntk[0]![1]!, 14);
        Assert.Equal(0.5, (double)ntk[2]![2]!, 14);
    }

    [Fact]
    public void PredictPrintsTheContractKeysAndInterpolatesAtInfiniteTime()
    {
        var (code, stdout, _) = CliHarness.Run("kernel", "predict", "--arch", "dense(1,0)-relu-dense(1,0)", "--train", "1,0;0,1", "--targets", "1;-1",
            "--test", "0.6,0.8;1,0", "--time", "inf", "--lr", "1", "--json");
        Assert.Equal(0, code);
        var json = JsonNode.Parse(stdout)!;
        foreach (var key in new[] { "f_train", "f_test", "nngp_mean", "nngp_variance", "max_stable_lr" }) Assert.NotNull(json[key]);
        Assert.Equal(1.0, (double)json["f_train"]![0]!, 10);
        Assert.Equal(1.0, (double)json["f_test"]![1]!, 10); // test point = training point 0
        Assert.True((double)json["nngp_variance"]![1]! < 1e-10);
    }

    [Fact]
    public void BadInputIsOneErrorLineWithTheFix()
    {
        Assert.Contains("relu", CliHarness.AssertUserError(CliHarness.Run("kernel", "gram", "--arch", "dense(1,0)-softmax-dense(1,0)", "--points", "1,0;0,1")));
        Assert.Contains("coordinates", CliHarness.AssertUserError(CliHarness.Run("kernel", "gram", "--points", "1,0;0,1,2")));
        Assert.Contains("largest stable learning rate", CliHarness.AssertUserError(CliHarness.Run("kernel", "predict", "--train", "1,0;0,1", "--targets", "1;-1", "--test", "0.6,0.8", "--lr", "100")));
        Assert.Contains("--ridge", CliHarness.AssertUserError(CliHarness.Run("kernel", "predict", "--train", "1,0;1,0", "--targets", "1;-1", "--test", "0.6,0.8", "--time", "inf")));
        Assert.Contains("dimension 2", CliHarness.AssertUserError(CliHarness.Run("kernel", "predict", "--train", "1,0;0,1", "--targets", "1;-1", "--test", "0.6,0.8,0")));
    }
}
