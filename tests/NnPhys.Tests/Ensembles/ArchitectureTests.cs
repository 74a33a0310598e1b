using NnPhys.Ensembles.Experiments;
using NnPhys.Ensembles;
using NnPhys.Numerics;

namespace NnPhys.Tests.Ensembles;

/// <summary>Architectures as (φ_θ, P(θ)): sampling densities, forward passes against readable references, parameterizations.</summary>
public class ArchitectureTests
{
    [Fact]
    public void CosNetForwardPassEqualsExplicitSumOverNeurons()
    {
        var e = NeuronSumEnsemble.CosNet(3, 7, sigmaW0: 1.2, sigmaW1: 0.8);
        var pts = new PointSet([[0.1, 0.2, 0.3], [-1.0, 0.5, 2.0]]);
        var theta = new double[7 * 4];
        var w = new double[7];
        e.SampleParameters(new RandomStream(1, 2), theta, w);
        var phi = new double[2];
        e.Evaluate(theta, w, pts, phi, new double[2]);
        for (int p = 0; p < 2; p++)
        {
            double reference = 0; // eq. (68) written out: Σ_i w_i cos(Σ_j w_ij x_j + b_i)
            for (int i = 0; i < 7; i++)
            {
                double z = theta[i * 4 + 3];
                for (int j = 0; j < 3; j++) z += theta[i * 4 + j] * pts[p, j];
                reference += w[i] * Math.Cos(z);
            }
            Assert.Equal(reference, phi[p], 12);
        }
    }

    [Fact]
    public void ScalarNetFrequenciesAreUniformInTheBall()
    {
        var neuron = new ScalarNetNeuron(3, mass: 1, cutoff: 2, sigmaW1: 1);
        var theta = new double[20_000 * 4];
        neuron.Sample(new RandomStream(9), theta);
        int inner = 0;
        for (int n = 0; n < 20_000; n++)
        {
            double r2 = 0;
            for (int j = 0; j < 3; j++) r2 += theta[n * 4 + j] * theta[n * 4 + j];
            Assert.True(r2 <= 4 + 1e-12);
            if (r2 <= 1) inner++; // P(|w| < Λ/2) = 1/8 in d = 3
        }
        double fraction = inner / 20_000.0, se = Math.Sqrt(0.125 * 0.875 / 20_000);
        Assert.True(Math.Abs(fraction - 0.125) < 4 * se, $"fraction inside half radius {fraction}");
        Assert.Equal(4.0 / 3 * Math.PI * 8, neuron.BallVolume, 10);
    }

    [Fact]
    public void MlpStandardAndNtkParameterizationsGiveTheSameNetworksAtInitialization()
    {
        var pts = new PointSet([[0.3, -0.1], [1.0, 2.0], [-0.5, 0.5]]);
        var standard = new MlpEnsemble(2, 16, 3, NnPhys.Architectures.Activation.Tanh, 1.4, 0.2, MlpParameterization.Standard).CreateSampler(pts);
        var ntk = new MlpEnsemble(2, 16, 3, NnPhys.Architectures.Activation.Tanh, 1.4, 0.2, MlpParameterization.Ntk).CreateSampler(pts);
        var a = new double[3]; var b = new double[3];
        standard.SampleAndEvaluate(new RandomStream(4, 4), a);
        ntk.SampleAndEvaluate(new RandomStream(4, 4), b);
        for (int p = 0; p < 3; p++) Assert.Equal(a[p], b[p], 10);
        Assert.NotEqual(0, a[0]);
    }

    [Fact]
    public void OneHiddenLayerReluMlpTwoPointFunctionIsTheArcCosineKernel()
    {
        // exact at every width: G2 = σ_w² ⟨relu(u)relu(v)⟩ + σ_b², (u, v) Gaussian with K = σ_b² + σ_w² x·y/d
        const double sw = 1.5, sb = 0.4;
        double[][] x = [[1.0, 0.0], [0.6, 0.8], [-1.0, 0.3]];
        var e = new MlpEnsemble(2, 5, 1, NnPhys.Architectures.Activation.ReLU, sw, sb);
        int[][] tuples = [[0, 0], [0, 1], [0, 2], [1, 2]];
        var acc = Correlators.SampleNetworks(e, new PointSet(x), tuples, seed: 21, samples: 40_000);
        for (int t = 0; t < tuples.Length; t++)
        {
            double[] u = x[tuples[t][0]], v = x[tuples[t][1]];
            double Kxy = sb * sb + sw * sw * (u[0] * v[0] + u[1] * v[1]) / 2;
            double Kxx = sb * sb + sw * sw * (u[0] * u[0] + u[1] * u[1]) / 2, Kyy = sb * sb + sw * sw * (v[0] * v[0] + v[1] * v[1]) / 2;
            double cos = Math.Clamp(Kxy / Math.Sqrt(Kxx * Kyy), -1, 1), th = Math.Acos(cos);
            double relu = Math.Sqrt(Kxx * Kyy) / (2 * Math.PI) * (Math.Sin(th) + (Math.PI - th) * cos);
            double expected = sw * sw * relu + sb * sb;
            var est = CorrelatorEstimators.Moment(acc, t);
            Assert.True(Math.Abs(est.Pull(expected)) < 3, $"tuple {t}: {est} vs arc-cosine {expected}");
        }
    }

    [Fact]
    public void SharedArchitectureDescriptionSamplesTheNetworkThatIsTrained()
    {
        // one description: the ensemble's sample s is exactly the trainable Network built from RandomStream(seed, s)
        var description = NnPhys.Architectures.Architecture.Mlp(2, 6, 2, 1, NnPhys.Architectures.Activation.Tanh, 1.3, 0.2, NnPhys.Architectures.Parameterizations.Standard);
        var ensemble = new ArchitectureEnsemble(description);
        var pts = new PointSet([[0.3, -0.1], [1.0, 2.0], [-0.5, 0.5]]);
        var phi = new double[3];
        ensemble.CreateSampler(pts).SampleAndEvaluate(new RandomStream(5, 9), phi);
        var network = new NnPhys.Networks.Network<double>(description, new RandomStream(5, 9));
        var outputs = network.Forward(pts.RowMajor, 3);
        for (int p = 0; p < 3; p++) Assert.Equal(outputs[p], phi[p], 14);
        Assert.Equal(12, ensemble.NeuronEvaluationsPerPoint);
    }

    [Fact]
    public void SharedArchitectureOneHiddenLayerReluTwoPointFunctionIsTheArcCosineKernelAndMatchesTheReferenceMlp()
    {
        const double sw = 1.5, sb = 0.4;
        double[][] x = [[1.0, 0.0], [0.6, 0.8], [-1.0, 0.3]];
        int[][] tuples = [[0, 0], [0, 1], [0, 2], [1, 2]];
        var shared = new ArchitectureEnsemble(NnPhys.Architectures.Architecture.Mlp(2, 5, 1, 1, NnPhys.Architectures.Activation.ReLU, sw, sb, NnPhys.Architectures.Parameterizations.Ntk));
        var acc = Correlators.SampleNetworks(shared, new PointSet(x), tuples, seed: 22, samples: 30_000);
        var reference = Correlators.SampleNetworks(new MlpEnsemble(2, 5, 1, NnPhys.Architectures.Activation.ReLU, sw, sb), new PointSet(x), tuples, seed: 23, samples: 30_000);
        for (int t = 0; t < tuples.Length; t++)
        {
            double[] u = x[tuples[t][0]], v = x[tuples[t][1]];
            double kxy = sb * sb + sw * sw * (u[0] * v[0] + u[1] * v[1]) / 2;
            double kxx = sb * sb + sw * sw * (u[0] * u[0] + u[1] * u[1]) / 2, kyy = sb * sb + sw * sw * (v[0] * v[0] + v[1] * v[1]) / 2;
            double cos = Math.Clamp(kxy / Math.Sqrt(kxx * kyy), -1, 1), th = Math.Acos(cos);
            double expected = sw * sw * Math.Sqrt(kxx * kyy) / (2 * Math.PI) * (Math.Sin(th) + (Math.PI - th) * cos) + sb * sb;
            var a = CorrelatorEstimators.Moment(acc, t);
            var b = CorrelatorEstimators.Moment(reference, t);
            Assert.True(Math.Abs(a.Pull(expected)) < 3, $"tuple {t}: shared architecture {a} vs arc-cosine {expected}");
            // and the independent reference implementation gives the same G2
            Assert.True(Math.Abs(a.Value - b.Value) < 3 * Math.Sqrt(a.StandardError * a.StandardError + b.StandardError * b.StandardError), $"tuple {t}: {a} vs reference {b}");
        }
    }

    [Fact]
    public void DeepSharedArchitectureAndReferenceMlpHaveTheSameFiniteWidthFourPointFunction()
    {
        // depth 2, width 3, tanh: no closed form at finite N, so two independent implementations must agree on G2 and G4c
        double[][] x = [[0.5, -0.2], [-0.4, 0.9]];
        int[][] tuples = [[0, 1], [0, 0, 1, 1]];
        var shared = new ArchitectureEnsemble(NnPhys.Architectures.Architecture.Mlp(2, 3, 2, 1, NnPhys.Architectures.Activation.Tanh, 1.6, 0.3, NnPhys.Architectures.Parameterizations.Standard));
        var a = Correlators.SampleNetworks(shared, new PointSet(x), tuples, seed: 31, samples: 40_000);
        var b = Correlators.SampleNetworks(new MlpEnsemble(2, 3, 2, NnPhys.Architectures.Activation.Tanh, 1.6, 0.3), new PointSet(x), tuples, seed: 32, samples: 40_000);
        for (int t = 0; t < 2; t++)
        {
            var ea = t == 0 ? CorrelatorEstimators.Moment(a, t) : CorrelatorEstimators.Connected(a, t);
            var eb = t == 0 ? CorrelatorEstimators.Moment(b, t) : CorrelatorEstimators.Connected(b, t);
            Assert.True(Math.Abs(ea.Value - eb.Value) < 3 * Math.Sqrt(ea.StandardError * ea.StandardError + eb.StandardError * eb.StandardError), $"tuple {t}: {ea} vs {eb}");
        }
        var g4c = CorrelatorEstimators.Connected(a, 1);
        Assert.True(Math.Abs(g4c.Value) > 5 * g4c.StandardError, $"finite-width G4c must be resolved: {g4c}");
    }

    [Fact]
    public void BadArchitecturesAndPointsAreRejectedWithClearErrors()
    {
        Assert.Throws<InvalidConfigException>(() => NeuronSumEnsemble.CosNet(2, 0));
        Assert.Throws<InvalidConfigException>(() => new MlpEnsemble(2, 4, 0, NnPhys.Architectures.Activation.ReLU));
        Assert.Throws<InvalidConfigException>(() => NeuronSumEnsemble.GaussNet(0, 4));
        Assert.Throws<InvalidConfigException>(() => new PointSet([[0.0, 1.0], [1.0]]));
        Assert.Throws<InvalidConfigException>(() => new PointSet([[double.NaN]]));
        var wrongDimension = Assert.Throws<InvalidConfigException>(() => NeuronSumEnsemble.CosNet(3, 4).CreateSampler(new PointSet([[0.0, 1.0]])));
        Assert.Contains("dimension 2", wrongDimension.Message);
        var noSamples = Assert.Throws<InvalidConfigException>(() => Correlators.SampleNetworks(NeuronSumEnsemble.CosNet(1, 4), new PointSet([[0.0]]), [[0, 0]], 1, 0));
        Assert.Contains("samples", noSamples.Message);
        Assert.Throws<InvalidConfigException>(() => Correlators.SampleNetworks(NeuronSumEnsemble.CosNet(1, 4), new PointSet([[0.0]]), [[0, 1]], 1, 10));
        var unknown = Assert.Throws<InvalidConfigException>(() => new EnsembleSpec("single-layer", Activation: "swoosh").Build());
        Assert.Contains("erf", unknown.Message); // the one activation type's error lists the valid names
    }

    [Fact]
    public void EveryActivationNameWorksInEveryEnsembleThatTakesOne()
    {
        // issue 7: one activation list everywhere; single-layer G2 is σ_w1² E[φ(u)φ(v)] (arc-cosine, Williams or Gauss–Hermite)
        var pts = new PointSet([[0.3, -0.2], [0.5, 0.4]]);
        foreach (var name in NnPhys.Architectures.Activation.ValidNames.Select(n => n.Replace("(s)", "(0.2)")).Append("linear"))
        {
            foreach (var arch in new[] { "single-layer", "mlp", "mlp-reference" })
                Assert.NotNull(new EnsembleSpec(arch, 2, 3, Activation: name).Build().CreateSampler(pts));
            var spec = new EnsembleSpec("single-layer", 2, 6, SigmaW0: 1.3, SigmaB0: 0.4, SigmaW1: 1.2, Activation: name);
            double closed = spec.ClosedFormMoment([pts.Point(0), pts.Point(1)]);
            var acc = Correlators.SampleNetworks(spec.Build(), pts, [[0, 1]], 5, 20_000);
            var mc = CorrelatorEstimators.Moment(acc, 0);
            Assert.True(Math.Abs(mc.Pull(closed)) < 3.5, $"{name}: MC {mc} vs closed form {closed:G6}");
        }
    }
}
