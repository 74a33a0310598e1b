namespace NnPhys.FokkerPlanck;

/// <summary>Adam hyper-parameters of the training run (fokker-planck-to-callan-symanzik eq. 9; SPEC §1 defaults).</summary>
/// <param name="LearningRate">η.</param>
/// <param name="Beta1">β₁, decay of the first moment m.</param>
/// <param name="Beta2">β₂, decay of the second moment v.</param>
/// <param name="Epsilon">ε in the denominator √v̂ + ε.</param>
public sealed record AdamSettings(double LearningRate = 1e-3, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8)
{
    /// <summary>Checks the ranges.</summary>
    /// <exception cref="InvalidConfigException">η ≤ 0, β outside [0, 1), ε &lt; 0, or a value not finite.</exception>
    public void Validate()
    {
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new InvalidConfigException($"Adam learning rate {LearningRate} must be positive and finite.");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new InvalidConfigException($"Adam β₁ = {Beta1} must be in [0, 1).");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new InvalidConfigException($"Adam β₂ = {Beta2} must be in [0, 1).");
        if (!(Epsilon >= 0) || !double.IsFinite(Epsilon)) throw new InvalidConfigException($"Adam ε = {Epsilon} must be finite and ≥ 0.");
    }
}
