using NnPhys.Mup.Experiments;

namespace NnPhys.Tests.Mup;

/// <summary>The pieces of the transfer sweep: optimum location and drift fit (its loss is Training's cross-entropy, tested there).</summary>
public sealed class TransferTests
{
    [Fact]
    public void OptimumIsTheVertexOfAnExactParabola()
    {
        double[] grid = [-4, -3, -2, -1, 0, 1];
        var loss = grid.Select(x => 0.3 * (x + 1.7) * (x + 1.7) + 0.2).ToArray();   // minimum at log₂ η = −1.7
        var (log2Eta, atEdge) = LearningRateTransfer.Optimum(grid, loss);
        Assert.Equal(-1.7, log2Eta, 10);
        Assert.False(atEdge);
    }

    [Fact]
    public void OptimumAtTheGridEdgeIsFlaggedAndDivergedRunsAreSkipped()
    {
        double[] grid = [-2, -1, 0, 1];
        var (edge, atEdge) = LearningRateTransfer.Optimum(grid, [0.5, 0.6, 0.7, double.NaN]);
        Assert.Equal(-2, edge);
        Assert.True(atEdge);
        Assert.True(double.IsNaN(LearningRateTransfer.Optimum(grid, [double.NaN, double.NaN, double.NaN, double.NaN]).Log2Eta));
    }

    [Fact]
    public void FirstLocalMinimumIgnoresASecondDipAtLargeRates()
    {
        double[] grid = [-4, -3, -2, -1, 0, 1, 2];
        double[] loss = [0.9, 0.5, 0.4, 0.6, 2.0, 0.2, double.NaN];  // stable optimum at −2, a catapult dip at +1
        Assert.Equal(1, LearningRateTransfer.Optimum(grid, loss).Log2Eta, 1);
        Assert.InRange(LearningRateTransfer.Optimum(grid, loss, firstLocalMinimum: true).Log2Eta, -3, -1);
    }

    [Fact]
    public void DriftIsTheSlopePerDoubling()
    {
        // η* ∝ 1/N: log₂ η* drops by one per doubling
        Assert.Equal(-1, LearningRateTransfer.Drift([128, 256, 512, 1024], [0, -1, -2, -3]), 12);
        Assert.Equal(0, LearningRateTransfer.Drift([128, 256, 512], [1.2, 1.2, 1.2]), 12);
    }

    [Fact]
    public void BadTransferConfigsAreRejected()
    {
        var ok = new TransferConfig([128, 256], ["mup"], [-1, 0, 1]);
        ok.Validate();
        Assert.Contains("positive", Assert.Throws<InvalidConfigException>(() => (ok with { Widths = [0, 128] }).Validate()).Message);
        Assert.Contains("standard", Assert.Throws<InvalidConfigException>(() => (ok with { Parameterizations = ["sp2"] }).Validate()).Message);
        Assert.Contains("log₂", Assert.Throws<InvalidConfigException>(() => (ok with { Log2LearningRates = [0, 1] }).Validate()).Message);
    }
}
