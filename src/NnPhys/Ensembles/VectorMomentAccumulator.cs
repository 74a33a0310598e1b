namespace NnPhys.Ensembles;

/// <summary>
/// Streaming mean and co-moment matrix of a K-vector: memory O(K²) whatever the number of samples, mergeable
/// (Chan–Golub–LeVeque pairwise update), so shards of a sample can be accumulated apart and combined.
/// Welford's update per sample: δ = x − mean, mean += δ/n, C += δ ⊗ (x − mean_new).
/// (Kept inside Ensembles because its exact state is what shard files store.)
/// </summary>
public sealed class VectorMomentAccumulator
{
    readonly double[] _mean;     // (K)
    readonly double[] _comoment; // (K, K): Σ (x − mean)(x − mean)ᵀ
    readonly double[] _delta;    // (K) scratch
    readonly double[] _after;    // (K) scratch

    /// <summary>Vector length K.</summary>
    public int Length { get; }
    /// <summary>Number of samples added.</summary>
    public long Count { get; private set; }

    public VectorMomentAccumulator(int length)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), "An accumulator needs a vector length ≥ 1.");
        Length = length; _mean = new double[length]; _comoment = new double[length * length]; _delta = new double[length]; _after = new double[length];
    }

    /// <summary>Restores an accumulator from its state (count, mean (K), co-moment (K, K)).</summary>
    public VectorMomentAccumulator(long count, double[] mean, double[] comoment) : this(mean.Length)
    {
        if (comoment.Length != mean.Length * mean.Length) throw new DataFileException($"Accumulator state has a mean of length {mean.Length} but a co-moment of {comoment.Length} entries (expected {mean.Length * mean.Length}).");
        if (count < 0) throw new DataFileException($"Accumulator state has a negative count {count}.");
        Count = count; mean.CopyTo(_mean, 0); comoment.CopyTo(_comoment, 0);
    }

    /// <summary>Sample mean, length K.</summary>
    public ReadOnlySpan<double> Mean => _mean;
    /// <summary>Co-moment Σ (x − mean)(x − mean)ᵀ, (K, K) row-major.</summary>
    public ReadOnlySpan<double> Comoment => _comoment;

    /// <summary>Unbiased sample covariance entry (i, j) (0 with fewer than two samples).</summary>
    public double Covariance(int i, int j) => Count < 2 ? 0 : _comoment[i * Length + j] / (Count - 1);

    /// <summary>Adds one sample x of length K.</summary>
    public void Add(ReadOnlySpan<double> x)
    {
        if (x.Length != Length) throw new ArgumentException($"Sample has length {x.Length}, accumulator {Length}.", nameof(x));
        Count++;
        double inv = 1.0 / Count;
        for (int i = 0; i < Length; i++) { _delta[i] = x[i] - _mean[i]; _mean[i] += _delta[i] * inv; }
        var after = _after.AsSpan();
        System.Numerics.Tensors.TensorPrimitives.Subtract(x, _mean, after); // x − mean_new, (K)
        for (int i = 0; i < Length; i++)
        {
            var row = _comoment.AsSpan(i * Length, Length); // C[i, :] += δ_i (x − mean_new)
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(after, _delta[i], row, row);
        }
    }

    /// <summary>Merges <paramref name="other"/> into this one: the result equals accumulating both sample sets (to round-off).</summary>
    public void Merge(VectorMomentAccumulator other)
    {
        if (other.Length != Length) throw new ArgumentException($"Cannot merge accumulators of lengths {Length} and {other.Length}.");
        if (other.Count == 0) return;
        if (Count == 0) { Count = other.Count; other._mean.CopyTo(_mean, 0); other._comoment.CopyTo(_comoment, 0); return; }
        double na = Count, nb = other.Count, n = na + nb, f = na * nb / n;
        for (int i = 0; i < Length; i++) _delta[i] = other._mean[i] - _mean[i];
        for (int i = 0; i < Length; i++)
            for (int j = 0; j < Length; j++)
                _comoment[i * Length + j] += other._comoment[i * Length + j] + f * _delta[i] * _delta[j];
        for (int i = 0; i < Length; i++) _mean[i] += _delta[i] * (nb / n);
        Count += other.Count;
    }
}
