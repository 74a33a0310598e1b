using System.Numerics;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Tests.Training;

public class OptimizerTests
{
    // 3 + 7 + 11 = 21 scalars: not a multiple of any SIMD width, so the scalar tail is exercised too
    static ParameterSet<double> Parameters(ulong seed)
    {
        var p = new ParameterSet<double>([("a.weight", [3]), ("a.bias", [7]), ("b.weight", [1, 11])]);
        new RandomStream(seed).FillNormal(p.Values);
        return p;
    }

    [Fact]
    public void FirstAdamStepIsLearningRateTimesSignOfGradient()
    {
        var p = Parameters(1);
        var start = (double[])p.Values.Clone();
        new RandomStream(2).FillNormal(p.Gradients, 0, 3);
        var adam = new Adam<double>(p);
        adam.Step();
        for (int i = 0; i < p.Count; i++)
        {
            double g = p.Gradients[i];
            // m̂ = g, v̂ = g² after one step, so Δw = −η g/(ε + |g|) = −η sign(g) up to ε
            Assert.Equal(-1e-3 * g / (1e-8 + Math.Abs(g)), p.Values[i] - start[i], 1e-13);
            Assert.True(Math.Abs(p.Values[i] - start[i] + 1e-3 * Math.Sign(g)) <= 1e-3 * 1e-8 / Math.Abs(g) + 1e-15); // |Δw + η sign g| ≤ η ε/|g|
        }
        Assert.Equal(1, adam.StepCount);
        Assert.Equal(0.1 * p.Gradients[0], adam.FirstMoment("a.weight")[0], 1e-15);
        Assert.Equal(0.001 * p.Gradients[3] * p.Gradients[3], adam.SecondMoment("a.bias")[0], 1e-15);
    }

    [Fact]
    public void AdamMatchesEquationNineStepByStep()
    {
        var opts = new AdamOptions(LearningRate: 0.01, Beta1: 0.8, Beta2: 0.95, Epsilon: 1e-6);
        var p = Parameters(3);
        var adam = new Adam<double>(p, opts);
        // independent scalar implementation of fokker-planck-to-callan-symanzik eq. (9)
        var w = (double[])p.Values.Clone();
        var m = new double[w.Length]; var v = new double[w.Length];
        var rng = new RandomStream(4);
        for (int t = 0; t < 25; t++)
        {
            rng.FillNormal(p.Gradients);
            var predicted = new double[w.Length];
            // the forecast from the moments before the step must equal the step actually taken
            AdamEquation.Predict(opts, t, p.Gradients, CopyState(adam, "m", p), CopyState(adam, "v", p), predicted);
            var before = (double[])p.Values.Clone();
            adam.Step();
            for (int i = 0; i < w.Length; i++)
            {
                double g = p.Gradients[i];
                m[i] = opts.Beta1 * m[i] + (1 - opts.Beta1) * g;
                v[i] = opts.Beta2 * v[i] + (1 - opts.Beta2) * g * g;
                double mHat = m[i] / (1 - Math.Pow(opts.Beta1, t + 1)), vHat = v[i] / (1 - Math.Pow(opts.Beta2, t + 1));
                w[i] -= opts.LearningRate * mHat / (opts.Epsilon + Math.Sqrt(vHat));
                Assert.Equal(w[i], p.Values[i], 1e-13);
                Assert.Equal(p.Values[i] - before[i], predicted[i], 1e-13);
            }
        }
        Assert.Equal(m, CopyState(adam, "m", p), new ToleranceComparer(1e-14));
        Assert.Equal(25, adam.StepCount);
    }

    static double[] CopyState(Adam<double> adam, string state, ParameterSet<double> p)
    {
        var all = new List<double>();
        foreach (var e in p.Entries) all.AddRange(adam.State(state, e.Name).ToArray());
        return all.ToArray();
    }

    [Fact]
    public void FloatAdamTracksDoubleAdam()
    {
        var pd = Parameters(5);
        var pf = new ParameterSet<float>([("a.weight", [3]), ("a.bias", [7]), ("b.weight", [1, 11])]);
        for (int i = 0; i < pd.Count; i++) pf.Values[i] = (float)pd.Values[i];
        var ad = new Adam<double>(pd); var af = new Adam<float>(pf);
        var rng = new RandomStream(6);
        for (int t = 0; t < 10; t++)
        {
            rng.FillNormal(pd.Gradients);
            for (int i = 0; i < pd.Count; i++) pf.Gradients[i] = (float)pd.Gradients[i];
            ad.Step(); af.Step();
        }
        for (int i = 0; i < pd.Count; i++) Assert.Equal(pd.Values[i], pf.Values[i], 1e-5);
    }

    [Fact]
    public void SgdSubtractsLearningRateTimesGradient()
    {
        var p = Parameters(7);
        var start = (double[])p.Values.Clone();
        new RandomStream(8).FillNormal(p.Gradients);
        new Sgd<double>(p, 0.25).Step();
        for (int i = 0; i < p.Count; i++) Assert.Equal(start[i] - 0.25 * p.Gradients[i], p.Values[i], 1e-15);
    }

    [Theory]
    [InlineData(0.9, 0.05)]   // under-damped: complex characteristic roots
    [InlineData(0.2, 0.01)]   // over-damped: real roots
    public void HeavyBallOnQuadraticFollowsClosedFormRecurrence(double mu, double eta)
    {
        // L = ½ Σ a_i θ_i², ∇L = a θ. Heavy ball θ_{t+1} = (1 + μ − η a) θ_t − μ θ_{t−1} with θ_{−1} = θ_0 has
        // θ_t = c₁ r₁^t + c₂ r₂^t, r₁,₂ roots of r² − (1 + μ − η a) r + μ = 0, fixed by θ_0 and θ_1 = (1 − η a) θ_0.
        double[] curvature = [0.5, 1, 2, 4, 8, 3, 0.1, 7, 2.5];
        var p = new ParameterSet<double>([("theta", [curvature.Length])]);
        new RandomStream(9).FillNormal(p.Values);
        var theta0 = (double[])p.Values.Clone();
        var opt = new HeavyBallMomentum<double>(p, eta, mu);
        const int steps = 60;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < curvature.Length; i++) p.Gradients[i] = curvature[i] * p.Values[i];
            opt.Step();
        }
        for (int i = 0; i < curvature.Length; i++)
        {
            double b = 1 + mu - eta * curvature[i];
            Complex disc = Complex.Sqrt(b * b - 4 * mu);
            Complex r1 = (b + disc) / 2, r2 = (b - disc) / 2;
            Complex th0 = theta0[i], th1 = (1 - eta * curvature[i]) * theta0[i];
            Complex c1 = (th1 - r2 * th0) / (r1 - r2), c2 = th0 - c1;
            double expected = (c1 * Complex.Pow(r1, steps) + c2 * Complex.Pow(r2, steps)).Real;
            Assert.Equal(expected, p.Values[i], 1e-10);
        }
        Assert.Equal(steps, opt.StepCount);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1e-3)]
    [InlineData(0.0)]
    [InlineData(double.PositiveInfinity)]
    public void BadLearningRatesAreRejectedWithAFix(double lr)
    {
        var p = Parameters(1);
        var e1 = Assert.Throws<InvalidConfigException>(() => new Adam<double>(p, new AdamOptions(LearningRate: lr)));
        Assert.Contains("e.g.", e1.Message);
        Assert.Throws<InvalidConfigException>(() => new Sgd<double>(p, lr));
        Assert.Throws<InvalidConfigException>(() => new HeavyBallMomentum<double>(p, lr, 0.9));
    }

    [Fact]
    public void BadMomentsAreRejected()
    {
        var p = Parameters(1);
        Assert.Throws<InvalidConfigException>(() => new Adam<double>(p, new AdamOptions(Beta1: 1.0)));
        Assert.Throws<InvalidConfigException>(() => new Adam<double>(p, new AdamOptions(Beta2: -0.1)));
        Assert.Throws<InvalidConfigException>(() => new Adam<double>(p, new AdamOptions(Epsilon: double.NaN)));
        Assert.Throws<InvalidConfigException>(() => new HeavyBallMomentum<double>(p, 0.1, 1.0));
    }

    [Fact]
    public void OptimizerStateRoundTripsAndRejectsOtherHyperparameters()
    {
        var p = Parameters(10);
        var adam = new Adam<double>(p);
        var hb = new HeavyBallMomentum<double>(p, 0.1, 0.5);
        new RandomStream(11).FillNormal(p.Gradients);
        adam.Step(); adam.Step(); hb.Step();
        var state = adam.GetState();
        Assert.Equal(new long[] { 2 }, state["adam.step"]);
        Assert.IsType<double[,]>(state["adam.m.b.weight"]);
        var fresh = new Adam<double>(p);
        fresh.SetState(state);
        Assert.Equal(2, fresh.StepCount);
        Assert.Equal(adam.SecondMoment("b.weight").ToArray(), fresh.SecondMoment("b.weight").ToArray());
        var hbFresh = new HeavyBallMomentum<double>(p, 0.1, 0.5);
        hbFresh.SetState(hb.GetState());
        Assert.Equal(hb.Displacement("a.bias").ToArray(), hbFresh.Displacement("a.bias").ToArray());
        var ex = Assert.Throws<InvalidConfigException>(() => new Adam<double>(p, new AdamOptions(LearningRate: 2e-3)).SetState(state));
        Assert.Contains("learning rate", ex.Message);
        Assert.Throws<InvalidConfigException>(() => new HeavyBallMomentum<double>(p, 0.1, 0.6).SetState(hb.GetState()));
        Assert.Throws<InvalidConfigException>(() => new Sgd<double>(p, 0.1).SetState(state));
    }

    [Fact]
    public void SettingsBuildTheNamedOptimizer()
    {
        var p = Parameters(12);
        var adam = Assert.IsType<Adam<double>>(new OptimizerSettings().Create(p));
        Assert.Equal(new AdamOptions(), adam.Options);
        var hb = Assert.IsType<HeavyBallMomentum<double>>(new OptimizerSettings("Heavy-Ball", 0.05, Momentum: 0.8).Create(p));
        Assert.Equal((0.05, 0.8), (hb.LearningRate, hb.Momentum));
        Assert.IsType<Sgd<double>>(new OptimizerSettings("sgd", 0.1).Create(p));
        Assert.Contains("adam, sgd, heavy-ball", Assert.Throws<InvalidConfigException>(() => new OptimizerSettings("rmsprop").Create(p)).Message);
        Assert.Throws<InvalidConfigException>(() => new OptimizerSettings("adam", -1).Create(p));
    }

    sealed class ToleranceComparer(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tol;
        public int GetHashCode(double obj) => 0;
    }
}
