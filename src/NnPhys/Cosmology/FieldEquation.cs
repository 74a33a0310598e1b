namespace NnPhys.Cosmology;

/// <summary>
/// The scalar-field equation of motion in a vacuum-dominated FLRW background with a constant friction,
/// m ẍ + 3H ẋ + ∇V(x) = 0 (nn-cosmology-duality eqs. (6)–(8); with x = f and ∇V = Θ ∂L/∂f it is eq. (7)),
/// integrated with classical fourth-order Runge–Kutta on the first-order system (x, v).
/// </summary>
/// <param name="Mass">Inertial mass m &gt; 0 (1 at leading order, (1 + μ)/2 corrected); 0 gives the overdamped gradient flow 3H ẋ = −∇V (a null model without inertia).</param>
/// <param name="Friction">Friction 3H ≥ 0.</param>
/// <param name="Gradient">∇V: writes the gradient at x (first span) into the second span.</param>
// TODO(merge): replace the private RK4 step with NnPhys.Numerics RungeKutta4 when the struct helper's integrators land.
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
        var x = x0.ToArray(); var v = v0.ToArray();
        var k1x = new double[n]; var k1v = new double[n]; var k2x = new double[n]; var k2v = new double[n];
        var k3x = new double[n]; var k3v = new double[n]; var k4x = new double[n]; var k4v = new double[n];
        var xt = new double[n]; var vt = new double[n]; var g = new double[n];
        var result = new double[outputs + 1][];
        result[0] = (double[])x.Clone();
        bool stopped = stop?.Invoke(0, x) ?? false;
        for (int k = 1; k <= outputs; k++)
        {
            if (stopped) { result[k] = Enumerable.Repeat(double.NaN, n).ToArray(); continue; }
            for (int j = 0; j < substeps; j++)
            {
                Rate(x, v, k1x, k1v, g);
                Shift(x, v, k1x, k1v, h / 2, xt, vt); Rate(xt, vt, k2x, k2v, g);
                Shift(x, v, k2x, k2v, h / 2, xt, vt); Rate(xt, vt, k3x, k3v, g);
                Shift(x, v, k3x, k3v, h, xt, vt); Rate(xt, vt, k4x, k4v, g);
                for (int i = 0; i < n; i++)
                {
                    x[i] += h / 6 * (k1x[i] + 2 * k2x[i] + 2 * k3x[i] + k4x[i]);
                    v[i] += h / 6 * (k1v[i] + 2 * k2v[i] + 2 * k3v[i] + k4v[i]);
                }
            }
            for (int i = 0; i < n; i++)
                if (!double.IsFinite(x[i]))
                    throw new NumericalInstabilityException($"The field equation diverged at s = {k * outputStep:G4} (output step {k}); the potential is too steep for this friction or step.");
            result[k] = (double[])x.Clone();
            if (stop is not null && stop(k, x)) stopped = true;
        }
        return result;
    }

    // (ẋ, v̇) = (v, −(3H v + ∇V(x))/m); m = 0: ẋ = −∇V/3H (overdamped gradient flow, v unused)
    void Rate(double[] x, double[] v, double[] dx, double[] dv, double[] g)
    {
        Gradient(x, g);
        if (Mass == 0) { for (int i = 0; i < x.Length; i++) { dx[i] = -g[i] / Friction; dv[i] = 0; } return; }
        for (int i = 0; i < x.Length; i++) { dx[i] = v[i]; dv[i] = -(Friction * v[i] + g[i]) / Mass; }
    }

    static void Shift(double[] x, double[] v, double[] dx, double[] dv, double h, double[] xt, double[] vt)
    {
        for (int i = 0; i < x.Length; i++) { xt[i] = x[i] + h * dx[i]; vt[i] = v[i] + h * dv[i]; }
    }

    /// <summary>The equation that <paramref name="mapping"/> assigns to heavy-ball at the given order, with potential gradient <paramref name="gradient"/>.</summary>
    public static FieldEquation For(HeavyBallMapping mapping, MappingOrder order, Action<double[], double[]> gradient) =>
        new(mapping.Mass(order), mapping.Friction, gradient);
}
