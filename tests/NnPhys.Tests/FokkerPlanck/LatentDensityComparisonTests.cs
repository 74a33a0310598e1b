using NnPhys.FokkerPlanck;
using NnPhys.Numerics;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>The eq. (28) comparison: identical sets give MSE 0 and r 1; shifted sets do not; the statistics match hand computations.</summary>
public class LatentDensityComparisonTests
{
    [Fact]
    public void IdenticalOutputsGiveZeroErrorAndUnitCorrelation()
    {
        var points = new double[400]; new RandomStream(1, 0).FillNormal(points);
        var c = LatentDensityComparison.Compare(points, points, 50);
        Assert.Equal(0, c.Mse, 1e-15);
        Assert.Equal(1, c.Pearson, 1e-12);
        Assert.Equal(1, c.Empirical.Max(), 1e-15);
    }

    [Fact]
    public void ShiftedOutputsGiveLowerCorrelation()
    {
        var a = new double[1000]; new RandomStream(2, 0).FillNormal(a);
        var b = (double[])a.Clone(); for (int e = 0; e < 500; e++) b[2 * e] += 1.0;
        var c = LatentDensityComparison.Compare(a, b, 60);
        Assert.True(c.Pearson < 0.8 && c.Mse > 0.02, $"r = {c.Pearson}, MSE = {c.Mse}");
    }

    [Fact]
    public void StatisticsMatchHandComputation()
    {
        double[] x = [1, 2, 3, 4], y = [2, 4, 5, 9];
        Assert.Equal((1 + 4 + 4 + 25) / 4.0, LatentDensityComparison.MeanSquaredError(x, y), 1e-15);
        // x̄ = 2.5, ȳ = 5; Σ dx·dy = 1.5·3 + 0.5·1 + 0.5·0 + 1.5·4 = 11; Σdx² = 5; Σdy² = 26.
        Assert.Equal(11 / Math.Sqrt(5 * 26.0), LatentDensityComparison.PearsonCorrelation(x, y), 1e-15);
    }
}
