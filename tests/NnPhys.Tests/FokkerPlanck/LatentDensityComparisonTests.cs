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
}
