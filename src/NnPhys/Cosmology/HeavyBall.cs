namespace NnPhys.Cosmology;

/// <summary>
/// The discrete heavy-ball iteration θ_{t+1} = θ_t + μ(θ_t − θ_{t−1}) − η∇L(θ_t), θ_{−1} = θ₀ (nn-cosmology-duality eq. (2)),
/// on an explicit gradient in double precision: the reference the continuum equations are checked against, independent of
/// the network trainer (which uses <c>NnPhys.Training.HeavyBallMomentum</c>).
/// </summary>
public static class HeavyBall
{
    /// <summary>Runs <paramref name="steps"/> updates from θ₀ at rest and returns θ_t for t = 0..steps (row t).</summary>
    /// <exception cref="NumericalInstabilityException">θ became non-finite; the message names the step.</exception>
    public static double[][] Run(HeavyBallMapping mapping, Action<double[], double[]> gradient, ReadOnlySpan<double> theta0, int steps)
    {
        int n = theta0.Length;
        double mu = mapping.Momentum, eta = mapping.LearningRate;
        var theta = theta0.ToArray(); var displacement = new double[n]; var g = new double[n];
        var result = new double[steps + 1][];
        result[0] = (double[])theta.Clone();
        for (int t = 1; t <= steps; t++)
        {
            gradient(theta, g);
            for (int i = 0; i < n; i++)
            {
                displacement[i] = mu * displacement[i] - eta * g[i]; // d ← μ d − η∇L
                theta[i] += displacement[i];
                if (!double.IsFinite(theta[i]))
                    throw new NumericalInstabilityException($"Heavy-ball diverged at step {t} (η = {eta:G4}, μ = {mu:G4}); lower the learning rate.");
            }
            result[t] = (double[])theta.Clone();
        }
        return result;
    }
}
