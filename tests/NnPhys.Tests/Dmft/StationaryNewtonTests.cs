using NnPhys.Architectures;
using NnPhys.Dmft;

namespace NnPhys.Tests.Dmft;

/// <summary>
/// The Newton–Krylov stationary solvers against independent references: SCS (energy method) at η = 0, and the linear
/// network's closed forms with memory (η ≠ 0). A 10% error planted in the memory term must fail the η ≠ 0 check.
/// </summary>
public class StationaryNewtonTests
{
    [Fact]
    public void GaussianClosureNewtonKrylovEqualsScsToTheGridsSecondOrderError()
    {
        // trapezoid quadrature of the kernel ½e^{−|τ−s|} (a kink at s = τ, on a node) is O(h²): the tolerance is c·h²·Δ₀ with c = 0.15
        // (measured error 0.119·h²·Δ₀ at g = 2), and halving h must cut the error ~4×. A 1% error anywhere would fail.
        var theory = new ScsTheory(2, Activation.Tanh);
        double d0 = theory.StationaryVariance(), tauHalf = theory.HalfDecayLag(d0);
        var errors = new List<double>();
        foreach (double h in new[] { 0.1, 0.05 })
        {
            var s = StationaryNewtonSolver.SolveGaussianClosure(2, Activation.Tanh, h, 60);
            Assert.True(s.Converged, $"h = {h}: residual {s.Residual} after {s.Steps.Count} Newton steps");
            Assert.True(s.Steps.Count <= 8, $"Newton should converge quadratically from the crude start, took {s.Steps.Count} steps");
            var scs = theory.Autocorrelation(d0, s.Lags);
            double worst = 0;
            for (int k = 0; k < s.Lags.Length && s.Lags[k] <= 20 + 1e-9; k++) worst = Math.Max(worst, Math.Abs(s.Autocorrelation[k] - scs[k]) / d0);
            Assert.True(worst <= 0.15 * h * h, $"h = {h}: max |Δ − Δ_SCS|/Δ₀ = {worst} > 0.15h² = {0.15 * h * h}");
            Assert.True(Math.Abs(s.TauHalf - tauHalf) <= 0.15 * h * h * tauHalf, $"h = {h}: τ_half {s.TauHalf} vs SCS {tauHalf}");
            errors.Add(Math.Abs(s.Delta0 - d0));
        }
        double ratio = errors[0] / errors[1];
        Assert.True(ratio is > 3 and < 5, $"error ratio h → h/2 = {ratio} (second order expects 4)");
    }

    [Fact]
    public void MonteCarloNewtonWithControlVariateReachesScsFromAPerturbedStart()
    {
        // η = 0: the control-variate map is the exact Gaussian map (the twin and the path coincide), so Newton must land on SCS
        // to the step's O(h²) error whatever the path count; the start is the SCS C_φ scaled by 1.15 (residual ≫ tolerance).
        var theory = new ScsTheory(2, Activation.Tanh);
        double d0 = theory.StationaryVariance();
        var config = new StationaryDmftConfig(Gain: 2, Eta: 0, PathPairs: 8, Window: 80, BurnIn: 20, Tolerance: 1e-6, MaxIterations: 10, ControlVariate: true);
        int horizon = 601, lags = 201;
        var delta = theory.Autocorrelation(d0, Enumerable.Range(0, horizon).Select(k => k * 0.1).ToArray());
        var guess = new StationaryDmftGuess(delta.Select(d => 1.15 * theory.PhiCorrelation(d, d0)).ToArray(), Enumerable.Range(0, lags).Select(k => Math.Exp(-k * 0.1)).ToArray(), 0);
        var result = StationaryNewtonSolver.SolveMonteCarlo(config, 0, guess: guess);
        var s = result.Solution;
        Assert.True(s.Converged, $"residual {s.Residual} after {s.Iterations} Newton steps");
        Assert.True(s.Iterations >= 2, "the perturbed start needs real Newton steps");
        double worst = 0;
        for (int k = 0; k <= 200; k++) worst = Math.Max(worst, Math.Abs(s.FullAutocorrelation[k] - delta[k]) / d0);
        Assert.True(worst < 2e-3, $"max |C_x − Δ_SCS|/Δ₀ over τ ≤ 20 = {worst}");
    }

    static StationaryDmftConfig LinearConfig => new(Gain: 0.5, Eta: 0.5, Activation: "identity", Noise: 1, Step: 0.1, MaxLag: 10, CorrelationHorizon: 20, BurnIn: 10,
        Window: 120, PathPairs: 100, Tolerance: 1e-6, MaxIterations: 10, Seed: 3);

    static double WorstResponseError(StationaryDmftSolution s, StationaryDmftConfig c) =>
        s.Lags.Select((t, k) => Math.Abs(s.Response[k] - LinearNetworkTheory.Response(c.Gain, c.Eta, t))).Max();

    [Fact]
    public void LinearNetworkWithMemoryMatchesTheClosedFormsAndAPlantedMemoryErrorFails()
    {
        var c = LinearConfig;
        var s = StationaryNewtonSolver.SolveMonteCarlo(c).Solution;
        Assert.True(s.Converged, $"residual {s.Residual} after {s.Iterations} Newton steps");
        // response: deterministic for φ = identity (φ′ = 1), so only the step's discretisation error remains
        double worstR = WorstResponseError(s, c);
        Assert.True(worstR < 3e-3, $"max |R − e^{{−τ}}I₁(2g√ητ)/(g√ητ)| = {worstR}");
        double memoryEffect = s.Lags.Select(t => Math.Abs(LinearNetworkTheory.Response(c.Gain, c.Eta, t) - Math.Exp(-t))).Max();
        Assert.True(memoryEffect > 10 * 3e-3, $"the memory term changes R by {memoryEffect}: the check can see it");
        // correlation: Monte Carlo (200 paths × 120 time units); closed form σ²|R|²/(1 − g²|R|²) in frequency
        double c0 = LinearNetworkTheory.StationaryCorrelation(c.Gain, c.Eta, c.Noise, 0);
        double c0NoMemory = LinearNetworkTheory.StationaryCorrelation(c.Gain, 0, c.Noise, 0);
        Assert.True(c0 > 1.05 * c0NoMemory, $"memory raises C(0): {c0} vs {c0NoMemory} at η = 0");
        for (int k = 0; k < s.Lags.Length; k += 10)
        {
            double expected = LinearNetworkTheory.StationaryCorrelation(c.Gain, c.Eta, c.Noise, s.Lags[k]);
            Assert.True(Math.Abs(s.Autocorrelation[k] - expected) < 0.03 * c0 + 3 * s.AutocorrelationError[k], $"τ = {s.Lags[k]}: C = {s.Autocorrelation[k]} ± {s.AutocorrelationError[k]}, closed form {expected}");
        }
        // planted error: memory ×1.1 must break the response check
        var planted = StationaryNewtonSolver.SolveMonteCarlo(c with { MemoryScale = 1.1 }).Solution;
        double plantedR = WorstResponseError(planted, c);
        Assert.True(plantedR > 3e-3, $"a 10% memory error moved R by only {plantedR}: the check would not catch it");
    }

    [Fact]
    public void LinearClosedFormAtEtaZeroIsTheOrnsteinUhlenbeckForm()
    {
        foreach (double tau in new[] { 0.0, 0.7, 3.0 })
            Assert.Equal(LinearNetworkTheory.StationaryCorrelation(0.6, 1, tau), LinearNetworkTheory.StationaryCorrelation(0.6, 0, 1, tau), 6);
        Assert.Throws<InvalidConfigException>(() => LinearNetworkTheory.StationaryCorrelation(0.8, 0.5, 1, 0));
    }

    [Fact]
    public void BadInputIsATypedError()
    {
        Assert.Throws<InvalidConfigException>(() => StationaryNewtonSolver.SolveGaussianClosure(0.8, Activation.Tanh));
        Assert.Throws<InvalidConfigException>(() => new StationaryDmftConfig(Activation: "relu", ControlVariate: true).Validate());
        Assert.Throws<InvalidConfigException>(() => StationaryNewtonSolver.SolveMonteCarlo(new StationaryDmftConfig(), -1));
    }
}
