namespace NnPhys.Dmft;

/// <summary>
/// The fluctuation–dissipation relation of a stationary process with noise σ (SPEC §4): in equilibrium at temperature
/// T = σ²/2, R(τ) = −(1/T) dC/dτ = −(2/σ²) dC/dτ for τ &gt; 0.
/// </summary>
public static class FluctuationDissipation
{
    /// <summary>−(2/σ²) dC/dτ by central differences (one-sided at the ends).</summary>
    public static double[] PredictedResponse(double[] correlation, double step, double noise)
    {
        int n = correlation.Length;
        var r = new double[n];
        for (int k = 0; k < n; k++)
        {
            double d = k == 0 ? (correlation[1] - correlation[0]) / step
                : k == n - 1 ? (correlation[k] - correlation[k - 1]) / step
                : (correlation[k + 1] - correlation[k - 1]) / (2 * step);
            r[k] = -2 / (noise * noise) * d;
        }
        return r;
    }

    /// <summary>Violation Σ_τ |R − R_FDT| / Σ_τ |R| over lags 1..L (τ = 0 excluded: dC/dτ has a kink there).</summary>
    public static double Violation(double[] response, double[] predicted)
    {
        double num = 0, den = 0;
        for (int k = 1; k < response.Length - 1; k++) { num += Math.Abs(response[k] - predicted[k]); den += Math.Abs(response[k]); }
        return num / den;
    }
}
