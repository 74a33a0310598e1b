using NnPhys.Numerics;
using NnPhys.Numerics.Sampling;

namespace NnPhys.Ensembles;

/// <summary>
/// The exact-in-N reduction (eqs. (39), (50)–(51), (142)) for Gauss-net with its single-neuron moments estimated by
/// importance sampling in (w₀, b₀) — the estimator that stays honest where Gauss-net's lognormal products are heavy-tailed
/// (far from the origin, large σ_w0). For a subset B of a tuple, Π_{a∈B} ψ(x_a) ∝ exp(w·X_B + k b) with X_B = Σ_{a∈B} x_a,
/// k = |B|; the exponentially tilted density p(θ)e^{θ·D⁻¹μ_B}/Z with μ_B = (s X_B, kσ_b0²) (D = diag(s, …, s, σ_b0²)) makes
/// that product's importance weight constant. Each tuple samples from the defensive mixture q = (1/K) Σ_j p(θ − μ_j) over
/// the distinct tilts of its subsets and μ = 0, and weights every sample by r = p/q ≤ K, so each e(B) = E_q[r Π_B ψ] has
/// relative variance at most K − 1 (Owen &amp; Zhou 2000), whatever the tail of Π_B ψ under p.
/// Sample s of tuple t uses RandomStream(seed, s); the tuples are drawn one after another from it.
/// </summary>
public static class GaussNetImportanceReduction
{
    /// <summary>Connected (or, with <paramref name="connected"/> false, raw) correlators of every tuple of a Gauss-net ensemble.</summary>
    /// <exception cref="InvalidConfigException">The ensemble is not Gauss-net, bad tuples, or samples &lt; 1.</exception>
    public static CorrelatorEstimate[] Estimate(NeuronSumEnsemble ensemble, PointSet points, IReadOnlyList<int[]> tuples, IReadOnlyList<bool> connected, ulong seed, long samples,
        int maxThreads = 0, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        if (ensemble.Neuron is not GaussNeuron neuron) throw new InvalidConfigException($"The importance-sampled reduction is for Gauss-net neurons, got {ensemble.Neuron.Name}.");
        Check.Positive(samples, "The number of samples", "--samples 10000");
        points.RequireDimension(neuron.InputDimension, "the Gauss-net neuron");
        _ = new CorrelatorAccumulator(tuples, points.Count); // validates the tuples
        var plans = tuples.Select(t => new TuplePlan(neuron, points, t)).ToArray();
        var observer = ParallelSampler.Run(new StreamRange(0, samples), () => new Observer(plans), () =>
        {
            var theta = new double[neuron.InputDimension + 1];
            var logPsi = new double[CorrelatorAccumulator.MaxOrder];
            var terms = new double[(1 << CorrelatorAccumulator.MaxOrder) - 1];
            return (rng, obs) => { for (int t = 0; t < plans.Length; t++) obs.Add(t, plans[t].Sample(rng, theta, logPsi, terms)); };
        }, seed, maxThreads, progress, cancellation);
        var mu = Enumerable.Range(0, CorrelatorAccumulator.MaxOrder + 1).Select(ensemble.OutputWeights.RawMoment).ToArray();
        var result = new CorrelatorEstimate[tuples.Count];
        for (int t = 0; t < result.Length; t++)
        {
            int full = (1 << tuples[t].Length) - 1, width = ensemble.Width;
            double Connected(double[] e, int mask) => width * SetPartitions.CumulantFromMoments(mask, block => mu[SetPartitions.Size(block)] * e[block - 1]);
            result[t] = connected[t]
                ? DeltaMethod.Estimate(observer.Moments[t], e => Connected(e, full))
                : DeltaMethod.Estimate(observer.Moments[t], e => SetPartitions.MomentFromCumulants(full, block => Connected(e, block)));
        }
        return result;
    }

    /// <summary>The mixture components of one tuple and its sampler.</summary>
    sealed class TuplePlan
    {
        readonly int _n, _d;
        readonly double _s, _vb;
        readonly double[][] _x;          // the tuple's points, (n, d)
        readonly double[] _logNorm;      // −σ_b0² − s|x_a|², (n)
        readonly double[][] _tiltW;      // s X_B per component, (K, d)
        readonly double[] _tiltB;        // kσ_b0² per component, (K)
        readonly double[] _tiltHalfNorm; // ½ μᵀD⁻¹μ = ½(s|X_B|² + k²σ_b0²), (K)

        public int Subsets => (1 << _n) - 1;

        public TuplePlan(GaussNeuron neuron, PointSet points, int[] tuple)
        {
            _n = tuple.Length; _d = neuron.InputDimension;
            _s = neuron.SigmaW0 * neuron.SigmaW0 / _d; _vb = neuron.SigmaB0 * neuron.SigmaB0;
            _x = tuple.Select(points.Point).ToArray();
            _logNorm = _x.Select(p => -_vb - _s * p.Sum(v => v * v)).ToArray();
            var tilts = new List<(double[] w, double b)> { (new double[_d], 0) }; // μ = 0: the defensive component
            for (int mask = 1; mask < 1 << _n; mask++)
            {
                var sum = new double[_d];
                for (int a = 0; a < _n; a++) if ((mask >> a & 1) == 1) for (int j = 0; j < _d; j++) sum[j] += _x[a][j];
                var w = sum.Select(v => _s * v).ToArray();
                double b = SetPartitions.Size(mask) * _vb;
                if (!tilts.Any(c => c.b == b && c.w.AsSpan().SequenceEqual(w))) tilts.Add((w, b));
            }
            _tiltW = tilts.Select(c => c.w).ToArray(); _tiltB = tilts.Select(c => c.b).ToArray();
            _tiltHalfNorm = tilts.Select(c => 0.5 * (c.w.Sum(v => v * v) / _s + (_vb > 0 ? c.b * c.b / _vb : 0))).ToArray();
        }

        /// <summary>Draws θ ~ q and fills terms[mask − 1] = r(θ) Π_{a∈mask} ψ(x_a).</summary>
        public ReadOnlySpan<double> Sample(RandomStream rng, double[] theta, double[] logPsi, double[] terms)
        {
            int k = (int)(rng.NextDouble() * _tiltW.Length);
            if (k == _tiltW.Length) k--;
            double sw = Math.Sqrt(_s), sb = Math.Sqrt(_vb);
            for (int j = 0; j < _d; j++) theta[j] = _tiltW[k][j] + sw * rng.NextNormal();
            theta[_d] = _tiltB[k] + sb * rng.NextNormal();
            // log q/p = log (1/K) Σ_j exp(θ·D⁻¹μ_j − ½μ_jᵀD⁻¹μ_j), by log-sum-exp; θ·D⁻¹μ_j = w·X_j + k_j b
            double max = double.NegativeInfinity;
            Span<double> exponents = stackalloc double[_tiltW.Length];
            for (int c = 0; c < exponents.Length; c++)
            {
                double dot = 0;
                for (int j = 0; j < _d; j++) dot += theta[j] * _tiltW[c][j];
                exponents[c] = dot / _s + (_vb > 0 ? theta[_d] * _tiltB[c] / _vb : 0) - _tiltHalfNorm[c];
                max = Math.Max(max, exponents[c]);
            }
            double sum = 0;
            foreach (var e in exponents) sum += Math.Exp(e - max);
            double logWeight = -(max + Math.Log(sum / exponents.Length));
            for (int a = 0; a < _n; a++)
            {
                double z = theta[_d];
                for (int j = 0; j < _d; j++) z += theta[j] * _x[a][j];
                logPsi[a] = z + _logNorm[a]; // log ψ(x_a), eq. (60)
            }
            for (int mask = 1; mask <= Subsets; mask++)
            {
                double log = logWeight;
                for (int a = 0; a < _n; a++) if ((mask >> a & 1) == 1) log += logPsi[a];
                terms[mask - 1] = Math.Exp(log);
            }
            return terms.AsSpan(0, Subsets);
        }
    }

    sealed class Observer : ISampleObserver<Observer>
    {
        public VectorMomentAccumulator[] Moments { get; }
        public Observer(TuplePlan[] plans) => Moments = plans.Select(p => new VectorMomentAccumulator(p.Subsets)).ToArray();
        public void Add(int t, ReadOnlySpan<double> terms) => Moments[t].Add(terms);
        public void Observe(ReadOnlySpan<double> values) => throw new NotSupportedException("Importance-sampled terms are added per tuple.");
        public void Merge(Observer other) { for (int t = 0; t < Moments.Length; t++) Moments[t].Merge(other.Moments[t]); }
    }
}
