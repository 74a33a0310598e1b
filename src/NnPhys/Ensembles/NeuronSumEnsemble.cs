using System.Globalization;
using System.Numerics.Tensors;
using NnPhys.Numerics;

namespace NnPhys.Ensembles;

/// <summary>
/// The ensemble φ(x) = Σ_{i=1}^{N} w_i ψ_i(x) of N i.i.d. neurons ψ_i ~ <see cref="Neuron"/> with i.i.d. output
/// weights w_i ~ <see cref="OutputWeights"/> (tasi-physics-for-ml eq. (44)). Gauss-net (60)–(61), Cos-net (68)–(69) and
/// Scalar-net (72)–(73) are instances, built by <see cref="GaussNet"/>, <see cref="CosNet"/> and <see cref="ScalarNet"/>.
/// Sampling order per network: all neuron parameters (N, K) first, then the N output weights.
/// </summary>
public sealed class NeuronSumEnsemble : INetworkEnsemble
{
    /// <summary>The neuron family ψ_θ with P(θ).</summary>
    public IRandomNeuron Neuron { get; }
    /// <summary>P(w) of the output weights (already including any 1/N scaling).</summary>
    public OutputWeightDistribution OutputWeights { get; }
    /// <summary>Number of neurons N.</summary>
    public int Width { get; }
    /// <summary>Architecture name.</summary>
    public string Name { get; }

    /// <exception cref="InvalidConfigException">Width below 1.</exception>
    public NeuronSumEnsemble(string name, IRandomNeuron neuron, int width, OutputWeightDistribution outputWeights)
    {
        Check.Positive(width, "The width N", "--width 100");
        Name = name; Neuron = neuron; Width = width; OutputWeights = outputWeights;
    }

    /// <summary>Gauss-net, eqs. (60)–(61): w1 ~ N(0, σ_w1²/(2N)), so G2 = (σ_w1²/2) exp(−σ_w0²|x−y|²/(2d)).</summary>
    public static NeuronSumEnsemble GaussNet(int inputDimension, int width, double sigmaW0 = 1, double sigmaB0 = 1, double sigmaW1 = 1)
    {
        Check.Positive(width, "The width N", "--width 100");
        Check.Positive(sigmaW1, "σ_w1");
        return new("gauss-net", new GaussNeuron(inputDimension, sigmaW0, sigmaB0), width, OutputWeightDistribution.Gaussian(sigmaW1 * sigmaW1 / (2.0 * width)));
    }

    /// <summary>Cos-net, eqs. (68)–(69): w1 ~ N(0, σ_w1²/N), w0 ~ N(0, σ_w0²/d), b ~ Unif[−π, π].</summary>
    public static NeuronSumEnsemble CosNet(int inputDimension, int width, double sigmaW0 = 1, double sigmaW1 = 1)
    {
        Check.Positive(width, "The width N", "--width 100");
        Check.Positive(sigmaW1, "σ_w1");
        return new("cos-net", new CosineNeuron(inputDimension, sigmaW0), width, OutputWeightDistribution.Gaussian(sigmaW1 * sigmaW1 / width));
    }

    /// <summary>Scalar-net, eqs. (72)–(73): the free scalar of mass m with momentum cutoff Λ in d dimensions.</summary>
    public static NeuronSumEnsemble ScalarNet(int inputDimension, int width, double mass = 1, double cutoff = 10, double sigmaW1 = 1)
    {
        Check.Positive(width, "The width N", "--width 100");
        return new("scalar-net", new ScalarNetNeuron(inputDimension, mass, cutoff, sigmaW1), width, OutputWeightDistribution.Gaussian(sigmaW1 * sigmaW1 / width));
    }

    /// <summary>A one-hidden-layer network as a neuron sum: σ(w·x + b) neurons, output weights N(0, σ_w1²/N), no output bias.</summary>
    public static NeuronSumEnsemble SingleLayer(int inputDimension, int width, Architectures.Activation activation, double sigmaW = 1, double sigmaB = 0, double sigmaW1 = 1)
    {
        Check.Positive(width, "The width N", "--width 100");
        Check.Positive(sigmaW1, "σ_w1");
        return new("single-layer", new ActivationNeuron(inputDimension, activation, sigmaW, sigmaB), width, OutputWeightDistribution.Gaussian(sigmaW1 * sigmaW1 / width));
    }

    public int InputDimension => Neuron.InputDimension;
    public long NeuronEvaluationsPerPoint => Width;

    public string Description
    {
        get
        {
            var settings = string.Join(",", Neuron.Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value.ToString("R", CultureInfo.InvariantCulture)));
            return $"{Name}[neuron={Neuron.Name}({settings}),N={Width},w={OutputWeights}]";
        }
    }

    /// <summary>Draws one network: neuron parameters (N, K) then output weights (N).</summary>
    public void SampleParameters(RandomStream rng, Span<double> neuronParameters, Span<double> outputWeights)
    {
        Neuron.Sample(rng, neuronParameters);
        OutputWeights.Sample(rng, outputWeights);
    }

    /// <summary>φ(x_p) = Σ_i w_i ψ_i(x_p) for sampled parameters; <paramref name="row"/> is scratch of length P.</summary>
    public void Evaluate(ReadOnlySpan<double> neuronParameters, ReadOnlySpan<double> outputWeights, PointSet points, Span<double> phi, Span<double> row)
    {
        int k = Neuron.ParametersPerNeuron, p = points.Count;
        phi.Clear(); // (P)
        for (int i = 0; i < Width; i++)
        {
            Neuron.Evaluate(neuronParameters.Slice(i * k, k), points, row[..p]); // ψ_i(x_p), (P)
            TensorPrimitives.MultiplyAdd(row[..p], outputWeights[i], phi, phi);  // eq. (44)
        }
    }

    public INetworkSampler CreateSampler(PointSet points)
    {
        points.RequireDimension(InputDimension, $"the {Name} ensemble");
        return new Sampler(this, points);
    }

    sealed class Sampler(NeuronSumEnsemble ensemble, PointSet points) : INetworkSampler
    {
        readonly double[] _theta = new double[ensemble.Width * ensemble.Neuron.ParametersPerNeuron]; // (N, K)
        readonly double[] _weights = new double[ensemble.Width]; // (N)
        readonly double[] _row = new double[points.Count];       // (P)

        public void SampleAndEvaluate(RandomStream rng, Span<double> phi)
        {
            ensemble.SampleParameters(rng, _theta, _weights);
            ensemble.Evaluate(_theta, _weights, points, phi, _row);
        }
    }
}
