using System.Numerics;
using System.Numerics.Tensors;

namespace NnPhys.Training;

/// <summary>
/// Mean squared error L = (1/n) Σ_i (ŷ_i − y_i)² over all n = batch·features entries, as PyTorch's
/// <c>MSELoss(reduction='mean')</c>, with ∂L/∂ŷ_i = 2(ŷ_i − y_i)/n.
/// </summary>
public static class MeanSquaredError
{
    /// <summary>L = (1/n) Σ (ŷ − y)² with n the span length.</summary>
    /// <exception cref="ArgumentException">The spans differ in length or are empty.</exception>
    public static double Loss<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(predictions.Length, targets.Length);
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++) { double d = double.CreateTruncating(predictions[i] - targets[i]); sum += d * d; }
        return sum / predictions.Length;
    }

    /// <summary>
    /// Writes ∂L/∂ŷ = 2(ŷ − y)/<paramref name="normalization"/> into <paramref name="gradient"/> and returns
    /// Σ(ŷ − y)²/<paramref name="normalization"/>. With normalization = n this is the batch's mean loss; with the
    /// size of a whole data set, chunks' gradients add up to the full-data gradient.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, are empty, or normalization is not positive.</exception>
    public static double LossAndGradient<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, Span<T> gradient, double normalization)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(predictions.Length, targets.Length);
        if (gradient.Length != predictions.Length) throw new ArgumentException($"Gradient has {gradient.Length} elements, predictions {predictions.Length}.", nameof(gradient));
        if (!(normalization > 0)) throw new ArgumentException($"Normalization {normalization} must be positive.", nameof(normalization));
        // r = ŷ − y;  L = Σ r² / n;  ∂L/∂ŷ = (2/n) r
        TensorPrimitives.Subtract(predictions, targets, gradient);
        double loss = double.CreateTruncating(TensorPrimitives.SumOfSquares<T>(gradient)) / normalization;
        TensorPrimitives.Multiply(gradient, T.CreateTruncating(2.0 / normalization), gradient);
        return loss;
    }

    /// <summary>Batch mean loss and gradient: <see cref="LossAndGradient{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double)"/> with n = length.</summary>
    public static double LossAndGradient<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T> => LossAndGradient(predictions, targets, gradient, predictions.Length);

    static void Check(int p, int t)
    {
        if (p != t) throw new ArgumentException($"Predictions have {p} elements but targets have {t}; they must match.");
        if (p == 0) throw new ArgumentException("MSE of an empty batch is undefined; pass at least one element.");
    }
}
