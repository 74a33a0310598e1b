using System.Numerics.Tensors;
using NnPhys.Numerics;

namespace NnPhys.Ensembles;

/// <summary>
/// The Scalar-net neuron of tasi-physics-for-ml eq. (72) without its output weight:
/// ψ(x) = √(2 vol(B_Λ^d) / ((2π)^d σ_w1²)) · cos(w·x + b) / √(|w|² + m²), with w ~ Unif(B_Λ^d) (the d-ball of radius Λ)
/// and b ~ Unif[−π, π] (eq. (73)). With output weights w1 ~ N(0, σ_w1²/N) the network's power spectrum is
/// 1/(p² + m²) for |p| &lt; Λ and 0 beyond (eq. (74)). Parameters per neuron: [w_1 … w_d, b].
/// </summary>
public sealed class ScalarNetNeuron : IRandomNeuron
{
    /// <summary>Input (Euclidean spacetime) dimension d.</summary>
    public int InputDimension { get; }
    /// <summary>Mass m.</summary>
    public double Mass { get; }
    /// <summary>Momentum cutoff Λ (radius of the ball the frequencies are drawn from).</summary>
    public double Cutoff { get; }
    /// <summary>σ_w1 of the output weights; it cancels in the correlators but enters the amplitude of eq. (72).</summary>
    public double SigmaW1 { get; }

    /// <exception cref="InvalidConfigException">d &lt; 1, m or Λ or σ_w1 not positive.</exception>
    public ScalarNetNeuron(int inputDimension, double mass, double cutoff, double sigmaW1)
    {
        Check.Positive(inputDimension, "The input dimension d");
        Check.Positive(mass, "mass m");
        Check.Positive(cutoff, "cutoff Λ");
        Check.Positive(sigmaW1, "σ_w1");
        InputDimension = inputDimension; Mass = mass; Cutoff = cutoff; SigmaW1 = sigmaW1;
    }

    public string Name => "scalar";
    public int ParametersPerNeuron => InputDimension + 1;
    public IReadOnlyDictionary<string, double> Settings => new Dictionary<string, double> { ["d"] = InputDimension, ["mass"] = Mass, ["cutoff"] = Cutoff, ["sigma_w1"] = SigmaW1 };

    /// <summary>vol(B_Λ^d) = π^{d/2} Λ^d / Γ(d/2 + 1).</summary>
    public double BallVolume => Math.Pow(Math.PI, InputDimension / 2.0) * Math.Pow(Cutoff, InputDimension) / GammaOfHalfIntegerPlusOne(InputDimension);

    /// <summary>The constant √(2 vol(B_Λ^d) / ((2π)^d σ_w1²)) of eq. (72).</summary>
    public double AmplitudeConstant => Math.Sqrt(2 * BallVolume / (Math.Pow(2 * Math.PI, InputDimension) * SigmaW1 * SigmaW1));

    /// <summary>The amplitude of a neuron with frequency w: AmplitudeConstant / √(|w|² + m²).</summary>
    public double Amplitude(ReadOnlySpan<double> frequency)
    {
        double w2 = 0;
        for (int j = 0; j < frequency.Length; j++) w2 += frequency[j] * frequency[j];
        return AmplitudeConstant / Math.Sqrt(w2 + Mass * Mass);
    }

    public void Sample(RandomStream rng, Span<double> parameters)
    {
        int k = ParametersPerNeuron, d = InputDimension;
        for (int n = 0; n < parameters.Length / k; n++)
        {
            var theta = parameters.Slice(n * k, k);
            // w ~ Unif(B_Λ^d), eq. (73): a Gaussian direction times radius Λ·U^{1/d}
            double norm2 = 0;
            for (int j = 0; j < d; j++) { theta[j] = rng.NextNormal(); norm2 += theta[j] * theta[j]; }
            double radius = Cutoff * Math.Pow(rng.NextDouble(), 1.0 / d) / Math.Sqrt(norm2);
            for (int j = 0; j < d; j++) theta[j] *= radius;
            theta[d] = rng.NextUniform(-Math.PI, Math.PI); // b ~ Unif[−π, π], eq. (73)
        }
    }

    public void Evaluate(ReadOnlySpan<double> theta, PointSet points, Span<double> values)
    {
        int d = InputDimension;
        AffineRow.Compute(theta[..d], theta[d], points, values);
        FastCosine.Cos(values, values);
        TensorPrimitives.Multiply(values, Amplitude(theta[..d]), values); // eq. (72)
    }

    static double GammaOfHalfIntegerPlusOne(int d)
    {
        // Γ(d/2 + 1) for integer d by the recursion Γ(x + 1) = xΓ(x), Γ(1) = 1, Γ(1/2) = √π
        double x = d / 2.0 + 1, g = d % 2 == 0 ? 1.0 : Math.Sqrt(Math.PI);
        for (double y = d % 2 == 0 ? 1.0 : 0.5; y < x - 0.25; y += 1) g *= y;
        return g;
    }
}
