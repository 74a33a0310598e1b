using System.Numerics;

namespace NnPhys.Training;

/// <summary>
/// A training loss L(ŷ, y) over a (rows, columns) batch, with its gradient ∂L/∂ŷ for backpropagation. Losses are sums
/// of per-row (or per-entry) terms divided by a normalization, so chunks of a data set normalized by the whole set's
/// <see cref="Normalization"/> add up to the full-data loss and gradient. Implementations: <see cref="MseLoss"/>,
/// <see cref="PowerLoss"/>, <see cref="CrossEntropyLoss"/>; <see cref="Losses.Parse"/> picks one by name.
/// </summary>
public interface ILoss
{
    /// <summary>Name with parameters, e.g. "mse", "power(4)", "cross_entropy"; <see cref="Losses.Parse"/> reads it back.</summary>
    string Name { get; }

    /// <summary>The divisor that makes the loss a batch mean for <paramref name="rows"/> × <paramref name="columns"/>
    /// outputs (entries for MSE and power losses, rows for cross-entropy, as PyTorch's reduction='mean').</summary>
    double Normalization(long rows, int columns);

    /// <summary>
    /// Writes ∂L/∂ŷ into <paramref name="gradient"/> and returns L, both for the sum of the batch's terms divided by
    /// <paramref name="normalization"/>. Predictions and targets are (rows, <paramref name="columns"/>) row-major.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, are empty or not a multiple of columns, or normalization ≤ 0.</exception>
    double LossAndGradient<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, Span<T> gradient, int columns, double normalization)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
