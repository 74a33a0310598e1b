using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>Pearson correlation and mean squared error against hand-computed values, and input checks.</summary>
public class StatisticsTests
{
    [Fact]
    public void PearsonMatchesHandComputation()
    {
        // x̄ = 3, ȳ = 4; Σdxdy = 6, Σdx² = 10, Σdy² = 6 → r = 6/√60 = √0.6.
        Assert.Equal(Math.Sqrt(0.6), Statistics.Pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]), 14);
        Assert.Equal(1.0, Statistics.Pearson([1, 2, 3], [10, 20, 30]), 14);
        Assert.Equal(-1.0, Statistics.Pearson([1, 2, 3], [3, 2, 1]), 14);
        Assert.Equal(0.0, Statistics.Pearson([-1, 0, 1], [1, -2, 1]), 14);
    }

    [Fact]
    public void MeanSquaredErrorMatchesHandComputation()
    {
        Assert.Equal(5.0 / 3, Statistics.MeanSquaredError([1, 2, 3], [1, 3, 5]), 14);
        Assert.Equal(0.0, Statistics.MeanSquaredError([0.5], [0.5]));
        Assert.Equal(2.0, Statistics.Mean([1, 2, 3]), 14);
    }

    [Fact]
    public void BadInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => Statistics.Pearson([1, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => Statistics.Pearson([1], [1]));
        Assert.Contains("NaN", Assert.Throws<NnPhysException>(() => Statistics.Pearson([1, double.NaN], [1, 2])).Message);
        Assert.Contains("constant", Assert.Throws<NnPhysException>(() => Statistics.Pearson([1, 1, 1], [1, 2, 3])).Message);
        Assert.Throws<ArgumentException>(() => Statistics.MeanSquaredError([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => Statistics.MeanSquaredError([], []));
        Assert.Throws<NnPhysException>(() => Statistics.MeanSquaredError([1], [double.PositiveInfinity]));
    }
}
