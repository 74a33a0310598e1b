using NnPhys.Architectures;
using NnPhys.Mup;
using NnPhys.Numerics;

namespace NnPhys.Tests.Mup;

/// <summary>The abcd MLP's backward pass against central finite differences of its own forward pass.</summary>
public sealed class AbcdMlpTests
{
    static double Loss(AbcdMlp net, float[] x, float[] y, int batch)
    {
        var f = net.Forward(x, batch);
        double s = 0;
        for (int i = 0; i < f.Length; i++) s += 0.5 * (f[i] - y[i]) * (f[i] - y[i]) / batch;
        return s;
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("ntk")]
    [InlineData("mup")]
    public void BackwardMatchesFiniteDifferences(string parameterization)
    {
        const int d = 3, width = 6, batch = 4, outputs = 2;
        var net = new AbcdMlp(d, width, 2, outputs, Activation.Tanh, AbcdParameterization.Parse(parameterization), new RandomStream(7));
        var random = new RandomStream(8);
        var x = Enumerable.Range(0, batch * d).Select(_ => (float)random.NextNormal()).ToArray();
        var y = Enumerable.Range(0, batch * outputs).Select(_ => (float)random.NextNormal()).ToArray();
        var f = net.Forward(x, batch).ToArray();
        var g = new float[f.Length];
        for (int i = 0; i < f.Length; i++) g[i] = (f[i] - y[i]) / batch;
        net.Backward(g);
        for (int l = 0; l < net.LayerCount; l++)
        {
            var analytic = net.Gradient(l).ToArray();
            var w = net.Weights(l);
            double scale = analytic.Max(Math.Abs);
            for (int i = 0; i < w.Length; i++)
            {
                float keep = w[i];
                float h = 1e-2f * Math.Max(1f, Math.Abs(keep));
                w[i] = keep + h; double up = Loss(net, x, y, batch);
                w[i] = keep - h; double down = Loss(net, x, y, batch);
                w[i] = keep;
                double numeric = (up - down) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-3 * scale + 1e-6,
                    $"{parameterization} layer {l} weight {i}: backward {analytic[i]:G6}, finite difference {numeric:G6}");
            }
        }
    }

    [Fact]
    public void MultipliersAndInitFollowEqs101To105()
    {
        var mup = AbcdParameterization.MuP;
        const int n = 256, d = 16;
        Assert.Equal(Math.Sqrt(n) / Math.Sqrt(d), mup.Multiplier(LayerRole.Input, n, d), 12);   // N^(1/2)/√D, a₁ = −½
        Assert.Equal(1.0, mup.Multiplier(LayerRole.Hidden, n, d), 12);
        Assert.Equal(1 / Math.Sqrt(n), mup.Multiplier(LayerRole.Output, n, d), 12);            // 1/(γ₀ N^d), d = ½
        Assert.Equal(1 / Math.Sqrt(n), mup.InitStd(LayerRole.Hidden, n), 12);                  // variance N^(−1)
        Assert.Equal(0.1, mup.SgdLearningRate(LayerRole.Hidden, n, 0.1), 12);                  // η₀γ₀²N^(2d−c) = η₀
        Assert.Equal(1 / Math.Sqrt(n), AbcdParameterization.Ntk.Multiplier(LayerRole.Hidden, n, d), 12);
        Assert.Equal(1.0, AbcdParameterization.Ntk.InitStd(LayerRole.Hidden, n), 12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(-0.5)]
    public void FamilySatisfiesConstraints121To125(double a)
    {
        var p = AbcdParameterization.Family(a);
        Assert.Equal(0, 2 * p.Input.A + p.Input.B, 12);      // (121)
        Assert.Equal(1, 2 * p.Hidden.A + p.Hidden.B, 12);    // (122)
        Assert.Equal(0, 2 * p.Input.A + p.Input.C, 12);      // (123)
        Assert.Equal(1, 2 * p.Hidden.A + p.Hidden.C, 12);    // (124)
        Assert.Equal(1, 2 * p.Output.A + p.Output.C, 12);    // (124) for the read-out
        Assert.Equal(0.5, p.D, 12);                          // (125)
    }

    [Fact]
    public void StandardAndNtkBreakTheFeatureLearningConstraints()
    {
        var sp = AbcdParameterization.Standard;
        Assert.NotEqual(1, 2 * sp.Hidden.A + sp.Hidden.C);  // (124) fails: the output moves ∝ N
        Assert.NotEqual(0.5, AbcdParameterization.Ntk.D);   // (125) fails: d = 0, no feature learning (eq. 120)
    }

    [Fact]
    public void UnknownParameterizationListsTheValidOnes()
    {
        var e = Assert.Throws<InvalidConfigException>(() => AbcdParameterization.Parse("yolo"));
        Assert.Contains("standard", e.Message);
        Assert.Contains("mup", e.Message);
    }
}
