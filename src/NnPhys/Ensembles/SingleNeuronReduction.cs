namespace NnPhys.Ensembles;

/// <summary>
/// Exact-in-N correlators of φ = Σ_{i=1}^{N} w_i ψ_i(x) from single-neuron expectations (tasi-physics-for-ml eqs. (39),
/// (50)–(51)), generalised to any order and any P(w): with X = wψ one summand, cumulants add over the N i.i.d. summands
/// (eq. (142)), κ_φ(S) = N κ_X(S), and the joint moments of X factor as ⟨Π_{a∈B} wψ(x_a)⟩ = μ_{|B|} ⟨Π_{a∈B} ψ(x_a)⟩ with
/// μ_k = ⟨w^k⟩. So G_c(S) = N Σ_π (−1)^{|π|−1}(|π|−1)! Π_{B∈π} μ_{|B|} e(B), where e(B) are single-neuron moments, and raw
/// correlators follow as G(S) = Σ_π Π_{B∈π} G_c(B). For even P(w) and n = 4 this is exactly eqs. (50)–(51).
/// Feed the <see cref="CorrelatorAccumulator"/> with single neurons ψ (one per sample), not networks.
/// </summary>
public static class SingleNeuronReduction
{
    /// <summary>Connected correlator at tuple t of a width-N ensemble with output weights P(w).</summary>
    public static CorrelatorEstimate Connected(CorrelatorAccumulator neuronMoments, int t, int width, OutputWeightDistribution weights)
    {
        Check.Positive(width, "The width N", "--width 100");
        var moments = neuronMoments.TupleMoments(t);
        int full = moments.Length;
        var mu = WeightMoments(weights);
        return DeltaMethod.Estimate(moments, e => ConnectedFrom(e, full, width, mu));
    }

    /// <summary>Raw correlator at tuple t of a width-N ensemble with output weights P(w).</summary>
    public static CorrelatorEstimate Moment(CorrelatorAccumulator neuronMoments, int t, int width, OutputWeightDistribution weights)
    {
        Check.Positive(width, "The width N", "--width 100");
        var moments = neuronMoments.TupleMoments(t);
        int full = moments.Length;
        var mu = WeightMoments(weights);
        return DeltaMethod.Estimate(moments, e => SetPartitions.MomentFromCumulants(full, block => ConnectedFrom(e, block, width, mu)));
    }

    /// <summary>Reductions for a neuron-sum ensemble (width and P(w) taken from it).</summary>
    public static CorrelatorEstimate Connected(CorrelatorAccumulator neuronMoments, int t, NeuronSumEnsemble ensemble) =>
        Connected(neuronMoments, t, ensemble.Width, ensemble.OutputWeights);

    /// <inheritdoc cref="Moment(CorrelatorAccumulator, int, int, OutputWeightDistribution)"/>
    public static CorrelatorEstimate Moment(CorrelatorAccumulator neuronMoments, int t, NeuronSumEnsemble ensemble) =>
        Moment(neuronMoments, t, ensemble.Width, ensemble.OutputWeights);

    static double[] WeightMoments(OutputWeightDistribution weights)
    {
        var mu = new double[CorrelatorAccumulator.MaxOrder + 1];
        for (int k = 0; k < mu.Length; k++) mu[k] = weights.RawMoment(k);
        return mu;
    }

    // G_c(S) = N Σ_π c_π Π_{B∈π} μ_{|B|} e(B): eqs. (50)–(51) for n = 4, eq. (39) for n = 2.
    static double ConnectedFrom(double[] e, int mask, int width, double[] mu) =>
        width * SetPartitions.CumulantFromMoments(mask, block => mu[SetPartitions.Size(block)] * e[block - 1]);
}
