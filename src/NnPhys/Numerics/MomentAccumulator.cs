namespace NnPhys.Numerics;

/// <summary>
/// Streaming moments of many observables at once — one slot per observable, all sharing one sample count — as
/// flat arrays, so a whole vector of observables (e.g. every entry of a correlator) is updated per sample in one
/// loop. Same update and pairwise-merge formulas as <see cref="StreamingMoments"/> (Pébay 2008, eqs. 2.1–2.4, 3.1),
/// so shards accumulated independently can be merged; <see cref="ToArray"/>/<see cref="FromArray"/> serialise the state.
/// </summary>
public sealed class MomentAccumulator
{
    readonly double[] _mean, _m2, _m3, _m4;

    /// <summary>An empty accumulator for <paramref name="observables"/> observables.</summary>
    public MomentAccumulator(int observables)
    {
        if (observables < 0) throw new ArgumentOutOfRangeException(nameof(observables), $"Observable count must be non-negative, got {observables}.");
        Observables = observables;
        _mean = new double[observables]; _m2 = new double[observables]; _m3 = new double[observables]; _m4 = new double[observables];
    }

    /// <summary>Number of observables (slots).</summary>
    public int Observables { get; }
    /// <summary>Number of samples added (each sample holds one value per observable).</summary>
    public long Count { get; private set; }
    /// <summary>Running means, one per observable.</summary>
    public ReadOnlySpan<double> Mean => _mean;
    /// <summary>M2 = Σ (x − mean)² per observable.</summary>
    public ReadOnlySpan<double> M2 => _m2;
    /// <summary>M3 = Σ (x − mean)³ per observable.</summary>
    public ReadOnlySpan<double> M3 => _m3;
    /// <summary>M4 = Σ (x − mean)⁴ per observable.</summary>
    public ReadOnlySpan<double> M4 => _m4;

    /// <summary>Adds one sample: <paramref name="values"/>[i] is the value of observable i.</summary>
    /// <exception cref="ArgumentException">Length differs from <see cref="Observables"/>.</exception>
    /// <exception cref="NnPhysException">A value is NaN or infinite (the accumulator is left unchanged).</exception>
    public void Add(ReadOnlySpan<double> values)
    {
        if (values.Length != Observables) throw new ArgumentException($"MomentAccumulator.Add: got {values.Length} values for {Observables} observables.", nameof(values));
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw new NnPhysException($"MomentAccumulator.Add: observable {i} of sample {Count} is {values[i]}; filter or fix the source.");
        long n1 = Count, n = n1 + 1;
        double inv = 1.0 / n, c4 = (double)n * n - 3.0 * n + 3, c3 = n - 2;
        for (int i = 0; i < values.Length; i++)
        {
            // Pébay (2008) eqs. 2.1–2.4 with n_B = 1, per observable.
            double delta = values[i] - _mean[i], deltaN = delta * inv, deltaN2 = deltaN * deltaN, term1 = delta * deltaN * n1;
            _mean[i] += deltaN;
            _m4[i] += term1 * deltaN2 * c4 + 6 * deltaN2 * _m2[i] - 4 * deltaN * _m3[i];
            _m3[i] += term1 * deltaN * c3 - 3 * deltaN * _m2[i];
            _m2[i] += term1;
        }
        Count = n;
    }

    /// <summary>Adds <paramref name="samples"/> laid out (count, Observables) row-major, one sample per row.</summary>
    public void AddRows(ReadOnlySpan<double> samples)
    {
        if (Observables == 0) throw new InvalidOperationException("MomentAccumulator with 0 observables cannot take rows.");
        if (samples.Length % Observables != 0)
            throw new ArgumentException($"MomentAccumulator.AddRows: {samples.Length} values is not a whole number of rows of {Observables}.", nameof(samples));
        for (int r = 0; r < samples.Length / Observables; r++) Add(samples.Slice(r * Observables, Observables));
    }

    /// <summary>Merges another accumulator over the same observables (Pébay 2008 eq. 3.1). The other is not changed.</summary>
    /// <exception cref="ArgumentException">Observable counts differ.</exception>
    public void Merge(MomentAccumulator other)
    {
        if (other.Observables != Observables) throw new ArgumentException($"Cannot merge accumulators of {other.Observables} and {Observables} observables.", nameof(other));
        if (other.Count == 0) return;
        if (Count == 0)
        {
            other._mean.CopyTo(_mean, 0); other._m2.CopyTo(_m2, 0); other._m3.CopyTo(_m3, 0); other._m4.CopyTo(_m4, 0);
            Count = other.Count;
            return;
        }
        for (int i = 0; i < Observables; i++)
            (_, _mean[i], _m2[i], _m3[i], _m4[i]) = StreamingMoments.PairwiseMerge(
                Count, _mean[i], _m2[i], _m3[i], _m4[i], other.Count, other._mean[i], other._m2[i], other._m3[i], other._m4[i]);
        Count += other.Count;
    }

    /// <summary>The moments of observable <paramref name="index"/> as a <see cref="StreamingMoments"/>.</summary>
    public StreamingMoments Get(int index) =>
        StreamingMoments.FromArray([Count, _mean[index], _m2[index], _m3[index], _m4[index]]);

    /// <summary>Unbiased variances M2/(n−1) (NaN when n &lt; 2).</summary>
    public double[] Variance() => Derived(i => Count < 2 ? double.NaN : _m2[i] / (Count - 1));
    /// <summary>Standard errors of the means √(M2/(n−1)/n).</summary>
    public double[] StandardError() => Derived(i => Count < 2 ? double.NaN : Math.Sqrt(_m2[i] / (Count - 1) / Count));
    /// <summary>Skewness g1 = √n·M3/M2^{3/2} per observable (NaN when M2 = 0).</summary>
    public double[] Skewness() => Derived(i => Count < 2 || _m2[i] == 0 ? double.NaN : Math.Sqrt(Count) * _m3[i] / Math.Pow(_m2[i], 1.5));
    /// <summary>Excess kurtosis g2 = n·M4/M2² − 3 per observable (NaN when M2 = 0).</summary>
    public double[] ExcessKurtosis() => Derived(i => Count < 2 || _m2[i] == 0 ? double.NaN : Count * _m4[i] / (_m2[i] * _m2[i]) - 3.0);

    double[] Derived(Func<int, double> f)
    {
        var r = new double[Observables];
        for (int i = 0; i < r.Length; i++) r[i] = f(i);
        return r;
    }

    /// <summary>The state as [observables, count, mean[0..k), M2[0..k), M3[0..k), M4[0..k)], length 2 + 4k.</summary>
    public double[] ToArray()
    {
        int k = Observables;
        var s = new double[2 + 4 * k];
        s[0] = k; s[1] = Count;
        _mean.CopyTo(s, 2); _m2.CopyTo(s, 2 + k); _m3.CopyTo(s, 2 + 2 * k); _m4.CopyTo(s, 2 + 3 * k);
        return s;
    }

    /// <summary>Restores a state written by <see cref="ToArray"/>.</summary>
    /// <exception cref="NnPhysException">The array is malformed (wrong length, negative count, non-finite entries).</exception>
    public static MomentAccumulator FromArray(ReadOnlySpan<double> state)
    {
        if (state.Length < 2) throw new NnPhysException($"A MomentAccumulator state needs at least 2 entries, got {state.Length}.");
        double k = state[0], count = state[1];
        if (!(k >= 0) || k != Math.Floor(k) || k > int.MaxValue / 4 || state.Length != 2 + 4 * (long)k)
            throw new NnPhysException($"MomentAccumulator state claims {k} observables but has {state.Length} entries (expected 2 + 4·observables).");
        if (!(count >= 0) || count != Math.Floor(count) || count > 1e18)
            throw new NnPhysException($"MomentAccumulator state has count {count}; it must be a non-negative integer.");
        for (int i = 2; i < state.Length; i++)
            if (!double.IsFinite(state[i])) throw new NnPhysException($"MomentAccumulator state entry {i} is {state[i]}; the file is corrupt.");
        var acc = new MomentAccumulator((int)k) { Count = (long)count };
        int n = (int)k;
        state.Slice(2, n).CopyTo(acc._mean); state.Slice(2 + n, n).CopyTo(acc._m2);
        state.Slice(2 + 2 * n, n).CopyTo(acc._m3); state.Slice(2 + 3 * n, n).CopyTo(acc._m4);
        return acc;
    }
}
