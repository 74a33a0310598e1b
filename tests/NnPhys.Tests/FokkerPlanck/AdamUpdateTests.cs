using NnPhys.FokkerPlanck;

using NnPhys.Training;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>Eq. (9) of fokker-planck-to-callan-symanzik (Adam with bias correction) against hand values and closed forms.</summary>
public class AdamUpdateTests
{
    [Fact]
    public void FirstStepIsMinusLearningRateTimesSignOfGradient()
    {
        // At k = 1: m̂ = g, v̂ = g², so the update is −η g/(|g| + ε).
        var adam = new AdamOptions(LearningRate: 0.01, Epsilon: 1e-8);
        double[] m = [0, 0], v = [0, 0], g = [0.5, -2.0], update = new double[2];
        AdamEquation.Step(adam, 0, g, m, v, update);
        Assert.Equal(-0.01 * 0.5 / (0.5 + 1e-8), update[0], 1e-15);
        Assert.Equal(0.01 * 2.0 / (2.0 + 1e-8), update[1], 1e-15);
        Assert.Equal(0.05, m[0], 1e-15);
        Assert.Equal(0.001 * 4.0, v[1], 1e-15);
    }

    [Fact]
    public void ForecastWithFrozenGradientMatchesClosedFormMomentRecursion()
    {
        // With a constant g the moments are geometric: m_k = β₁^(k−k₀) m₀ + (1 − β₁^(k−k₀)) g, likewise v with g².
        var adam = new AdamOptions(LearningRate: 1e-3);
        double[] m0 = [0.02, -0.1], v0 = [1e-3, 4e-3], g = [0.3, -0.05];
        const long k0 = 57; const int steps = 40;
        var forecast = new double[2];
        AdamUpdate.Forecast(m0, v0, g, k0, steps, adam, forecast);
        for (int e = 0; e < 2; e++)
        {
            double expected = 0;
            for (int s = 1; s <= steps; s++)
            {
                double m = Math.Pow(adam.Beta1, s) * m0[e] + (1 - Math.Pow(adam.Beta1, s)) * g[e];
                double v = Math.Pow(adam.Beta2, s) * v0[e] + (1 - Math.Pow(adam.Beta2, s)) * g[e] * g[e];
                long k = k0 + s;
                expected -= adam.LearningRate * (m / (1 - Math.Pow(adam.Beta1, k))) / (Math.Sqrt(v / (1 - Math.Pow(adam.Beta2, k))) + adam.Epsilon);
            }
            Assert.Equal(expected, forecast[e], 1e-14);
        }
        Assert.Equal(0.02, m0[0]); // inputs untouched
    }
}
