using NnPhys.Architectures;
using NnPhys.Mup;
using NnPhys.Networks;
using NnPhys.Numerics;

namespace NnPhys.Tests.Mup;

/// <summary>
/// The μP experiments' networks, built from the core presets, against tasi-physics-for-ml eqs. (101)–(106) written out
/// independently here in the paper's own convention (multiplier N^(−a), variance N^(−b), global d, SGD rate
/// η₀N^(2d−c); docs/mup.md's table): the multipliers and init stds agree exactly, so does the SGD update of the
/// effective weights (multiplier² × rate factor), and the Adam rates are
/// docs/mup.md's table η₀N^(−c_Adam). Also the backward pass of each preset against finite differences.
/// </summary>
public sealed class WidthScalingTests
{
    /// <summary>tasi (a, b, c) for input, hidden, output, the global d, and the Adam exponents c_Adam per role.</summary>
    static (double A, double B, double C)[] Tasi(string name) => name switch
    {
        "standard" => [(0, 0, 0), (0, 1, 0), (0, 1, 0)],
        "ntk" => [(0, 0, 0), (0.5, 0, 0), (0.5, 0, 0)],
        _ => [(-0.5, 1, 1), (0, 1, 1), (0, 1, 1)],
    };
    static double TasiD(string name) => name == "mup" ? 0.5 : 0;
    static double[] AdamC(string name) => name == "standard" ? [0, 0, 0] : [0.5, 1, 0.5];

    [Theory]
    [InlineData("standard")]
    [InlineData("ntk")]
    [InlineData("mup")]
    public void PresetsAreTheTasiTableLayerByLayer(string name)
    {
        const int d = 16, hidden = 2;
        foreach (var optimizer in new[] { MupOptimizer.Sgd, MupOptimizer.Adam })
        {
            foreach (int n in new[] { 64, 1000, 4096 })
            {
                var layers = WidthScaling.Mlp(d, n, hidden, 1, Activation.ReLU, WidthScaling.Preset(name, optimizer)).ToArchitecture().Layers;
                Assert.All(layers, l => Assert.False(l.HasBias));
                for (int l = 0; l <= hidden; l++)
                {
                    int role = l == 0 ? 0 : l == hidden ? 2 : 1;
                    var (a, b, c) = Tasi(name)[role];
                    double tasiMultiplier = Math.Pow(n, -a) * (role == 0 ? 1 / Math.Sqrt(d) : 1) / (role == 2 ? Math.Pow(n, TasiD(name)) : 1);
                    double tasiStd = Math.Pow(n, -b / 2), spec = layers[l].WeightMultiplier;
                    Assert.Equal(tasiMultiplier, spec, 12);
                    Assert.Equal(tasiStd, layers[l].WeightInitializerOrNatural.Scale, 12);
                    if (optimizer == MupOptimizer.Sgd)
                        Assert.Equal(1, spec * spec * layers[l].LearningRateScale / (tasiMultiplier * tasiMultiplier * Math.Pow(n, 2 * TasiD(name) - c)), 10);
                    else
                        Assert.Equal(Math.Pow(n, -AdamC(name)[role]), layers[l].LearningRateScale, 12);
                }
            }
        }
    }

    [Theory]
    [InlineData("standard", MupOptimizer.Sgd)]
    [InlineData("ntk", MupOptimizer.Sgd)]
    [InlineData("ntk", MupOptimizer.Adam)]
    [InlineData("mup", MupOptimizer.Sgd)]
    [InlineData("mup", MupOptimizer.Adam)]
    public void BackwardMatchesFiniteDifferences(string name, MupOptimizer optimizer)
    {
        const int d = 3, width = 6, batch = 4, outputs = 2;
        var net = new Network<double>(WidthScaling.Mlp(d, width, 2, outputs, Activation.Tanh, WidthScaling.Preset(name, optimizer)), new RandomStream(7));
        var random = new RandomStream(8);
        var x = Enumerable.Range(0, batch * d).Select(_ => random.NextNormal()).ToArray();
        var y = Enumerable.Range(0, batch * outputs).Select(_ => random.NextNormal()).ToArray();
        double Loss()
        {
            var f = net.Forward(x, batch);
            double s = 0;
            for (int i = 0; i < f.Length; i++) s += 0.5 * (f[i] - y[i]) * (f[i] - y[i]) / batch;
            return s;
        }
        var f0 = net.Forward(x, batch).ToArray();
        net.Parameters.ZeroGradients();
        net.Backward(f0.Select((f, i) => (f - y[i]) / batch).ToArray());
        var analytic = net.Parameters.Gradients.ToArray();
        var w = net.Parameters.Values;
        for (int i = 0; i < w.Length; i++)
        {
            double keep = w[i], h = 1e-5 * Math.Max(1, Math.Abs(keep));
            w[i] = keep + h; double up = Loss();
            w[i] = keep - h; double down = Loss();
            w[i] = keep;
            Assert.True(Math.Abs((up - down) / (2 * h) - analytic[i]) <= 1e-6 * (1 + Math.Abs(analytic[i])),
                $"{name} {optimizer} parameter {i}: backward {analytic[i]:G8}, finite difference {(up - down) / (2 * h):G8}");
        }
    }

    [Theory]
    [InlineData("SP", "standard")]
    [InlineData("μp", "mup")]
    [InlineData(" NTK ", "ntk")]
    public void NamesAreTheCoreSpellings(string name, string canonical) => Assert.Equal(canonical, WidthScaling.Canonical(name));

    [Theory]
    [InlineData("mup-adam")]   // the optimizer picks the Adam table here
    [InlineData("yolo")]
    public void OtherNamesListTheValidOnes(string name)
    {
        var e = Assert.Throws<InvalidConfigException>(() => WidthScaling.Canonical(name));
        Assert.Contains("standard, ntk, mup", e.Message);
    }
}
