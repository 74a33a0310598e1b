using NnPhys.Cosmology;
using NnPhys.Numerics;
using Xunit.Abstractions;

namespace NnPhys.Tests.Cosmology;

public class MappingTests(ITestOutputHelper output)
{
    [Fact]
    public void HeavyBallIsExactlyTheCentralDifferenceOfTheCorrectedEquation()
    {
        // ((1+μ)/2)(θ₊ − 2θ + θ₋) + ((1−μ)/2)(θ₊ − θ₋) = −η g  ⇔  θ₊ = θ + μ(θ − θ₋) − η g   (docs/cosmology.md §1)
        var r = new RandomStream(3);
        for (int k = 0; k < 100; k++)
        {
            double mu = r.NextDouble() * 0.99, eta = Math.Exp(r.NextUniform(-8, 0)), prev = r.NextNormal(), cur = r.NextNormal(), g = r.NextNormal();
            double next = cur + mu * (cur - prev) - eta * g;
            double lhs = (1 + mu) / 2 * (next - 2 * cur + prev) + (1 - mu) / 2 * (next - prev);
            Assert.Equal(-eta * g, lhs, 1e-12);
            // the backward-difference reading (θ₊ − 2θ + θ₋) + (1−μ)(θ − θ₋) = −η g is exact too, but (θ − θ₋)/√η = θ̇ − (√η/2)θ̈ + …
            // is only first-order consistent: as a scheme for the mass-1 equation it errs at O(√η) (tested below)
            double backward = (next - 2 * cur + prev) + (1 - mu) * (cur - prev);
            Assert.Equal(-eta * g, backward, 1e-12);
        }
    }

    [Fact]
    public void CoefficientsOfTheMapping()
    {
        var m = new HeavyBallMapping(0.01, 0.9);
        Assert.Equal(0.1, m.TimeStep, 1e-15);
        Assert.Equal(1.0, m.Friction, 1e-12);          // 3H = (1 − μ)/√η
        Assert.Equal(1.0 / 3, m.Hubble, 1e-12);
        Assert.Equal(1.0 / 3, m.VacuumEnergy, 1e-12);   // Λ = 3H² = (1 − μ)²/(3η)
        Assert.Equal(0.95, m.Mass(MappingOrder.Corrected), 1e-15);
        Assert.Equal(1.0, m.Mass(MappingOrder.Leading));
        var v = new double[1];
        m.InitialVelocity(MappingOrder.Corrected, [2.0], v);
        Assert.Equal(-0.1, v[0], 1e-15);                // −(√η/2)∇L
    }

    [Fact]
    public void FieldEquationMatchesTheDampedOscillator()
    {
        // m ẍ + γ ẋ + k x = 0, x(0) = 1, ẋ(0) = 0: x = e^{−αs}(cos ωs + (α/ω) sin ωs), α = γ/2m, ω = √(k/m − α²)
        double m = 0.95, gamma = 1, k = 2, alpha = gamma / (2 * m), omega = Math.Sqrt(k / m - alpha * alpha);
        var x = new FieldEquation(m, gamma, (q, g) => g[0] = k * q[0]).Solve([1.0], [0.0], 0.1, 100, 4);
        for (int t = 0; t <= 100; t++)
        {
            double s = 0.1 * t;
            Assert.Equal(Math.Exp(-alpha * s) * (Math.Cos(omega * s) + alpha / omega * Math.Sin(omega * s)), x[t][0], 1e-7);
        }
        // overdamped null (m = 0): γ ẋ = −k x
        var flow = new FieldEquation(0, gamma, (q, g) => g[0] = k * q[0]).Solve([1.0], [0.0], 0.1, 10, 4);
        Assert.Equal(Math.Exp(-k / gamma), flow[10][0], 1e-6);
    }

    [Theory]
    [InlineData("quadratic")]
    [InlineData("quartic")]
    public void ErrorFallsAsSqrtEtaAtLeadingOrderAndAsEtaCorrected(string name)
    {
        var potential = TestPotential.All.Single(p => p.Name == name);
        var result = MappingConvergence.Run(potential, [0.01, 0.005, 0.0025, 0.00125, 0.000625]);
        foreach (var p in result.Points) output.WriteLine($"η={p.LearningRate} μ={p.Momentum:F4} lead={p.LeadingError:E3} corr={p.CorrectedError:E3} flow={p.GradientFlowError:E3}");
        output.WriteLine($"orders: leading {result.LeadingOrder:F3}, corrected {result.CorrectedOrder:F3}");
        Assert.InRange(result.LeadingOrder, 0.4, 0.6);
        Assert.InRange(result.CorrectedOrder, 0.9, 1.1);
        Assert.All(result.Points, p => Assert.True(p.CorrectedError < p.LeadingError / 3));
        Assert.All(result.Points, p => Assert.True(p.GradientFlowError > 0.1)); // the no-inertia null does not converge
    }
}
