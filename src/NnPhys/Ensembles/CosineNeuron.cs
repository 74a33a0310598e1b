using System.Numerics.Tensors;
using NnPhys.Numerics;

namespace NnPhys.Ensembles;

/// <summary>
/// The Cos-net neuron ψ(x) = cos(w·x + b) with w_j ~ N(0, σ_w0²/d) and b ~ Unif[−π, π]
/// (tasi-physics-for-ml eqs. (68)–(69), the F = 1 case of the Euclidean-invariant input layer (65)–(66)).
/// Parameters per neuron: [w_1 … w_d, b].
/// </summary>
public sealed class CosineNeuron : IRandomNeuron
{
    /// <summary>Input dimension d.</summary>
    public int InputDimension { get; }
    /// <summary>σ_w0: the input weights have variance σ_w0²/d.</summary>
    public double SigmaW0 { get; }

    /// <exception cref="InvalidConfigException">d &lt; 1 or σ_w0 not positive and finite.</exception>
    public CosineNeuron(int inputDimension, double sigmaW0)
    {
        Check.Positive(inputDimension, "The input dimension d");
        Check.Positive(sigmaW0, "σ_w0");
        InputDimension = inputDimension; SigmaW0 = sigmaW0;
    }

    public string Name => "cos";
    public int ParametersPerNeuron => InputDimension + 1;
    public IReadOnlyDictionary<string, double> Settings => new Dictionary<string, double> { ["d"] = InputDimension, ["sigma_w0"] = SigmaW0 };

    /// <summary>w ~ N(0, σ_w0²/d), b ~ Unif[−π, π], eq. (69).</summary>
    public void Sample(RandomStream rng, Span<double> parameters) =>
        AffineRow.SampleNeurons(rng, parameters, InputDimension, SigmaW0, 0, uniformPhaseBias: true);

    public void Evaluate(ReadOnlySpan<double> theta, PointSet points, Span<double> values)
    {
        int d = InputDimension;
        AffineRow.Compute(theta[..d], theta[d], points, values);
        FastCosine.Cos(values, values); // cos(w·x + b), eq. (68)
    }
}
