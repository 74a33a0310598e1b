namespace NnPhys.Dmft;

/// <summary>Config of the causal two-time DMFT solver (<see cref="TwoTimeDmftSolver"/>).</summary>
/// <param name="Gain">g &gt; 0.</param>
/// <param name="Eta">η ∈ [−1, 1].</param>
/// <param name="Activation">Any activation name (see <see cref="DmftActivations"/>).</param>
/// <param name="Noise">σ ≥ 0.</param>
/// <param name="Step">Time step h (exponential Adams–Bashforth 2).</param>
/// <param name="Duration">Final time T; the solve has T/h + 1 time points.</param>
/// <param name="Paths">Effective single-site paths P (the Monte Carlo error of C and R is ~1/√P).</param>
/// <param name="Initial">"gaussian" (x(0) ~ N(0, <paramref name="InitialVariance"/>)) or "uniform" (x(0) ~ U(0, 1), the paper's code).</param>
/// <param name="InitialVariance">Variance of the Gaussian initial condition.</param>
/// <param name="MemoryHorizon">R_φ(t, s) is kept for t − s ≤ this (the memory and response integrals are cut there); ≥ the step;
/// 0 (the default) keeps the whole history. Cutting it short biases slow dynamics: at g = 2, η = 0.5 a horizon of 20 made C(τ) decay
/// too fast (12% of C(0) from the network at τ = 20, against 3.5% with the whole history).</param>
/// <param name="Seed">Seed (all random numbers come from one stream, so the result does not depend on the thread count).</param>
public sealed record TwoTimeDmftConfig(double Gain = 2, double Eta = 0, string Activation = "tanh", double Noise = 0, double Step = 0.1,
    double Duration = 40, int Paths = 4000, string Initial = "gaussian", double InitialVariance = 1, double MemoryHorizon = 0, ulong Seed = 0)
{
    /// <summary>Time points T/h + 1.</summary>
    public int TimePoints => (int)Math.Round(Duration / Step) + 1;

    /// <summary>Throws <see cref="InvalidConfigException"/> naming the problem and the fix.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Gain) || Gain <= 0) throw new InvalidConfigException($"--g must be a positive gain, got {Gain}; pass e.g. --g 2.");
        CouplingMatrix.CheckCorrelation(Eta);
        DmftActivations.Parse(Activation);
        if (!double.IsFinite(Noise) || Noise < 0) throw new InvalidConfigException($"--sigma must be ≥ 0, got {Noise}.");
        if (!(Step is > 0 and <= 0.5)) throw new InvalidConfigException($"--dt must be in (0, 0.5] (0.1 resolves the unit time constant), got {Step}.");
        if (!double.IsFinite(Duration) || Duration < 2 * Step) throw new InvalidConfigException($"--duration must be ≥ two steps ({2 * Step}), got {Duration}.");
        if (TimePoints > 4001) throw new InvalidConfigException($"{TimePoints} time points is more than the solver's 4001 (memory and time grow as T² and P·T²); raise --dt or shorten --duration.");
        if (Paths < 100) throw new InvalidConfigException($"--paths must be ≥ 100 (the covariance and response are averages over paths; Monte Carlo error ~1/√P), got {Paths}.");
        if ((long)Paths * TimePoints > 12_000_000) throw new InvalidConfigException($"--paths × time points = {(long)Paths * TimePoints} exceeds 1.2e7 (five P×T arrays of doubles, ~0.5 GB, are kept); lower --paths or the duration.");
        if (Initial is not ("gaussian" or "uniform")) throw new InvalidConfigException($"--initial must be gaussian or uniform, got '{Initial}'.");
        if (!double.IsFinite(InitialVariance) || InitialVariance < 0) throw new InvalidConfigException($"--initial-variance must be ≥ 0, got {InitialVariance}.");
        if (!double.IsFinite(MemoryHorizon) || (MemoryHorizon != 0 && MemoryHorizon < Step)) throw new InvalidConfigException($"--memory-horizon must be 0 (the whole history) or ≥ the step {Step}, got {MemoryHorizon}.");
    }
}
