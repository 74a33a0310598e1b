using System.Numerics;
using NnPhys.Networks;
using NnPhys.Numerics;

namespace NnPhys.Training;

/// <summary>
/// The gradient of a loss (MSE unless given) over a whole data set, e.g. ∇L with L = (1/(N·F)) Σ_samples Σ_features
/// (ŷ − y)², computed in chunks so memory stays bounded. Each chunk's ∂L/∂ŷ is normalized by the full data set's
/// <see cref="ILoss.Normalization"/>, so the chunks' backward passes add up (+=) to exactly the full-data gradient. Used for forecasts such as the Fokker–Planck predicted drift.
/// </summary>
public static class FullBatchGradient
{
    /// <summary>
    /// Overwrites <c>network.Parameters.Gradients</c> with ∇L over all rows of <paramref name="inputs"/> (N, in) and
    /// <paramref name="targets"/> (N, out) and returns L. Parameters are not changed; the network's last training
    /// activations are overwritten. With <paramref name="layers"/> only those layers' gradients are computed (bit for
    /// bit the same values) and all others are left zero; the backward pass then stops at the lowest named layer, so
    /// the gradient of the autoencoder's bottleneck b1, b2 costs about 60% of the full one.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not match the network, N is zero, chunkSize ≤ 0, or layers is empty.</exception>
    /// <exception cref="InvalidConfigException">A name in <paramref name="layers"/> is not a layer of the network.</exception>
    public static double Compute<T>(Network<T> network, Matrix<T> inputs, Matrix<T> targets, int chunkSize = 1024, ILoss? lossFunction = null,
        IReadOnlyCollection<string>? layers = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inputs.Cols != network.InputSize || targets.Cols != network.OutputSize || inputs.Rows != targets.Rows || inputs.Rows == 0)
            throw new ArgumentException($"Need inputs (N, {network.InputSize}) and targets (N, {network.OutputSize}) with N > 0; got ({inputs.Rows}, {inputs.Cols}) and ({targets.Rows}, {targets.Cols}).");
        if (chunkSize <= 0) throw new ArgumentException($"Chunk size {chunkSize} must be positive.", nameof(chunkSize));
        if (layers is { Count: 0 }) throw new ArgumentException("Name at least one layer, or pass null for all.", nameof(layers));
        foreach (var name in layers ?? []) network.Architecture.IndexOf(name); // an unknown name fails before any work
        int n = inputs.Rows, nIn = inputs.Cols, nOut = targets.Cols;
        var function = lossFunction ?? Losses.Mse;
        double normalization = function.Normalization(n, nOut), loss = 0;
        var dOutput = new T[Math.Min(chunkSize, n) * nOut];
        network.Parameters.ZeroGradients();
        for (int start = 0; start < n; start += chunkSize)
        {
            int rows = Math.Min(chunkSize, n - start);
            ReadOnlySpan<T> prediction = network.Forward(inputs.Data.AsSpan(start * nIn, rows * nIn), rows); // (rows, out)
            Span<T> d = dOutput.AsSpan(0, rows * nOut);
            loss += function.LossAndGradient(prediction, targets.Data.AsSpan(start * nOut, rows * nOut), d, nOut, normalization);
            if (layers is null) network.Backward(d); // gradients += this chunk's share
            else network.Backward(d, layers);
        }
        return loss;
    }
}
