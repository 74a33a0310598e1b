using System.Numerics.Tensors;
using NnPhys.Numerics;

namespace NnPhys.Ensembles;

/// <summary>
/// The Gauss-net neuron ψ(x) = exp(w·x + b) / exp(σ_b0² + σ_w0²|x|²/d), i.e. eq. (60) of tasi-physics-for-ml without its
/// output weight, with w_j ~ N(0, σ_w0²/d) and b ~ N(0, σ_b0²) (eq. (61)). The normalisation makes ⟨ψ(x)²⟩ = 1.
/// Parameters per neuron: [w_1 … w_d, b].
/// </summary>
public sealed class GaussNeuron : IRandomNeuron
{
    /// <summary>Input dimension d.</summary>
    public int InputDimension { get; }
    /// <summary>σ_w0: input weights have variance σ_w0²/d.</summary>
    public double SigmaW0 { get; }
    /// <summary>σ_b0: the bias has variance σ_b0².</summary>
    public double SigmaB0 { get; }

    /// <exception cref="InvalidConfigException">d &lt; 1, σ_w0 not positive, or σ_b0 negative.</exception>
    public GaussNeuron(int inputDimension, double sigmaW0, double sigmaB0)
    {
        Check.Positive(inputDimension, "The input dimension d");
        Check.Positive(sigmaW0, "σ_w0");
        Check.NonNegative(sigmaB0, "σ_b0");
        InputDimension = inputDimension; SigmaW0 = sigmaW0; SigmaB0 = sigmaB0;
    }

    public string Name => "gauss";
    public int ParametersPerNeuron => InputDimension + 1;
    public IReadOnlyDictionary<string, double> Settings => new Dictionary<string, double> { ["d"] = InputDimension, ["sigma_w0"] = SigmaW0, ["sigma_b0"] = SigmaB0 };

    /// <summary>w ~ N(0, σ_w0²/d), b ~ N(0, σ_b0²), eq. (61).</summary>
    public void Sample(RandomStream rng, Span<double> parameters) =>
        AffineRow.SampleNeurons(rng, parameters, InputDimension, SigmaW0, SigmaB0);

    public void Evaluate(ReadOnlySpan<double> theta, PointSet points, Span<double> values)
    {
        int d = InputDimension;
        // exponent w·x + b − σ_b0² − (σ_w0²/d)|x|²: eq. (60), √exp[2(σ_b0² + σ_w0² x²/d)] = exp(σ_b0² + σ_w0² x²/d)
        AffineRow.Compute(theta[..d], theta[d] - SigmaB0 * SigmaB0, points, values);
        TensorPrimitives.MultiplyAdd(points.SquaredNorms, -SigmaW0 * SigmaW0 / d, values, values);
        TensorPrimitives.Exp(values, values);
    }
}
