using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Tests.Architectures;

/// <summary>
/// The width scalings the abcd presets are built for (tasi-physics-for-ml §4.3), measured on real networks at widths 64
/// and 1024: pre-activations O(1) at initialisation for every preset (eq. 113), and after one SGD step at a
/// width-independent η the hidden features move by O(1) under μP (eqs. 119–120, d = ½) but by O(N^(−½)) under NTK
/// (d = 0, "no feature learning").
/// </summary>
public class ParameterizationScalingTests
{
    const int D = 4, Batch = 8;

    /// <summary>rms of the first hidden layer's pre-activation at init and its rms change after one SGD step (linear in
    /// the first layer's gradient, so its width exponent has no sub-leading terms).</summary>
    static (double Init, double Change) Measure(Func<int, int, LayerParameterization> preset, int width, ulong seed, bool adam)
    {
        var net = new Network<double>(LayerStack.Mlp(D, width, 2, 1, Activation.Tanh, 1, 0, preset), new RandomStream(seed));
        var x = new double[Batch * D];
        new RandomStream(seed, 99).FillNormal(x);
        var prediction = net.Forward(x, Batch);
        // residual −1 on every input (y = φ₀ + 1), so the step does not depend on the random sign pattern of φ₀,
        // which is O(1) under NTK and would make the batch terms cancel by chance
        var y = prediction.ToArray().Select(p => p + 1).ToArray();
        var before = net.Layer("h1").LastPreActivation.ToArray();
        var dOut = new double[Batch];
        Losses.Mse.LossAndGradient(prediction, y, dOut, 1, Batch);
        net.Parameters.ZeroGradients();
        net.Backward(dOut);
        IOptimizer<double> optimizer = adam ? new Adam<double>(net.Parameters, new AdamOptions(0.05)) : new Sgd<double>(net.Parameters, 0.5);
        optimizer.Step();
        net.Forward(x, Batch);
        var after = net.Layer("h1").LastPreActivation;
        double init = 0, change = 0;
        for (int i = 0; i < before.Length; i++) { init += before[i] * before[i]; change += (after[i] - before[i]) * (after[i] - before[i]); }
        return (Math.Sqrt(init / before.Length), Math.Sqrt(change / before.Length));
    }

    static (double InitRatio, double ChangeRatio) WideOverNarrow(Func<int, int, LayerParameterization> preset, bool adam = false)
    {
        double i64 = 0, c64 = 0, i1024 = 0, c1024 = 0;
        for (ulong s = 1; s <= 3; s++)
        {
            var narrow = Measure(preset, 64, s, adam); var wide = Measure(preset, 1024, s, adam);
            i64 += narrow.Init; c64 += narrow.Change; i1024 += wide.Init; c1024 += wide.Change;
        }
        return (i1024 / i64, c1024 / c64);
    }

    [Fact]
    public void MuPLearnsFeaturesAtEveryWidth()
    {
        var (init, change) = WideOverNarrow(Parameterizations.MuP);
        Assert.InRange(init, 0.8, 1.25);   // finite pre-activations
        Assert.InRange(change, 0.7, 1.4);  // Δz = O(1): features learned at any width (16× wider: NTK would give 1/4)
    }

    [Fact]
    public void NtkFeaturesFreezeAsOneOverRootWidth()
    {
        var (init, change) = WideOverNarrow(Parameterizations.Ntk);
        Assert.InRange(init, 0.8, 1.25);
        Assert.InRange(change, 0.25 / 1.4, 0.25 * 1.4); // Δz ∝ N^(−½): 16× wider → 1/4
    }

    [Fact]
    public void MuPForAdamNeedsItsOwnLearningRateExponents()
    {
        // Adam's first step moves every raw weight by ≈ η·n^(−c) regardless of the gradient's size, so the SGD μP
        // rates (c = 0) make the first layer's features move ∝ √N; the Adam preset's c = (½, 1, ½) keeps them O(1).
        var (_, adamPreset) = WideOverNarrow(Parameterizations.MuPAdam, adam: true);
        Assert.InRange(adamPreset, 0.7, 1.4);
        var (_, sgdPreset) = WideOverNarrow(Parameterizations.MuP, adam: true);
        Assert.InRange(sgdPreset, 4 / 1.4, 4 * 1.4);
    }

    [Fact]
    public void NtkForAdamStaysLazyOnlyWithItsOwnLearningRateExponents()
    {
        // the NTK Adam table c = (½, 1, ½) in the width (docs/mup.md) keeps Δz ∝ N^(−½) under Adam (16× wider → 1/4);
        // Adam at the SGD NTK rates (c = 0) moves the first layer's raw weights by ≈ η each, so Δz = O(1)
        var (init, adamPreset) = WideOverNarrow(Parameterizations.NtkAdam, adam: true);
        Assert.InRange(init, 0.8, 1.25);
        Assert.InRange(adamPreset, 0.25 / 1.4, 0.25 * 1.4);
        var (_, sgdPreset) = WideOverNarrow(Parameterizations.Ntk, adam: true);
        Assert.InRange(sgdPreset, 0.7, 1.4);
    }

    [Fact]
    public void NtkAdamHasNtksForwardPassAndTheAdamRates()
    {
        const int d = 16;
        foreach (int n in new[] { 64, 1024 })
        {
            // same effective weights as NTK at σ_w = 1: input 1/√D, hidden and readout 1/√N, all raw draws of std 1
            for (int l = 0; l < 3; l++)
            {
                int fanIn = l == 0 ? d : n, fanOut = l == 2 ? 1 : n;
                var (ntk, adam) = (Parameterizations.Ntk(l, 3), Parameterizations.NtkAdam(l, 3));
                Assert.Equal(ntk.WeightMultiplier(1, fanIn, fanOut), adam.WeightMultiplier(1, fanIn, fanOut), 15);
                Assert.Equal(ntk.WeightInitStd(1, fanIn, fanOut), adam.WeightInitStd(1, fanIn, fanOut), 15);
            }
            Assert.Equal(1 / Math.Sqrt(n), Parameterizations.NtkAdam(0, 3).LearningRateScale(d, n), 15);   // input: N^(−½), not D^(−½)
            Assert.Equal(1.0 / n, Parameterizations.NtkAdam(1, 3).LearningRateScale(n, n), 15);
            Assert.Equal(1 / Math.Sqrt(n), Parameterizations.NtkAdam(2, 3).LearningRateScale(n, 1), 15);
        }
    }

    [Fact]
    public void TasiStandardIsStandardWithTheInputScaleInTheMultiplier()
    {
        const int d = 16, n = 256;
        const double sw = 1.5;
        var (sp, tasi) = (Parameterizations.Standard(0, 3), Parameterizations.TasiStandard(0, 3));
        // eq. (104): multiplier 1/√D, W ~ N(0, σ_w²); the same effective weight as standard's W ~ N(0, σ_w²/D)
        Assert.Equal((1 / Math.Sqrt(d), sw), (tasi.WeightMultiplier(sw, d, n), tasi.WeightInitStd(sw, d, n)));
        Assert.Equal(sp.WeightMultiplier(sw, d, n) * sp.WeightInitStd(sw, d, n), tasi.WeightMultiplier(sw, d, n) * tasi.WeightInitStd(sw, d, n), 15);
        Assert.Equal(1.0, tasi.LearningRateScale(d, n));
        Assert.Equal(Parameterizations.Standard(1, 3), Parameterizations.TasiStandard(1, 3));
        Assert.Equal(Parameterizations.Standard(2, 3), Parameterizations.TasiStandard(2, 3));
        Assert.Equal(Parameterizations.Standard(0, 1), Parameterizations.TasiStandard(0, 1)); // a lone layer is a readout
    }

    [Theory]
    [InlineData("SP", "standard")]
    [InlineData(" μP ", "mup")]
    [InlineData("mup_adam", "mup-adam")]
    [InlineData("NTK_adam", "ntk-adam")]
    [InlineData("tasi_standard", "tasi-standard")]
    public void PresetNamesHaveOneCanonicalSpelling(string name, string canonical)
    {
        Assert.Equal(canonical, Parameterizations.CanonicalName(name));
        Assert.Equal(Parameterizations.Named(canonical)(0, 3), Parameterizations.Named(name)(0, 3));
        Assert.Contains("ntk-adam", Assert.Throws<InvalidConfigException>(() => Parameterizations.CanonicalName("yang")).Message);
    }
}
