using System.Numerics.Tensors;

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
}
