using System.Numerics;

namespace NnPhys.Training;

/// <summary>Mean squared error as an <see cref="ILoss"/>: L = Σ (ŷ − y)² / n over all entries (PyTorch MSELoss);
/// the arithmetic is <see cref="MeanSquaredError"/>'s, so training with it is bit-identical to the hard-wired MSE before.</summary>
public sealed class MseLoss : ILoss
{
    /// <summary>The one instance.</summary>
    public static MseLoss Instance { get; } = new();
    MseLoss() { }

    /// <inheritdoc/>
    public string Name => "mse";

    /// <inheritdoc/>
    public double Normalization(long rows, int columns) => (double)rows * columns;

    /// <inheritdoc/>
    public double LossAndGradient<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, Span<T> gradient, int columns, double normalization)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        LossChecks.Shapes(predictions.Length, targets.Length, gradient.Length, columns);
        return MeanSquaredError.LossAndGradient(predictions, targets, gradient, normalization);
    }
}
