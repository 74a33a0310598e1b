namespace NnPhys.Ensembles;

/// <summary>
/// Closed-form single-neuron moments e(B) = ⟨Π_{a∈B} ψ(x_a)⟩ and, through the exact-in-N reduction (tasi-physics-for-ml
/// eqs. (39), (50)–(51), (142)), closed-form correlators of any order of a neuron-sum ensemble φ = Σ_i w_i ψ_i:
/// G_c(S) = N Σ_π (−1)^{|π|−1}(|π|−1)! Π_{B∈π} μ_{|B|} e(B), G(S) = Σ_π Π_{B∈π} G_c(B). Known e(B):
/// <list type="bullet">
/// <item>Gauss-net (eq. (60)): ψ = exp(w·x + b − σ_b0² − s|x|²), lognormal, so e(B) = exp(k²σ_b0²/2 − kσ_b0² + (s/2)|Σ_a x_a|² − sΣ_a|x_a|²), k = |B|.</item>
/// <item>Cos-net (eq. (68)): Π_a cos(A_a + b) = 2^{−k} Σ_ε cos(Σ_a ε_a A_a + (Σ_a ε_a) b); averaging b ~ U[−π, π] keeps Σε = 0, so
/// e(B) = 2^{−k} Σ_{ε: Σε=0} exp(−(s/2)|Σ_a ε_a x_a|²) (zero for odd k). This gives Cos-net G6_c in closed form.</item>
/// <item>Scalar-net (eq. (72)): e = 0 for one point; e(x, y) = G2(|x − y|)/σ_w1² with the cutoff propagator (eq. (74)).</item>
/// <item>Single layer σ(w·x + b): one and two points from the activation's Gaussian expectations (arc-cosine / Williams
/// kernels where closed, Gauss–Hermite otherwise); u = w·x + b has variance σ_w²|x|²/d + σ_b².</item>
/// </list>
/// Every other case returns NaN (no closed form): callers show "—".
/// </summary>
public static class NeuronMomentClosedForms
{
    /// <summary>e(B) for the points <paramref name="x"/> (repeats allowed), or NaN when no closed form is known.</summary>
    public static double Moment(IRandomNeuron neuron, IReadOnlyList<double[]> x)
    {
        if (x.Count == 0) return 1;
        return neuron switch
        {
            GaussNeuron g => Gauss(g, x),
            CosineNeuron c => Cosine(c.SigmaW0 * c.SigmaW0 / c.InputDimension, x),
            ScalarNetNeuron n when x.Count == 1 => 0,
            ScalarNetNeuron n when x.Count == 2 => ScalarNetPropagator.Position(Math.Sqrt(SquaredDistance(x[0], x[1])), n.InputDimension, n.Mass, n.Cutoff) / (n.SigmaW1 * n.SigmaW1),
            ActivationNeuron a when x.Count <= 2 => ActivationMoment(a, x),
            _ => double.NaN,
        };
    }

    /// <summary>Closed-form connected correlator G_c at the points of <paramref name="x"/> (one per tuple position), or NaN.</summary>
    public static double Connected(NeuronSumEnsemble ensemble, IReadOnlyList<double[]> x)
    {
        var e = BlockMoments(ensemble.Neuron, x);
        return e is null ? double.NaN : ConnectedFrom(e, (1 << x.Count) - 1, ensemble);
    }

    /// <summary>Closed-form raw correlator G = ⟨Π φ(x_a)⟩, or NaN.</summary>
    public static double Moment(NeuronSumEnsemble ensemble, IReadOnlyList<double[]> x)
    {
        var e = BlockMoments(ensemble.Neuron, x);
        return e is null ? double.NaN : SetPartitions.MomentFromCumulants((1 << x.Count) - 1, block => ConnectedFrom(e, block, ensemble));
    }

    static double ConnectedFrom(double[] e, int mask, NeuronSumEnsemble ensemble) =>
        ensemble.Width * SetPartitions.CumulantFromMoments(mask, block => ensemble.OutputWeights.RawMoment(SetPartitions.Size(block)) * e[block - 1]);

    // e[mask − 1] for every non-empty subset of the tuple positions; null when one has no closed form
    static double[]? BlockMoments(IRandomNeuron neuron, IReadOnlyList<double[]> x)
    {
        if (x.Count is < 1 or > CorrelatorAccumulator.MaxOrder) throw new InvalidConfigException($"Closed forms are evaluated for 1 to {CorrelatorAccumulator.MaxOrder} points, got {x.Count}.");
        var e = new double[(1 << x.Count) - 1];
        for (int mask = 1; mask <= e.Length; mask++)
        {
            var block = Enumerable.Range(0, x.Count).Where(a => (mask >> a & 1) == 1).Select(a => x[a]).ToArray();
            e[mask - 1] = Moment(neuron, block);
            if (double.IsNaN(e[mask - 1])) return null;
        }
        return e;
    }

    static double Gauss(GaussNeuron g, IReadOnlyList<double[]> x)
    {
        int k = x.Count, d = g.InputDimension;
        double s = g.SigmaW0 * g.SigmaW0 / d, vb = g.SigmaB0 * g.SigmaB0;
        var sum = new double[d];
        double squares = 0;
        foreach (var p in x) for (int j = 0; j < d; j++) { sum[j] += p[j]; squares += p[j] * p[j]; }
        double total = 0;
        for (int j = 0; j < d; j++) total += sum[j] * sum[j];
        // ⟨exp(w·Σx + k b)⟩ = exp(s|Σx|²/2 + k²σ_b0²/2), divided by the k normalisations exp(σ_b0² + s|x_a|²)
        return Math.Exp(k * k * vb / 2 - k * vb + s / 2 * total - s * squares);
    }

    static double Cosine(double s, IReadOnlyList<double[]> x)
    {
        int k = x.Count, d = x[0].Length;
        if (k % 2 == 1) return 0;
        double sum = 0;
        var combo = new double[d];
        for (int signs = 0; signs < 1 << k; signs++)
        {
            if (2 * System.Numerics.BitOperations.PopCount((uint)signs) != k) continue; // Σε = 0: half the signs are +
            Array.Clear(combo);
            for (int a = 0; a < k; a++)
            {
                double eps = (signs >> a & 1) == 1 ? 1 : -1;
                for (int j = 0; j < d; j++) combo[j] += eps * x[a][j];
            }
            double norm = 0;
            for (int j = 0; j < d; j++) norm += combo[j] * combo[j];
            sum += Math.Exp(-s / 2 * norm);
        }
        return sum / (1 << k);
    }

    static double ActivationMoment(ActivationNeuron a, IReadOnlyList<double[]> x)
    {
        int d = a.InputDimension;
        double scale = a.SigmaW * a.SigmaW / d, vb = a.SigmaB * a.SigmaB;
        double Cov(double[] p, double[] q) { double dot = 0; for (int j = 0; j < d; j++) dot += p[j] * q[j]; return scale * dot + vb; }
        return x.Count == 1
            ? a.Activation.GaussianMean(Cov(x[0], x[0]))
            : a.Activation.GaussianProduct(Cov(x[0], x[0]), Cov(x[0], x[1]), Cov(x[1], x[1]));
    }

    static double SquaredDistance(double[] a, double[] b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++) { double t = a[k] - b[k]; sum += t * t; }
        return sum;
    }
}
