using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;

namespace NnPhys.Kernels;

/// <summary>
/// The empirical NTK of a finite scalar-output network, Θ̂(x, x′) = Σ_p ∂f(x)/∂θ_p · ∂f(x′)/∂θ_p
/// (tasi-physics-for-ml eq. (82)), without materialising the parameter Jacobian. For a dense layer
/// z = m_w·a·W + m_b·b with input features a(x) and back-propagated δ(x) = ∂f/∂z, the layer's parameters contribute
/// m_w²·(a(x)·a(x′))·(δ(x)·δ(x′)) + m_b²·(δ(x)·δ(x′)) (m_w, m_b the layer's abcd multipliers), so Θ̂ = Σ_layers m_w²·(A Aᵀ) ⊙ (D Dᵀ) + m_b²·D Dᵀ: two Gram
/// matrices per layer from one forward and one backward pass over the whole batch.
/// </summary>
public static class EmpiricalNtk
{
    /// <summary>Θ̂ on the rows of <paramref name="x"/> (n, d): an n×n symmetric matrix. Uses the network's training buffers.</summary>
    /// <exception cref="InvalidConfigException">The network has more than one output, or x has the wrong width.</exception>
    public static Matrix<double> Compute(Network<double> network, Matrix<double> x)
    {
        if (network.OutputSize != 1)
            throw new InvalidConfigException($"The empirical NTK here is for scalar outputs; the network has {network.OutputSize}. Use a last layer of width 1.");
        if (x.Cols != network.InputSize)
            throw new InvalidConfigException($"The points have {x.Cols} coordinates but the network takes {network.InputSize}.");
        int n = x.Rows;
        network.Forward(x.Data, n);
        var theta = new Matrix<double>(n, n);
        var features = new Matrix<double>(n, n);
        var backward = new Matrix<double>(n, n);
        double[] delta = [];
        for (int l = network.Layers.Count - 1; l >= 0; l--)
        {
            var layer = network.Layers[l];
            int nIn = layer.InputSize, nOut = layer.OutputSize;
            var z = layer.LastPreActivation; // (n, out)
            var next = new double[n * nOut];
            if (l == network.Layers.Count - 1) next.AsSpan().Fill(1.0); // ∂f/∂a_L = 1
            else
            {
                // ∂f/∂a_l = m_w(l+1) · δ_(l+1)·W_(l+1)ᵀ    (n, out_(l+1))·(out_(l+1), out_l) → (n, out_l)
                var above = network.Layers[l + 1];
                Gemm.Multiply(Transpose.No, Transpose.Yes, n, nOut, above.OutputSize, above.Spec.WeightMultiplier,
                    delta, above.OutputSize, above.Weight, above.OutputSize, 0.0, next, nOut);
            }
            // δ_l = ∂f/∂a_l ⊙ φ′(z_l)
            var activation = layer.Spec.Activation;
            for (int i = 0; i < next.Length; i++) next[i] *= activation.Derivative(z[i]);
            delta = next;
            // D Dᵀ (n, n) and A Aᵀ (n, n) with A the layer input
            Gemm.Multiply(Transpose.No, Transpose.Yes, n, n, nOut, 1.0, delta, nOut, delta, nOut, 0.0, backward.Data, n);
            Gemm.Multiply(Transpose.No, Transpose.Yes, n, n, nIn, 1.0, layer.LastInput, nIn, layer.LastInput, nIn, 0.0, features.Data, n);
            double mw = layer.Spec.WeightMultiplier, mb = layer.Spec.HasBias ? layer.Spec.BiasMultiplier : 0.0;
            for (int i = 0; i < theta.Data.Length; i++)
                theta.Data[i] += (mw * mw * features.Data[i] + mb * mb) * backward.Data[i];
        }
        return theta;
    }

    /// <summary>Θ̂ averaged over <paramref name="initialisations"/> independent networks of the stack
    /// (network s drawn from stream s of <paramref name="seed"/>), with the standard error of every entry.</summary>
    public static (Matrix<double> Mean, Matrix<double> StandardError) Average(LayerStack stack, Matrix<double> x, int initialisations, ulong seed, CancellationToken cancel = default)
    {
        if (initialisations < 2) throw new InvalidConfigException($"Averaging needs at least 2 initialisations to estimate an error, got {initialisations}.");
        var architecture = stack.ToArchitecture();
        int n = x.Rows;
        var sum = new double[n * n];
        var sumSquares = new double[n * n];
        for (int s = 0; s < initialisations; s++)
        {
            cancel.ThrowIfCancellationRequested();
            var network = new Network<double>(architecture, new RandomStream(seed, (ulong)s));
            var theta = Compute(network, x);
            for (int i = 0; i < sum.Length; i++) { sum[i] += theta.Data[i]; sumSquares[i] += theta.Data[i] * theta.Data[i]; }
        }
        var mean = new Matrix<double>(n, n);
        var se = new Matrix<double>(n, n);
        for (int i = 0; i < sum.Length; i++)
        {
            mean.Data[i] = sum[i] / initialisations;
            double variance = Math.Max(0, (sumSquares[i] - initialisations * mean.Data[i] * mean.Data[i]) / (initialisations - 1));
            se.Data[i] = Math.Sqrt(variance / initialisations);
        }
        return (mean, se);
    }
}
