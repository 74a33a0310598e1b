using NnPhys.Architectures;
using NnPhys.Numerics;

namespace NnPhys.Dmft;

/// <summary>Largest Lyapunov exponent of one (g, η) point.</summary>
/// <param name="Gain">g.</param>
/// <param name="Eta">η.</param>
/// <param name="Exponent">λ_max, mean over trials.</param>
/// <param name="StandardError">Standard error across trials.</param>
/// <param name="Prediction">−1 + g(1+η)φ′(0) where the fixed point x = 0 is stable (g(1+η)φ′(0) &lt; 1; elliptic law), else NaN.</param>
public sealed record LyapunovPoint(double Gain, double Eta, double Exponent, double StandardError, double Prediction);

/// <summary>
/// The largest Lyapunov exponent of ẋ = −x + gJφ(x) from the tangent dynamics δẋ = −δx + gJ(φ′(x)⊙δx) with
/// renormalisation (Benettin et al. 1980): the trials and their tangent vectors share one GEMM per right-hand side
/// (<see cref="RecurrentNetwork"/>), integrated by Dormand–Prince 5(4); every <c>renormalizeEvery</c> time units each
/// tangent column is rescaled to unit RMS and its log growth accumulated.
/// </summary>
public static class LyapunovExponent
{
    /// <summary>λ_max for one coupling matrix and <paramref name="trials"/> initial conditions.</summary>
    public static LyapunovPoint Measure(int size, double gain, double eta, Activation activation, int trials, double burnIn, double duration,
        ulong seed, double renormalizeEvery = 1.0, double tolerance = 1e-6, CancellationToken cancellation = default)
    {
        CouplingMatrix.CheckCorrelation(eta);
        if (gain <= 0 || !double.IsFinite(gain)) throw new InvalidConfigException($"--g must be positive, got {gain}.");
        if (trials < 2) throw new InvalidConfigException($"At least 2 trials are needed for a standard error, got {trials}.");
        if (!(duration >= 10 * renormalizeEvery)) throw new InvalidConfigException($"--duration must cover at least 10 renormalisations ({10 * renormalizeEvery}), got {duration}.");
        var random = new RandomStream(seed, (ulong)Math.Abs(HashCode.Combine(gain, eta)));
        var j = CouplingMatrix.Sample(size, eta, random);
        var network = new RecurrentNetwork(j, size, gain, activation, trials, tangents: true);
        int w = 2 * trials;
        var y = new double[size * w];
        for (int i = 0; i < size; i++) for (int c = 0; c < w; c++) y[i * w + c] = random.NextNormal();
        var integrator = new DormandPrince45Stepper(y.Length, tolerance, tolerance);
        var sums = new double[trials];
        int burnSteps = (int)Math.Round(burnIn / renormalizeEvery), steps = (int)Math.Round(duration / renormalizeEvery);
        for (int k = 0; k < burnSteps + steps; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            integrator.Advance(network.Derivative, y, k * renormalizeEvery, (k + 1) * renormalizeEvery);
            for (int c = 0; c < trials; c++)
            {
                double norm = 0;
                for (int i = 0; i < size; i++) norm += y[i * w + trials + c] * y[i * w + trials + c];
                norm = Math.Sqrt(norm / size);
                if (!(norm > 0) || !double.IsFinite(norm)) throw new NumericalInstabilityException($"Tangent vector norm {norm} at t = {(k + 1) * renormalizeEvery}.");
                for (int i = 0; i < size; i++) y[i * w + trials + c] /= norm;
                if (k >= burnSteps) sums[c] += Math.Log(norm);
            }
            integrator.Invalidate();
        }
        var exps = sums.Select(s => s / (steps * renormalizeEvery)).ToArray();
        double mean = exps.Average(), se = Math.Sqrt(exps.Sum(v => (v - mean) * (v - mean)) / (trials - 1) / trials);
        double slope = activation.Derivative(0) * gain * (1 + eta);
        return new LyapunovPoint(gain, eta, mean, se, slope < 1 ? -1 + slope : double.NaN);
    }
}
