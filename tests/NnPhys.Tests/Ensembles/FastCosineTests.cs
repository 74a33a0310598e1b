using NnPhys.Ensembles;
using NnPhys.Numerics;

namespace NnPhys.Tests.Ensembles;

/// <summary>The vectorised cosine of the Cos-net hot loop against Math.Cos, over every tail length and argument range.</summary>
public class FastCosineTests
{
    [Fact]
    public void MatchesMathCosForAllTailLengthsAndRanges()
    {
        var rng = new RandomStream(17);
        foreach (double range in new[] { 1e-3, 1.0, 3.5, 40.0, 1e4, 1e7 })
            for (int length = 0; length <= 40; length++)
            {
                var x = new double[length];
                rng.FillUniform(x, -range, range);
                var y = new double[length];
                FastCosine.Cos(x, y);
                for (int i = 0; i < length; i++)
                    Assert.True(Math.Abs(y[i] - Math.Cos(x[i])) <= 1e-15 * Math.Max(1, Math.Abs(x[i]) / 100), $"cos({x[i]}) = {Math.Cos(x[i])}, got {y[i]}");
            }
        double[] inPlace = [0, Math.PI, -Math.PI / 2, 2 * Math.PI, 1e300, double.NaN, 12.0, -7.5, 0.25];
        var expected = inPlace.Select(Math.Cos).ToArray();
        FastCosine.Cos(inPlace, inPlace);
        for (int i = 0; i < inPlace.Length; i++)
            if (double.IsNaN(expected[i])) Assert.True(double.IsNaN(inPlace[i]));
            else Assert.Equal(expected[i], inPlace[i], 14);
    }
}
