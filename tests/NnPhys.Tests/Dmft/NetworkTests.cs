using System.Numerics;
using NnPhys.Architectures;
using NnPhys.Dmft;
using NnPhys.Numerics;

namespace NnPhys.Tests.Dmft;

/// <summary>Couplings, elliptic law, linear-network closed forms and bad input.</summary>
public class NetworkTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.5)]
    [InlineData(1.0)]
    public void CouplingsHaveVarianceOneOverNAndPairCovarianceEtaOverN(double eta)
    {
        int n = 400;
        var j = CouplingMatrix.Sample(n, eta, new RandomStream(3));
        double sxx = 0, sxy = 0; long pairs = 0;
        for (int r = 0; r < n; r++)
        {
            Assert.Equal(0, j[r * n + r]);
            for (int c = r + 1; c < n; c++) { sxx += j[r * n + c] * j[r * n + c] + j[c * n + r] * j[c * n + r]; sxy += j[r * n + c] * j[c * n + r]; pairs++; }
        }
        Assert.True(Math.Abs(sxx / (2 * pairs) * n - 1) < 0.02, $"N·Var = {sxx / (2 * pairs) * n}");
        Assert.True(Math.Abs(sxy / pairs * n - eta) < 0.02, $"N·Cov = {sxy / pairs * n}, η = {eta}");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.5)]
    [InlineData(0.0)]
    public void SpectrumFillsTheEllipticLawWithEdgesGOnePlusEtaAndGOneMinusEta(double eta)
    {
        int n = 600; double g = 1.3;
        var j = CouplingMatrix.Sample(n, eta, new RandomStream(5));
        for (int k = 0; k < j.Length; k++) j[k] *= g;
        var eig = GeneralEigen.Eigenvalues(j, n);
        double maxRe = eig.Max(z => z.Real), maxIm = eig.Max(z => z.Imaginary);
        Assert.True(Math.Abs(maxRe - g * (1 + eta)) < 0.06 * g * (1 + eta), $"max Re {maxRe} vs g(1+η) = {g * (1 + eta)}");
        Assert.True(Math.Abs(maxIm - g * (1 - eta)) < 0.06 * g * (1 - eta), $"max Im {maxIm} vs g(1−η) = {g * (1 - eta)}");
        // uniform density: the fraction inside the half-size ellipse is 1/4
        double a = g * (1 + eta), b = g * (1 - eta);
        double inner = eig.Count(z => Math.Pow(z.Real / a, 2) + Math.Pow(z.Imaginary / b, 2) < 0.25) / (double)n;
        Assert.True(Math.Abs(inner - 0.25) < 0.03, $"fraction inside the half ellipse {inner}");
    }

    [Fact]
    public void LinearNetworkResponseMatchesTheEllipticResolventAndNoisyCorrelationTheClosedForm()
    {
        // φ = identity, η = 0.6, g = 0.5: tangent response vs e^{−τ} I₁(2g√η τ)/(g√η τ);
        var config = new NetworkSimulationConfig(Size: 300, Gain: 0.5, Eta: 0.6, Activation: "identity", Noise: 1, BurnIn: 10, Duration: 60,
            OutputStep: 0.1, MaxLag: 6, Networks: 1, TrialsPerNetwork: 4, RecordedNeurons: 300, EulerStep: 0.01, Seed: 1);
        var sim = NetworkSimulation.Run(config);
        for (int k = 0; k < sim.Lags.Length; k += 5)
        {
            double expected = LinearNetworkTheory.Response(0.5, 0.6, sim.Lags[k]);
            Assert.True(Math.Abs(sim.Response[k] - expected) < 0.03, $"R({sim.Lags[k]}) = {sim.Response[k]} vs {expected}");
        }
        // the Bessel factor matters: the η = 0 form e^{−τ} is 25% too small at τ = 3
        Assert.True(LinearNetworkTheory.Response(0.5, 0.6, 3) > 1.2 * Math.Exp(-3));
        // Novikov estimate ⟨x ∫ξ⟩/(σΔ) at (l+½)Δ against the tangent response, independent estimators of the same R
        for (int k = 1; k < 30; k += 5)
            Assert.True(Math.Abs(sim.NoiseResponse[k] - LinearNetworkTheory.Response(0.5, 0.6, sim.Lags[k] + 0.05)) < 0.12, $"Novikov R = {sim.NoiseResponse[k]} at {sim.Lags[k] + 0.05}");
    }

    [Fact]
    public void LinearNoisyNetworkAtEtaZeroHasTheOrnsteinUhlenbeckClosedForm()
    {
        var config = new NetworkSimulationConfig(Size: 300, Gain: 0.6, Eta: 0, Activation: "identity", Noise: 1, BurnIn: 10, Duration: 60,
            OutputStep: 0.1, MaxLag: 4, Networks: 1, TrialsPerNetwork: 4, RecordedNeurons: 300, EulerStep: 0.01, Seed: 2);
        var sim = NetworkSimulation.Run(config);
        double c0 = LinearNetworkTheory.StationaryCorrelation(0.6, 1, 0); // 1/(2·0.8) = 0.625; a g-independent OU would give 0.5
        for (int k = 0; k < sim.Lags.Length; k += 10)
        {
            double expected = LinearNetworkTheory.StationaryCorrelation(0.6, 1, sim.Lags[k]);
            Assert.True(Math.Abs(sim.Autocorrelation[k] - expected) < 0.05 * c0, $"C({sim.Lags[k]}) = {sim.Autocorrelation[k]} vs {expected}");
        }
    }

    [Fact]
    public void BadInputIsRejectedWithTheFix()
    {
        Assert.Throws<InvalidConfigException>(() => new NetworkSimulationConfig(Eta: 1.5).Validate());
        Assert.Throws<InvalidConfigException>(() => new NetworkSimulationConfig(Gain: 0).Validate());
        Assert.Throws<InvalidConfigException>(() => new NetworkSimulationConfig(Size: 10).Validate());
        var e = Assert.Throws<InvalidConfigException>(() => new NetworkSimulationConfig(Noise: 0.5, EulerStep: 0.5).Validate());
        Assert.Contains("1/(1 + g(1+|η|))", e.Message);
        Assert.Throws<InvalidConfigException>(() => new StationaryDmftConfig(Eta: -1.2).Validate());
    }
}
