using System.Numerics.Tensors;
using NnPhys.Numerics;

namespace NnPhys.Ensembles;

/// <summary>The pre-activation z_p = Σ_j w_j x_{p,j} + b of one neuron at every point, vectorised over points.</summary>
internal static class AffineRow
{
    /// <summary>values[p] = bias + Σ_j weights[j]·x_{p,j}; weights has length d, values length P.</summary>
    public static void Compute(ReadOnlySpan<double> weights, double bias, PointSet points, Span<double> values)
    {
        values.Fill(bias); // (P)
        for (int j = 0; j < weights.Length; j++)
            TensorPrimitives.MultiplyAdd(points.Column(j), weights[j], values, values);
    }

    /// <summary>
    /// Draws neurons θ = (w₁ … w_d, b), shape (count, d + 1): every w_j ~ N(0, (σ_w/√d)²), then the bias — σ_b·N(0, 1), or,
    /// with <paramref name="uniformPhaseBias"/>, Unif[−π, π] (Cos-net eq. (69)). The draw order (weights, then bias, neuron
    /// by neuron) is part of the ensembles' reproducibility.
    /// </summary>
    public static void SampleNeurons(RandomStream rng, Span<double> parameters, int d, double sigmaW, double sigmaB, bool uniformPhaseBias = false)
    {
        double std = sigmaW / Math.Sqrt(d);
        for (int n = 0; n < parameters.Length / (d + 1); n++)
        {
            var theta = parameters.Slice(n * (d + 1), d + 1);
            for (int j = 0; j < d; j++) theta[j] = std * rng.NextNormal();
            theta[d] = uniformPhaseBias ? rng.NextUniform(-Math.PI, Math.PI) : sigmaB * rng.NextNormal();
        }
    }
}
