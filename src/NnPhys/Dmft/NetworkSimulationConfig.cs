namespace NnPhys.Dmft;

/// <summary>Config of a finite-network simulation (SPEC §4: ẋ = −x + gJφ(x) + σξ).</summary>
/// <param name="Size">Neurons N.</param>
/// <param name="Gain">g &gt; 0.</param>
/// <param name="Eta">Coupling correlation η ∈ [−1, 1].</param>
/// <param name="Activation">tanh, relu, identity or erf.</param>
/// <param name="Noise">σ ≥ 0; σ &gt; 0 uses Euler–Maruyama with <paramref name="EulerStep"/>, σ = 0 adaptive Dormand–Prince 5(4).</param>
/// <param name="BurnIn">Time discarded before recording (0: record the transient from t = 0).</param>
/// <param name="Duration">Recorded time after the burn-in.</param>
/// <param name="OutputStep">Sampling interval Δ of the recorded statistics.</param>
/// <param name="MaxLag">Largest lag τ of C(τ) and R(τ).</param>
/// <param name="Networks">Independent coupling matrices J.</param>
/// <param name="TrialsPerNetwork">Trials (initial conditions, noise) per J, batched into one GEMM.</param>
/// <param name="RecordedNeurons">Neurons per trial used for C(τ) (all N are used for m(t), C(t,t) and R).</param>
/// <param name="Initial">"gaussian" (x(0) ~ N(0,1)) or "uniform" (x(0) ~ U(0,1), as in the paper's code).</param>
/// <param name="EulerStep">Euler–Maruyama step (σ &gt; 0).</param>
/// <param name="Tolerance">Relative and absolute tolerance of the adaptive integrator (σ = 0).</param>
/// <param name="Seed">Seed: J of network n from stream n, trial states from stream 1000 + trial.</param>
/// <param name="Response">Carry the tangent columns for R(τ) (doubles the GEMM width); false: C(τ) only, R is NaN.</param>
public sealed record NetworkSimulationConfig(int Size = 2000, double Gain = 2, double Eta = 0, string Activation = "tanh", double Noise = 0,
    double BurnIn = 100, double Duration = 200, double OutputStep = 0.1, double MaxLag = 20, int Networks = 2, int TrialsPerNetwork = 10,
    int RecordedNeurons = 100, string Initial = "gaussian", double EulerStep = 0.01, double Tolerance = 1e-6, ulong Seed = 0, bool Response = true) : NnPhys.Runs.IExperimentConfig
{
    /// <summary>Lags per curve L + 1.</summary>
    public int LagCount => (int)Math.Round(MaxLag / OutputStep) + 1;
    /// <summary>Recorded outputs.</summary>
    public int OutputCount => (int)Math.Round(Duration / OutputStep) + 1;
    /// <summary>All trials.</summary>
    public int Trials => Networks * TrialsPerNetwork;

    /// <summary>Euler–Maruyama is stable for h &lt; 2/(1 + g(1+|η|)·max φ′) (spectrum of the Jacobian); we require half of that.</summary>
    public double EulerStepBound => 1.0 / (1 + Gain * (1 + Math.Abs(Eta)));

    /// <summary>Throws <see cref="InvalidConfigException"/> naming the problem and the fix.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Gain) || Gain <= 0) throw new InvalidConfigException($"--g must be a positive gain, got {Gain}; pass e.g. --g 2.");
        CouplingMatrix.CheckCorrelation(Eta);
        DmftActivations.Parse(Activation);
        if (!double.IsFinite(Noise) || Noise < 0) throw new InvalidConfigException($"--sigma must be ≥ 0, got {Noise}.");
        if (Size < 50) throw new InvalidConfigException($"N = {Size} is too small for mean-field statistics; use --n ≥ 50 (the DMFT targets use 2000).");
        if (RecordedNeurons < 1 || RecordedNeurons > Size) throw new InvalidConfigException($"--recorded-neurons must be in [1, N = {Size}], got {RecordedNeurons}.");
        if (Networks < 1 || TrialsPerNetwork < 1) throw new InvalidConfigException($"--networks and --trials must be ≥ 1, got {Networks} and {TrialsPerNetwork}.");
        if (Trials < 2) throw new InvalidConfigException("At least 2 trials in all are needed for standard errors; raise --trials or --networks.");
        if (!double.IsFinite(OutputStep) || OutputStep <= 0 || OutputStep > 1) throw new InvalidConfigException($"--dt (the output step) must be in (0, 1], got {OutputStep}.");
        if (!double.IsFinite(BurnIn) || BurnIn < 0) throw new InvalidConfigException($"--burn-in must be ≥ 0, got {BurnIn}.");
        if (!double.IsFinite(Duration) || Duration <= 0 || Duration / OutputStep > 1e6) throw new InvalidConfigException($"--duration must be positive (at most 10⁶ outputs), got {Duration}.");
        if (!double.IsFinite(MaxLag) || MaxLag < 0 || MaxLag > Duration) throw new InvalidConfigException($"--max-lag must be in [0, duration = {Duration}], got {MaxLag}; lengthen --duration or shorten --max-lag.");
        if (Initial is not ("gaussian" or "uniform")) throw new InvalidConfigException($"--initial must be gaussian or uniform, got '{Initial}'.");
        if (!(Tolerance is > 1e-12 and < 1e-2)) throw new InvalidConfigException($"--tolerance must be in (1e-12, 1e-2), got {Tolerance}.");
        if (Noise > 0)
        {
            if (!double.IsFinite(EulerStep) || EulerStep <= 0 || EulerStep > EulerStepBound)
                throw new InvalidConfigException($"--euler-step {EulerStep} is unstable or inaccurate: Euler–Maruyama needs h ≤ 1/(1 + g(1+|η|)) = {EulerStepBound:G4} (half the stability bound 2/(1 + g(1+|η|))); pass e.g. --euler-step {Math.Min(0.01, EulerStepBound):G2}.");
            double ratio = OutputStep / EulerStep;
            if (Math.Abs(ratio - Math.Round(ratio)) > 1e-9) throw new InvalidConfigException($"--dt {OutputStep} must be a whole multiple of --euler-step {EulerStep}.");
        }
    }
}
