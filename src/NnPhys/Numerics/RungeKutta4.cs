namespace NnPhys.Numerics;

/// <summary>
/// The classical fourth-order Runge–Kutta method for y′ = f(t, y) with a fixed step (Hairer, Nørsett &amp; Wanner,
/// Solving ODEs I, §II.1, Table 1.2): global error O(h⁴). The right-hand side writes dy/dt for (t, y) into its third
/// argument; it must not keep the spans.
/// </summary>
public static class RungeKutta4
{
    /// <summary>
    /// One step from t to t + h: overwrites <paramref name="y"/> with y(t + h).
    /// k₁ = f(t, y), k₂ = f(t + h/2, y + h k₁/2), k₃ = f(t + h/2, y + h k₂/2), k₄ = f(t + h, y + h k₃),
    /// y ← y + h (k₁ + 2k₂ + 2k₃ + k₄)/6.
    /// </summary>
    /// <exception cref="ArgumentException">h is not finite.</exception>
    public static void Step(Action<double, ReadOnlySpan<double>, Span<double>> f, double t, Span<double> y, double h)
    {
        var work = new double[5 * y.Length];
        Step(f, t, y, h, work);
    }

    /// <summary>
    /// One step as <see cref="Step(Action{double, ReadOnlySpan{double}, Span{double}}, double, Span{double}, double)"/>,
    /// using <paramref name="work"/> (at least 5·n doubles) as scratch so a loop allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">h is not finite or the scratch is too short.</exception>
    public static void Step(Action<double, ReadOnlySpan<double>, Span<double>> f, double t, Span<double> y, double h, Span<double> work)
    {
        int n = y.Length;
        if (!double.IsFinite(h)) throw new ArgumentException($"Step size {h} is not finite; use a finite h.", nameof(h));
        if (work.Length < 5 * n) throw new ArgumentException($"Scratch has {work.Length} doubles; a system of {n} needs {5 * n}.", nameof(work));
        Span<double> k1 = work.Slice(0, n), k2 = work.Slice(n, n), k3 = work.Slice(2 * n, n), k4 = work.Slice(3 * n, n), stage = work.Slice(4 * n, n);
        f(t, y, k1);
        for (int i = 0; i < n; i++) stage[i] = y[i] + 0.5 * h * k1[i];
        f(t + 0.5 * h, stage, k2);
        for (int i = 0; i < n; i++) stage[i] = y[i] + 0.5 * h * k2[i];
        f(t + 0.5 * h, stage, k3);
        for (int i = 0; i < n; i++) stage[i] = y[i] + h * k3[i];
        f(t + h, stage, k4);
        for (int i = 0; i < n; i++) y[i] += h / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    }

    /// <summary>
    /// Integrates from <paramref name="t0"/> to <paramref name="t1"/> in <paramref name="steps"/> equal steps starting
    /// at <paramref name="y0"/> (not modified). <paramref name="observe"/>, if given, sees (t, y) at t0 and after every
    /// step. Returns y(t1).
    /// </summary>
    /// <exception cref="InvalidConfigException">steps is not positive, or t0/t1 is not finite.</exception>
    public static double[] Integrate(Action<double, ReadOnlySpan<double>, Span<double>> f, double t0, ReadOnlySpan<double> y0,
        double t1, int steps, Action<double, ReadOnlySpan<double>>? observe = null)
    {
        Check.Finite(t0, "The start time t0"); Check.Finite(t1, "The end time t1"); Check.Positive(steps, "The step count");
        var y = y0.ToArray();
        var work = new double[5 * y.Length];
        double h = (t1 - t0) / steps;
        observe?.Invoke(t0, y);
        for (int s = 0; s < steps; s++)
        {
            double t = t0 + s * h; // t from the step index, so round-off does not accumulate over many steps
            Step(f, t, y, h, work);
            observe?.Invoke(s == steps - 1 ? t1 : t0 + (s + 1) * h, y);
        }
        return y;
    }
}
