using NnPhys.Numerics.Sampling;

namespace NnPhys.Ensembles;

/// <summary>
/// How much a Monte Carlo mean of terms t_s can be trusted: the effective sample size (Σ|t|)²/Σt² of its terms and the
/// share max|t| / Σ|t| of the largest one. For light tails the ESS is a fixed fraction of the samples (≈ 2% even for a
/// sixth power of a Gaussian); for heavy tails such as Gauss-net's lognormal products far from the origin a handful of
/// samples carry the whole sum, the sample variance is itself wrong, and the reported standard error is far too small.
/// </summary>
/// <param name="EffectiveSampleSize">(Σ|t|)²/Σt².</param>
/// <param name="LargestTermShare">max|t| / Σ|t|.</param>
/// <param name="Samples">Number of terms.</param>
public readonly record struct TailDiagnostics(double EffectiveSampleSize, double LargestTermShare, long Samples)
{
    /// <summary>Below this many effective terms the mean is dominated by a few samples, whatever the sample count.</summary>
    public const double MinimumEffectiveSamples = 20;
    /// <summary>Below this ESS fraction the terms are heavy-tailed: a fourth power of a Gaussian has 0.086, a sixth power
    /// 0.022; the lognormal products of Gauss-net at |x| ≈ 3 (σ_w0 = 1.3) have 1e−4 to 1e−3.</summary>
    public const double MinimumEffectiveFraction = 0.003;
    /// <summary>Above this share one sample dominates the mean.</summary>
    public const double MaximumLargestShare = 0.1;

    /// <summary>True when the estimator's terms are too heavy-tailed for its standard error to mean anything.</summary>
    public bool HeavyTailed => Samples > 0 && (EffectiveSampleSize < Math.Max(MinimumEffectiveSamples, MinimumEffectiveFraction * Samples) || LargestTermShare > MaximumLargestShare);

    /// <summary>One line for logs and reports.</summary>
    public override string ToString() => FormattableString.Invariant($"ESS {EffectiveSampleSize:G3} of {Samples}, largest term {100 * LargestTermShare:G3}% of Σ|t|");
}

/// <summary>
/// Watches the full product Π_a φ(x_a) of each requested tuple (the term of the raw-moment estimator, and the heaviest
/// sub-product of the connected one) and reports <see cref="TailDiagnostics"/> per tuple. Streams and merges like every
/// other observer; memory is three numbers per tuple.
/// </summary>
public sealed class TailMonitor : ISampleObserver<TailMonitor>
{
    readonly int[][] _tuples;
    readonly double[] _sumAbs, _sumSquares, _max;
    long _count;

    /// <summary>A monitor over the same tuples as a <see cref="CorrelatorAccumulator"/>.</summary>
    public TailMonitor(IReadOnlyList<int[]> tuples)
    {
        _tuples = tuples.Select(t => (int[])t.Clone()).ToArray();
        _sumAbs = new double[_tuples.Length]; _sumSquares = new double[_tuples.Length]; _max = new double[_tuples.Length];
    }

    public void Observe(ReadOnlySpan<double> values)
    {
        for (int t = 0; t < _tuples.Length; t++)
        {
            double product = 1;
            foreach (var a in _tuples[t]) product *= values[a];
            double m = Math.Abs(product);
            _sumAbs[t] += m; _sumSquares[t] += m * m;
            if (m > _max[t]) _max[t] = m;
        }
        _count++;
    }

    public void Merge(TailMonitor other)
    {
        for (int t = 0; t < _tuples.Length; t++)
        {
            _sumAbs[t] += other._sumAbs[t]; _sumSquares[t] += other._sumSquares[t];
            _max[t] = Math.Max(_max[t], other._max[t]);
        }
        _count += other._count;
    }

    /// <summary>Diagnostics of tuple t; an all-zero tuple (e.g. odd moments that vanish identically) counts as light-tailed.</summary>
    public TailDiagnostics Diagnose(int t) => _sumAbs[t] > 0
        ? new TailDiagnostics(_sumAbs[t] * _sumAbs[t] / _sumSquares[t], _max[t] / _sumAbs[t], _count)
        : new TailDiagnostics(_count, 0, _count);
}

/// <summary>A <see cref="CorrelatorAccumulator"/> and a <see cref="TailMonitor"/> fed with the same samples.</summary>
public sealed class MonitoredCorrelatorAccumulator(IReadOnlyList<int[]> tuples, int pointCount) : ISampleObserver<MonitoredCorrelatorAccumulator>
{
    /// <summary>The correlator moments.</summary>
    public CorrelatorAccumulator Correlators { get; } = new(tuples, pointCount);
    /// <summary>The tail diagnostics of every tuple.</summary>
    public TailMonitor Tails { get; } = new(tuples);

    public void Observe(ReadOnlySpan<double> values) { Correlators.Observe(values); Tails.Observe(values); }
    public void Merge(MonitoredCorrelatorAccumulator other) { Correlators.Merge(other.Correlators); Tails.Merge(other.Tails); }
}
