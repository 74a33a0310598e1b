namespace NnPhys.Numerics;

/// <summary>
/// Velocity Verlet for second-order systems x″ = a(t, x) (Hairer, Lubich &amp; Wanner, Geometric Numerical
/// Integration, §I.1.4, eq. (1.17)): symplectic and time-reversible, global error O(h²), and for a Hamiltonian system
/// the energy error stays bounded at O(h²) over exponentially long times instead of drifting.
/// The acceleration function writes a(t, x) into its third argument.
/// </summary>
public static class VelocityVerlet
{
    /// <summary>
    /// One step from t to t + h. On entry <paramref name="acceleration"/> holds a(t, x); on return x, v and it hold
    /// x(t + h), v(t + h), a(t + h, x(t + h)), so consecutive steps evaluate the force once each:
    /// v ← v + (h/2) a; x ← x + h v; a ← a(t + h, x); v ← v + (h/2) a.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length, or h is not finite.</exception>
    public static void Step(Action<double, ReadOnlySpan<double>, Span<double>> accelerationOf, double t,
        Span<double> x, Span<double> v, Span<double> acceleration, double h)
    {
        int n = x.Length;
        if (v.Length != n || acceleration.Length != n)
            throw new ArgumentException($"Position, velocity and acceleration have lengths {n}, {v.Length}, {acceleration.Length}; they must be equal.");
        if (!double.IsFinite(h)) throw new ArgumentException($"Step size {h} is not finite; use a finite h.", nameof(h));
        for (int i = 0; i < n; i++)
        {
            v[i] += 0.5 * h * acceleration[i];
            x[i] += h * v[i];
        }
        accelerationOf(t + h, x, acceleration);
        for (int i = 0; i < n; i++) v[i] += 0.5 * h * acceleration[i];
    }

    /// <summary>
    /// Integrates from <paramref name="t0"/> to <paramref name="t1"/> in <paramref name="steps"/> equal steps from
    /// (x0, v0) (not modified). <paramref name="observe"/>, if given, sees (t, x, v) at t0 and after every step.
    /// Returns (x(t1), v(t1)).
    /// </summary>
    /// <exception cref="InvalidConfigException">steps is not positive or t0/t1 not finite.</exception>
    /// <exception cref="ArgumentException">x0 and v0 differ in length.</exception>
    public static (double[] X, double[] V) Integrate(Action<double, ReadOnlySpan<double>, Span<double>> accelerationOf,
        double t0, ReadOnlySpan<double> x0, ReadOnlySpan<double> v0, double t1, int steps,
        Action<double, ReadOnlySpan<double>, ReadOnlySpan<double>>? observe = null)
    {
        Check.Finite(t0, "The start time t0"); Check.Finite(t1, "The end time t1"); Check.Positive(steps, "The step count");
        if (x0.Length != v0.Length) throw new ArgumentException($"x0 has {x0.Length} entries but v0 has {v0.Length}; they must match.");
        double[] x = x0.ToArray(), v = v0.ToArray(), a = new double[x.Length];
        double h = (t1 - t0) / steps;
        accelerationOf(t0, x, a);
        observe?.Invoke(t0, x, v);
        for (int s = 0; s < steps; s++)
        {
            Step(accelerationOf, t0 + s * h, x, v, a, h);
            observe?.Invoke(s == steps - 1 ? t1 : t0 + (s + 1) * h, x, v);
        }
        return (x, v);
    }
}
