using NnPhys.Training;

namespace NnPhys.FokkerPlanck;

/// <summary>
/// The Adam update of fokker-planck-to-callan-symanzik eq. (9), w_{t+1} = w_t − η·m̂_{t+1}/(√v̂_{t+1} + ε), with the standard
/// bias corrections m̂ = m/(1 − β₁ᵏ), v̂ = v/(1 − β₂ᵏ) at step k (the paper's printed corrections have typos; PyTorch's
/// torch.optim.Adam is what the training uses). All arrays are element-wise over the same flat layout, e.g. (rows, 2).
/// </summary>
public static class AdamUpdate
{
    /// <summary>
    /// The predicted displacement over <paramref name="steps"/> Adam steps with the gradient frozen at g: the Adam moment
    /// recursion of eq. (9) is iterated from (m, v, stepsDone) with the same g every step and the updates are summed.
    /// This is the *predicted* drift of SPEC §1: it uses only the state at the epoch's start. Inputs are not modified.
    /// </summary>
    public static void Forecast(ReadOnlySpan<double> m, ReadOnlySpan<double> v, ReadOnlySpan<double> g, long stepsDone, int steps,
                                AdamOptions adam, Span<double> displacement)
    {
        if (steps < 0) throw new InvalidConfigException($"Adam forecast needs steps ≥ 0 (got {steps}).");
        var mWork = m.ToArray(); var vWork = v.ToArray();
        var update = new double[g.Length];
        displacement.Clear();
        for (int s = 0; s < steps; s++)
        {
            AdamEquation.Step(adam, stepsDone + s, g, mWork, vWork, update);
            for (int e = 0; e < g.Length; e++) displacement[e] += update[e];
        }
    }
}
