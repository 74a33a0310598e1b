using NnPhys.Architectures;
using NnPhys.Dmft;
using NnPhys.Numerics.Sampling;

namespace NnPhys.Tests.Dmft;

/// <summary>The effective single-site process against the SCS theory: one application of the DMFT map to the SCS C_φ must return the SCS Δ(τ).</summary>
public class EffectiveProcessTests
{
    [Fact]
    public void OneMapStepOnTheScsFieldReturnsTheScsAutocorrelation()
    {
        var theory = new ScsTheory(2, Activation.Tanh);
        double d0 = theory.StationaryVariance();
        var config = new StationaryDmftConfig(Gain: 2, PathPairs: 200, Window: 160);
        int horizon = (int)Math.Round(config.CorrelationHorizon / config.Step) + 1, lags = (int)Math.Round(config.MaxLag / config.Step) + 1;
        var taus = Enumerable.Range(0, horizon).Select(k => k * config.Step).ToArray();
        var delta = theory.Autocorrelation(d0, taus);
        var phiCorr = delta.Select(d => theory.PhiCorrelation(d, d0)).ToArray();
        var sqrt = StationaryDmftSolver.CirculantSquareRoot(phiCorr, 0, 2, EffectiveProcess.FieldSize(config));
        var stats = ParallelSampler.Run(new StreamRange(0, config.PathPairs), () => new EffectivePathStatistics(horizon, lags),
            () => { var p = new EffectiveProcess(config, sqrt, new double[lags]); return (r, s) => p.SamplePair(r, s); }, 7);
        var cx = stats.Correlation.Select(v => v / stats.Paths).ToArray();
        var cphi = stats.PhiCorrelation.Select(v => v / stats.Paths).ToArray();
        var worst = Enumerable.Range(0, 200).Max(k => Math.Abs(cx[k] - delta[k]) / d0);
        var worstPhi = Enumerable.Range(0, 200).Max(k => Math.Abs(cphi[k] - phiCorr[k]) / phiCorr[0]);
        Assert.True(worst < 0.03 && worstPhi < 0.03, $"C_x max dev {worst:G3}, C_φ max dev {worstPhi:G3}; cx(0) {cx[0]} vs {delta[0]}, cx(50) {cx[50]} vs {delta[50]}, cphi(0) {cphi[0]} vs {phiCorr[0]}");
    }
}
