using NnPhys.Cosmology;
using NnPhys.Cosmology.Experiments;

namespace NnPhys.Tests.Cosmology;

/// <summary>
/// <c>cosmology spectrum</c> (Fig. 4): the largest NTK eigenvalue of each random network against an independent
/// computation (power iteration on J·Jᵀ from the per-input parameter gradients, not EmpiricalNtk + the symmetric
/// eigensolver), Θ̄ against |∇_θ f(x₀)|², and the KS distance against a hand-computed case.
/// </summary>
public class SpectrumTests
{
    static double PowerIteration(double[][] jac)
    {
        int n = jac.Length;
        var k = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { double s = 0; for (int a = 0; a < jac[i].Length; a++) s += jac[i][a] * jac[j][a]; k[i, j] = s; }
        var v = Enumerable.Repeat(1.0, n).ToArray(); double lambda = 0;
        for (int it = 0; it < 2000; it++)
        {
            var w = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) w[i] += k[i, j] * v[j];
            double norm = Math.Sqrt(w.Sum(x => x * x));
            lambda = norm / Math.Sqrt(v.Sum(x => x * x));
            v = w.Select(x => x / norm).ToArray();
        }
        return lambda;
    }

    [Fact]
    public void LargestEigenvalueAndThetaBarMatchAnIndependentComputationPerNetwork()
    {
        var config = new SpectrumConfig(new ScalarNetworkSpec(24, 2, "erf", 1.2, 0.5), Networks: 4, Points: 9, HalfWidth: 1.5, Input: 0.7, Seed: 11);
        var result = SpectrumExperiment.Run(config);
        for (int r = 0; r < config.Networks; r++)
        {
            ulong seed = config.Seed + (ulong)r;
            double expected = PowerIteration(new ScalarNetwork(config.Network, config.Inputs(), seed).Jacobian());
            Assert.Equal(expected, result.LargestEigenvalues[r], expected * 1e-8);
            var g = new ScalarNetwork(config.Network, [config.Input], seed).Jacobian()[0];
            double theta = g.Sum(x => x * x);
            Assert.Equal(theta, result.HomogeneousNtk[r], theta * 1e-10);
            Assert.True(result.SecondEigenvalues[r] < result.LargestEigenvalues[r]);
        }
        Assert.Equal(result.LargestEigenvalues[0] / 9, result.LargestPerPoint[0], 1e-14);
    }

    [Fact]
    public void KolmogorovSmirnovDistanceOfAHandComputedPairAndBadInputRefused()
    {
        Assert.Equal(2.0 / 3.0, SpectrumExperiment.KolmogorovSmirnov([1, 2, 3], [2.5, 4, 5]), 1e-15);
        Assert.Equal(0.0, SpectrumExperiment.KolmogorovSmirnov([1, 2, 3], [3, 1, 2]), 1e-15);
        Assert.Equal(1.0, SpectrumExperiment.KolmogorovSmirnov([1, 2], [3, 4]), 1e-15);
        var net = new ScalarNetworkSpec(8, 1, "relu", 1, 1);
        Assert.Throws<InvalidConfigException>(() => new SpectrumConfig(net, Networks: 1).Validate());
        Assert.Throws<InvalidConfigException>(() => new SpectrumConfig(net, Points: 1).Validate());
        Assert.Throws<InvalidConfigException>(() => new SpectrumConfig(net, HalfWidth: 0).Validate());
    }
}
