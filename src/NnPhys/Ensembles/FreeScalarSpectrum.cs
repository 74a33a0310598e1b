using NnPhys.Numerics;

namespace NnPhys.Ensembles;

/// <summary>The power spectrum estimated at one momentum magnitude |p|.</summary>
public sealed record SpectrumPoint(double Momentum, CorrelatorEstimate Power, double FreeScalar);

/// <summary>
/// The power spectrum of Scalar-net (tasi-physics-for-ml eqs. (72)–(74)) measured from sampled networks. Each sampled
/// network φ(x) = Σ_i a_i cos(w_i·x + b_i) is Fourier transformed under a Gaussian window g(x) = exp(−|x|²/(2W²)); the
/// transform is exact per neuron: φ̂_W(p) = Σ_i (a_i/2)[e^{i b_i} ĝ(p − w_i) + e^{−i b_i} ĝ(p + w_i)], ĝ(k) = (2πW²)^{d/2} e^{−W²|k|²/2}.
/// The estimator P̂(p) = |φ̂_W(p)|² / (√π W)^d has mean ∫ d^dq K_W(p − q) G2(q), with K_W a normalised Gaussian of variance
/// 1/(2W²) per axis: G2(p) = 1/(p² + m²) for |p| &lt; Λ and 0 beyond, blurred by ≈ 1/W, so the cutoff Λ shows as a drop.
/// Momenta lie along the first axis, p = |p| e₀.
/// </summary>
public static class FreeScalarSpectrum
{
    /// <summary>Estimates P(|p|) at each momentum magnitude from <paramref name="samples"/> Scalar-net networks.</summary>
    /// <exception cref="InvalidConfigException">The ensemble is not a Scalar-net, W not positive, no momenta, or samples &lt; 2.</exception>
    public static SpectrumPoint[] Estimate(NeuronSumEnsemble scalarNet, IReadOnlyList<double> momenta, double windowWidth, ulong seed, long samples)
    {
        if (scalarNet.Neuron is not ScalarNetNeuron neuron)
            throw new InvalidConfigException($"The power spectrum estimator needs a Scalar-net ensemble (cos neurons with eq. (72) amplitudes), got {scalarNet.Name}.");
        EnsembleChecks.Positive(windowWidth, "The window width W");
        if (momenta.Count == 0) throw new InvalidConfigException("Give at least one momentum at which to estimate the power spectrum.");
        if (samples < 2) throw new InvalidConfigException($"A power spectrum with standard errors needs ≥ 2 sampled networks, got {samples}.");
        int d = neuron.InputDimension, n = scalarNet.Width, k = neuron.ParametersPerNeuron;
        double norm = Math.Pow(Math.Sqrt(Math.PI) * windowWidth, d);
        var accumulator = EnsembleSampler.Custom(new StreamRange(0, samples), () => new VectorObserver(momenta.Count), () =>
        {
            var theta = new double[n * k]; var weights = new double[n]; var power = new double[momenta.Count];
            return (rng, observer) =>
            {
                scalarNet.SampleParameters(rng, theta, weights);
                for (int m = 0; m < momenta.Count; m++)
                {
                    var (re, im) = WindowedTransform(scalarNet, theta, weights, momenta[m], windowWidth);
                    power[m] = (re * re + im * im) / norm;
                }
                observer.Observe(power);
            };
        }, seed);
        var result = new SpectrumPoint[momenta.Count];
        for (int m = 0; m < momenta.Count; m++)
        {
            var e = new CorrelatorEstimate(accumulator.Moments.Mean[m], Math.Sqrt(accumulator.Moments.Covariance(m, m) / accumulator.Moments.Count));
            result[m] = new SpectrumPoint(momenta[m], e, AnalyticCorrelators.ScalarNetPowerSpectrum(momenta[m], neuron.Mass, neuron.Cutoff));
        }
        return result;
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

/// <summary>Streams a K-vector per sample into a <see cref="VectorMomentAccumulator"/>.</summary>
public sealed class VectorObserver(int length) : ISampleObserver<VectorObserver>
{
    /// <summary>Mean and co-moment of the observed vectors.</summary>
    public VectorMomentAccumulator Moments { get; } = new(length);
    public void Observe(ReadOnlySpan<double> values) => Moments.Add(values);
    public void Merge(VectorObserver other) => Moments.Merge(other.Moments);
}
