using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Tests.Training;

/// <summary>The losses: values against hand-computed ones, gradients against central finite differences of the
/// returned loss, and the trainer minimising a non-MSE loss.</summary>
public class LossTests
{
    public static TheoryData<string> Names => ["mse", "power(2)", "power(3)", "power(4)", "cross_entropy"];

    [Theory, MemberData(nameof(Names))]
    public void GradientMatchesFiniteDifferences(string name)
    {
        var loss = Losses.Parse(name);
        Assert.Equal(name, loss.Name);
        const int rows = 3, columns = 4;
        var rng = new RandomStream(17);
        var prediction = new double[rows * columns];
        var target = new double[rows * columns];
        rng.FillNormal(prediction, 0, 1.5);
        if (name == "cross_entropy")
            for (int r = 0; r < rows; r++) // soft targets that do not sum to 1, to exercise the Σy factor
                for (int c = 0; c < columns; c++) target[r * columns + c] = rng.NextDouble();
        else rng.FillNormal(target);
        double norm = loss.Normalization(rows, columns);
        var gradient = new double[prediction.Length];
        loss.LossAndGradient<double>(prediction, target, gradient, columns, norm);
        var scratch = new double[prediction.Length];
        const double h = 1e-6;
        for (int i = 0; i < prediction.Length; i++)
        {
            double keep = prediction[i];
            prediction[i] = keep + h; double up = loss.LossAndGradient<double>(prediction, target, scratch, columns, norm);
            prediction[i] = keep - h; double down = loss.LossAndGradient<double>(prediction, target, scratch, columns, norm);
            prediction[i] = keep;
            Assert.Equal((up - down) / (2 * h), gradient[i], 7);
        }
    }

    [Fact]
    public void ValuesMatchHandComputation()
    {
        double[] p = [1, 3], y = [0, 1], g = new double[2];
        Assert.Equal((1.0 + 4) / 2, Losses.Mse.LossAndGradient<double>(p, y, g, 2, 2), 15);
        Assert.Equal([1.0, 2.0], g);                                          // 2 r / n
        Assert.Equal((1.0 + 16) / 4 / 2, Losses.Power(4).LossAndGradient<double>(p, y, g, 2, 2), 15);
        Assert.Equal([0.5, 4.0], g);                                          // r³ / n
        Assert.Equal(2.5 / 2, Losses.Power(2).LossAndGradient<double>(p, y, g, 2, 2), 15); // half the MSE
        // cross-entropy of equal logits over C classes is log C for any one-hot target; huge logits do not overflow
        double[] logits = [5, 5, 5, 1000, 0, -1000], oneHot = [0, 1, 0, 1, 0, 0];
        var ce = new double[6];
        double value = Losses.CrossEntropy.LossAndGradient<double>(logits, oneHot, ce, 3, 2);
        Assert.Equal(Math.Log(3) / 2, value, 12);
        double[] expected = [1.0 / 6, -1.0 / 3, 1.0 / 6, 0, 0, 0]; // (softmax − y)/rows
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i], ce[i], 12);
        Assert.Contains("cross_entropy", Assert.Throws<InvalidConfigException>(() => Losses.Parse("hinge")).Message);
        Assert.Throws<InvalidConfigException>(() => Losses.Parse("power(0)"));
        Assert.Throws<ArgumentException>(() => Losses.Mse.LossAndGradient<double>(p, y, new double[2], 3, 2));
    }

    [Fact]
    public void TrainerMinimisesAQuarticLoss()
    {
        // A linear model y = x·W + b on a noiseless linear target: the quartic loss (1/4)(ŷ − y)⁴ has the same minimum.
        var stack = NnPhys.Architectures.LayerStack.Parse(2, "dense(1)");
        var net = new NnPhys.Networks.Network<double>(stack, new RandomStream(1));
        var x = new Matrix<double>(32, 2);
        new RandomStream(2).FillNormal(x.Data);
        var y = new Matrix<double>(32, 1);
        for (int i = 0; i < 32; i++) y.Data[i] = 0.7 * x[i, 0] - 0.3 * x[i, 1] + 0.1;
        var trainer = new Trainer<double>(net, new Sgd<double>(net.Parameters, 0.02), new TrainingOptions(1000, 32, false), loss: Losses.Power(4));
        var losses = trainer.Fit(x, y);
        Assert.Equal("power(4)", trainer.Loss.Name);
        // gradient flow on r⁴/4 gives r ∝ 1/√(2ηt): the loss falls as t⁻², not exponentially
        Assert.True(losses[^1] < 1e-2 * losses[0], $"quartic loss {losses[0]:G3} → {losses[^1]:G3}");
        Assert.InRange(net.Parameters.Value("out.weight")[0], 0.55, 0.85);
    }

    [Fact]
    public void PowerLossScalarDerivativeAndMeanAreTheBatchFormula()
    {
        // (1/p) r^p and r^(p−1) by hand for r = 0.5, −2, 1.5 (the inflaton potential of nn-cosmology-duality eq. (28))
        double[] f = [1.5, -1, 2], y = [1, 1, 0.5];
        var quartic = new PowerLoss(4);
        Assert.Equal((0.0625 + 16 + 5.0625) / 4 / 3, quartic.Mean(f, y), 14);
        Assert.Equal(0.125, quartic.Derivative(1.5, 1), 15);
        Assert.Equal(-8, quartic.Derivative(-1, 1), 15);
        var g = new double[3];
        Assert.Equal(quartic.Mean(f, y), quartic.LossAndGradient<double>(f, y, g, 1, 3), 15);
        for (int i = 0; i < 3; i++) Assert.Equal(quartic.Derivative(f[i], y[i]) / 3, g[i], 15);
        Assert.Throws<ArgumentException>(() => quartic.Mean(f, [1.0]));
    }
}
