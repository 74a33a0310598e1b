using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Tests.Training;

/// <summary>
/// The losses against closed forms the gradient-check tests cannot see (a constant factor in the value or the gradient
/// passes a finite-difference check of the gradient against the value only if both move together): hand-computed
/// values of odd powers and of p = 1, cross-entropy over more classes than fit on the stack, the standalone MSE, the
/// names <see cref="Losses.Parse"/> accepts, and the shape checks' messages.
/// </summary>
public class LossDefinitionTests
{
    [Theory]
    [InlineData("mse", "mse")]
    [InlineData(" MEAN_SQUARED_ERROR ", "mse")]
    [InlineData("CrossEntropy", "cross_entropy")]
    [InlineData("ce", "cross_entropy")]
    [InlineData("Power( 3 )", "power(3)")]
    [InlineData("power(1)", "power(1)")]
    public void ParseAcceptsTheDocumentedSpellings(string name, string canonical) => Assert.Equal(canonical, Losses.Parse(name).Name);

    [Theory]
    [InlineData("power(x)")]
    [InlineData("power(2")]
    [InlineData("power2)")]
    [InlineData("power()")]
    [InlineData("l1")]
    public void ParseRejectsOtherNamesListingTheValidOnes(string name)
    {
        var message = Assert.Throws<InvalidConfigException>(() => Losses.Parse(name)).Message;
        Assert.Contains($"'{name}' is not a loss", message);
        Assert.Contains("mse, cross_entropy, power(p)", message);
    }

    [Fact]
    public void PowerLossValuesAndGradientsMatchHandComputation()
    {
        // residuals r = ŷ − y = (−2, 1, 3): p = 3 gives (1/3)Σr³ = (−8 + 1 + 27)/3 = 20/3, ∂ = r² ; p = 1 gives Σr = 2, ∂ = 1
        double[] p = [0, 1, 5], y = [2, 0, 2], g = new double[3];
        Assert.Equal(20.0 / 3 / 3, Losses.Power(3).LossAndGradient<double>(p, y, g, 3, 3), 14);
        Assert.Equal([4.0 / 3, 1.0 / 3, 9.0 / 3], g);
        Assert.Equal(2.0 / 6, Losses.Power(1).LossAndGradient<double>(p, y, g, 1, 6), 14);
        Assert.Equal([1.0 / 6, 1.0 / 6, 1.0 / 6], g);
        Assert.Equal(1, new PowerLoss(1).Power);
        Assert.Equal(6.0, Losses.Power(3).Normalization(2, 3));
        Assert.Equal(6.0, Losses.Mse.Normalization(2, 3));
        Assert.Equal(2.0, Losses.CrossEntropy.Normalization(2, 3));
        Assert.Contains("at least 1", Assert.Throws<InvalidConfigException>(() => new PowerLoss(0)).Message);
        Assert.Throws<InvalidConfigException>(() => new PowerLoss(-2));
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() => Losses.Power(2).LossAndGradient<double>(p, y, g, 3, 0)).Message);
    }

    [Fact]
    public void CrossEntropyOverManyClassesMatchesADirectLogSumExp()
    {
        // 300 classes (more than the 256 kept on the stack), two rows, soft targets that sum to 0.7 and 1
        const int classes = 300;
        var logits = new double[2 * classes];
        var targets = new double[2 * classes];
        new RandomStream(3).FillNormal(logits, 0, 4);
        targets[17] = 0.5; targets[299] = 0.2;
        targets[classes + 0] = 1;
        var gradient = new double[logits.Length];
        double loss = Losses.CrossEntropy.LossAndGradient<double>(logits, targets, gradient, classes, 2);
        double expected = 0;
        for (int r = 0; r < 2; r++)
        {
            double z = 0;
            for (int c = 0; c < classes; c++) z += Math.Exp(logits[r * classes + c]); // |logits| ≲ 20: no overflow
            double logZ = Math.Log(z), ySum = 0;
            for (int c = 0; c < classes; c++)
            {
                double y = targets[r * classes + c];
                ySum += y;
                expected += y * (logZ - logits[r * classes + c]);
            }
            for (int c = 0; c < classes; c++)
            {
                double softmax = Math.Exp(logits[r * classes + c]) / z;
                Assert.Equal((softmax * ySum - targets[r * classes + c]) / 2, gradient[r * classes + c], 12);
            }
        }
        Assert.Equal(expected / 2, loss, 10);
    }

    [Fact]
    public void CrossEntropyOfAConfidentCorrectPredictionIsNearZero()
    {
        // logits (10, 0, 0): ℓ = log(1 + 2e⁻¹⁰) for class 0, and 10 + log(1 + 2e⁻¹⁰) for class 1
        double[] logits = [10, 0, 0, 10, 0, 0], targets = [1, 0, 0, 0, 1, 0], g = new double[6];
        double small = Math.Log(1 + 2 * Math.Exp(-10));
        Assert.Equal((small + 10 + small) / 2, Losses.CrossEntropy.LossAndGradient<double>(logits, targets, g, 3, 2), 13);
        double s0 = 1 / (1 + 2 * Math.Exp(-10)), s1 = Math.Exp(-10) * s0;
        Assert.Equal((s0 - 1) / 2, g[0], 14);
        Assert.Equal(s1 / 2, g[1], 14);
        Assert.Equal(s0 / 2, g[3], 14);
        Assert.Equal((s1 - 1) / 2, g[4], 14);
    }

    [Fact]
    public void StandaloneMeanSquaredErrorIsTheMeanOfSquaredResiduals()
    {
        float[] p = [1, 2, 3, 4], y = [0, 2, 5, 3];
        Assert.Equal((1 + 0 + 4 + 1) / 4.0, MeanSquaredError.Loss<float>(p, y), 12);
        var g = new float[4];
        Assert.Equal(6 / 4.0, MeanSquaredError.LossAndGradient<float>(p, y, g), 12);
        Assert.Equal([0.5f, 0f, -1f, 0.5f], g); // 2 r / n
        Assert.Equal(6 / 8.0, MeanSquaredError.LossAndGradient<float>(p, y, g, 8), 12);
        Assert.Equal([0.25f, 0f, -0.5f, 0.25f], g);
        Assert.Contains("must match", Assert.Throws<ArgumentException>(() => MeanSquaredError.Loss<float>(p, y.AsSpan(0, 3))).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => MeanSquaredError.Loss<float>([], [])).Message);
        Assert.Contains("Gradient has 3", Assert.Throws<ArgumentException>(() => MeanSquaredError.LossAndGradient<float>(p, y, new float[3])).Message);
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() => MeanSquaredError.LossAndGradient<float>(p, y, g, double.NaN)).Message);
        Assert.Throws<ArgumentException>(() => MeanSquaredError.LossAndGradient<float>(p, y, g, 0));
    }

    public static TheoryData<string> Names => ["mse", "power(2)", "cross_entropy"];

    [Theory, MemberData(nameof(Names))]
    public void ShapeChecksNameTheMismatch(string name)
    {
        var loss = Losses.Parse(name);
        double[] six = new double[6], five = new double[5];
        Assert.Contains("targets have 5", Assert.Throws<ArgumentException>(() => loss.LossAndGradient<double>(six, five, new double[6], 3, 1)).Message);
        Assert.Contains("Gradient has 5", Assert.Throws<ArgumentException>(() => loss.LossAndGradient<double>(six, six, five, 3, 1)).Message);
        Assert.Contains("empty batch", Assert.Throws<ArgumentException>(() => loss.LossAndGradient<double>([], [], [], 3, 1)).Message);
        Assert.Contains("rows of 4 columns", Assert.Throws<ArgumentException>(() => loss.LossAndGradient<double>(six, six, new double[6], 4, 1)).Message);
        Assert.Contains("rows of 0 columns", Assert.Throws<ArgumentException>(() => loss.LossAndGradient<double>(six, six, new double[6], 0, 1)).Message);
        Assert.Throws<ArgumentException>(() => loss.LossAndGradient<double>(six, six, new double[6], -3, 1));
        Assert.Throws<ArgumentException>(() => loss.LossAndGradient<double>(six, six, new double[6], 3, -1));
        loss.LossAndGradient<double>(six, six, new double[6], 6, 1); // one row of six columns is fine
    }
}
