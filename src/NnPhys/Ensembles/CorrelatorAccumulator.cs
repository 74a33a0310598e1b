using NnPhys.Numerics.Sampling;
namespace NnPhys.Ensembles;

/// <summary>
/// Streaming accumulator for n-point functions at requested point tuples (x_{a1}, …, x_{an}), n ≤ 6. For each tuple it
/// keeps the running mean and co-moment of all 2ⁿ − 1 sub-products Π_{a∈B} v(x_a) (B a non-empty subset of the tuple's
/// positions), enough to form raw correlators (27), connected correlators (49) as joint cumulants, and their standard
/// errors by the delta method. Memory does not grow with the number of samples; accumulators merge exactly (to round-off).
/// </summary>
public sealed class CorrelatorAccumulator : ISampleObserver<CorrelatorAccumulator>
{
    /// <summary>Largest supported correlator order.</summary>
    public const int MaxOrder = 6;

    readonly int[][] _tuples;
    readonly VectorMomentAccumulator[] _moments;
    readonly double[] _products = new double[(1 << MaxOrder) - 1];

    /// <summary>The point-index tuples, in request order.</summary>
    public IReadOnlyList<int[]> Tuples => _tuples;
    /// <summary>Number of points P each sample must provide.</summary>
    public int PointCount { get; }
    /// <summary>Number of samples observed.</summary>
    public long Count => _moments.Length == 0 ? 0 : _moments[0].Count;

    /// <exception cref="InvalidConfigException">No tuples, an empty tuple or one of more than 6 points, or an index outside [0, P).</exception>
    public CorrelatorAccumulator(IReadOnlyList<int[]> tuples, int pointCount)
    {
        if (tuples.Count == 0) throw new InvalidConfigException("Request at least one correlator tuple, e.g. (0,1) for G2(x0, x1).");
        PointCount = pointCount;
        _tuples = new int[tuples.Count][];
        _moments = new VectorMomentAccumulator[tuples.Count];
        for (int t = 0; t < tuples.Count; t++)
        {
            var tuple = tuples[t];
            if (tuple.Length is < 1 or > MaxOrder)
                throw new InvalidConfigException($"Correlator tuple {t} has {tuple.Length} points; correlators of order 1 to {MaxOrder} are supported.");
            foreach (var a in tuple)
                if (a < 0 || a >= pointCount) throw new InvalidConfigException($"Correlator tuple {t} refers to point {a}, but only points 0..{pointCount - 1} were given.");
            _tuples[t] = (int[])tuple.Clone();
            _moments[t] = new VectorMomentAccumulator((1 << tuple.Length) - 1);
        }
    }

    /// <summary>Restores from saved per-tuple moment states (shard files).</summary>
    internal CorrelatorAccumulator(IReadOnlyList<int[]> tuples, int pointCount, VectorMomentAccumulator[] moments) : this(tuples, pointCount)
    {
        if (moments.Length != _moments.Length) throw new DataFileException($"Saved state has {moments.Length} tuple accumulators for {_moments.Length} tuples.");
        for (int t = 0; t < moments.Length; t++)
        {
            if (moments[t].Length != _moments[t].Length) throw new DataFileException($"Saved state for tuple {t} has {moments[t].Length} sub-products, expected {_moments[t].Length}.");
            if (moments[t].Count != moments[0].Count) throw new DataFileException("Saved tuple accumulators disagree on the sample count; the file is corrupt.");
            _moments[t] = moments[t];
        }
    }

    /// <summary>The sub-product accumulator of tuple t: entry (mask − 1) is the product over the tuple positions in mask.</summary>
    public VectorMomentAccumulator TupleMoments(int t) => _moments[t];

    /// <summary>Adds one sample: values[p] at each of the P points.</summary>
    /// <exception cref="NumericalInstabilityException">A value is NaN or infinite.</exception>
    public void Observe(ReadOnlySpan<double> values)
    {
        if (values.Length != PointCount) throw new ArgumentException($"Sample has {values.Length} values for {PointCount} points.", nameof(values));
        for (int t = 0; t < _tuples.Length; t++)
        {
            var tuple = _tuples[t];
            int subsets = (1 << tuple.Length) - 1;
            for (int mask = 1; mask <= subsets; mask++)
            {
                // product over the positions in mask = product over mask without its lowest bit, times that position's value
                int lowest = System.Numerics.BitOperations.TrailingZeroCount(mask), rest = mask & (mask - 1);
                double v = values[tuple[lowest]];
                _products[mask - 1] = rest == 0 ? v : _products[rest - 1] * v;
            }
            if (!double.IsFinite(_products[subsets - 1]))
                throw new NumericalInstabilityException($"A sampled network gave a non-finite product at tuple {t}; check the points and the architecture's scales (e.g. Gauss-net at |x| ≫ ξ overflows).");
            _moments[t].Add(_products.AsSpan(0, subsets));
        }
    }

    /// <summary>Absorbs another accumulator over the same tuples.</summary>
    /// <exception cref="InvalidConfigException">The tuples differ.</exception>
    public void Merge(CorrelatorAccumulator other)
    {
        if (other._tuples.Length != _tuples.Length || other.PointCount != PointCount)
            throw new InvalidConfigException("Cannot merge correlator accumulators over different tuples or point sets.");
        for (int t = 0; t < _tuples.Length; t++)
        {
            if (!other._tuples[t].AsSpan().SequenceEqual(_tuples[t])) throw new InvalidConfigException($"Cannot merge: tuple {t} differs between accumulators.");
            _moments[t].Merge(other._moments[t]);
        }
    }
}
