namespace NnPhys.Training;

/// <summary>
/// Adam's update, fokker-planck-to-callan-symanzik eq. (9), in double precision on plain spans — the one place the
/// equation is written for analysis code (forecasts, synthetic trajectories); <see cref="Adam{T}"/> is the fused training
/// kernel and is tested against it:
/// m ← β1 m + (1 − β1) g,  v ← β2 v + (1 − β2) g²,  Δw = −η m̂/(ε + √v̂),  m̂ = m/(1 − β1ᵏ), v̂ = v/(1 − β2ᵏ), k = steps taken + 1.
/// </summary>
public static class AdamEquation
{
    /// <summary>One step in place: updates <paramref name="m"/> and <paramref name="v"/> and writes Δw into <paramref name="displacement"/>.</summary>
    /// <exception cref="ArgumentException">Span lengths differ or <paramref name="stepsTaken"/> is negative.</exception>
    public static void Step(AdamOptions options, long stepsTaken, ReadOnlySpan<double> gradient, Span<double> m, Span<double> v, Span<double> displacement)
    {
        if (m.Length != gradient.Length || v.Length != gradient.Length || displacement.Length != gradient.Length)
            throw new ArgumentException("Gradient, moments and displacement must have the same length.");
        if (stepsTaken < 0) throw new ArgumentException($"stepsTaken = {stepsTaken} must be non-negative.", nameof(stepsTaken));
        long k = stepsTaken + 1;
        double c1 = 1 - Math.Pow(options.Beta1, k), c2 = 1 - Math.Pow(options.Beta2, k);
        for (int i = 0; i < gradient.Length; i++)
        {
            double g = gradient[i];
            m[i] = options.Beta1 * m[i] + (1 - options.Beta1) * g;      // eq. (9) m_{k}
            v[i] = options.Beta2 * v[i] + (1 - options.Beta2) * g * g;  // eq. (9) v_{k}
            displacement[i] = -options.LearningRate * (m[i] / c1) / (options.Epsilon + Math.Sqrt(v[i] / c2));
        }
    }

    /// <summary>
    /// The displacement eq. (9) would apply for <paramref name="gradient"/> given moments after <paramref name="stepsTaken"/>
    /// steps, without changing them (for forecasts such as the Fokker–Planck predicted drift).
    /// </summary>
    /// <exception cref="ArgumentException">Span lengths differ or <paramref name="stepsTaken"/> is negative.</exception>
    public static void Predict(AdamOptions options, long stepsTaken, ReadOnlySpan<double> gradient,
        ReadOnlySpan<double> m, ReadOnlySpan<double> v, Span<double> displacement)
    {
        if (m.Length != gradient.Length || v.Length != gradient.Length)
            throw new ArgumentException("Gradient, moments and displacement must have the same length.");
        Step(options, stepsTaken, gradient, m.ToArray(), v.ToArray(), displacement);
    }
}
