using NnPhys.Architectures;
using NnPhys.Numerics;

namespace NnPhys.Tests.Architectures;

public class ActivationAndInitializerTests
{
    [Theory]
    [InlineData("identity")]
    [InlineData("relu")]
    [InlineData("leaky_relu(0.2)")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("erf")]
    [InlineData("abs")]
    [InlineData("gelu")]
    [InlineData("sin")]
    [InlineData("cos")]
    [InlineData("silu")]
    [InlineData("softplus")]
    public void DerivativeMatchesCentralDifference(string name)
    {
        var activation = Activation.Parse(name);
        foreach (double z in new[] { -2.3, -0.7, -0.1, 0.05, 0.4, 1.1, 2.9 })
        {
            double h = 1e-5;
            double numeric = (activation.Evaluate(z + h) - activation.Evaluate(z - h)) / (2 * h);
            Assert.Equal(numeric, activation.Derivative(z), 1e-8);
        }
    }

    [Fact]
    public void ActivationValuesMatchPublishedConstants()
    {
        Assert.Equal(0.8427007929497149, Activation.Erf.Evaluate(1.0), 1e-14);   // erf(1), Abramowitz & Stegun table 7.1
        Assert.Equal(-0.8427007929497149, Activation.Erf.Evaluate(-1.0), 1e-14);
        Assert.Equal(0.7310585786300049, Activation.Sigmoid.Evaluate(1.0), 1e-15); // 1/(1+e^-1)
        Assert.Equal(0.7615941559557649, Activation.Tanh.Evaluate(1.0), 1e-15);
        Assert.Equal(0.0, Activation.ReLU.Evaluate(-3.0));
        Assert.Equal(0.0, Activation.ReLU.Derivative(0.0)); // PyTorch convention
        Assert.Equal(0.8413447460685429, Activation.Gelu.Evaluate(1.0), 1e-14);    // 1·Φ(1)
        Assert.Equal(1.3132616875182228, Activation.Softplus.Evaluate(1.0), 1e-14); // ln(1 + e)
        Assert.Equal(0.7310585786300049, Activation.SiLU.Evaluate(1.0), 1e-15);    // 1·σ(1)
        Assert.Equal(-0.2, Activation.Parse("leaky(0.2)").Evaluate(-1.0), 1e-15);
    }

    [Fact]
    public void TorchDefaultIsUniformWithBoundOneOverSqrtFanIn()
    {
        const int fanIn = 784, n = 200_000;
        var draws = new double[n];
        Initializer.TorchDefault.Sample(new RandomStream(5), fanIn, draws);
        double bound = 1.0 / 28.0;
        Assert.All(draws, d => Assert.InRange(d, -bound, bound));
        double variance = draws.Select(d => d * d).Average();
        // U(−b, b) has variance b²/3; relative standard error of the sample variance is √(0.8/n) ≈ 0.2 %
        Assert.InRange(variance / (bound * bound / 3), 0.98, 1.02);
        Assert.Equal(Math.Sqrt(bound * bound / 3), Initializer.TorchDefault.StandardDeviation(fanIn), 1e-15);
    }

    [Fact]
    public void ScaledNormalHasVarianceGainSquaredOverFanIn()
    {
        const int fanIn = 200, n = 200_000;
        var draws = new double[n];
        Initializer.ScaledNormal(1).Sample(new RandomStream(6), fanIn, draws);
        double mean = draws.Average(), variance = draws.Select(d => (d - mean) * (d - mean)).Average();
        // relative standard error of a normal sample variance is √(2/n) ≈ 0.3 %
        Assert.InRange(variance * fanIn, 0.98, 1.02);
        Assert.InRange(mean, -5 * Math.Sqrt(1.0 / fanIn / n), 5 * Math.Sqrt(1.0 / fanIn / n));
    }

    [Fact]
    public void BadScaleIsRejected()
    {
        Assert.Throws<InvalidConfigException>(() => Initializer.Normal(double.NaN).Validate());
        Assert.Throws<InvalidConfigException>(() => Initializer.Uniform(-1).Sample(new RandomStream(1), 3, new double[3]));
    }
}
