using NnPhys.Numerics.Sampling;
namespace NnPhys.Ensembles;

/// <summary>
/// Streams the powers φ(x)^k, k = 1..6, of one network output at one point: the one-variable moments whose cumulants κ_r
/// obey κ_r ∝ N^{1 − r/2} (tasi-physics-for-ml eqs. (138)–(143)). Cheaper than a 6-tuple of one repeated point.
/// </summary>
public sealed class PowerMomentObserver(int point = 0) : ISampleObserver<PowerMomentObserver>
{
    /// <summary>Highest power accumulated.</summary>
    public const int MaxPower = 6;
    readonly double[] _powers = new double[MaxPower];

    /// <summary>Mean and co-moment of (φ, φ², …, φ⁶).</summary>
    public VectorMomentAccumulator Moments { get; } = new(MaxPower);

    public void Observe(ReadOnlySpan<double> values)
    {
        double v = values[point], p = 1;
        for (int k = 0; k < MaxPower; k++) { p *= v; _powers[k] = p; }
        Moments.Add(_powers);
    }

    public void Merge(PowerMomentObserver other) => Moments.Merge(other.Moments);

    /// <summary>Cumulant κ_r, r = 1..6, from the raw moments (eq. (140)), with a delta-method standard error.</summary>
    public CorrelatorEstimate Cumulant(int r)
    {
        if (r is < 1 or > MaxPower) throw new InvalidConfigException($"Cumulants of order 1 to {MaxPower} are available, got {r}.");
        return DeltaMethod.Estimate(Moments, m => SetPartitions.CumulantFromMoments((1 << r) - 1, block => m[SetPartitions.Size(block) - 1]));
    }
}
