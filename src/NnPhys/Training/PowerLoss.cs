using System.Numerics;

namespace NnPhys.Training;

/// <summary>
/// The polynomial loss of nn-cosmology-duality §3, L = Σ (1/p)(ŷ − y)^p / n over all entries, ∂L/∂ŷ = (ŷ − y)^(p−1)/n:
/// p = 2 is half the MSE, higher even p the steeper "inflationary-potential" losses. Odd p is allowed (then L is not
/// bounded below, as a potential that rolls on).
/// </summary>
public sealed class PowerLoss : ILoss
{
    /// <summary>The exponent p ≥ 1.</summary>
    public int Power { get; }

    /// <summary>(1/p)(ŷ − y)^p.</summary>
    /// <exception cref="InvalidConfigException">p &lt; 1.</exception>
    public PowerLoss(int power)
    {
        if (power < 1) throw new InvalidConfigException($"Power loss exponent {power} must be at least 1, e.g. power(2) or power(4).");
        Power = power;
    }

    /// <inheritdoc/>
    public string Name => $"power({Power})";

    /// <inheritdoc/>
    public double Normalization(long rows, int columns) => (double)rows * columns;

    /// <inheritdoc/>
    public double LossAndGradient<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, Span<T> gradient, int columns, double normalization)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        LossChecks.Shapes(predictions.Length, targets.Length, gradient.Length, columns);
        LossChecks.Normalization(normalization);
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double r = double.CreateTruncating(predictions[i]) - double.CreateTruncating(targets[i]);
            double rPowMinus1 = PowerOf(r, Power - 1);
            sum += rPowMinus1 * r / Power;                                     // (1/p) r^p
            gradient[i] = T.CreateTruncating(rPowMinus1 / normalization);      // r^(p−1) / n
        }
        return sum / normalization;
    }

    /// <summary>∂/∂ŷ of (1/p)(ŷ − y)^p for one entry: (ŷ − y)^(p−1), the same product the batch gradient uses.</summary>
    public double Derivative(double prediction, double target) => PowerOf(prediction - target, Power - 1);

    /// <summary>The mean loss Σ (1/p)(ŷᵢ − yᵢ)^p / n over all entries, without the gradient.</summary>
    /// <exception cref="ArgumentException">Lengths differ or are empty.</exception>
    public double Mean(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets)
    {
        LossChecks.Shapes(predictions.Length, targets.Length, predictions.Length, 1);
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double r = predictions[i] - targets[i];
            sum += PowerOf(r, Power - 1) * r / Power;
        }
        return sum / Normalization(predictions.Length, 1);
    }

    static double PowerOf(double x, int k)
    {
        double result = 1;
        for (int i = 0; i < k; i++) result *= x;
        return result;
    }
}
