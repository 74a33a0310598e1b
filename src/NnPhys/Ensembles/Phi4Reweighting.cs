using NnPhys.Numerics.Sampling;
namespace NnPhys.Ensembles;

/// <summary>Reweighted correlators at one coupling λ.</summary>
/// <param name="Coupling">λ in exp(−λ∫_box φ⁴).</param>
/// <param name="Estimates">Per requested tuple: raw G2 for pairs, connected G_c for 4- and 6-tuples, under the reweighted ensemble.</param>
/// <param name="Shifts">Per tuple: estimate(λ) − estimate(0) from the same samples, with a joint standard error.</param>
/// <param name="FirstOrder">Per tuple: first-order perturbation theory for the shift (Wick contractions with the free propagator, the N → ∞ value).</param>
/// <param name="SampleFirstOrder">Per tuple: λ·d⟨O⟩/dλ at λ = 0 = −λ Cov₀(O, ∫φ⁴) from the same samples, the exact first order at this N (for connected
/// correlators the chain rule through the cumulant formula).</param>
/// <param name="EffectiveSampleSize">(Σw)²/Σw².</param>
/// <param name="EffectiveFraction">Effective sample size divided by the number of samples.</param>
/// <param name="Warning">Non-null when the effective sample size has collapsed and the estimates are unreliable.</param>
public sealed record Phi4Point(double Coupling, CorrelatorEstimate[] Estimates, CorrelatorEstimate[] Shifts, double[] FirstOrder, CorrelatorEstimate[] SampleFirstOrder, double EffectiveSampleSize, double EffectiveFraction, string? Warning);

/// <summary>
/// φ⁴ theory by operator insertion (tasi-physics-for-ml eqs. (135)–(137)): the Scalar-net ensemble (the free scalar,
/// eq. (74)) is reweighted by exp(−λ∫_box d^dx φ(x)⁴), the sign that keeps the weight bounded (SPEC §2), with the integral
/// by the midpoint rule on a grid of the box [−L/2, L/2]^d. ⟨O⟩_λ = ⟨O e^{−λI}⟩₀ / ⟨e^{−λI}⟩₀, with delta-method errors.
/// First-order perturbation theory for a Gaussian field with propagator G: δG2(x, y) = −12λ G(0) ∫_box dz G(x−z)G(z−y),
/// δG4_c(x1..x4) = −24λ ∫_box dz Π_a G(x_a − z). The effective sample size (Σw)²/Σw² reports the reweighting's reliability.
/// </summary>
public static class Phi4Reweighting
{
    /// <summary>Effective-sample-size threshold below which a warning is attached: max(50, 1% of samples).</summary>
    public static double CollapseThreshold(long samples) => Math.Max(50, 0.01 * samples);

    /// <summary>Runs the reweighting for all couplings from one set of sampled networks.</summary>
    /// <exception cref="InvalidConfigException">Not a Scalar-net, a negative coupling, a bad box/grid, tuples of orders other than 2, 4, 6.</exception>
    public static Phi4Point[] Run(NeuronSumEnsemble scalarNet, double boxSize, int gridPerAxis, IReadOnlyList<double> couplings,
        PointSet observationPoints, IReadOnlyList<int[]> tuples, ulong seed, long samples, int maxThreads = 0, IProgress<double>? progress = null)
    {
        if (scalarNet.Neuron is not ScalarNetNeuron neuron) throw new InvalidConfigException($"φ⁴ by operator insertion deforms the free scalar: use a Scalar-net ensemble, got {scalarNet.Name}.");
        Check.Positive(boxSize, "The box size L");
        if (gridPerAxis < 2) throw new InvalidConfigException($"The box grid needs ≥ 2 points per axis, got {gridPerAxis}.");
        if (couplings.Count == 0) throw new InvalidConfigException("Give at least one coupling λ.");
        foreach (var l in couplings) if (!double.IsFinite(l) || l < 0) throw new InvalidConfigException($"Couplings must be finite and ≥ 0 (the weight exp(−λ∫φ⁴) is bounded only then), got {l}.");
        foreach (var t in tuples) if (t.Length is not (2 or 4 or 6)) throw new InvalidConfigException($"φ⁴ observables are G2, G4_c or G6_c: tuples of 2, 4 or 6 points, got {t.Length}.");
        Check.Positive(samples, "The number of samples", "--samples 10000");
        int d = neuron.InputDimension;
        var grid = PointSet.Grid(d, gridPerAxis, -boxSize / 2, boxSize / 2);
        double cell = Math.Pow(boxSize / gridPerAxis, d);
        var all = observationPoints.Concat(grid); // observation points first, then the box grid
        int q = observationPoints.Count;

        // layout: [plain monomials (K)], [I], [I·monomials (K)], then per λ: [w, w², w·monomials (K)]
        var offsets = new int[tuples.Count];
        int k = 0;
        for (int t = 0; t < tuples.Count; t++) { offsets[t] = k; k += (1 << tuples[t].Length) - 1; }
        int blocks = 2 * k + 1;
        int length = blocks + couplings.Count * (k + 2);
        var moments = EnsembleSampler.Networks(scalarNet, all, seed, new StreamRange(0, samples), () => new Observer(tuples, offsets, k, blocks, couplings, q, cell, length), maxThreads, progress).Moments;

        var result = new Phi4Point[couplings.Count];
        for (int l = 0; l < couplings.Count; l++)
        {
            int b = blocks + l * (k + 2);
            var sampleFirst = new CorrelatorEstimate[tuples.Count];
            var estimates = new CorrelatorEstimate[tuples.Count];
            var shifts = new CorrelatorEstimate[tuples.Count];
            var firstOrder = new double[tuples.Count];
            for (int t = 0; t < tuples.Count; t++)
            {
                int n = tuples[t].Length, full = (1 << n) - 1, o = offsets[t];
                double Plain(double[] v) => Observable(n, full, mask => v[o + mask - 1]);
                double Weighted(double[] v) => Observable(n, full, mask => v[b + 2 + o + mask - 1] / v[b]);
                estimates[t] = DeltaMethod.Estimate(moments, Weighted);
                shifts[t] = DeltaMethod.Estimate(moments, v => Weighted(v) - Plain(v));
                firstOrder[t] = couplings[l] * FirstOrderPerUnitCoupling(neuron, observationPoints, tuples[t], grid, cell);
                double lambda = couplings[l];
                sampleFirst[t] = DeltaMethod.Estimate(moments, v =>
                {
                    // d m_B/dλ at 0 = −(⟨I m_B⟩ − ⟨I⟩⟨m_B⟩); central difference of the observable along that direction
                    double scale = 0, slopeScale = 0;
                    for (int mask = 1; mask <= full; mask++) { scale = Math.Max(scale, Math.Abs(v[o + mask - 1])); slopeScale = Math.Max(slopeScale, Math.Abs(v[k + 1 + o + mask - 1] - v[k] * v[o + mask - 1])); }
                    double h = slopeScale > 0 ? 1e-4 * scale / slopeScale : 1;
                    double Along(double step) => Observable(n, full, mask => v[o + mask - 1] - step * (v[k + 1 + o + mask - 1] - v[k] * v[o + mask - 1]));
                    return lambda * (Along(h) - Along(-h)) / (2 * h);
                });
            }
            double meanW = moments.Mean[b], meanW2 = moments.Mean[b + 1];
            double ess = meanW2 > 0 ? samples * meanW * meanW / meanW2 : 0;
            string? warning = ess < CollapseThreshold(samples)
                ? $"effective sample size collapsed at λ = {couplings[l]}: {ess:F1} of {samples} samples carry the weight; these estimates are unreliable (lower λ, shrink the box, or sample more)."
                : null;
            result[l] = new Phi4Point(couplings[l], estimates, shifts, firstOrder, sampleFirst, ess, ess / samples, warning);
        }
        return result;
    }

    // raw G2 for pairs; connected (joint cumulant) for 4 and 6 points
    static double Observable(int n, int full, Func<int, double> moment) => n == 2 ? moment(full) : SetPartitions.CumulantFromMoments(full, moment);

    /// <summary>First-order shift per unit λ from Wick contractions with the free propagator (see the class remarks).</summary>
    public static double FirstOrderPerUnitCoupling(ScalarNetNeuron neuron, PointSet observationPoints, int[] tuple, PointSet grid, double cell)
    {
        int d = neuron.InputDimension;
        var cache = new Dictionary<long, double>();
        double G(double[] x, double[] y)
        {
            double r2 = 0;
            for (int j = 0; j < d; j++) r2 += (x[j] - y[j]) * (x[j] - y[j]);
            long key = (long)Math.Round(Math.Sqrt(r2) * 1e6);
            if (!cache.TryGetValue(key, out var g)) cache[key] = g = ScalarNetPropagator.Position(key / 1e6, d, neuron.Mass, neuron.Cutoff);
            return g;
        }
        var xs = tuple.Select(observationPoints.Point).ToArray();
        double g0 = G(xs[0], xs[0]), sum = 0;
        for (int z = 0; z < grid.Count; z++)
        {
            var zp = grid.Point(z);
            if (tuple.Length == 2) sum += -12 * g0 * G(xs[0], zp) * G(zp, xs[1]);
            else if (tuple.Length == 4) sum += -24 * G(xs[0], zp) * G(xs[1], zp) * G(xs[2], zp) * G(xs[3], zp);
            else return double.NaN; // G6_c starts at second order in λ
        }
        return sum * cell;
    }

    sealed class Observer(IReadOnlyList<int[]> tuples, int[] offsets, int k, int blocks, IReadOnlyList<double> couplings, int q, double cell, int length) : ISampleObserver<Observer>
    {
        public VectorMomentAccumulator Moments { get; } = new(length);
        readonly double[] _v = new double[length];

        public void Observe(ReadOnlySpan<double> values)
        {
            double integral = 0; // I = ∫_box φ⁴ by the midpoint rule, eq. (137)
            for (int g = q; g < values.Length; g++) { double f2 = values[g] * values[g]; integral += f2 * f2; }
            integral *= cell;
            for (int t = 0; t < tuples.Count; t++)
            {
                var tuple = tuples[t];
                for (int mask = 1; mask < 1 << tuple.Length; mask++)
                {
                    int lowest = System.Numerics.BitOperations.TrailingZeroCount(mask), rest = mask & (mask - 1);
                    double v = values[tuple[lowest]];
                    _v[offsets[t] + mask - 1] = rest == 0 ? v : _v[offsets[t] + rest - 1] * v;
                }
            }
            _v[k] = integral;
            for (int j = 0; j < k; j++) _v[k + 1 + j] = integral * _v[j];
            for (int l = 0; l < couplings.Count; l++)
            {
                int b = blocks + l * (k + 2);
                double w = Math.Exp(-couplings[l] * integral); // eq. (135) with V = −λφ⁴: a bounded weight in (0, 1]
                _v[b] = w; _v[b + 1] = w * w;
                for (int j = 0; j < k; j++) _v[b + 2 + j] = w * _v[j];
            }
            Moments.Add(_v);
        }

        public void Merge(Observer other) => Moments.Merge(other.Moments);
    }
}
