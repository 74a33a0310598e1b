using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>
/// The integrators' step control and argument checks, against exact solutions: one RK4 and one Verlet step by hand,
/// Dormand–Prince with a given first step and a maximum step (step counts bounded below by (t1 − t0)/h_max), the
/// constant solution (error 0, steps grow ×5), output times hit exactly, the step limit and NaN right-hand sides
/// reported, and every tolerance check.
/// </summary>
public class OdeStepControlTests
{
    static readonly Action<double, ReadOnlySpan<double>, Span<double>> Decay = (t, y, dy) => dy[0] = -y[0];

    [Fact]
    public void OneRungeKuttaStepOfDecayIsTheFourthOrderTaylorPolynomial()
    {
        // for y′ = −y one RK4 step multiplies by 1 − h + h²/2 − h³/6 + h⁴/24
        double h = 0.3;
        var y = new[] { 2.0 };
        RungeKutta4.Step(Decay, 0, y, h);
        Assert.Equal(2 * (1 - h + h * h / 2 - h * h * h / 6 + h * h * h * h / 24), y[0], 14);
        // y′ = t: stages see t, t + h/2, t + h; exact ∫ from 1 to 1.5 of t dt = 0.625
        var z = new[] { 0.0 };
        RungeKutta4.Step((t, _, dz) => dz[0] = t, 1, z, 0.5, new double[5]);
        Assert.Equal(0.625, z[0], 14);
        Assert.Contains("needs 10", Assert.Throws<ArgumentException>(() => RungeKutta4.Step(Decay, 0, new double[2], 0.1, new double[9])).Message);
        Assert.Contains("not finite", Assert.Throws<ArgumentException>(() => RungeKutta4.Step(Decay, 0, y, double.NaN)).Message);
        Assert.Contains("The step count must be a positive integer, got 0", Assert.Throws<InvalidConfigException>(() => RungeKutta4.Integrate(Decay, 0, [1.0], 1, 0)).Message);
        Assert.Contains("The end time t1 must be a finite number", Assert.Throws<InvalidConfigException>(() => RungeKutta4.Integrate(Decay, 0, [1.0], double.PositiveInfinity, 4)).Message);
        Assert.Contains("The start time t0", Assert.Throws<InvalidConfigException>(() => RungeKutta4.Integrate(Decay, double.NaN, [1.0], 1, 4)).Message);
        // the start state is not modified, and backward integration undoes forward to O(h⁴)
        double[] start = [1.0];
        var forward = RungeKutta4.Integrate(Decay, 0, start, 1, 50);
        Assert.Equal([1.0], start);
        Assert.Equal(1.0, RungeKutta4.Integrate(Decay, 1, forward, 0, 50)[0], 8);
    }

    [Fact]
    public void OneVerletStepByHandAndItsChecks()
    {
        // x″ = −x from x = 1, v = 0: v½ = −h/2, x₁ = 1 − h²/2, a₁ = −x₁, v₁ = −h/2 − (h/2)(1 − h²/2)
        double h = 0.2;
        double[] x = [1.0], v = [0.0], a = [-1.0];
        VelocityVerlet.Step((t, xs, acc) => acc[0] = -xs[0], 0, x, v, a, h);
        Assert.Equal(1 - h * h / 2, x[0], 15);
        Assert.Equal(-h / 2 - h / 2 * (1 - h * h / 2), v[0], 15);
        Assert.Equal(-(1 - h * h / 2), a[0], 15);
        Assert.Contains("lengths 1, 2, 1", Assert.Throws<ArgumentException>(() => VelocityVerlet.Step((t, xs, acc) => { }, 0, new double[1], new double[2], new double[1], h)).Message);
        Assert.Throws<ArgumentException>(() => VelocityVerlet.Step((t, xs, acc) => { }, 0, new double[1], new double[1], new double[2], h));
        Assert.Throws<ArgumentException>(() => VelocityVerlet.Step((t, xs, acc) => { }, 0, x, v, a, double.PositiveInfinity));
        Assert.Contains("x0 has 1 entries but v0 has 2", Assert.Throws<ArgumentException>(() => VelocityVerlet.Integrate((t, xs, acc) => { }, 0, [1.0], [0.0, 1.0], 1, 4)).Message);
        Assert.Throws<InvalidConfigException>(() => VelocityVerlet.Integrate((t, xs, acc) => { }, 0, [1.0], [0.0], 1, -1));
        // a force that depends on time: x″ = t from rest gives x = t³/6, v = t²/2 (position error h²/3 at t = 2)
        var times = new List<double>();
        var (xt, vt) = VelocityVerlet.Integrate((t, xs, acc) => acc[0] = t, 0, [0.0], [0.0], 2, 400, (t, _, _) => times.Add(t));
        Assert.Equal(8.0 / 6, xt[0], 4);
        Assert.Equal(2.0, vt[0], 12); // trapezoidal velocity update is exact for a linear force
        Assert.Equal(401, times.Count);
        Assert.Equal(2.0, times[^1]);
        Assert.Equal(1.0, times[200], 14);
    }

    [Fact]
    public void DormandPrinceRespectsGivenAndMaximumSteps()
    {
        var free = DormandPrince45.Solve(Decay, 0, [1.0], [10.0], new OdeTolerances(1e-6, 1e-9));
        var capped = DormandPrince45.Solve(Decay, 0, [1.0], [10.0], new OdeTolerances(1e-6, 1e-9, MaxStep: 0.1));
        Assert.True(capped.AcceptedSteps >= 100, $"h ≤ 0.1 over t ∈ [0, 10] needs ≥ 100 steps, took {capped.AcceptedSteps}");
        Assert.True(free.AcceptedSteps < 60, $"unconstrained: {free.AcceptedSteps} steps");
        Assert.Equal(Math.Exp(-10), capped.Final[0], 9);
        // a given first step is used as is: one step of 1e-3 then growth ≤ 5× per step
        var given = DormandPrince45.Solve(Decay, 0, [1.0], [1e-3], new OdeTolerances(InitialStep: 1e-3));
        Assert.Equal(1, given.AcceptedSteps);
        Assert.Equal(0, given.RejectedSteps);
        Assert.Equal(7, given.FunctionEvaluations); // f(t0) + 6 new stages, no starting-step estimate
        Assert.Equal(Math.Exp(-1e-3), given.Final[0], 15);
        // a too-large first step is rejected and retried
        var tooLarge = DormandPrince45.Solve(Decay, 0, [1.0], [5.0], new OdeTolerances(1e-10, 1e-12, InitialStep: 5));
        Assert.True(tooLarge.RejectedSteps >= 1);
        Assert.Equal(Math.Exp(-5), tooLarge.Final[0], 10);
    }

    [Fact]
    public void DormandPrinceOnAConstantSolutionAndOutputTimes()
    {
        // y′ = 0: error estimate 0, steps grow 5× each time; states stay exactly at y0; every output time is hit
        var constant = DormandPrince45.Solve((t, y, dy) => dy.Clear(), 0, [3.0, -1.0], [0.5, 1, 2, 1000], new OdeTolerances(InitialStep: 0.01));
        Assert.Equal([0.5, 1, 2, 1000], constant.Times);
        Assert.All(constant.States, s => Assert.Equal([3.0, -1.0], s));
        Assert.Equal(0, constant.RejectedSteps);
        Assert.InRange(constant.AcceptedSteps, 8, 14); // 0.01, 0.05, 0.25, landing; 1; 1; then 5, 25, 125, 625, landing: 11
        // an empty system integrates trivially
        var none = DormandPrince45.Solve((t, y, dy) => { }, 0, ReadOnlySpan<double>.Empty, [1.0]);
        Assert.Empty(none.Final);
        // output times are states of the exact solution y = e^(−t), backward too
        var back = DormandPrince45.Solve(Decay, 1, [Math.Exp(-1)], [0.5, 0.0], new OdeTolerances(1e-10, 1e-14));
        Assert.Equal(Math.Exp(-0.5), back.States[0][0], 10);
        Assert.Equal(1.0, back.States[1][0], 10);
        // starting-step estimate for a state at zero with zero slope (d0, d1 < 1e-5), then the solution moves away
        var fromRest = DormandPrince45.Integrate((t, y, dy) => dy[0] = t, 0, [0.0], 2);
        Assert.Equal(2.0, fromRest[0], 9); // y = t²/2
    }

    [Fact]
    public void DormandPrinceReportsLimitsAndBadInput()
    {
        var limit = Assert.Throws<NumericalInstabilityException>(() => DormandPrince45.Integrate(Decay, 0, [1.0], 100, new OdeTolerances(1e-12, 1e-14, MaxSteps: 5)));
        Assert.Contains("took 5 steps", limit.Message);
        var nan = Assert.Throws<NumericalInstabilityException>(() => DormandPrince45.Integrate((t, y, dy) => dy[0] = t > 0.5 ? double.NaN : 1, 0, [0.0], 1));
        Assert.Contains("NaN", nan.Message);
        Assert.Contains("at least the end time", Assert.Throws<ArgumentException>(() => DormandPrince45.Solve(Decay, 0, [1.0], ReadOnlySpan<double>.Empty)).Message);
        Assert.Contains("Start time", Assert.Throws<ArgumentException>(() => DormandPrince45.Solve(Decay, double.NaN, [1.0], [1.0])).Message);
        Assert.Contains("Output time", Assert.Throws<ArgumentException>(() => DormandPrince45.Solve(Decay, 0, [1.0], [double.NaN, 1.0])).Message);
        Assert.Contains("2 comes after 3", Assert.Throws<ArgumentException>(() => DormandPrince45.Solve(Decay, 0, [1.0], [3.0, 2.0, 4.0])).Message);
        Assert.Contains("rtol=-1", Assert.Throws<InvalidConfigException>(() => new OdeTolerances(-1, 1e-10).Validate()).Message);
        Assert.Throws<InvalidConfigException>(() => new OdeTolerances(1e-8, -1).Validate());
        Assert.Throws<InvalidConfigException>(() => new OdeTolerances(double.NaN, 1e-10).Validate());
        Assert.Throws<InvalidConfigException>(() => new OdeTolerances(double.PositiveInfinity, 1e-10).Validate());
        Assert.Contains("Initial step 0", Assert.Throws<InvalidConfigException>(() => new OdeTolerances(InitialStep: 0).Validate()).Message);
        Assert.Throws<InvalidConfigException>(() => new OdeTolerances(InitialStep: double.PositiveInfinity).Validate());
        Assert.Contains("Maximum step 0", Assert.Throws<InvalidConfigException>(() => new OdeTolerances(MaxStep: 0).Validate()).Message);
        Assert.Throws<InvalidConfigException>(() => new OdeTolerances(MaxStep: double.NaN).Validate());
        Assert.Contains("Step limit 0", Assert.Throws<InvalidConfigException>(() => new OdeTolerances(MaxSteps: 0).Validate()).Message);
        new OdeTolerances(0, 1e-10).Validate(); // pure absolute tolerance is fine
        new OdeTolerances(1e-8, 0).Validate();  // and pure relative
    }
}
