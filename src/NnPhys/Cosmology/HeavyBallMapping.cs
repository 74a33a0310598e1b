namespace NnPhys.Cosmology;

/// <summary>Which continuum equation a heavy-ball run is compared with (docs/cosmology.md §1).</summary>
public enum MappingOrder
{
    /// <summary>θ̈ + 3Hθ̇ + ∇L = 0, 3H = (1 − μ)/√η, θ̇(0) = 0: the backward-difference reading of the update, error O(√η).</summary>
    Leading,
    /// <summary>((1 + μ)/2)θ̈ + ((1 − μ)/√η)θ̇ + ∇L = 0, θ̇(0) = −(√η/2)∇L(θ₀): the central-difference reading, error O(η).</summary>
    Corrected,
}

/// <summary>
/// The dictionary between Polyak heavy-ball θ_{t+1} = θ_t + μ(θ_t − θ_{t−1}) − η∇L(θ_t) (θ_{−1} = θ₀) and a scalar field
/// in a vacuum-dominated FLRW universe, m θ̈ + 3H θ̇ + ∇L = 0 in the time s = t√η (nn-cosmology-duality §2.1, eqs. (2), (6)–(8);
/// SPEC §5). The update is exactly
/// ((1 + μ)/2)(θ_{t+1} − 2θ_t + θ_{t−1}) + ((1 − μ)/2)(θ_{t+1} − θ_{t−1}) = −η∇L(θ_t),
/// i.e. the central-difference scheme of the <see cref="MappingOrder.Corrected"/> equation with step √η; reading the
/// friction as a backward difference instead gives the paper's mass-1 equation (<see cref="MappingOrder.Leading"/>).
/// </summary>
public sealed record HeavyBallMapping
{
    /// <summary>Learning rate η &gt; 0.</summary>
    public double LearningRate { get; }
    /// <summary>Momentum μ ∈ [0, 1).</summary>
    public double Momentum { get; }

    /// <summary>The mapping for (η, μ).</summary>
    /// <exception cref="InvalidConfigException">η is not finite and positive, or μ is outside [0, 1).</exception>
    public HeavyBallMapping(double learningRate, double momentum)
    {
        Check(learningRate, momentum);
        LearningRate = learningRate; Momentum = momentum;
    }

    /// <summary>Throws unless η &gt; 0 is finite and μ ∈ [0, 1).</summary>
    /// <exception cref="InvalidConfigException">Either value is out of range; the message says which and why.</exception>
    public static void Check(double learningRate, double momentum)
    {
        if (!double.IsFinite(learningRate) || learningRate <= 0)
            throw new InvalidConfigException($"Learning rate η = {learningRate} is invalid; it must be finite and > 0 (the time step is √η), e.g. --lr 0.01.");
        if (!double.IsFinite(momentum) || momentum < 0 || momentum >= 1)
            throw new InvalidConfigException($"Momentum μ = {momentum} is invalid; it must lie in [0, 1) (μ = 1 is a universe without friction, H = 0), e.g. --momentum 0.9.");
    }

    /// <summary>Time step of the continuum time, Δs = √η (one update = one step).</summary>
    public double TimeStep => Math.Sqrt(LearningRate);

    /// <summary>Friction coefficient 3H = (1 − μ)/√η (same in both orders).</summary>
    public double Friction => (1 - Momentum) / Math.Sqrt(LearningRate);

    /// <summary>Hubble rate H = (1 − μ)/(3√η) of the leading-order (mass-1) equation.</summary>
    public double Hubble => Friction / 3;

    /// <summary>Vacuum energy Λ = 3H² = (1 − μ)²/(3η) (de Sitter, M_Pl = 1): the cosmological constant inverse to the learning rate.</summary>
    public double VacuumEnergy => 3 * Hubble * Hubble;

    /// <summary>Inertial mass of the continuum equation: 1 (leading order) or (1 + μ)/2 (corrected).</summary>
    public double Mass(MappingOrder order) => order == MappingOrder.Leading ? 1.0 : (1 + Momentum) / 2;

    /// <summary>
    /// Effective Hubble rate when the corrected equation is divided by its mass: 3H_eff = 2(1 − μ)/((1 + μ)√η).
    /// </summary>
    public double EffectiveHubble(MappingOrder order) => Friction / Mass(order) / 3;

    /// <summary>
    /// Initial velocity dθ/ds at s = 0 for a run started at rest (θ_{−1} = θ₀): 0 at leading order; −(√η/2)∇L(θ₀) in the
    /// corrected mapping (second-order matching of θ(−√η) = θ₀, using 2m + √η·3H = 2). Written into
    /// <paramref name="velocity"/>.
    /// </summary>
    public void InitialVelocity(MappingOrder order, ReadOnlySpan<double> initialGradient, Span<double> velocity)
    {
        double factor = order == MappingOrder.Leading ? 0.0 : -TimeStep / 2;
        for (int i = 0; i < velocity.Length; i++) velocity[i] = factor * initialGradient[i];
    }

    /// <summary>A one-line description, e.g. "η = 0.01, μ = 0.9: Δs = 0.1, 3H = 1, Λ = 0.333".</summary>
    public override string ToString() => $"η = {LearningRate:G4}, μ = {Momentum:G4}: Δs = √η = {TimeStep:G4}, 3H = {Friction:G4}, Λ = {VacuumEnergy:G4}";
}
