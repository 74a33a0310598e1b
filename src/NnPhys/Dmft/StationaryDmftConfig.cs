namespace NnPhys.Dmft;

/// <summary>Config of the stationary (time-translation-invariant) DMFT solver.</summary>
/// <param name="Gain">g &gt; 0.</param>
/// <param name="Eta">η ∈ [−1, 1] (weight of the memory term ηg²∫R_φ φ).</param>
/// <param name="Activation">tanh, relu, identity or erf.</param>
/// <param name="Noise">σ ≥ 0.</param>
/// <param name="Step">Time step h of the effective process (exponential integrator, second order).</param>
/// <param name="MaxLag">Memory and response horizon: R_φ(τ) is kept for τ ≤ MaxLag.</param>
/// <param name="CorrelationHorizon">C_φ(τ) is measured for τ ≤ this (≥ MaxLag); beyond it the field's covariance is tapered to g²⟨φ⟩².</param>
/// <param name="BurnIn">Time each effective path runs before it is measured.</param>
/// <param name="Window">Measured time per path.</param>
/// <param name="PathPairs">Pairs of effective paths per iteration (one complex FFT gives two Gaussian fields).</param>
/// <param name="Damping">Weight of the old iterate: C ← d·C_old + (1−d)·C_measured (same for R).</param>
/// <param name="Tolerance">Stop when the residual max|C_meas − C_old|/C(0) (and the same for R_φ) falls below it.</param>
/// <param name="MaxIterations">Give up (not converged) after this many iterations.</param>
/// <param name="AndersonDepth">History depth of the Anderson acceleration (0: plain damped iteration).</param>
/// <param name="Seed">Seed; the same random numbers are reused every iteration (common random numbers), so the iteration map is deterministic.</param>
/// <param name="ControlVariate">Each path gets a memory-free twin (same field, x(0) and noise); the map returns
/// measured − twin + the twin's exact Gaussian statistics (odd bounded φ only). Exact at η = 0; far less Monte Carlo noise at η ≠ 0.</param>
public sealed record StationaryDmftConfig(double Gain = 2, double Eta = 0, string Activation = "tanh", double Noise = 0, double Step = 0.1,
    double MaxLag = 20, double CorrelationHorizon = 60, double BurnIn = 40, double Window = 160, int PathPairs = 500, double Damping = 0.5,
    double Tolerance = 1e-3, int MaxIterations = 40, int AndersonDepth = 5, ulong Seed = 0, bool ControlVariate = false)
{
    /// <summary>Test hook only (mutation check): multiplies the memory term ηg²∫R_φφ; 1 in every real run, not serialised.</summary>
    internal double MemoryScale { get; init; } = 1;

    /// <summary>The solver settings that match a network simulation (same g, η, σ, φ, step and lags).</summary>
    public static StationaryDmftConfig ForSimulation(NetworkSimulationConfig c) => new(c.Gain, c.Eta, c.Activation, c.Noise, c.OutputStep,
        c.MaxLag, Math.Max(60, c.MaxLag), Seed: c.Seed);

    /// <summary>Throws <see cref="InvalidConfigException"/> naming the problem and the fix.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Gain) || Gain <= 0) throw new InvalidConfigException($"--g must be a positive gain, got {Gain}; pass e.g. --g 2.");
        CouplingMatrix.CheckCorrelation(Eta);
        DmftActivations.Parse(Activation);
        if (!double.IsFinite(Noise) || Noise < 0) throw new InvalidConfigException($"--sigma must be ≥ 0, got {Noise}.");
        if (!(Step is > 0 and <= 0.5)) throw new InvalidConfigException($"--dt must be in (0, 0.5] (the effective process's step; 0.1 resolves the unit time constant), got {Step}.");
        if (!double.IsFinite(MaxLag) || MaxLag < Step) throw new InvalidConfigException($"--max-lag must be ≥ the step {Step}, got {MaxLag}.");
        if (!double.IsFinite(CorrelationHorizon) || CorrelationHorizon < MaxLag) throw new InvalidConfigException($"--correlation-horizon must be ≥ --max-lag = {MaxLag}, got {CorrelationHorizon}.");
        if (!double.IsFinite(Window) || Window < CorrelationHorizon + MaxLag) throw new InvalidConfigException($"--window must be ≥ correlation horizon + max lag = {CorrelationHorizon + MaxLag}, got {Window}.");
        if (!double.IsFinite(BurnIn) || BurnIn < 0) throw new InvalidConfigException($"--burn-in must be ≥ 0, got {BurnIn}.");
        if ((BurnIn + Window) / Step > 200_000) throw new InvalidConfigException($"Paths of {(BurnIn + Window) / Step:F0} steps are too long; raise --dt or shorten --window.");
        if (PathPairs < 8) throw new InvalidConfigException($"--paths must be ≥ 16 (8 pairs) for meaningful averages, got {2 * PathPairs}.");
        if (!(Damping is >= 0 and < 1)) throw new InvalidConfigException($"--damping must be in [0, 1), got {Damping}.");
        if (!(Tolerance is > 0 and < 1)) throw new InvalidConfigException($"--tolerance must be in (0, 1), got {Tolerance}.");
        if (AndersonDepth is < 0 or > 20) throw new InvalidConfigException($"--anderson must be in [0, 20], got {AndersonDepth}.");
        if (ControlVariate && !ScsTheory.Supports(DmftActivations.Parse(Activation)))
            throw new InvalidConfigException($"--control-variate needs an odd bounded φ (tanh, erf), whose memory-free twin has closed-form Gaussian statistics; got '{Activation}'. Drop --control-variate.");
        if (MaxIterations < 1) throw new InvalidConfigException($"--max-iterations must be ≥ 1, got {MaxIterations}.");
    }
}
