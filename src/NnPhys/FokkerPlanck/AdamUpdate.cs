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
    /// One Adam step with gradient g from moments (m, v) after <paramref name="stepsDone"/> steps: writes the new moments into
    /// m and v and the weight change −η m̂/(√v̂ + ε) into <paramref name="update"/>.
    /// </summary>
    public static void Step(Span<double> m, Span<double> v, ReadOnlySpan<double> g, long stepsDone, AdamOptions adam, Span<double> update)
    {
        long k = stepsDone + 1;
        double c1 = 1 - Math.Pow(adam.Beta1, k), c2 = 1 - Math.Pow(adam.Beta2, k);
        for (int e = 0; e < g.Length; e++)
        {
            // fokker-planck-to-callan-symanzik eq. (9)
            m[e] = adam.Beta1 * m[e] + (1 - adam.Beta1) * g[e];
            v[e] = adam.Beta2 * v[e] + (1 - adam.Beta2) * g[e] * g[e];
            double mHat = m[e] / c1, vHat = v[e] / c2;
            update[e] = -adam.LearningRate * mHat / (Math.Sqrt(vHat) + adam.Epsilon);
        }
    }

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
            Step(mWork, vWork, g, stepsDone + s, adam, update);
            for (int e = 0; e < g.Length; e++) displacement[e] += update[e];
        }
    }
}
