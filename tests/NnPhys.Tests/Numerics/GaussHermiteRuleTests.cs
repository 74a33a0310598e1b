using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>
/// Gauss–Hermite rules against closed forms: the one- and two-point rules by hand (x = 0, w = √π; x = ±1/√2,
/// w = √π/2), exactness for polynomials up to degree 2n − 1 (∫ x^{2k} e^{−x²} = Γ(k + ½)), and Gaussian
/// expectations E[Z^{2k}] = (2k − 1)!!, E[cos Z] = e^{−1/2}.
/// </summary>
public class GaussHermiteRuleTests
{
    [Fact]
    public void OneAndTwoPointRulesMatchHandValues()
    {
        var (x1, w1) = GaussHermite.Rule(1);
        Assert.Equal(0.0, x1[0]);
        Assert.Equal(Math.Sqrt(Math.PI), w1[0], 12);
        var (x2, w2) = GaussHermite.Rule(2);
        Assert.Equal(1 / Math.Sqrt(2), x2[0], 14);
        Assert.Equal(-1 / Math.Sqrt(2), x2[1], 14);
        Assert.Equal(Math.Sqrt(Math.PI) / 2, w2[0], 14);
        Assert.Equal(Math.Sqrt(Math.PI) / 2, w2[1], 14);
        // three points: ±√(3/2) with weight √π/6 and 0 with weight 2√π/3
        var (x3, w3) = GaussHermite.Rule(3);
        Assert.Equal(Math.Sqrt(1.5), x3[0], 13);
        Assert.Equal(0.0, x3[1]);
        Assert.Equal(Math.Sqrt(Math.PI) / 6, w3[2], 13);
        Assert.Equal(2 * Math.Sqrt(Math.PI) / 3, w3[1], 13);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(21)]
    [InlineData(64)]
    public void RuleIsExactForPolynomialsUpToDegreeTwoNMinusOne(int n)
    {
        var (x, w) = GaussHermite.Rule(n);
        for (int i = 1; i < n; i++) Assert.True(x[i] < x[i - 1], "nodes in decreasing order");
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(x[i], -x[n - 1 - i], 12);
            Assert.Equal(w[i], w[n - 1 - i], 12);
            Assert.True(w[i] > 0);
        }
        for (int degree = 0; degree <= Math.Min(2 * n - 1, 24); degree++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += w[i] * Math.Pow(x[i], degree);
            // ∫ x^d e^{−x²} dx = Γ((d + 1)/2) for even d, 0 for odd d
            double exact = degree % 2 == 1 ? 0 : Gamma(degree / 2 + 0.5), scale = 0;
            for (int i = 0; i < n; i++) scale += w[i] * Math.Abs(Math.Pow(x[i], degree)); // round-off scale of the odd sums
            Assert.True(Math.Abs(sum - exact) <= 1e-12 * Math.Max(1, scale), $"n={n}, degree {degree}: {sum} vs {exact}");
        }
        // degree 2n is not integrated exactly (the rule's error term is n!√π/(2ⁿ(2n)!)·f^{(2n)})
        if (n <= 8)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += w[i] * Math.Pow(x[i], 2 * n);
            Assert.True(Math.Abs(sum - Gamma(n + 0.5)) > 1e-3 * Gamma(n + 0.5));
        }
    }

    static double Gamma(double halfInteger)
    {
        // Γ(k + ½) = (2k − 1)!! √π / 2ᵏ
        int k = (int)(halfInteger - 0.5);
        double g = Math.Sqrt(Math.PI);
        for (int j = 1; j <= k; j++) g *= (j - 0.5);
        return g;
    }

    [Fact]
    public void ExpectationsOfTheStandardNormal()
    {
        Assert.Equal(1.0, GaussHermite.Expectation(z => 1), 13);
        Assert.Equal(1.0, GaussHermite.Expectation(z => z * z), 12);
        Assert.Equal(3.0, GaussHermite.Expectation(z => Math.Pow(z, 4)), 11);
        Assert.Equal(15.0, GaussHermite.Expectation(z => Math.Pow(z, 6), 4), 10);
        Assert.Equal(Math.Exp(-0.5), GaussHermite.Expectation(Math.Cos), 13);
        Assert.Equal(Math.Exp(2), GaussHermite.Expectation(z => Math.Exp(2 * z)), 9); // E e^{tZ} = e^{t²/2}
        var (z, p) = GaussHermite.StandardNormalRule(10);
        Assert.Equal(1.0, p.Sum(), 13);
        double second = 0;
        for (int i = 0; i < z.Length; i++) second += p[i] * z[i] * z[i];
        Assert.Equal(1.0, second, 13);
        Assert.Equal(Math.Sqrt(2) * GaussHermite.Rule(10).Nodes[0], z[0], 14);
        Assert.Same(z, GaussHermite.StandardNormalRule(10).Points); // cached
    }

    [Fact]
    public void EverySupportedOrderIsAValidRuleAndOthersAreRejected()
    {
        Assert.Contains($"between 1 and {GaussHermite.MaxOrder}", Assert.Throws<ArgumentOutOfRangeException>(() => GaussHermite.Rule(0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussHermite.Rule(GaussHermite.MaxOrder + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussHermite.Rule(-3));
        // every supported order is a valid rule: distinct decreasing nodes, weights summing to √π, E[x²] = √π/2
        for (int n = 2; n <= GaussHermite.MaxOrder; n++)
        {
            var (x, w) = GaussHermite.Rule(n);
            Assert.Equal(n, x.Length);
            for (int i = 1; i < n; i++) Assert.True(x[i] < x[i - 1], $"order {n}: nodes {i - 1} and {i} are not decreasing");
            double sum = 0, second = 0;
            for (int i = 0; i < n; i++) { sum += w[i]; second += w[i] * x[i] * x[i]; }
            Assert.True(Math.Abs(sum - Math.Sqrt(Math.PI)) < 1e-10, $"order {n}: Σw = {sum}");
            Assert.True(Math.Abs(second - Math.Sqrt(Math.PI) / 2) < 1e-9, $"order {n}: Σw x² = {second}");
        }
    }
}
