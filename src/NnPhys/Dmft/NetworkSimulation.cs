using System.Diagnostics;
using NnPhys.Numerics;
using NnPhys.Runs;

namespace NnPhys.Dmft;

/// <summary>What a finite-network simulation measured.</summary>
/// <param name="Times">Recorded times t_k (from the end of the burn-in).</param>
/// <param name="Mean">m(t) = ⟨x_i(t)⟩ over all neurons and trials.</param>
/// <param name="EqualTimeCorrelation">C(t, t) = ⟨x_i(t)²⟩.</param>
/// <param name="Lags">Lags τ.</param>
/// <param name="Autocorrelation">Stationary C(τ) = ⟨x_i(t)x_i(t+τ)⟩ averaged over time origins, recorded neurons and trials.</param>
/// <param name="AutocorrelationError">Standard error of C(τ) across trials.</param>
/// <param name="Response">R(τ) = ⟨δx_i(t+τ)/δj_i(t)⟩ from the tangent dynamics after random-sign kicks (exact linear response).</param>
/// <param name="ResponseError">Standard error of R(τ) across trials.</param>
/// <param name="NoiseResponse">σ &gt; 0: R at lags (l+½)Δ = ⟨x(t) ∫ξ over the interval ending lΔ earlier⟩/(σΔ) by the Novikov identity
/// (Gaussian integration by parts: ⟨F ξ(s)⟩ = σ⟨δF/δj(s)⟩); NaN for σ = 0.</param>
/// <param name="TwoTimeCorrelation">C(t, t′) on the recorded grid (K×K row-major) when K ≤ 400, else empty.</param>
/// <param name="MultiplyAddsPerSecond">Coupling multiply-adds per wall-clock second of the whole integration.</param>
/// <param name="Seconds">Wall-clock seconds.</param>
/// <param name="Steps">Integrator steps (accepted) summed over networks.</param>
public sealed record NetworkSimulationResult(double[] Times, double[] Mean, double[] EqualTimeCorrelation, double[] Lags, double[] Autocorrelation,
    double[] AutocorrelationError, double[] Response, double[] ResponseError, double[] NoiseResponse, double[] TwoTimeCorrelation,
    double MultiplyAddsPerSecond, double Seconds, long Steps);

/// <summary>
/// Simulates N-neuron networks ẋ = −x + gJφ(x) + σξ (SPEC §4) with B trials per coupling matrix batched into one GEMM
/// per right-hand side (<see cref="RecurrentNetwork"/>); σ = 0: adaptive Dormand–Prince 5(4); σ &gt; 0: Euler–Maruyama.
/// Each trial carries a tangent vector for the response R(τ).
/// </summary>
public static class NetworkSimulation
{
    /// <summary>Runs the simulation.</summary>
    public static NetworkSimulationResult Run(NetworkSimulationConfig config, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        var activation = DmftActivations.Parse(config.Activation);
        int n = config.Size, b = config.TrialsPerNetwork, w = config.Response ? 2 * b : b, trials = config.Trials, lags = config.LagCount, outputs = config.OutputCount;
        int burnOutputs = (int)Math.Round(config.BurnIn / config.OutputStep), m = config.RecordedNeurons;
        bool keepAll = outputs <= 400;
        var mean = new double[outputs]; var equal = new double[outputs];
        var corr = new double[trials * lags]; var corrCount = new double[lags];
        var resp = new double[trials * lags]; var respCount = new double[trials * lags];
        var nov = new double[trials * lags]; var novCount = new double[lags];
        var samples = keepAll ? new double[trials * outputs * m] : [];
        var watch = Stopwatch.StartNew();
        double madds = 0; long steps = 0;
        for (int net = 0; net < config.Networks; net++)
        {
            var couplings = CouplingMatrix.Sample(n, config.Eta, new RandomStream(config.Seed, (ulong)net));
            var network = new RecurrentNetwork(couplings, n, config.Gain, activation, b, tangents: config.Response);
            var y = new double[n * w];
            var trialRandom = Enumerable.Range(0, b).Select(c => new RandomStream(config.Seed, 1000UL + (ulong)(net * b + c))).ToArray();
            for (int c = 0; c < b; c++)
                for (int i = 0; i < n; i++)
                    y[i * w + c] = config.Initial == "uniform" ? trialRandom[c].NextDouble() : trialRandom[c].NextNormal();
            var signs = new double[n * b];
            var ring = new double[lags * b * m];       // last L+1 recorded samples of the first m neurons
            var noiseRing = new double[lags * b * m];  // noise integrals ∫ξ over the last L+1 output intervals
            var integrator = config.Noise > 0 ? null : new DormandPrince45Stepper(y.Length, config.Tolerance, config.Tolerance);
            int substeps = config.Noise > 0 ? (int)Math.Round(config.OutputStep / config.EulerStep) : 0;
            var dy = config.Noise > 0 ? new double[y.Length] : [];
            var noiseSum = new double[b * m];
            for (int k = 0; k <= burnOutputs + outputs - 1; k++)
            {
                cancellation.ThrowIfCancellationRequested();
                if (k > 0)
                {
                    double t0 = (k - 1) * config.OutputStep, t1 = k * config.OutputStep;
                    if (integrator is not null) { integrator.Advance(network.Derivative, y, t0, t1); }
                    else
                    {
                        Array.Clear(noiseSum);
                        double h = config.EulerStep;
                        for (int s = 0; s < substeps; s++)
                        {
                            network.Derivative(y, dy);
                            for (int q = 0; q < y.Length; q++) y[q] += h * dy[q];
                            for (int c = 0; c < b; c++)
                                for (int i = 0; i < n; i++)
                                {
                                    double dW = trialRandom[c].NextNormal() * Math.Sqrt(h);
                                    y[i * w + c] += config.Noise * dW;
                                    if (i < m) noiseSum[c * m + i] += dW;
                                }
                        }
                    }
                }
                int r = k - burnOutputs;
                if (r < 0) continue;
                // m(t), C(t,t) over all neurons
                double sx = 0, sxx = 0;
                for (int i = 0; i < n; i++) for (int c = 0; c < b; c++) { double x = y[i * w + c]; sx += x; sxx += x * x; }
                mean[r] += sx / ((double)n * trials); equal[r] += sxx / ((double)n * trials);
                int slot = r % lags;
                for (int c = 0; c < b; c++)
                    for (int i = 0; i < m; i++) { ring[(slot * b + c) * m + i] = y[i * w + c]; noiseRing[(slot * b + c) * m + i] = noiseSum[c * m + i]; }
                if (keepAll)
                    for (int c = 0; c < b; c++) for (int i = 0; i < m; i++) samples[((net * b + c) * outputs + r) * m + i] = y[i * w + c];
                // C(τ) and the Novikov response from the ring buffers
                for (int lag = 0; lag < lags && lag <= r; lag++)
                {
                    int old = ((r - lag) % lags + lags) % lags;
                    if (net == 0) corrCount[lag] += 1;
                    for (int c = 0; c < b; c++)
                    {
                        double s = 0, sn = 0;
                        int a0 = (slot * b + c) * m, a1 = (old * b + c) * m;
                        for (int i = 0; i < m; i++) { s += ring[a0 + i] * ring[a1 + i]; sn += ring[a0 + i] * noiseRing[a1 + i]; }
                        corr[(net * b + c) * lags + lag] += s / m;
                        if (k - lag >= 1) nov[(net * b + c) * lags + lag] += sn / m;
                    }
                    if (net == 0 && k - lag >= 1) novCount[lag] += 1;
                }
                // tangent response: kick every L+1 outputs with random signs, read R at offsets 0..L
                int phase = r % lags;
                if (!config.Response) { }
                else if (phase == 0)
                {
                    for (int c = 0; c < b; c++)
                        for (int i = 0; i < n; i++) { double sgn = trialRandom[c].NextDouble() < 0.5 ? -1 : 1; signs[i * b + c] = sgn; y[i * w + b + c] = sgn; }
                    integrator?.Invalidate();
                }
                for (int c = 0; c < b && config.Response; c++)
                {
                    double s = 0;
                    for (int i = 0; i < n; i++) s += signs[i * b + c] * y[i * w + b + c];
                    resp[(net * b + c) * lags + phase] += s / n; respCount[(net * b + c) * lags + phase] += 1;
                }
                progress?.Report(new ProgressTick((net + (double)(k + 1) / (burnOutputs + outputs)) / config.Networks, $"network {net + 1}/{config.Networks}, t = {k * config.OutputStep:F1}"));
            }
            madds += network.Evaluations * network.MultiplyAddsPerEvaluation;
            steps += integrator?.AcceptedSteps ?? (long)substeps * (burnOutputs + outputs - 1);
        }
        double seconds = watch.Elapsed.TotalSeconds;
        var lagValues = Enumerable.Range(0, lags).Select(l => l * config.OutputStep).ToArray();
        var (cMean, cErr) = AcrossTrials(corr, trials, lags, l => corrCount[l]);
        var (rMean, rErr) = AcrossTrials(resp, trials, lags, null, respCount);
        var (nMean, _) = AcrossTrials(nov, trials, lags, l => novCount[l]);
        var noiseResponse = new double[lags];
        for (int l = 0; l < lags; l++) noiseResponse[l] = config.Noise > 0 ? nMean[l] / (config.Noise * config.OutputStep) : double.NaN;
        var twoTime = keepAll ? TwoTime(samples, trials, outputs, m) : [];
        return new NetworkSimulationResult(Enumerable.Range(0, outputs).Select(k => k * config.OutputStep).ToArray(), mean, equal, lagValues,
            cMean, cErr, rMean, rErr, noiseResponse, twoTime, madds / seconds, seconds, steps);
    }

    static (double[] Mean, double[] Error) AcrossTrials(double[] sums, int trials, int lags, Func<int, double>? count, double[]? counts = null)
    {
        var mean = new double[lags]; var err = new double[lags];
        for (int l = 0; l < lags; l++)
        {
            var v = new double[trials];
            for (int t = 0; t < trials; t++)
            {
                double c = counts is not null ? counts[t * lags + l] : count!(l);
                v[t] = c > 0 ? sums[t * lags + l] / c : double.NaN;
            }
            mean[l] = v.Average();
            err[l] = Math.Sqrt(v.Select(x => (x - mean[l]) * (x - mean[l])).Sum() / (trials - 1) / trials);
        }
        return (mean, err);
    }

    static double[] TwoTime(double[] samples, int trials, int outputs, int m)
    {
        var c = new double[outputs * outputs];
        for (int tr = 0; tr < trials; tr++)
            for (int p = 0; p < outputs; p++)
                for (int q = 0; q <= p; q++)
                {
                    double s = 0;
                    int a = (tr * outputs + p) * m, bq = (tr * outputs + q) * m;
                    for (int i = 0; i < m; i++) s += samples[a + i] * samples[bq + i];
                    c[p * outputs + q] += s / m / trials;
                }
        for (int p = 0; p < outputs; p++) for (int q = p + 1; q < outputs; q++) c[p * outputs + q] = c[q * outputs + p];
        return c;
    }
}
