using System.Runtime.CompilerServices;
using System.Numerics;
using System.Numerics.Tensors;
using NnPhys.Architectures;
using NnPhys.Numerics;

namespace NnPhys.Networks;

/// <summary>
/// A trainable dense layer inside a <see cref="Network{T}"/>: z = m_w·x·W + m_b·b, a = φ(z), with W stored (in, out)
/// row-major in the network's <see cref="ParameterSet{T}"/> and m_w, m_b the parameterization's multipliers.
/// Exposes its parameters and gradients as spans, and its input and output from the last training forward pass.
/// </summary>
public sealed class DenseLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly ParameterSet<T> _parameters;
    readonly ActivationCache<T> _cache;
    readonly int _weightOffset, _biasOffset;
    readonly T _weightMultiplier, _biasMultiplier;

    /// <summary>The description this layer was built from.</summary>
    public DenseLayerSpec Spec { get; }
    /// <summary>Position in the network (0 = first layer).</summary>
    public int Index { get; }
    /// <summary>The layer's name.</summary>
    public string Name => Spec.Name;
    /// <summary>Fan-in.</summary>
    public int InputSize => Spec.InputSize;
    /// <summary>Fan-out.</summary>
    public int OutputSize => Spec.OutputSize;

    internal DenseLayer(DenseLayerSpec spec, int index, ParameterSet<T> parameters, ActivationCache<T> cache)
    {
        Spec = spec; Index = index; _parameters = parameters; _cache = cache;
        _weightOffset = parameters.Find(spec.WeightName).Offset;
        _biasOffset = spec.HasBias ? parameters.Find(spec.BiasName).Offset : -1;
        _weightMultiplier = T.CreateTruncating(spec.WeightMultiplier);
        _biasMultiplier = T.CreateTruncating(spec.BiasMultiplier);
    }

    /// <summary>W, shape (in, out) row-major: element (i, j) at [i·out + j]. Writable.</summary>
    public Span<T> Weight => _parameters.Values.AsSpan(_weightOffset, InputSize * OutputSize);
    /// <summary>∂L/∂W, shape (in, out), accumulated by backward passes.</summary>
    public Span<T> WeightGradient => _parameters.Gradients.AsSpan(_weightOffset, InputSize * OutputSize);
    /// <summary>b, shape (out); empty if the layer has no bias.</summary>
    public Span<T> Bias => _biasOffset < 0 ? Span<T>.Empty : _parameters.Values.AsSpan(_biasOffset, OutputSize);
    /// <summary>∂L/∂b, shape (out); empty if the layer has no bias.</summary>
    public Span<T> BiasGradient => _biasOffset < 0 ? Span<T>.Empty : _parameters.Gradients.AsSpan(_biasOffset, OutputSize);

    /// <summary>A copy of W as an (in, out) matrix.</summary>
    public Matrix<T> WeightMatrix() => new(InputSize, OutputSize, Weight.ToArray());

    /// <summary>Input x of the last training forward pass, (batch, in) row-major.</summary>
    public ReadOnlySpan<T> LastInput => _cache.Outputs.Length == 0 ? default : _cache.Outputs[Index].AsSpan(0, _cache.BatchSize * InputSize);
    /// <summary>Pre-activation z of the last training forward pass, (batch, out).</summary>
    public ReadOnlySpan<T> LastPreActivation => _cache.Outputs.Length == 0 ? default : _cache.PreActivations[Index].AsSpan(0, _cache.BatchSize * OutputSize);
    /// <summary>Output a = φ(z) of the last training forward pass, (batch, out).</summary>
    public ReadOnlySpan<T> LastOutput => _cache.Outputs.Length == 0 ? default : _cache.Outputs[Index + 1].AsSpan(0, _cache.BatchSize * OutputSize);

    /// <summary>
    /// Forward: z = m_w·x·W + m_b·b, a = φ(z). x is (batch, in); z and a are (batch, out) and may be the same buffer
    /// for an identity layer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 so the first epoch is as fast as the rest
    internal void Forward(ReadOnlySpan<T> x, int batch, Span<T> z, Span<T> a)
    {
        int nIn = InputSize, nOut = OutputSize;
        // z = m_w · x·W    (batch, in)·(in, out) → (batch, out)
        TypedGemm.Multiply(Transpose.No, Transpose.No, batch, nOut, nIn, _weightMultiplier, x, nIn, Weight, nOut, T.Zero, z, nOut);
        if (_biasOffset < 0)
        {
            Spec.Activation.Apply(z, a);
            return;
        }
        ReadOnlySpan<T> b = Bias;
        for (int r = 0; r < batch; r++)
        {
            // fused per row: z += m_b·b, then a = φ(z)    (out)
            var zr = z.Slice(r * nOut, nOut);
            if (_biasMultiplier == T.One) TensorPrimitives.Add(zr, b, zr);
            else TensorPrimitives.MultiplyAdd(b, _biasMultiplier, zr, zr);
            Spec.Activation.Apply(zr, a.Slice(r * nOut, nOut));
        }
    }

    /// <summary>
    /// Backward: given δ = ∂L/∂a (batch, out), overwrites it with ∂L/∂z, adds ∂L/∂W and ∂L/∂b into the gradient
    /// arrays (+=), and writes ∂L/∂x (batch, in) into <paramref name="inputGradient"/> unless it is empty.
    /// x, z, a must be the forward pass's buffers. With <paramref name="parameterGradients"/> false the parameter
    /// gradients are left untouched (a layer the backward pass only walks through); ∂L/∂z and ∂L/∂x are the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 so the first epoch is as fast as the rest
    internal void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> delta, int batch, Span<T> inputGradient,
        bool parameterGradients = true)
    {
        int nIn = InputSize, nOut = OutputSize;
        // ∂L/∂z = ∂L/∂a ⊙ φ'(z)    (batch, out)
        Spec.Activation.MultiplyByDerivative(z, a, delta);
        // ∂L/∂W += m_w · xᵀ·∂L/∂z    (in, batch)·(batch, out) → (in, out)
        if (parameterGradients)
            TypedGemm.Multiply(Transpose.Yes, Transpose.No, nIn, nOut, batch, _weightMultiplier, x, nIn, delta, nOut, T.One, WeightGradient, nOut);
        if (_biasOffset >= 0 && parameterGradients)
        {
            // ∂L/∂b += m_b · Σ_rows ∂L/∂z    (out)
            Span<T> gb = BiasGradient;
            for (int r = 0; r < batch; r++)
            {
                ReadOnlySpan<T> dzr = delta.Slice(r * nOut, nOut);
                if (_biasMultiplier == T.One) TensorPrimitives.Add(gb, dzr, gb);
                else TensorPrimitives.MultiplyAdd(dzr, _biasMultiplier, gb, gb);
            }
        }
        // ∂L/∂x = m_w · ∂L/∂z·Wᵀ    (batch, out)·(out, in) → (batch, in)
        if (!inputGradient.IsEmpty)
            TypedGemm.Multiply(Transpose.No, Transpose.Yes, batch, nIn, nOut, _weightMultiplier, delta, nOut, Weight, nOut, T.Zero, inputGradient, nIn);
    }
}
