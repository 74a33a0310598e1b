using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Tests.Training;

/// <summary>Per-tensor learning-rate factors n^(−c) reach every optimizer's update, and a network's tensors get them
/// from their layer's abcd record.</summary>
public class LearningRateScaleTests
{
    // 3 + 7 + 11 scalars with factors 1, 1/4, 3: not SIMD multiples, so the scalar tails run per tensor too
    static ParameterSet<double> Scaled(ulong seed)
    {
        var p = new ParameterSet<double>([("a.weight", [3], 1.0), ("a.bias", [7], 0.25), ("b.weight", [1, 11], 3.0)]);
        new RandomStream(seed).FillNormal(p.Values);
        new RandomStream(seed, 1).FillNormal(p.Gradients, 0, 2);
        return p;
    }

    static void AssertStepIs(ParameterSet<double> p, double[] start, Func<double, double, double> expectedDelta)
    {
        foreach (var e in p.Entries)
            for (int i = e.Offset; i < e.Offset + e.Length; i++)
                Assert.Equal(expectedDelta(p.Gradients[i], e.LearningRateScale), p.Values[i] - start[i], 13);
    }

    [Fact]
    public void SgdAndHeavyBallUseEtaTimesTheTensorFactor()
    {
        var p = Scaled(1);
        Assert.False(p.HasUniformLearningRate);
        var start = (double[])p.Values.Clone();
        new Sgd<double>(p, 0.1).Step();
        AssertStepIs(p, start, (g, s) => -0.1 * s * g);

        var q = Scaled(2);
        start = (double[])q.Values.Clone();
        var heavy = new HeavyBallMomentum<double>(q, 0.1, 0.9);
        heavy.Step();
        AssertStepIs(q, start, (g, s) => -0.1 * s * g);
        start = (double[])q.Values.Clone();
        heavy.Step(); // same gradient again: d₂ = μ d₁ − η s g = −(1 + μ) η s g
        AssertStepIs(q, start, (g, s) => -1.9 * 0.1 * s * g);
    }

    [Fact]
    public void AdamFirstStepIsScaledLearningRateTimesSign()
    {
        var p = Scaled(3);
        var start = (double[])p.Values.Clone();
        new Adam<double>(p, new AdamOptions(0.01)).Step();
        AssertStepIs(p, start, (g, s) => -0.01 * s * g / (1e-8 + Math.Abs(g)));
    }

    [Fact]
    public void UniformFactorsGiveTheSameBytesAsNoFactors()
    {
        var plain = new ParameterSet<double>([("a.weight", [3]), ("a.bias", [7]), ("b.weight", [1, 11])]);
        var ones = new ParameterSet<double>([("a.weight", [3], 1.0), ("a.bias", [7], 1.0), ("b.weight", [1, 11], 1.0)]);
        Assert.True(ones.HasUniformLearningRate);
        new RandomStream(4).FillNormal(plain.Values); new RandomStream(4).FillNormal(ones.Values);
        var a = new Adam<double>(plain); var b = new Adam<double>(ones);
        for (int t = 0; t < 3; t++)
        {
            new RandomStream(5, (ulong)t).FillNormal(plain.Gradients); new RandomStream(5, (ulong)t).FillNormal(ones.Gradients);
            a.Step(); b.Step();
        }
        Assert.Equal(plain.Values, ones.Values);
    }

    [Fact]
    public void NetworkTensorsCarryTheirLayersRate()
    {
        // c = 1 on the hidden layer only: its weight and bias learn at η/fan_in, the others at η.
        var stack = new LayerStack(4,
        [
            new DenseSpec(8, Parameterization: new LayerParameterization(0, 0.5, 0)), new ActivationSpec(Activation.Tanh),
            new DenseSpec(6, Parameterization: new LayerParameterization(0, 0.5, 1)), new ActivationSpec(Activation.Tanh),
            new DenseSpec(1),
        ]);
        var net = new Network<double>(stack, new RandomStream(1));
        Assert.Equal([1.0, 1.0, 1.0 / 8, 1.0 / 8, 1.0, 1.0], net.Parameters.Entries.Select(e => e.LearningRateScale));
        Assert.Equal(["h1.weight", "h1.bias", "h2.weight", "h2.bias", "out.weight", "out.bias"], net.Parameters.Entries.Select(e => e.Name));
    }
}
