namespace NnPhys.Numerics;

/// <summary>
/// Adaptive explicit Runge–Kutta 5(4) of Dormand &amp; Prince (J. Comp. Appl. Math. 6, 19 (1980); Hairer, Nørsett &amp;
/// Wanner, Solving ODEs I, §II.5, Table 5.2): 7 stages with first-same-as-last, 5th-order solution propagated, the
/// embedded 4th-order one used for the error estimate err = √(mean_i (e_i / (atol + rtol·max(|y_i|, |y_new,i|)))²);
/// a step is accepted when err ≤ 1 and the next h = h·min(5, max(0.2, 0.9·err^(−1/5))) (Hairer I, eq. (4.13)).
/// Output times are hit exactly by shortening the step that would pass them.
/// </summary>
public static class DormandPrince45
{
    // Butcher tableau (Hairer I, Table 5.2).
    const double C2 = 1.0 / 5, C3 = 3.0 / 10, C4 = 4.0 / 5, C5 = 8.0 / 9;
    const double A21 = 1.0 / 5;
    const double A31 = 3.0 / 40, A32 = 9.0 / 40;
    const double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
    const double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561, A54 = -212.0 / 729;
    const double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247, A64 = 49.0 / 176, A65 = -5103.0 / 18656;
    const double A71 = 35.0 / 384, A73 = 500.0 / 1113, A74 = 125.0 / 192, A75 = -2187.0 / 6784, A76 = 11.0 / 84;
    // e = b(5th) − b̂(4th): the error estimate's weights.
    const double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920, E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;

    /// <summary>
    /// Integrates y′ = f(t, y) from <paramref name="t0"/> (state <paramref name="y0"/>, not modified) to
    /// <paramref name="t1"/>; returns y(t1).
    /// </summary>
    /// <exception cref="InvalidConfigException">Bad tolerances.</exception>
    /// <exception cref="NumericalInstabilityException">The step size underflowed, the state became NaN, or the step limit was hit.</exception>
    public static double[] Integrate(Action<double, ReadOnlySpan<double>, Span<double>> f, double t0, ReadOnlySpan<double> y0,
        double t1, OdeTolerances? tolerances = null) => Solve(f, t0, y0, [t1], tolerances).Final;

    /// <summary>
    /// Integrates y′ = f(t, y) from <paramref name="t0"/> (state <paramref name="y0"/>) through the output times
    /// <paramref name="times"/> (monotone in one direction away from t0; backward integration allowed) and returns the
    /// state at each, with step statistics.
    /// </summary>
    /// <exception cref="ArgumentException">No output times, a time not finite, or the times not monotone away from t0.</exception>
    /// <exception cref="InvalidConfigException">Bad tolerances.</exception>
    /// <exception cref="NumericalInstabilityException">The step size underflowed, the state became NaN, or the step limit was hit.</exception>
    public static OdeSolution Solve(Action<double, ReadOnlySpan<double>, Span<double>> f, double t0, ReadOnlySpan<double> y0,
        ReadOnlySpan<double> times, OdeTolerances? tolerances = null)
    {
        var tol = tolerances ?? new OdeTolerances();
        tol.Validate();
        CheckTimes(t0, times);
        int n = y0.Length;
        double direction = times[^1] >= t0 ? 1 : -1;
        var y = y0.ToArray();
        var k = new double[7][];
        for (int s = 0; s < 7; s++) k[s] = new double[n];
        double[] stage = new double[n], yNew = new double[n];
        var states = new double[times.Length][];
        int accepted = 0, rejected = 0, evaluations = 1;
        double t = t0;
        f(t, y, k[0]);
        double h = tol.InitialStep ?? InitialStep(f, t, y, k[0], direction, tol, stage, k[1], ref evaluations);
        h = Math.Min(h, tol.MaxStep);
        for (int o = 0; o < times.Length; o++)
        {
            double target = times[o];
            while (direction * (target - t) > 0)
            {
                if (accepted + rejected >= tol.MaxSteps)
                    throw new NumericalInstabilityException($"Dormand–Prince took {tol.MaxSteps} steps and reached t = {t:G6} of {target:G6}; the problem may be stiff — loosen the tolerances or raise MaxSteps.");
                double remaining = direction * (target - t);
                bool lands = h >= remaining;
                double hStep = lands ? remaining : h;
                if (hStep < remaining && hStep <= 4 * (Math.BitIncrement(Math.Abs(t)) - Math.Abs(t)))
                    throw new NumericalInstabilityException($"Dormand–Prince step size underflowed to {hStep:G3} at t = {t:G6}; the solution may blow up there.");
                double err = TrialStep(f, t, y, direction * hStep, k, stage, yNew, tol);
                evaluations += 6;
                if (err <= 1)
                {
                    accepted++;
                    t = lands ? target : t + direction * hStep;
                    yNew.AsSpan().CopyTo(y);
                    (k[0], k[6]) = (k[6], k[0]); // first same as last: f(t_new, y_new) is stage 7
                    if (!double.IsFinite(err)) throw new NumericalInstabilityException($"Dormand–Prince state became NaN at t = {t:G6}.");
                    double grow = err == 0 ? 5 : Math.Min(5, Math.Max(0.2, 0.9 * Math.Pow(err, -0.2)));
                    h = Math.Min(tol.MaxStep, hStep * grow);
                    if (lands) h = Math.Max(h, Math.Min(tol.MaxStep, hStep)); // do not let a short landing step shrink h
                }
                else
                {
                    if (double.IsNaN(err)) throw new NumericalInstabilityException($"Dormand–Prince right-hand side returned NaN near t = {t:G6}.");
                    rejected++;
                    h = hStep * Math.Max(0.2, 0.9 * Math.Pow(err, -0.2));
                }
            }
            states[o] = (double[])y.Clone();
        }
        return new OdeSolution(times.ToArray(), states, accepted, rejected, evaluations);
    }

    /// <summary>Stages 2–7 from k[0] = f(t, y); writes the 5th-order y_new and k[6] = f(t + h, y_new); returns the scaled error.</summary>
    static double TrialStep(Action<double, ReadOnlySpan<double>, Span<double>> f, double t, double[] y, double h,
        double[][] k, double[] stage, double[] yNew, OdeTolerances tol)
    {
        int n = y.Length;
        double[] k1 = k[0], k2 = k[1], k3 = k[2], k4 = k[3], k5 = k[4], k6 = k[5], k7 = k[6];
        for (int i = 0; i < n; i++) stage[i] = y[i] + h * A21 * k1[i];
        f(t + C2 * h, stage, k2);
        for (int i = 0; i < n; i++) stage[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
        f(t + C3 * h, stage, k3);
        for (int i = 0; i < n; i++) stage[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
        f(t + C4 * h, stage, k4);
        for (int i = 0; i < n; i++) stage[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
        f(t + C5 * h, stage, k5);
        for (int i = 0; i < n; i++) stage[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
        f(t + h, stage, k6);
        for (int i = 0; i < n; i++) yNew[i] = y[i] + h * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
        f(t + h, yNew, k7);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double e = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
            double scale = tol.AbsoluteTolerance + tol.RelativeTolerance * Math.Max(Math.Abs(y[i]), Math.Abs(yNew[i]));
            sum += e / scale * (e / scale);
        }
        return n == 0 ? 0 : Math.Sqrt(sum / n);
    }

    /// <summary>Hairer I, §II.4 "starting step size": h from ‖y0‖, ‖f0‖ and a finite-difference estimate of ‖f′‖.</summary>
    static double InitialStep(Action<double, ReadOnlySpan<double>, Span<double>> f, double t, double[] y, double[] f0,
        double direction, OdeTolerances tol, double[] y1, double[] f1, ref int evaluations)
    {
        int n = y.Length;
        if (n == 0) return 1;
        double d0 = 0, d1 = 0;
        for (int i = 0; i < n; i++)
        {
            double sc = tol.AbsoluteTolerance + tol.RelativeTolerance * Math.Abs(y[i]);
            d0 += y[i] / sc * (y[i] / sc); d1 += f0[i] / sc * (f0[i] / sc);
        }
        d0 = Math.Sqrt(d0 / n); d1 = Math.Sqrt(d1 / n);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        for (int i = 0; i < n; i++) y1[i] = y[i] + direction * h0 * f0[i];
        f(t + direction * h0, y1, f1);
        evaluations++;
        double d2 = 0;
        for (int i = 0; i < n; i++)
        {
            double sc = tol.AbsoluteTolerance + tol.RelativeTolerance * Math.Abs(y[i]);
            double df = (f1[i] - f0[i]) / sc;
            d2 += df * df;
        }
        d2 = Math.Sqrt(d2 / n) / h0;
        double h1 = Math.Max(d1, d2) <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3) : Math.Pow(0.01 / Math.Max(d1, d2), 1.0 / 5);
        return Math.Min(100 * h0, h1);
    }

    static void CheckTimes(double t0, ReadOnlySpan<double> times)
    {
        if (times.IsEmpty) throw new ArgumentException("No output times were given; pass at least the end time.", nameof(times));
        if (!double.IsFinite(t0)) throw new ArgumentException($"Start time {t0} is not finite.", nameof(t0));
        double direction = times[^1] >= t0 ? 1 : -1, previous = t0;
        foreach (double time in times)
        {
            if (!double.IsFinite(time)) throw new ArgumentException($"Output time {time} is not finite.", nameof(times));
            if (direction * (time - previous) < 0)
                throw new ArgumentException($"Output times must run monotonically from t0 = {t0} towards {times[^1]}; {time} comes after {previous}.", nameof(times));
            previous = time;
        }
    }
}
