using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;

namespace NnPhys.Ensembles;

/// <summary>
/// The ensemble of networks described by a shared <see cref="Architecture"/> (the description the trainable
/// <see cref="Network{T}"/> is built from): sample s draws θ ~ P(θ) exactly as <c>new Network&lt;double&gt;(architecture,
/// RandomStream(seed, s))</c> initialises it, and φ_θ is that network's output unit <see cref="OutputIndex"/>. One
/// description thus samples the ensemble (tasi-physics-for-ml eq. (30)) and builds the network that is trained.
/// </summary>
public sealed class ArchitectureEnsemble : INetworkEnsemble
{
    /// <summary>The network description.</summary>
    public Architecture Architecture { get; }
    /// <summary>Which output unit is φ.</summary>
    public int OutputIndex { get; }

    /// <exception cref="InvalidConfigException">The output index is outside [0, OutputSize).</exception>
    public ArchitectureEnsemble(Architecture architecture, int outputIndex = 0)
    {
        if (outputIndex < 0 || outputIndex >= architecture.OutputSize)
            throw new InvalidConfigException($"Output index {outputIndex} is outside the architecture's {architecture.OutputSize} outputs.");
        Architecture = architecture; OutputIndex = outputIndex;
    }

    public string Name => "architecture";
    public int InputDimension => Architecture.InputSize;
    /// <summary>The widest hidden layer (the input size when there is none).</summary>
    public int Width => Architecture.Layers.Count > 1 ? Architecture.Layers.Take(Architecture.Layers.Count - 1).Max(l => l.OutputSize) : Architecture.InputSize;
    public long NeuronEvaluationsPerPoint => Architecture.Layers.Take(Architecture.Layers.Count - 1).Sum(l => (long)l.OutputSize);
    public string Description => $"architecture[{Architecture.ToString().Replace("\n", "; ")}; output={OutputIndex}]";

    public INetworkSampler CreateSampler(PointSet points)
    {
        points.RequireDimension(InputDimension, "the architecture's input layer");
        return new Sampler(this, points);
    }

    sealed class Sampler(ArchitectureEnsemble ensemble, PointSet points) : INetworkSampler
    {
        readonly Network<double> _network = new(ensemble.Architecture);
        readonly double[] _inputs = points.RowMajor.ToArray(); // (P, d)

        public void SampleAndEvaluate(RandomStream rng, Span<double> phi)
        {
            _network.Initialize(rng);                                   // θ ~ P(θ): the architecture's initializers
            var outputs = _network.Forward(_inputs, points.Count);      // (P, out)
            int width = _network.OutputSize;
            for (int p = 0; p < points.Count; p++) phi[p] = outputs[p * width + ensemble.OutputIndex];
        }
    }
}
