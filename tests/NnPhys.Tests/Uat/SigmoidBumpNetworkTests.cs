using NnPhys.Uat;
using NnPhys.Uat.Experiments;

namespace NnPhys.Tests.Uat;

/// <summary>The bump construction of eqs. (21)–(24) against closed forms and the known interpolation orders.</summary>
public sealed class SigmoidBumpNetworkTests
{
    [Fact]
    public void NetworkEqualsTheSumOfItsBumps()
    {
        var net = new SigmoidBumpNetwork(Math.Sin, -Math.PI, Math.PI, 12, 3);
        Assert.Equal(11, net.Width);
        for (double x = -4; x <= 4; x += 0.173)
            Assert.Equal(Enumerable.Range(0, 12).Sum(i => net.Bump(i, x)), net.Evaluate(x), 12);
    }

    [Fact]
    public void BumpsArePartitionOfUnitySoConstantsAreExact()
    {
        var net = new SigmoidBumpNetwork(_ => 2.5, 0, 1, 9, 0.7);
        for (double x = -1; x <= 2; x += 0.05) Assert.Equal(2.5, net.Evaluate(x), 12);
    }

    [Fact]
    public void SteepBumpsBecomeTheStaircaseWithErrorSlopeTimesHalfACell()
    {
        // f(x) = 3x on [0, 1], M = 10 cells: the staircase's sup error is 3·Δ/2 = 0.15, reached at the cell edges
        var net = new SigmoidBumpNetwork(x => 3 * x, 0, 1, 10, 400);
        var xs = Enumerable.Range(0, 10001).Select(i => i / 10000.0).ToArray();
        var (sup, _) = UatConvergence.Errors(xs.Select(x => 3 * x).ToArray(), xs, net.Evaluate);
        Assert.Equal(0.15, sup, 3);
    }

    [Fact]
    public void NullModelsHaveTheirInterpolationOrders()
    {
        var r = UatConvergence.Measure(new UatConfig("sin", [16, 32, 64, 128, 256], [4], 4, 4001));
        Assert.InRange(r.NullModels[0].SupRate, -1.08, -0.92);   // staircase: first order
        Assert.InRange(r.NullModels[1].SupRate, -2.1, -1.9);     // linear interpolation: second order
        Assert.InRange(r.Metrics["sup_error_rate"], -2.2, -0.9); // the sigmoid bumps sit between (docs/uat-kan.md)
    }

    [Theory]
    [InlineData("nope", "sin")]
    public void UnknownTargetListsTheValidOnes(string name, string listed) =>
        Assert.Contains(listed, Assert.Throws<InvalidConfigException>(() => UatTarget.Parse(name)).Message);

    [Fact]
    public void BadWidthsAndSteepnessAreRejected()
    {
        Assert.Contains("M ≥ 2", Assert.Throws<InvalidConfigException>(() => new UatConfig("sin", [1, 8]).Validate()).Message);
        Assert.Contains("κ", Assert.Throws<InvalidConfigException>(() => new UatConfig("sin", [8, 16], [0, 1]).Validate()).Message);
    }
}
