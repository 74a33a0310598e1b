using System.Numerics;
using NnPhys.Architectures;

namespace NnPhys.Networks;

/// <summary>
/// Preallocated buffers for one forward/backward pass of up to <see cref="Capacity"/> rows: the input, every layer's
/// pre-activation z and output a, and two ping-pong buffers for ∂L/∂a. Buffers grow only when a larger batch arrives,
/// so a training loop at fixed batch size allocates nothing per step. An identity layer's z and a share one buffer.
/// </summary>
internal sealed class ActivationCache<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly Architecture _architecture;

    /// <summary>Rows the buffers can hold.</summary>
    public int Capacity { get; private set; }
    /// <summary>Rows of the last forward pass (0 before any).</summary>
    public int BatchSize { get; set; }
    /// <summary>Outputs[0] is the input (batch, in₀); Outputs[l + 1] is layer l's output a (batch, out_l).</summary>
    public T[][] Outputs { get; private set; } = [];
    /// <summary>PreActivations[l] is layer l's z (batch, out_l).</summary>
    public T[][] PreActivations { get; private set; } = [];
    /// <summary>Two buffers of (batch, max width) for ∂L/∂a while walking backwards.</summary>
    public T[] DeltaA { get; private set; } = [];
    /// <summary>Second backward buffer.</summary>
    public T[] DeltaB { get; private set; } = [];

    public ActivationCache(Architecture architecture) => _architecture = architecture;

    /// <summary>Makes room for <paramref name="batch"/> rows (reallocates only when growing).</summary>
    public void EnsureCapacity(int batch)
    {
        if (batch <= Capacity) return;
        var layers = _architecture.Layers;
        Outputs = new T[layers.Count + 1][];
        PreActivations = new T[layers.Count][];
        Outputs[0] = new T[batch * _architecture.InputSize];
        int maxWidth = _architecture.InputSize;
        for (int l = 0; l < layers.Count; l++)
        {
            int width = layers[l].OutputSize;
            maxWidth = Math.Max(maxWidth, width);
            PreActivations[l] = new T[batch * width];
            Outputs[l + 1] = layers[l].Activation == Activation.Identity ? PreActivations[l] : new T[batch * width];
        }
        DeltaA = new T[batch * maxWidth];
        DeltaB = new T[batch * maxWidth];
        Capacity = batch;
    }
}
