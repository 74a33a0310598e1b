using NnPhys.Architectures;
using NnPhys.Numerics;

namespace NnPhys.Ensembles;

/// <summary>
/// A one-hidden-layer neuron ψ(x) = σ(w·x + b) with w_j ~ N(0, σ_w²/d) and b ~ N(0, σ_b²): the hidden unit of the
/// single-layer network (32) with biases, used in φ = Σ_i w_i ψ_i(x) (tasi-physics-for-ml eq. (44)).
/// Parameters per neuron: [w_1 … w_d, b].
/// </summary>
public sealed class ActivationNeuron : IRandomNeuron
{
    /// <summary>Input dimension d.</summary>
    public int InputDimension { get; }
    /// <summary>The activation σ.</summary>
    public Activation Activation { get; }
    /// <summary>σ_w: input weights have variance σ_w²/d.</summary>
    public double SigmaW { get; }
    /// <summary>σ_b: bias standard deviation.</summary>
    public double SigmaB { get; }

    /// <exception cref="InvalidConfigException">d &lt; 1, σ_w not positive or σ_b negative.</exception>
    public ActivationNeuron(int inputDimension, Activation activation, double sigmaW, double sigmaB)
    {
        Check.Positive(inputDimension, "The input dimension d");
        Check.Positive(sigmaW, "σ_w");
        Check.NonNegative(sigmaB, "σ_b");
        InputDimension = inputDimension; Activation = activation; SigmaW = sigmaW; SigmaB = sigmaB;
    }

    public string Name => "act-" + Activation.Name;
    public int ParametersPerNeuron => InputDimension + 1;
    public IReadOnlyDictionary<string, double> Settings => new Dictionary<string, double> { ["d"] = InputDimension, ["sigma_w"] = SigmaW, ["sigma_b"] = SigmaB };

    public void Sample(RandomStream rng, Span<double> parameters) =>
        AffineRow.SampleNeurons(rng, parameters, InputDimension, SigmaW, SigmaB);

    public void Evaluate(ReadOnlySpan<double> theta, PointSet points, Span<double> values)
    {
        int d = InputDimension;
        AffineRow.Compute(theta[..d], theta[d], points, values);
        Activation.Apply<double>(values, values);
    }
}
