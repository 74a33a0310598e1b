using System.Numerics;

namespace NnPhys.Training;

/// <summary>
/// Softmax cross-entropy on logits, as PyTorch's CrossEntropyLoss with probability targets: per row
/// ℓ = −Σ_c y_c log softmax(ŷ)_c = Σ_c y_c (logsumexp(ŷ) − ŷ_c), and ∂ℓ/∂ŷ_k = softmax(ŷ)_k Σ_c y_c − y_k
/// (= softmax − y for normalised targets, e.g. one-hot labels). The batch loss is Σ_rows ℓ / rows.
/// The log-sum-exp is shifted by the row maximum, so large logits do not overflow.
/// </summary>
public sealed class CrossEntropyLoss : ILoss
{
    /// <summary>The one instance.</summary>
    public static CrossEntropyLoss Instance { get; } = new();
    CrossEntropyLoss() { }

    /// <inheritdoc/>
    public string Name => "cross_entropy";

    /// <inheritdoc/>
    public double Normalization(long rows, int columns) => rows;

    /// <inheritdoc/>
    public double LossAndGradient<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, Span<T> gradient, int columns, double normalization)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        LossChecks.Shapes(predictions.Length, targets.Length, gradient.Length, columns);
        LossChecks.Normalization(normalization);
        double total = 0;
        Span<double> softmax = columns <= 256 ? stackalloc double[columns] : new double[columns];
        for (int start = 0; start < predictions.Length; start += columns)
        {
            double max = double.NegativeInfinity, targetSum = 0, dot = 0;
            for (int c = 0; c < columns; c++) max = Math.Max(max, double.CreateTruncating(predictions[start + c]));
            double sumExp = 0;
            for (int c = 0; c < columns; c++)
            {
                softmax[c] = Math.Exp(double.CreateTruncating(predictions[start + c]) - max);
                sumExp += softmax[c];
            }
            double logSumExp = max + Math.Log(sumExp);
            for (int c = 0; c < columns; c++)
            {
                double y = double.CreateTruncating(targets[start + c]);
                targetSum += y;
                dot += y * double.CreateTruncating(predictions[start + c]);
            }
            total += targetSum * logSumExp - dot;                       // Σ_c y_c (logsumexp − ŷ_c)
            for (int c = 0; c < columns; c++)
                gradient[start + c] = T.CreateTruncating((softmax[c] / sumExp * targetSum - double.CreateTruncating(targets[start + c])) / normalization);
        }
        return total / normalization;
    }
}
