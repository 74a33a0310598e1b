using NnPhys.Architectures;
using NnPhys.Dmft;

namespace NnPhys.Tests.Dmft;

/// <summary>The causal two-time DMFT solver against independent results: SCS theory (η = 0), the linear network's closed forms.</summary>
public class TwoTimeDmftTests
{
    [Fact]
    public void LateTimeCorrelationAtEtaZeroIsTheScsAutocorrelation()
    {
        var theory = new ScsTheory(2, Activation.Tanh);
        double d0 = theory.StationaryVariance();
        var s = TwoTimeDmftSolver.Solve(new TwoTimeDmftConfig(Gain: 2, Duration: 25, Paths: 6000, InitialVariance: d0, Seed: 3));
        var (lags, c, _) = s.Stationary(s.Correlation, 12, 10);
        var scs = theory.Autocorrelation(d0, lags);
        double worst = lags.Select((_, k) => Math.Abs(c[k] - scs[k]) / d0).Max();
        Assert.True(worst < 0.03, $"max |C − Δ_SCS|/Δ₀ = {worst:G3}; C(0) = {c[0]:G5} vs {d0:G5}, C(5) = {c[50]:G4} vs {scs[50]:G4}, C(10) = {c[100]:G4} vs {scs[100]:G4}");
        Assert.True(s.FieldCovarianceError < 1e-6, $"field covariance error {s.FieldCovarianceError:E2}");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.5)]
    public void LinearResponseWithMemoryIsTheEllipticResolvent(double eta)
    {
        var s = TwoTimeDmftSolver.Solve(new TwoTimeDmftConfig(Gain: 0.8, Eta: eta, Activation: "identity", Duration: 12, Paths: 4000, Seed: 5));
        var (lags, r, _) = s.Stationary(s.Response, 0, 8);
        double worst = lags.Select((t, k) => Math.Abs(r[k] - LinearNetworkTheory.Response(0.8, eta, t))).Max();
        var eta0 = lags.Select(t => Math.Abs(LinearNetworkTheory.Response(0.8, 0, t) - LinearNetworkTheory.Response(0.8, eta, t))).Max();
        Assert.True(worst < 0.02 && eta0 > 0.05, $"max |R − closed form| = {worst:G3} (the η = 0 curve is {eta0:G3} away); R(1) = {r[10]:G4} vs {LinearNetworkTheory.Response(0.8, eta, 1):G4}");
    }

    [Fact]
    public void NoisyLinearNetworkReachesTheClosedFormStationaryCorrelation()
    {
        var s = TwoTimeDmftSolver.Solve(new TwoTimeDmftConfig(Gain: 0.6, Activation: "identity", Noise: 1, Duration: 30, Paths: 3000, InitialVariance: 0, Seed: 9));
        var (lags, c, _) = s.Stationary(s.Correlation, 15, 5);
        double worst = lags.Select((t, k) => Math.Abs(c[k] - LinearNetworkTheory.StationaryCorrelation(0.6, 1, t))).Max() / LinearNetworkTheory.StationaryCorrelation(0.6, 1, 0);
        Assert.True(worst < 0.03, $"max |C − closed form|/C(0) = {worst:G3}; C(0) = {c[0]:G4} vs {LinearNetworkTheory.StationaryCorrelation(0.6, 1, 0):G4}");
    }
}

/// <summary>Every activation name works in the DMFT code: the numerical antiderivative against the closed forms.</summary>
public class DmftActivationTests
{
    [Theory]
    [InlineData("tanh")]
    [InlineData("erf")]
    [InlineData("relu")]
    [InlineData("identity")]
    public void NumericalAntiderivativeEqualsTheClosedForm(string name)
    {
        var act = DmftActivations.Parse(name);
        for (double x = -6; x <= 6; x += 0.37)
            Assert.Equal(DmftActivations.Antiderivative(act, x), DmftActivations.NumericalAntiderivative(act, x), 1e-10);
    }

    [Fact]
    public void EveryActivationNameIsAccepted()
    {
        foreach (var name in Activation.ValidNames.Where(n => !n.Contains('(')))
        {
            var act = DmftActivations.Parse(name);
            Assert.True(double.IsFinite(DmftActivations.Antiderivative(act, 1.3)), name);
            new TwoTimeDmftConfig(Activation: name).Validate();
        }
        Assert.Throws<InvalidConfigException>(() => DmftActivations.Parse("nonsense"));
    }

    [Fact]
    public void ScsTheoryWorksForSinThroughTheNumericalAntiderivative()
    {
        // sin has no closed form in DmftActivations: Φ comes from quadrature; Δ₀ must satisfy g²Var[Φ] = Δ₀²/2 with Φ = 1 − cos
        var theory = new ScsTheory(2, Activation.Sin);
        double d0 = theory.StationaryVariance();
        // closed form: Var[1 − cos(√Δ₀ z)] = (1 − e^{−Δ₀})²/2 ... with E cos = e^{−Δ₀/2}, E cos² = (1 + e^{−2Δ₀})/2
        double var = (1 + Math.Exp(-2 * d0)) / 2 - Math.Exp(-d0);
        Assert.Equal(0.5 * d0 * d0, 4 * var, 1e-6);
        Assert.True(DmftActivations.IsOdd(Activation.Sin) && !DmftActivations.IsOdd(Activation.ReLU));
    }
}

public class TwoTimeDmftConfigTests
{
    [Theory]
    [InlineData(2.0, 1.5, 4000, 0.0)]     // η outside [−1, 1]
    [InlineData(2.0, 0.0, 50, 0.0)]       // too few paths
    [InlineData(-1.0, 0.0, 4000, 0.0)]    // g ≤ 0
    [InlineData(2.0, 0.0, 4000, 0.05)]    // memory horizon below the step
    public void BadInputIsRejectedWithAFix(double g, double eta, int paths, double memory) =>
        Assert.Throws<InvalidConfigException>(() => new TwoTimeDmftConfig(Gain: g, Eta: eta, Paths: paths, MemoryHorizon: memory).Validate());
}
