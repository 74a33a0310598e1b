namespace NnPhys.Cosmology;

/// <summary>A test potential for the discrete-vs-continuum check: a name, its gradient and a start point.</summary>
/// <param name="Name">"quadratic" (½θ₁² + (3/2)θ₂², an underdamped oscillator at 3H = 1) or "quartic" (¼(θ₁⁴ + θ₂⁴), chaotic-inflation-like).</param>
/// <param name="Gradient">∇L.</param>
/// <param name="Start">θ₀.</param>
public sealed record TestPotential(string Name, Action<double[], double[]> Gradient, double[] Start)
{
    /// <summary>L = ½θ₁² + (3/2)θ₂², θ₀ = (1, −0.5).</summary>
    public static TestPotential Quadratic => new("quadratic", (x, g) => { g[0] = x[0]; g[1] = 3 * x[1]; }, [1.0, -0.5]);
    /// <summary>L = ¼(θ₁⁴ + θ₂⁴), θ₀ = (1.5, −1).</summary>
    public static TestPotential Quartic => new("quartic", (x, g) => { g[0] = x[0] * x[0] * x[0]; g[1] = x[1] * x[1] * x[1]; }, [1.5, -1.0]);
    /// <summary>Both test potentials.</summary>
    public static IReadOnlyList<TestPotential> All => [Quadratic, Quartic];
}

/// <summary>Errors of one learning rate: the continuum equations' whole-trajectory error against the discrete run.</summary>
/// <param name="LearningRate">η.</param>
/// <param name="Momentum">μ = 1 − 3H√η (3H held fixed so the continuum equation is the same at every η).</param>
/// <param name="Steps">Updates to reach the horizon S.</param>
/// <param name="LeadingError">max_t |θ_t − θ_lead(t√η)| / max_t |θ_t − θ₀|.</param>
/// <param name="CorrectedError">The same for the corrected equation.</param>
/// <param name="GradientFlowError">The same for the overdamped null 3H θ̇ = −∇L (no inertia).</param>
public sealed record MappingErrorPoint(double LearningRate, double Momentum, int Steps, double LeadingError, double CorrectedError, double GradientFlowError);

/// <summary>The convergence study of one potential with fitted orders: error ∝ η^order.</summary>
public sealed record MappingConvergenceResult(string Potential, double Friction, double Horizon, IReadOnlyList<MappingErrorPoint> Points, double LeadingOrder, double CorrectedOrder)
{
    /// <summary>Trajectories at the largest η (for figures): time s, discrete θ₁, leading θ₁, corrected θ₁.</summary>
    public double[][] ExampleTrajectories { get; init; } = [];
}

/// <summary>
/// Checks docs/cosmology.md §1 numerically: heavy-ball runs at decreasing η with 3H = (1 − μ)/√η fixed, against the
/// leading-order and corrected continuum equations, and fits the error's order in η (expected ½ and 1).
/// </summary>
public static class MappingConvergence
{
    /// <summary>Runs the study for one potential over <paramref name="learningRates"/> up to time S = <paramref name="horizon"/>.</summary>
    /// <exception cref="InvalidConfigException">Fewer than two learning rates, a learning rate with μ = 1 − 3H√η outside [0, 1), or a non-positive horizon or friction.</exception>
    public static MappingConvergenceResult Run(TestPotential potential, IReadOnlyList<double> learningRates, double friction = 1.0, double horizon = 8.0)
    {
        if (learningRates.Count < 2) throw new InvalidConfigException("The mapping check needs at least two learning rates to fit an order; pass e.g. --lrs 0.01 0.005 0.0025 0.00125.");
        if (!(friction > 0) || !double.IsFinite(friction)) throw new InvalidConfigException($"Friction 3H = {friction} must be finite and > 0, e.g. --friction 1.");
        if (!(horizon > 0) || !double.IsFinite(horizon)) throw new InvalidConfigException($"Horizon S = {horizon} must be finite and > 0, e.g. --horizon 8.");
        var points = new List<MappingErrorPoint>();
        double[][] example = [];
        foreach (double eta in learningRates.OrderByDescending(x => x))
        {
            double h = Math.Sqrt(eta);
            var mapping = new HeavyBallMapping(eta, 1 - friction * h); // throws if μ leaves [0, 1)
            int steps = (int)Math.Ceiling(horizon / h);
            var discrete = HeavyBall.Run(mapping, potential.Gradient, potential.Start, steps);
            var g0 = new double[potential.Start.Length];
            potential.Gradient((double[])potential.Start.Clone(), g0);
            double[][] Continuum(MappingOrder order)
            {
                var v0 = new double[g0.Length];
                mapping.InitialVelocity(order, g0, v0);
                return FieldEquation.For(mapping, order, potential.Gradient).Solve(potential.Start, v0, h, steps, 4);
            }
            var leading = Continuum(MappingOrder.Leading);
            var corrected = Continuum(MappingOrder.Corrected);
            var flow = new FieldEquation(0, mapping.Friction, potential.Gradient).Solve(potential.Start, new double[g0.Length], h, steps, 4);
            points.Add(new MappingErrorPoint(eta, mapping.Momentum, steps, RelativeError(discrete, leading), RelativeError(discrete, corrected), RelativeError(discrete, flow)));
            if (example.Length == 0)
                example = [Enumerable.Range(0, steps + 1).Select(t => t * h).ToArray(), discrete.Select(r => r[0]).ToArray(),
                           leading.Select(r => r[0]).ToArray(), corrected.Select(r => r[0]).ToArray(), flow.Select(r => r[0]).ToArray()];
        }
        var etas = points.Select(p => p.LearningRate).ToArray();
        return new MappingConvergenceResult(potential.Name, friction, horizon, points,
            FitPowerLaw(etas, points.Select(p => p.LeadingError).ToArray()), FitPowerLaw(etas, points.Select(p => p.CorrectedError).ToArray()))
        { ExampleTrajectories = example };
    }

    /// <summary>max_t |a_t − b_t|₂ / max_t |a_t − a_0|₂ over the rows of two trajectories.</summary>
    public static double RelativeError(double[][] reference, double[][] candidate)
    {
        double maxDiff = 0, maxMove = 0;
        for (int t = 0; t < reference.Length; t++)
        {
            double d = 0, m = 0;
            for (int i = 0; i < reference[t].Length; i++)
            {
                d += Math.Pow(reference[t][i] - candidate[t][i], 2);
                m += Math.Pow(reference[t][i] - reference[0][i], 2);
            }
            maxDiff = Math.Max(maxDiff, Math.Sqrt(d)); maxMove = Math.Max(maxMove, Math.Sqrt(m));
        }
        return maxDiff / maxMove;
    }

    /// <summary>Least-squares slope of log y against log x (the order of y ∝ x^order).</summary>
    public static double FitPowerLaw(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = x.Count;
        double mx = x.Average(Math.Log), my = y.Average(Math.Log), sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = Math.Log(x[i]) - mx;
            sxy += dx * (Math.Log(y[i]) - my); sxx += dx * dx;
        }
        return sxy / sxx;
    }
}
