using NnPhys.Numerics.Sampling;
namespace NnPhys.Ensembles;

/// <summary>Streams a K-vector per sample into a <see cref="VectorMomentAccumulator"/>.</summary>
public sealed class VectorObserver(int length) : ISampleObserver<VectorObserver>
{
    /// <summary>Mean and co-moment of the observed vectors.</summary>
    public VectorMomentAccumulator Moments { get; } = new(length);
    public void Observe(ReadOnlySpan<double> values) => Moments.Add(values);
    public void Merge(VectorObserver other) => Moments.Merge(other.Moments);
}
