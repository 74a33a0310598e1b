using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Tests.Training;

/// <summary>
/// The parts of the optimizers' contract the step-by-step tests do not reach: descriptions, the state lookup by name,
/// saving and restoring every hyperparameter, the settings' aliases, and Adam's equation helper on bad input and over
/// many steps with per-tensor rates (compared with a scalar re-derivation of eq. (9), not with the production loop).
/// </summary>
public class OptimizerContractTests
{
    static ParameterSet<double> Parameters(ulong seed, double scaleB = 1)
    {
        var p = new ParameterSet<double>([("a.weight", [3], 1.0), ("a.bias", [7], 1.0), ("b.weight", [1, 11], scaleB)]);
        new RandomStream(seed).FillNormal(p.Values);
        return p;
    }

    [Fact]
    public void DescriptionsNameTheOptimizerAndEveryHyperparameter()
    {
        var p = Parameters(1);
        Assert.Equal("adam(lr=0.002, β1=0.8, β2=0.99, ε=1E-07)", new Adam<double>(p, new AdamOptions(0.002, 0.8, 0.99, 1e-7)).Description);
        Assert.Equal("sgd(lr=0.25)", new Sgd<double>(p, 0.25).Description);
        Assert.Equal("heavy-ball(lr=0.1, μ=0.5)", new HeavyBallMomentum<double>(p, 0.1, 0.5).Description);
        Assert.Equal(["m", "v"], new Adam<double>(p).StateNames);
        Assert.Equal(["displacement"], new HeavyBallMomentum<double>(p, 0.1, 0.5).StateNames);
        Assert.Empty(new Sgd<double>(p, 0.1).StateNames);
    }

    [Fact]
    public void StateIsLookedUpByNameAndUnknownNamesSayWhatExists()
    {
        var p = Parameters(2);
        new RandomStream(3).FillNormal(p.Gradients);
        var adam = new Adam<double>(p);
        adam.Step();
        // after one step m = (1 − β1) g and v = (1 − β2) g²
        var g = p.Gradient("a.bias").ToArray();
        var m = adam.State("m", "a.bias").ToArray();
        var v = adam.State("v", "a.bias").ToArray();
        for (int i = 0; i < g.Length; i++)
        {
            Assert.Equal(0.1 * g[i], m[i], 1e-15);
            Assert.Equal(0.001 * g[i] * g[i], v[i], 1e-15);
        }
        Assert.Equal(7, m.Length);
        Assert.Contains("'m' and 'v'", Assert.Throws<KeyNotFoundException>(() => adam.State("velocity", "a.bias").ToArray()).Message);

        var heavy = new HeavyBallMomentum<double>(p, 0.5, 0.9);
        var before = p.Value("b.weight").ToArray();
        heavy.Step();
        var d = heavy.State("displacement", "b.weight").ToArray();
        var after = p.Value("b.weight").ToArray();
        for (int i = 0; i < d.Length; i++) Assert.Equal(after[i] - before[i], d[i], 1e-15); // d₁ = θ₁ − θ₀
        Assert.Contains("'displacement'", Assert.Throws<KeyNotFoundException>(() => heavy.State("m", "b.weight").ToArray()).Message);
        Assert.Contains("'v'", Assert.Throws<KeyNotFoundException>(() => new Sgd<double>(p, 0.1).State("v", "a.bias").ToArray()).Message);
    }

    [Theory]
    [InlineData(0, "learning rate")]
    [InlineData(1, "β1")]
    [InlineData(2, "β2")]
    [InlineData(3, "ε")]
    public void AdamRefusesAStateSavedWithAnyOtherHyperparameter(int which, string named)
    {
        var p = Parameters(4);
        var saved = new Adam<double>(p).GetState();
        double[] h = [1e-3, 0.9, 0.999, 1e-8];
        h[which] *= which is 1 or 2 ? 0.999 : 1.5; // β · 1.5 would leave [0, 1)
        var other = new Adam<double>(p, new AdamOptions(h[0], h[1], h[2], h[3]));
        var ex = Assert.Throws<InvalidConfigException>(() => other.SetState(saved));
        Assert.Contains(named, ex.Message);
        Assert.Contains("resume with the saved value", ex.Message);
    }

    [Fact]
    public void HeavyBallAndSgdRefuseOtherRatesAndRestoreTheirCounters()
    {
        var p = Parameters(5);
        new RandomStream(6).FillNormal(p.Gradients);
        var heavy = new HeavyBallMomentum<double>(p, 0.1, 0.5);
        heavy.Step(); heavy.Step(); heavy.Step();
        var state = heavy.GetState();
        Assert.Equal(new long[] { 3 }, state["heavy_ball.step"]);
        Assert.Equal(new[] { 0.1, 0.5 }, state["heavy_ball.hyperparameters"]);
        var ex = Assert.Throws<InvalidConfigException>(() => new HeavyBallMomentum<double>(p, 0.2, 0.5).SetState(state));
        Assert.Contains("lr = 0.1", ex.Message);
        Assert.Contains("lr = 0.2", ex.Message);
        var restored = new HeavyBallMomentum<double>(p, 0.1, 0.5);
        restored.SetState(state);
        Assert.Equal(3, restored.StepCount);

        var sgd = new Sgd<double>(p, 0.3);
        sgd.Step(); sgd.Step();
        var sgdState = sgd.GetState();
        var again = new Sgd<double>(p, 0.3);
        again.SetState(sgdState);
        Assert.Equal(2, again.StepCount);
        var mismatch = Assert.Throws<InvalidConfigException>(() => new Sgd<double>(p, 0.4).SetState(sgdState));
        Assert.Contains("SGD learning rate = 0.3", mismatch.Message);
        Assert.Contains("0.4", mismatch.Message);
    }

    [Fact]
    public void RestoredHeavyBallContinuesWithTheSavedMomentum()
    {
        // L = ½ θ², ∇L = θ: the third step from a restored state must equal the third step of an uninterrupted run
        var a = new ParameterSet<double>([("theta", [5])]);
        new RandomStream(7).FillNormal(a.Values);
        var b = new ParameterSet<double>([("theta", [5])]);
        a.Values.CopyTo(b.Values, 0);
        var straight = new HeavyBallMomentum<double>(a, 0.1, 0.9);
        for (int t = 0; t < 3; t++) { a.Values.CopyTo(a.Gradients, 0); straight.Step(); }
        var first = new HeavyBallMomentum<double>(b, 0.1, 0.9);
        for (int t = 0; t < 2; t++) { b.Values.CopyTo(b.Gradients, 0); first.Step(); }
        var resumed = new HeavyBallMomentum<double>(b, 0.1, 0.9);
        resumed.SetState(first.GetState());
        b.Values.CopyTo(b.Gradients, 0);
        resumed.Step();
        Assert.Equal(a.Values, b.Values);
    }

    [Fact]
    public void ConfigChecksNameTheValueAndAnExample()
    {
        var p = Parameters(8);
        Assert.Contains("Learning rate must be a positive finite number, got -1", Assert.Throws<InvalidConfigException>(() => new Sgd<double>(p, -1)).Message);
        var beta = Assert.Throws<InvalidConfigException>(() => new Adam<double>(p, new AdamOptions(Beta1: 1.0))).Message;
        Assert.Contains("Adam β1 must be in [0, 1), got 1", beta);
        Assert.Contains("[0, 1)", beta);
        Assert.Contains("0.9", beta);
        Assert.Contains("Adam β2", Assert.Throws<InvalidConfigException>(() => new Adam<double>(p, new AdamOptions(Beta2: double.PositiveInfinity))).Message);
        Assert.Contains("Adam β1", Assert.Throws<InvalidConfigException>(() => new Adam<double>(p, new AdamOptions(Beta1: -0.01))).Message);
        var eps = Assert.Throws<InvalidConfigException>(() => new Adam<double>(p, new AdamOptions(Epsilon: -1e-8))).Message;
        Assert.Contains("Adam ε", eps);
        Assert.Contains("a finite number ≥ 0", eps);
        Assert.Contains("Adam ε", Assert.Throws<InvalidConfigException>(() => new Adam<double>(p, new AdamOptions(Epsilon: double.PositiveInfinity))).Message);
        Assert.Contains("Momentum μ", Assert.Throws<InvalidConfigException>(() => new HeavyBallMomentum<double>(p, 0.1, -0.5)).Message);
        // boundary values that are valid: β = 0, ε = 0, μ = 0
        _ = new Adam<double>(p, new AdamOptions(Beta1: 0, Beta2: 0, Epsilon: 0));
        _ = new HeavyBallMomentum<double>(p, 0.1, 0);
        var epochs = Assert.Throws<InvalidConfigException>(() => new TrainingOptions(-3).Validate()).Message;
        Assert.Contains("Epochs must be a positive integer, got -3", epochs);
        new TrainingOptions(1, 1).Validate();
    }

    [Theory]
    [InlineData(" ADAM ", typeof(Adam<double>))]
    [InlineData("SGD", typeof(Sgd<double>))]
    [InlineData("heavyball", typeof(HeavyBallMomentum<double>))]
    [InlineData("Momentum", typeof(HeavyBallMomentum<double>))]
    public void SettingsAcceptTheDocumentedSpellings(string kind, Type expected)
    {
        var optimizer = new OptimizerSettings(kind, 0.05, Momentum: 0.7, Beta1: 0.85, Beta2: 0.95, Epsilon: 1e-6).Create(Parameters(9));
        Assert.IsType(expected, optimizer);
        if (optimizer is Adam<double> adam) Assert.Equal(new AdamOptions(0.05, 0.85, 0.95, 1e-6), adam.Options);
        if (optimizer is HeavyBallMomentum<double> heavy) Assert.Equal((0.05, 0.7), (heavy.LearningRate, heavy.Momentum));
        if (optimizer is Sgd<double> sgd) Assert.Equal(0.05, sgd.LearningRate);
        Assert.Equal(["adam", "sgd", "heavy-ball"], OptimizerSettings.Kinds);
    }

    [Fact]
    public void AdamEquationRejectsMismatchedSpansAndNegativeStepCounts()
    {
        var o = new AdamOptions();
        double[] g = new double[3], m = new double[3], v = new double[3], d = new double[3], shortOne = new double[2];
        Assert.Throws<ArgumentException>(() => AdamEquation.Step(o, 0, g, shortOne, v, d));
        Assert.Throws<ArgumentException>(() => AdamEquation.Step(o, 0, g, m, shortOne, d));
        Assert.Throws<ArgumentException>(() => AdamEquation.Step(o, 0, g, m, v, shortOne));
        Assert.Contains("non-negative", Assert.Throws<ArgumentException>(() => AdamEquation.Step(o, -1, g, m, v, d)).Message);
        Assert.Throws<ArgumentException>(() => AdamEquation.Predict(o, 0, g, shortOne, v, d));
        Assert.Throws<ArgumentException>(() => AdamEquation.Predict(o, 0, g, m, shortOne, d));
        AdamEquation.Step(o, 0, g, m, v, d); // the valid call does not throw; zero gradient gives zero displacement
        Assert.Equal(new double[3], d);
    }

    [Fact]
    public void AdamEquationPredictLeavesTheMomentsAndStepMovesThem()
    {
        var o = new AdamOptions(0.01, 0.5, 0.75, 0);
        double[] g = [2, -1], m = [1, 1], v = [4, 4], d = new double[2];
        AdamEquation.Predict(o, 1, g, m, v, d);
        Assert.Equal([1.0, 1.0], m);
        Assert.Equal([4.0, 4.0], v);
        // by hand, k = 2: m = ½·1 + ½·g = (1.5, 0); v = ¾·4 + ¼·g² = (4, 3.25); m̂ = m/(1 − ¼), v̂ = v/(1 − 9/16)
        double mHat0 = 1.5 / 0.75, vHat0 = 4 / (7.0 / 16);
        Assert.Equal(-0.01 * mHat0 / Math.Sqrt(vHat0), d[0], 1e-15);
        Assert.Equal(0.0, d[1], 1e-15);
        AdamEquation.Step(o, 1, g, m, v, d);
        Assert.Equal([1.5, 0.0], m);
        Assert.Equal([4.0, 3.25], v);
    }

    [Fact]
    public void AdamWithPerTensorRatesFollowsEquationNineOverManySteps()
    {
        // The non-uniform path computes the bias corrections per tensor; an error in the step index shows from step 2.
        var opts = new AdamOptions(0.01, 0.8, 0.95, 1e-6);
        var p = Parameters(10, scaleB: 0.25);
        Assert.False(p.HasUniformLearningRate);
        var adam = new Adam<double>(p, opts);
        var w = (double[])p.Values.Clone();
        var m = new double[w.Length]; var v = new double[w.Length];
        var rng = new RandomStream(11);
        for (int t = 1; t <= 6; t++)
        {
            rng.FillNormal(p.Gradients);
            adam.Step();
            foreach (var e in p.Entries)
                for (int i = e.Offset; i < e.Offset + e.Length; i++)
                {
                    double g = p.Gradients[i];
                    m[i] = 0.8 * m[i] + 0.2 * g;
                    v[i] = 0.95 * v[i] + 0.05 * g * g;
                    w[i] -= 0.01 * e.LearningRateScale * (m[i] / (1 - Math.Pow(0.8, t))) / (1e-6 + Math.Sqrt(v[i] / (1 - Math.Pow(0.95, t))));
                    Assert.Equal(w[i], p.Values[i], 1e-13);
                }
        }
        Assert.Equal(6, adam.StepCount);
    }
}
