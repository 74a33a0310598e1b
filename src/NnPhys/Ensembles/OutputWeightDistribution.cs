using NnPhys.Numerics;

namespace NnPhys.Ensembles;

/// <summary>
/// The density P(w) of the output weights w_i in φ(x) = Σ_i w_i ψ_i(x) (tasi-physics-for-ml eq. (44)), with its raw
/// moments μ_k = ⟨w^k⟩ used by the exact-in-N reductions (eqs. (39), (50)–(51)). Either Gaussian N(mean, variance) or
/// uniform on [−a, a]. The distribution is even (P(w) = P(−w), the ℤ₂ symmetry of eq. (59)) when its mean is 0.
/// </summary>
public sealed class OutputWeightDistribution
{
    /// <summary>"gaussian" or "uniform".</summary>
    public string Kind { get; }
    /// <summary>Mean of w.</summary>
    public double Mean { get; }
    /// <summary>Variance of w.</summary>
    public double Variance { get; }

    OutputWeightDistribution(string kind, double mean, double variance) { Kind = kind; Mean = mean; Variance = variance; }

    /// <summary>w ~ N(mean, variance).</summary>
    /// <exception cref="InvalidConfigException">variance not positive or mean not finite.</exception>
    public static OutputWeightDistribution Gaussian(double variance, double mean = 0)
    {
        Check.Positive(variance, "The output-weight variance");
        if (!double.IsFinite(mean)) throw new InvalidConfigException($"The output-weight mean must be finite, got {mean}.");
        return new("gaussian", mean, variance);
    }

    /// <summary>w ~ Unif[−a, a], variance a²/3.</summary>
    public static OutputWeightDistribution Uniform(double halfWidth)
    {
        Check.Positive(halfWidth, "The uniform output-weight half-width a");
        return new("uniform", 0, halfWidth * halfWidth / 3);
    }

    /// <summary>True when P(w) is even, so the ensemble has the ℤ₂ symmetry φ → −φ (eq. (59)).</summary>
    public bool IsEven => Mean == 0;

    /// <summary>Raw moment μ_k = ⟨w^k⟩ for k ≥ 0.</summary>
    public double RawMoment(int k)
    {
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k));
        if (Kind == "uniform")
        {
            double a = Math.Sqrt(3 * Variance);
            return k % 2 == 1 ? 0 : Math.Pow(a, k) / (k + 1); // ∫_{−a}^{a} w^k dw / 2a
        }
        // Gaussian: μ_k = m μ_{k−1} + (k−1) v μ_{k−2}, μ_0 = 1, μ_1 = m
        double previous = 1, current = Mean;
        if (k == 0) return 1;
        for (int j = 2; j <= k; j++) (previous, current) = (current, Mean * current + (j - 1) * Variance * previous);
        return current;
    }

    /// <summary>Fills <paramref name="weights"/> with i.i.d. draws.</summary>
    public void Sample(RandomStream rng, Span<double> weights)
    {
        if (Kind == "uniform") { double a = Math.Sqrt(3 * Variance); for (int i = 0; i < weights.Length; i++) weights[i] = rng.NextUniform(-a, a); }
        else { double s = Math.Sqrt(Variance); for (int i = 0; i < weights.Length; i++) weights[i] = Mean + s * rng.NextNormal(); }
    }

    /// <summary>A one-line description, e.g. "gaussian(mean=0,var=0.01)".</summary>
    public override string ToString() => FormattableString.Invariant($"{Kind}(mean={Mean:R},var={Variance:R})");
}
