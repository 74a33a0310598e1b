using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>
/// RK4, velocity Verlet and Dormand–Prince 5(4) against exact solutions: exponential decay y = e^(−t), the harmonic
/// oscillator x = cos ωt, and the logistic equation y = 1/(1 + 9e^(−t)). Orders of convergence are measured from the
/// error ratio at h and h/2; the adaptive integrator must honour its tolerance.
/// </summary>
public class OdeIntegratorTests
{
    static readonly Action<double, ReadOnlySpan<double>, Span<double>> Decay = (t, y, dy) => dy[0] = -y[0];

    // x″ = −ω² x as a first-order system (x, v).
    const double Omega = 2.0;
    static readonly Action<double, ReadOnlySpan<double>, Span<double>> Oscillator = (t, y, dy) => { dy[0] = y[1]; dy[1] = -Omega * Omega * y[0]; };
    static readonly Action<double, ReadOnlySpan<double>, Span<double>> Spring = (t, x, a) => a[0] = -Omega * Omega * x[0];

    static double ObservedOrder(Func<int, double> errorWithSteps, int steps) =>
        Math.Log2(errorWithSteps(steps) / errorWithSteps(2 * steps));

    [Fact]
    public void RungeKutta4MatchesExponentialDecayWithOrderFour()
    {
        double Error(int steps) => Math.Abs(RungeKutta4.Integrate(Decay, 0, [1.0], 2, steps)[0] - Math.Exp(-2));
        Assert.True(Error(20) < 1e-6, $"RK4 error at h = 0.1 is {Error(20):G3}");
        double order = ObservedOrder(Error, 20);
        Assert.InRange(order, 3.8, 4.2);
    }

    [Fact]
    public void RungeKutta4OscillatorOrderFourAndObserverSeesEveryStep()
    {
        double Error(int steps)
        {
            var y = RungeKutta4.Integrate(Oscillator, 0, [1.0, 0.0], 3, steps);
            return Math.Abs(y[0] - Math.Cos(Omega * 3)) + Math.Abs(y[1] + Omega * Math.Sin(Omega * 3));
        }
        Assert.InRange(ObservedOrder(Error, 40), 3.8, 4.2);
        var seen = new List<double>();
        RungeKutta4.Integrate(Oscillator, 0, [1.0, 0.0], 1, 8, (t, _) => seen.Add(t));
        Assert.Equal(9, seen.Count);
        Assert.Equal(0.0, seen[0]); Assert.Equal(1.0, seen[^1]); Assert.Equal(0.5, seen[4], 15);
    }

    [Fact]
    public void VelocityVerletHasOrderTwo()
    {
        double Error(int steps)
        {
            var (x, v) = VelocityVerlet.Integrate(Spring, 0, [1.0], [0.0], 3, steps);
            return Math.Abs(x[0] - Math.Cos(Omega * 3)) + Math.Abs(v[0] + Omega * Math.Sin(Omega * 3));
        }
        Assert.InRange(ObservedOrder(Error, 100), 1.9, 2.1);
    }

    [Fact]
    public void VelocityVerletConservesEnergyWithoutDrift()
    {
        // E = v²/2 + ω² x²/2. Verlet conserves exactly Ẽ = v²/2 + (1 − (ωh)²/4) ω² x²/2 (its modified energy for a
        // linear force), so from x = 1, v = 0 the relative energy error oscillates between 0 and exactly (ωh)²/4 and
        // never grows; RK4 at the same step loses energy steadily, the contrast the check relies on.
        double h = 0.05, e0 = Omega * Omega / 2;
        int steps = 20000; // t = 1000 = 318 periods
        double maxError = 0, lateMax = 0;
        VelocityVerlet.Integrate(Spring, 0, [1.0], [0.0], steps * h, steps, (t, x, v) =>
        {
            double e = 0.5 * v[0] * v[0] + 0.5 * Omega * Omega * x[0] * x[0];
            double rel = Math.Abs(e - e0) / e0;
            maxError = Math.Max(maxError, rel);
            if (t > 0.9 * steps * h) lateMax = Math.Max(lateMax, rel);
        });
        double bound = Math.Pow(Omega * h, 2) / 4;
        Assert.True(maxError < 1.02 * bound, $"max relative energy error {maxError:G3} exceeds (ωh)²/4 = {bound:G3}");
        Assert.True(lateMax > 0.98 * bound, $"late energy error {lateMax:G3}: the oscillation should persist at O((ωh)²)");

        // RK4 on the same oscillator is not symplectic: in the coordinates (ωx, v) its step is the normal matrix R(hA)
        // with |R(±iωh)|² = 1 − (ωh)⁶/72 + (ωh)⁸/576, so the energy decays exactly as E₀·|R|^(2N).
        var rk = RungeKutta4.Integrate(Oscillator, 0, [1.0, 0.0], steps * h, steps);
        double rkEnergy = 0.5 * rk[1] * rk[1] + 0.5 * Omega * Omega * rk[0] * rk[0];
        double z = Omega * h, amplification = 1 - Math.Pow(z, 6) / 72 + Math.Pow(z, 8) / 576;
        Assert.Equal(Math.Pow(amplification, steps), rkEnergy / e0, 10);
        Assert.True(e0 - rkEnergy > 1e-4, "RK4 loses energy secularly");
    }

    [Theory]
    [InlineData(1e-5)]
    [InlineData(1e-8)]
    [InlineData(1e-11)]
    public void DormandPrinceHonoursTolerance(double rtol)
    {
        var tol = new OdeTolerances(rtol, rtol * 1e-3);
        // Logistic y′ = y(1 − y), y(0) = 0.1: y(t) = 1/(1 + 9 e^(−t)).
        var logistic = DormandPrince45.Solve((t, y, dy) => dy[0] = y[0] * (1 - y[0]), 0, [0.1], [1.0, 5.0, 10.0], tol);
        for (int k = 0; k < 3; k++)
        {
            double exact = 1 / (1 + 9 * Math.Exp(-logistic.Times[k]));
            Assert.True(Math.Abs(logistic.States[k][0] - exact) < 10 * rtol * exact, $"logistic at t={logistic.Times[k]}: error {Math.Abs(logistic.States[k][0] - exact):G3} > 10·rtol");
        }
        var osc = DormandPrince45.Solve(Oscillator, 0, [1.0, 0.0], [10.0], tol);
        double err = Math.Abs(osc.Final[0] - Math.Cos(Omega * 10));
        Assert.True(err < 50 * rtol, $"oscillator after 3 periods: error {err:G3} vs rtol {rtol:G3}");
        Assert.True(osc.AcceptedSteps > 0 && osc.FunctionEvaluations >= 6 * osc.AcceptedSteps);
    }

    [Fact]
    public void DormandPrinceAdaptsStepsToTolerance()
    {
        // Tightening rtol by 10⁵ must cost ≈ 10^(5/5) = 10× more steps for a 5th-order method (not 10⁵: fixed-step),
        // and must reduce the error by orders of magnitude.
        var loose = DormandPrince45.Solve(Decay, 0, [1.0], [5.0], new OdeTolerances(1e-4, 1e-8));
        var tight = DormandPrince45.Solve(Decay, 0, [1.0], [5.0], new OdeTolerances(1e-9, 1e-13));
        double ratio = (double)tight.AcceptedSteps / loose.AcceptedSteps;
        Assert.InRange(ratio, 4, 25);
        double looseError = Math.Abs(loose.Final[0] - Math.Exp(-5)), tightError = Math.Abs(tight.Final[0] - Math.Exp(-5));
        Assert.True(tightError < looseError / 1000, $"errors {looseError:G3} → {tightError:G3}");
    }

    [Fact]
    public void DormandPrinceIntegratesBackwardAndRejectsBadInput()
    {
        var y = DormandPrince45.Integrate(Decay, 2, [Math.Exp(-2)], 0);
        Assert.Equal(1.0, y[0], 7);
        Assert.Throws<ArgumentException>(() => DormandPrince45.Solve(Decay, 0, [1.0], [2.0, 1.0]));
        Assert.Throws<InvalidConfigException>(() => DormandPrince45.Integrate(Decay, 0, [1.0], 1, new OdeTolerances(0, 0)));
        // y′ = y² from y(0) = 1 blows up at t = 1: the integrator must say so, not loop forever.
        Assert.Throws<NumericalInstabilityException>(() =>
            DormandPrince45.Integrate((t, v, dv) => dv[0] = v[0] * v[0], 0, [1.0], 2, new OdeTolerances(MaxSteps: 20000)));
    }
}
