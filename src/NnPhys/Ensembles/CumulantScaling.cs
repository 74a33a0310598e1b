namespace NnPhys.Ensembles;

/// <summary>A connected correlator measured at one width N.</summary>
public sealed record WidthMeasurement(int Width, CorrelatorEstimate Estimate);

/// <summary>A power law |κ| = A·N^b fitted in log–log space, with the exponent's standard error and χ²/dof.</summary>
public sealed record PowerLawFit(double Exponent, double ExponentError, double Amplitude, double ChiSquaredPerDegreeOfFreedom, int PointsUsed, int PointsSkipped);

/// <summary>
/// Width scaling of connected correlators: κ_r ∝ N^{1 − r/2} for a sum of N i.i.d. terms with 1/√N normalisation
/// (tasi-physics-for-ml eq. (143); G4_c ∝ 1/N, G6_c ∝ 1/N²), measured by direct Monte Carlo at several widths and fitted.
/// </summary>
public static class CumulantScaling
{
    /// <summary>The exponent predicted by eq. (143) for an r-point connected correlator: 1 − r/2.</summary>
    public static double PredictedExponent(int order) => 1 - order / 2.0;

    /// <summary>Direct Monte Carlo of the connected correlator at <paramref name="tuple"/> for each width.</summary>
    /// <exception cref="InvalidConfigException">No widths, or a width below 1.</exception>
    public static WidthMeasurement[] Measure(Func<int, INetworkEnsemble> ensembleOfWidth, PointSet points, int[] tuple, IReadOnlyList<int> widths, ulong seed, long samples, int maxThreads = 0)
    {
        if (widths.Count == 0) throw new InvalidConfigException("Give at least one width to measure, e.g. --widths 1,2,4,8.");
        var result = new WidthMeasurement[widths.Count];
        for (int k = 0; k < widths.Count; k++)
        {
            Check.Positive(widths[k], "The width N", "--width 100");
            var acc = Correlators.SampleNetworks(ensembleOfWidth(widths[k]), points, [tuple], seed + (ulong)k * 7919, samples, maxThreads);
            result[k] = new WidthMeasurement(widths[k], CorrelatorEstimators.Connected(acc, 0));
        }
        return result;
    }

    /// <summary>
    /// Weighted least squares of log|κ| on log N with σ(log|κ|) = SE/|κ|. Points not resolved from zero (|κ| &lt; 2 SE)
    /// are skipped and counted in <see cref="PowerLawFit.PointsSkipped"/>.
    /// </summary>
    /// <exception cref="NumericalInstabilityException">Fewer than two resolved points.</exception>
    public static PowerLawFit Fit(IReadOnlyList<WidthMeasurement> measurements)
    {
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        var used = new List<(double x, double y, double w)>();
        foreach (var m in measurements)
        {
            double v = Math.Abs(m.Estimate.Value), se = m.Estimate.StandardError;
            if (!(v > 2 * se) || se <= 0) continue;
            double x = Math.Log(m.Width), y = Math.Log(v), sigma = se / v, w = 1 / (sigma * sigma);
            used.Add((x, y, w));
            sw += w; sx += w * x; sy += w * y; sxx += w * x * x; sxy += w * x * y;
        }
        if (used.Count < 2)
            throw new NumericalInstabilityException($"Only {used.Count} of {measurements.Count} widths resolve the cumulant from zero (|κ| > 2 SE); use more samples or smaller widths.");
        double det = sw * sxx - sx * sx;
        double slope = (sw * sxy - sx * sy) / det, intercept = (sxx * sy - sx * sxy) / det;
        double chi2 = 0;
        foreach (var (x, y, w) in used) { double r = y - intercept - slope * x; chi2 += w * r * r; }
        int dof = used.Count - 2;
        return new PowerLawFit(slope, Math.Sqrt(sw / det), Math.Exp(intercept), dof > 0 ? chi2 / dof : double.NaN, used.Count, measurements.Count - used.Count);
    }
}
