using NnPhys.Numerics;
using NnPhys.Numerics.Sampling;

namespace NnPhys.Ensembles;

/// <summary>The power spectrum estimated at one momentum magnitude |p|.</summary>
/// <param name="Momentum">|p|.</param>
/// <param name="Power">The estimate with its standard error.</param>
/// <param name="FreeScalar">1/(p² + m²) for |p| &lt; Λ, else 0 (eq. (74)).</param>
/// <param name="Expected">The estimator's exact mean: eq. (74) blurred by the window.</param>
public sealed record SpectrumPoint(double Momentum, CorrelatorEstimate Power, double FreeScalar, double Expected);

/// <summary>
/// The power spectrum of Scalar-net (tasi-physics-for-ml eqs. (72)–(74)) measured from sampled networks. Each sampled
/// network φ(x) = Σ_i a_i cos(w_i·x + b_i) has the windowed transform (window g(x) = exp(−|x|²/(2W²)), exact per neuron)
/// φ̂_W(p) = Σ_i (a_i/2)[e^{i b_i} ĝ(p − w_i) + e^{−i b_i} ĝ(p + w_i)], ĝ(k) = (2πW²)^{d/2} e^{−W²|k|²/2}
/// (<see cref="WindowedTransform"/>). Its periodogram |φ̂_W(p)|²/(√π W)^d has mean ∫ d^dq K_W(p − q) G2(q), K_W a normalised
/// Gaussian of variance 1/(2W²) per axis: G2(p) = 1/(p² + m²) for |p| &lt; Λ, 0 beyond, blurred by ≈ 1/W. The estimator
/// used is that periodogram averaged, per network, over the phases b_i (which removes the cross terms i ≠ j, whose mean is
/// zero) and over the directions of p (the ensemble is rotation invariant): the same mean, far less variance, since
/// every neuron with ||w_i| − |p|| ≲ 1/W contributes instead of only those with |w_i − p| ≲ 1/W:
/// P̂(|p|) = (2πW²)^d/(√πW)^d Σ_i (a_i²/2) D_d(|p|, |w_i|), with D_d the direction average of e^{−W²|p − w|²}.
/// </summary>
public static class FreeScalarSpectrum
{
    /// <summary>Estimates P(|p|) at each momentum magnitude from <paramref name="samples"/> Scalar-net networks.</summary>
    /// <exception cref="InvalidConfigException">The ensemble is not a Scalar-net, W not positive, no momenta, or samples &lt; 2.</exception>
    public static SpectrumPoint[] Estimate(NeuronSumEnsemble scalarNet, IReadOnlyList<double> momenta, double windowWidth, ulong seed, long samples)
    {
        if (scalarNet.Neuron is not ScalarNetNeuron neuron)
            throw new InvalidConfigException($"The power spectrum estimator needs a Scalar-net ensemble (cos neurons with eq. (72) amplitudes), got {scalarNet.Name}.");
        Check.Positive(windowWidth, "The window width W");
        if (momenta.Count == 0) throw new InvalidConfigException("Give at least one momentum at which to estimate the power spectrum.");
        if (samples < 2) throw new InvalidConfigException($"A power spectrum with standard errors needs ≥ 2 sampled networks, got {samples}.");
        int d = neuron.InputDimension, n = scalarNet.Width, k = neuron.ParametersPerNeuron;
        double norm = Math.Pow(Math.Sqrt(Math.PI) * windowWidth, d);
        var accumulator = ParallelSampler.Run(new StreamRange(0, samples), () => new VectorObserver(momenta.Count), () =>
        {
            var theta = new double[n * k]; var weights = new double[n]; var power = new double[momenta.Count];
            double prefactor = Math.Pow(2 * Math.PI * windowWidth * windowWidth, d) / norm;
            return (rng, observer) =>
            {
                scalarNet.SampleParameters(rng, theta, weights);
                power.AsSpan().Clear();
                for (int i = 0; i < n; i++)
                {
                    var t = theta.AsSpan(i * k, k);
                    double a = weights[i] * neuron.Amplitude(t[..d]), w = 0;
                    for (int j = 0; j < d; j++) w += t[j] * t[j];
                    w = Math.Sqrt(w);
                    for (int m = 0; m < momenta.Count; m++)
                        power[m] += prefactor * a * a / 2 * DirectionAverage(d, momenta[m], w, windowWidth);
                }
                observer.Observe(power);
            };
        }, seed);
        var result = new SpectrumPoint[momenta.Count];
        for (int m = 0; m < momenta.Count; m++)
        {
            var e = new CorrelatorEstimate(accumulator.Moments.Mean[m], Math.Sqrt(accumulator.Moments.Covariance(m, m) / accumulator.Moments.Count));
            result[m] = new SpectrumPoint(momenta[m], e, AnalyticCorrelators.ScalarNetPowerSpectrum(momenta[m], neuron.Mass, neuron.Cutoff), ExpectedEstimate(momenta[m], d, neuron.Mass, neuron.Cutoff, windowWidth));
        }
        return result;
    }

    /// <summary>
    /// The exact mean of the estimator: (W/√π)^d ∫_{|q|&lt;Λ} d^dq D_d(|p|, |q|)/(q² + m²) = (W/√π)^d S_{d−1} ∫₀^Λ q^{d−1} D_d(|p|, q)/(q² + m²) dq,
    /// S_{d−1} = 2, 2π, 4π the area of the unit sphere; 1/(p² + m²) blurred by the window (Simpson, step ≪ 1/W).
    /// </summary>
    public static double ExpectedEstimate(double momentum, int dimension, double mass, double cutoff, double windowWidth)
    {
        double sphere = dimension switch { 1 => 2, 2 => 2 * Math.PI, 3 => 4 * Math.PI, _ => throw new InvalidConfigException($"d = {dimension} is not 1, 2 or 3.") };
        int steps = 2 * (int)Math.Ceiling(cutoff * windowWidth * 20);
        double h = cutoff / steps, sum = 0;
        for (int s = 0; s <= steps; s++)
        {
            double q = s * h, weight = s == 0 || s == steps ? 1 : (s % 2 == 1 ? 4 : 2);
            sum += weight * Math.Pow(q, dimension - 1) * DirectionAverage(dimension, momentum, q, windowWidth) / (q * q + mass * mass);
        }
        return Math.Pow(windowWidth / Math.Sqrt(Math.PI), dimension) * sphere * sum * h / 3;
    }

    /// <summary>
    /// D_d(p, w): the average of exp(−W²|p − w|²) over the directions of p at fixed |p| = p, |w| = w:
    /// d = 1: (e^{−W²(p−w)²} + e^{−W²(p+w)²})/2; d = 2: e^{−W²(p−w)²}·e^{−x}I₀(x); d = 3: e^{−W²(p−w)²}(1 − e^{−2x})/(2x), x = 2W²pw.
    /// </summary>
    public static double DirectionAverage(int dimension, double p, double w, double windowWidth)
    {
        double w2 = windowWidth * windowWidth, near = Math.Exp(-w2 * (p - w) * (p - w)), x = 2 * w2 * p * w;
        return dimension switch
        {
            1 => 0.5 * (near + Math.Exp(-w2 * (p + w) * (p + w))),
            2 => near * ScaledBesselI0(x),
            3 => x < 1e-8 ? near : near * -double.ExpM1(-2 * x) / (2 * x),
            _ => throw new InvalidConfigException($"The power spectrum is implemented for d = 1, 2, 3; got d = {dimension}."),
        };
    }

    /// <summary>e^{−x} I₀(x) for x ≥ 0: power series below 20, asymptotic series above.</summary>
    public static double ScaledBesselI0(double x)
    {
        if (x < 20)
        {
            double term = 1, sum = 1, q = x * x / 4;
            for (int k = 1; k < 200 && term > 1e-17 * sum; k++) { term *= q / ((double)k * k); sum += term; }
            return sum * Math.Exp(-x);
        }
        double inv = 1 / x; // e^{−x}I₀(x) ≈ (2πx)^{−1/2}(1 + 1/(8x) + 9/(128x²) + 225/(3072x³) + 11025/(98304x⁴))
        return (1 + inv * (1.0 / 8 + inv * (9.0 / 128 + inv * (225.0 / 3072 + inv * 11025.0 / 98304)))) / Math.Sqrt(2 * Math.PI * x);
    }

    /// <summary>
    /// φ̂_W(p) = ∫ d^dx φ(x) e^{−|x|²/(2W²)} e^{−ip·x} of one Scalar-net network, p = |p| e₀, exact per neuron (see the class remarks).
    /// </summary>
    public static (double re, double im) WindowedTransform(NeuronSumEnsemble scalarNet, ReadOnlySpan<double> theta, ReadOnlySpan<double> weights, double momentum, double windowWidth)
    {
        var neuron = (ScalarNetNeuron)scalarNet.Neuron;
        int d = neuron.InputDimension, k = neuron.ParametersPerNeuron;
        double gHatScale = Math.Pow(2 * Math.PI * windowWidth * windowWidth, d / 2.0), w2 = windowWidth * windowWidth;
        double re = 0, im = 0;
        for (int i = 0; i < scalarNet.Width; i++)
        {
            var t = theta.Slice(i * k, k);
            double a = weights[i] * neuron.Amplitude(t[..d]);
            double minus = 0, plus = 0; // |p − w|², |p + w|²
            for (int j = 0; j < d; j++) { double pj = j == 0 ? momentum : 0; minus += (pj - t[j]) * (pj - t[j]); plus += (pj + t[j]) * (pj + t[j]); }
            double gMinus = gHatScale * Math.Exp(-w2 * minus / 2), gPlus = gHatScale * Math.Exp(-w2 * plus / 2);
            re += a / 2 * Math.Cos(t[d]) * (gMinus + gPlus); // cos(w·x + b) = (e^{i(w·x+b)} + e^{−i(w·x+b)})/2
            im += a / 2 * Math.Sin(t[d]) * (gMinus - gPlus);
        }
        return (re, im);
    }

    /// <summary>The windowed transform of one network by direct quadrature on a 1-d grid (a slow reference for tests).</summary>
    public static (double re, double im) WindowedTransformByQuadrature(Func<double, double> phi, double momentum, double windowWidth, double halfRange, int steps)
    {
        double h = 2 * halfRange / steps, re = 0, im = 0;
        for (int s = 0; s < steps; s++)
        {
            double x = -halfRange + (s + 0.5) * h, f = phi(x) * Math.Exp(-x * x / (2 * windowWidth * windowWidth));
            re += f * Math.Cos(momentum * x) * h;
            im -= f * Math.Sin(momentum * x) * h;
        }
        return (re, im);
    }
}
