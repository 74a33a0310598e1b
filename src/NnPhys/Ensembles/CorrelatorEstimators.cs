namespace NnPhys.Ensembles;

/// <summary>
/// Direct parameter-space Monte Carlo estimates from a <see cref="CorrelatorAccumulator"/> fed with sampled networks:
/// raw correlators G^{(n)}(x_1..x_n) = ⟨φ(x_1)…φ(x_n)⟩ (tasi-physics-for-ml eq. (27), (45)) and connected correlators
/// G_c^{(n)} as joint cumulants, which reduce to eq. (49), G4 − (G2G2 + perms), when odd correlators vanish.
/// </summary>
public static class CorrelatorEstimators
{
    /// <summary>Raw correlator ⟨Π_a φ(x_a)⟩ at tuple t, with its standard error.</summary>
    public static CorrelatorEstimate Moment(CorrelatorAccumulator accumulator, int t)
    {
        var moments = accumulator.TupleMoments(t);
        int full = moments.Length; // mask of the whole tuple is 2ⁿ − 1 = Length, stored at index Length − 1
        return DeltaMethod.Estimate(moments, m => m[full - 1]);
    }

    /// <summary>Connected correlator (joint cumulant) at tuple t, with its delta-method standard error.</summary>
    public static CorrelatorEstimate Connected(CorrelatorAccumulator accumulator, int t)
    {
        var moments = accumulator.TupleMoments(t);
        int full = moments.Length;
        return DeltaMethod.Estimate(moments, m => SetPartitions.CumulantFromMoments(full, mask => m[mask - 1]));
    }

    /// <summary>Estimates for every tuple: raw when <paramref name="connected"/> is false, else connected.</summary>
    public static CorrelatorEstimate[] All(CorrelatorAccumulator accumulator, bool connected)
    {
        var result = new CorrelatorEstimate[accumulator.Tuples.Count];
        for (int t = 0; t < result.Length; t++) result[t] = connected ? Connected(accumulator, t) : Moment(accumulator, t);
        return result;
    }
}
