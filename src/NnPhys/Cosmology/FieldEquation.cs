using NnPhys.Numerics;

namespace NnPhys.Cosmology;

/// <summary>
/// The scalar-field equation of motion in a vacuum-dominated FLRW background with a constant friction,
/// m ẍ + 3H ẋ + ∇V(x) = 0 (nn-cosmology-duality eqs. (6)–(8); with x = f and ∇V = Θ ∂L/∂f it is eq. (7)),
/// integrated with classical fourth-order Runge–Kutta (<see cref="RungeKutta4"/>) on the first-order system y = (x, v).
/// </summary>
/// <param name="Mass">Inertial mass m &gt; 0 (1 at leading order, (1 + μ)/2 corrected); 0 gives the overdamped gradient flow 3H ẋ = −∇V (a null model without inertia).</param>
/// <param name="Friction">Friction 3H ≥ 0.</param>
/// <param name="Gradient">∇V: writes the gradient at x (first span) into the second span.</param>
public sealed record FieldEquation(double Mass, double Friction, Action<double[], double[]> Gradient)
{
    /// <summary>
    /// Integrates from (x₀, v₀) at s = 0 and returns x at s = k·<paramref name="outputStep"/> for k = 0..<paramref name="outputs"/>
    /// (row k), taking <paramref name="substeps"/> RK4 steps per output step. Stops early (rows after that are NaN) when
    /// <paramref name="stop"/>(k, x) returns true.
    /// </summary>
    /// <exception cref="InvalidConfigException">Mass ≤ 0, negative friction, or a non-positive step or count.</exception>
    /// <exception cref="NumericalInstabilityException">The solution became non-finite; the message gives the time.</exception>
    public double[][] Solve(ReadOnlySpan<double> x0, ReadOnlySpan<double> v0, double outputStep, int outputs, int substeps = 8, Func<int, double[], bool>? stop = null)
    {
        if (!(Mass >= 0) || !double.IsFinite(Mass) || (Mass == 0 && !(Friction > 0)))
            throw new InvalidConfigException($"Field mass {Mass} must be finite and > 0 (or 0 with friction > 0: the overdamped gradient flow 3H ẋ = −∇V).");
        if (!(Friction >= 0) || !double.IsFinite(Friction)) throw new InvalidConfigException($"Friction 3H = {Friction} must be finite and ≥ 0.");
        if (!(outputStep > 0) || outputs < 0 || substeps <= 0) throw new InvalidConfigException($"Output step {outputStep}, {outputs} outputs and {substeps} substeps must be positive.");
        int n = x0.Length;
        double h = outputStep / substeps;
        var y = new double[2 * n];
        x0.CopyTo(y); v0.CopyTo(y.AsSpan(n));
        var work = new double[5 * y.Length];
        var x = new double[n]; var g = new double[n];
        // y = (x, v): ẋ = v, v̇ = −(3H v + ∇V(x))/m;  m = 0: ẋ = −∇V/3H (overdamped gradient flow, v unused)
        void Rate(double t, ReadOnlySpan<double> state, Span<double> rate)
        {
            state[..n].CopyTo(x);
            Gradient(x, g);
            for (int i = 0; i < n; i++)
            {
                if (Mass == 0) { rate[i] = -g[i] / Friction; rate[n + i] = 0; }
                else { rate[i] = state[n + i]; rate[n + i] = -(Friction * state[n + i] + g[i]) / Mass; }
            }
        }
        var result = new double[outputs + 1][];
        result[0] = x0.ToArray();
        bool stopped = stop?.Invoke(0, result[0]) ?? false;
        for (int k = 1; k <= outputs; k++)
        {
            if (stopped) { result[k] = Enumerable.Repeat(double.NaN, n).ToArray(); continue; }
            for (int j = 0; j < substeps; j++) RungeKutta4.Step(Rate, ((k - 1) * substeps + j) * h, y, h, work);
            for (int i = 0; i < n; i++)
                if (!double.IsFinite(y[i]))
                    throw new NumericalInstabilityException($"The field equation diverged at s = {k * outputStep:G4} (output step {k}); the potential is too steep for this friction or step.");
            result[k] = y[..n];
            if (stop is not null && stop(k, result[k])) stopped = true;
        }
        return result;
    }

    /// <summary>The equation that <paramref name="mapping"/> assigns to heavy-ball at the given order, with potential gradient <paramref name="gradient"/>.</summary>
    public static FieldEquation For(HeavyBallMapping mapping, MappingOrder order, Action<double[], double[]> gradient) =>
        new(mapping.Mass(order), mapping.Friction, gradient);
}
