namespace NnPhys.FokkerPlanck;

/// <summary>
/// A power-law or exponential fit of the scale-change curve r(t) over early epochs, extrapolated to the threshold.
/// </summary>
/// <param name="Model">"power" (log r = a + b·log t) or "exponential" (log r = a + b·t), whichever fits log r better, or "none".</param>
/// <param name="A">Intercept a.</param>
/// <param name="B">Slope b (must be &lt; 0 for an estimate).</param>
/// <param name="EpochsUsed">The epochs 1..EpochsUsed entered the fit.</param>
/// <param name="EstimatedT">The epoch where the fitted r reaches the threshold, or NaN (curve not decaying / too few points).</param>
/// <param name="Reason">Why there is no estimate, or empty.</param>
public sealed record TerminalEpochEstimate(string Model, double A, double B, int EpochsUsed, double EstimatedT, string Reason);

/// <summary>Both conditions of eq. (21) at one threshold: the T seen in the run and the early estimate.</summary>
/// <param name="Threshold">The threshold on r(t) and c(t).</param>
/// <param name="DetectedT">Scale invariance: first epoch from which r stays below the threshold, or null.</param>
/// <param name="Estimate">Its estimate from the early epochs.</param>
/// <param name="StationaryT">Stationarity: first epoch from which c stays below the threshold, or null.</param>
/// <param name="StationaryEstimate">Its estimate from the early epochs.</param>
public sealed record TerminalEpochSensitivity(double Threshold, int? DetectedT, TerminalEpochEstimate Estimate, int? StationaryT, TerminalEpochEstimate StationaryEstimate);

/// <summary>
/// Terminal epoch T of fokker-planck-to-callan-symanzik eq. (21): where t·∂P/∂t ≈ 0. With one epoch as unit time and P of unit
/// mass, the scale change r(t) = t·‖P_t − P_{t−1}‖₁ (backward difference, L1 = Σ|·|·cell area) is the L1 change of P per unit
/// of log t: rescaling training time by a factor (1 + δ) changes P by ≈ δ·r(t) in L1. T is the first epoch from which r stays
/// below the threshold (default 0.05: doubling the training time would move P by ≲ 3.5 %) for <c>consecutive</c> epochs.
/// The other condition of eq. (21), ∂P/∂t = 0, uses c(t) = ‖P_t − P_{t−1}‖₁ (<see cref="Change"/>) with the same
/// detection and estimate (P moves by less than 5 % in L1 per epoch).
/// </summary>
public static class TerminalEpoch
{
    /// <summary>Default threshold on r(t).</summary>
    public const double DefaultThreshold = 0.05;

    /// <summary>Thresholds of the sensitivity table: a factor 2–2.5 apart around the default 0.05.</summary>
    public static readonly double[] SensitivityThresholds = [0.01, 0.02, 0.05, 0.1, 0.2];

    /// <summary>
    /// Detection and early estimate of both conditions at each threshold (same <paramref name="consecutive"/> and fit epochs):
    /// how much T depends on the threshold chosen.
    /// </summary>
    public static IReadOnlyList<TerminalEpochSensitivity> Sensitivity(ReadOnlySpan<double> r, ReadOnlySpan<double> c, IReadOnlyList<double> thresholds,
                                                                     int consecutive = 3, int estimateEpochs = 5)
    {
        var rows = new List<TerminalEpochSensitivity>();
        foreach (double threshold in thresholds)
        {
            if (!(threshold > 0)) throw new InvalidConfigException($"A terminal-epoch threshold must be positive (got {threshold}).");
            rows.Add(new(threshold, Detect(r, threshold, consecutive), Estimate(r, estimateEpochs, threshold),
                         Detect(c, threshold, consecutive), Estimate(c, estimateEpochs, threshold)));
        }
        return rows;
    }

    /// <summary>An estimate beyond this many times the epochs fitted is reported as no estimate (with the reason).</summary>
    public const double MaxExtrapolation = 20;

    /// <summary>
    /// The stationarity form of eq. (21), ∂P/∂t ≈ 0: c(t) = ‖P_t − P_{t−1}‖₁ for t = 0..T (c(0) = 0), i.e. r(t)/t.
    /// </summary>
    public static double[] Change(IReadOnlyList<double[]> densities, double cellArea)
    {
        var c = ScaleChange(densities, cellArea);
        for (int t = 1; t < c.Length; t++) c[t] /= t;
        return c;
    }

    /// <summary>r(t) for t = 0..T (r(0) = 0), from densities per epoch boundary, each (Ny, Nx) on the same grid.</summary>
    public static double[] ScaleChange(IReadOnlyList<double[]> densities, double cellArea)
    {
        var r = new double[densities.Count];
        for (int t = 1; t < densities.Count; t++)
        {
            double l1 = 0;
            for (int k = 0; k < densities[t].Length; k++) l1 += Math.Abs(densities[t][k] - densities[t - 1][k]);
            r[t] = t * l1 * cellArea;   // t·‖∂P/∂t‖₁ with ∂t = 1 epoch, eq. (21)
        }
        return r;
    }

    /// <summary>The first epoch t ≥ 1 with r below the threshold for <paramref name="consecutive"/> epochs in a row (to the end if fewer remain), or null.</summary>
    public static int? Detect(ReadOnlySpan<double> r, double threshold = DefaultThreshold, int consecutive = 3)
    {
        for (int t = 1; t < r.Length; t++)
        {
            int end = Math.Min(r.Length, t + consecutive);
            bool below = true;
            for (int u = t; u < end; u++) below &= r[u] < threshold;
            if (below) return t;
        }
        return null;
    }

    /// <summary>
    /// Estimates T from the first <paramref name="epochs"/> values r(1..epochs) only (a short pre-training): least-squares fits
    /// of log r against log t (power law) and against t (exponential), the better fit (smaller residual in log r) is
    /// extrapolated to r = threshold.
    /// </summary>
    public static TerminalEpochEstimate Estimate(ReadOnlySpan<double> r, int epochs, double threshold = DefaultThreshold)
    {
        int used = Math.Min(epochs, r.Length - 1);
        var ts = new List<double>(); var logs = new List<double>();
        for (int t = 1; t <= used; t++) if (r[t] > 0) { ts.Add(t); logs.Add(Math.Log(r[t])); }
        if (ts.Count < 3) return new TerminalEpochEstimate("none", double.NaN, double.NaN, used, double.NaN, $"need ≥ 3 early epochs with r > 0, have {ts.Count}");
        var logTs = new List<double>();
        foreach (double t in ts) logTs.Add(Math.Log(t));
        var (aPow, bPow, ssPow) = Fit(logTs, logs);
        var (aExp, bExp, ssExp) = Fit(ts, logs);
        bool power = ssPow <= ssExp;
        double a = power ? aPow : aExp, b = power ? bPow : bExp;
        string model = power ? "power" : "exponential";
        if (logs.TrueForAll(l => l < Math.Log(threshold)))
            return new TerminalEpochEstimate(model, a, b, used, 1, "already below the threshold");
        if (!(b < 0)) return new TerminalEpochEstimate(model, a, b, used, double.NaN, "r(t) is not decaying over the early epochs");
        double target = Math.Log(threshold);
        double estimate = power ? Math.Exp((target - a) / b) : (target - a) / b;
        // A fit over `used` early epochs cannot support an extrapolation far beyond them (issue 8 §3): no estimate then.
        if (!(estimate <= MaxExtrapolation * used))
            return new TerminalEpochEstimate(model, a, b, used, double.NaN,
                $"the {model} fit reaches the threshold only at T ≈ {estimate:G3}, more than {MaxExtrapolation}× beyond the {used} epochs fitted");
        return new TerminalEpochEstimate(model, a, b, used, estimate, "");
    }

    static (double A, double B, double SumSquares) Fit(List<double> x, List<double> y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < x.Count; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        double b = sxx > 0 ? sxy / sxx : 0, a = my - b * mx, ss = 0;
        for (int i = 0; i < x.Count; i++) ss += Math.Pow(y[i] - a - b * x[i], 2);
        return (a, b, ss);
    }
}
