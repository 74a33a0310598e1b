namespace NnPhys.Numerics.Sampling;

/// <summary>
/// Observes sampled values (a network at P points, or one neuron at P points) and can absorb another observer of the
/// same kind, so that sampling runs in independent chunks or shards whose results are merged in a fixed order.
/// </summary>
public interface ISampleObserver<in TSelf>
{
    /// <summary>Takes one sample's values, length P.</summary>
    void Observe(ReadOnlySpan<double> values);
    /// <summary>Absorbs <paramref name="other"/>, which observed later samples than this one.</summary>
    void Merge(TSelf other);
}
