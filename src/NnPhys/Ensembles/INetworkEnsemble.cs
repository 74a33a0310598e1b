using NnPhys.Numerics;

namespace NnPhys.Ensembles;

/// <summary>
/// An ensemble of networks given as the pair (φ_θ, P(θ)) (tasi-physics-for-ml §3, eq. (30)): it can draw θ ~ P(θ) from a
/// <see cref="RandomStream"/> and evaluate the network φ_θ at a batch of points. One sampled network per random stream
/// makes every sample reproducible and the ensemble shardable by stream index.
/// </summary>
public interface INetworkEnsemble
{
    /// <summary>Short architecture name, e.g. "cos-net".</summary>
    string Name { get; }
    /// <summary>Input dimension d.</summary>
    int InputDimension { get; }
    /// <summary>Width N (number of neurons summed, or hidden width).</summary>
    int Width { get; }
    /// <summary>A canonical one-line description of the architecture and P(θ): equal strings mean equal ensembles.</summary>
    string Description { get; }
    /// <summary>Number of neuron evaluations per network per point (N for one layer, N·L for L hidden layers).</summary>
    long NeuronEvaluationsPerPoint { get; }

    /// <summary>A per-thread sampler with work buffers sized for <paramref name="points"/>.</summary>
    /// <exception cref="InvalidConfigException">The points' dimension is not <see cref="InputDimension"/>.</exception>
    INetworkSampler CreateSampler(PointSet points);
}

/// <summary>Draws one network θ ~ P(θ) and evaluates it at a fixed point set. Not thread-safe: one per thread.</summary>
public interface INetworkSampler
{
    /// <summary>Draws θ from <paramref name="rng"/> and writes φ_θ(x_p) into <paramref name="phi"/>, length P.</summary>
    void SampleAndEvaluate(RandomStream rng, Span<double> phi);
}
