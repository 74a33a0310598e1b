using NnPhys.Architectures;
using NnPhys.Numerics;

namespace NnPhys.Dmft;

/// <summary>
/// The right-hand side of ẋ = −x + gJφ(x) for a batch of B trials of one network, optionally with B tangent vectors
/// (δẋ = −δx + gJ(φ′(x)⊙δx)), all in one row-major N×W state (W = B or 2B; row i = neuron i, columns 0..B−1 the states,
/// B..2B−1 the tangents). One evaluation is one GEMM J·[φ(X) | φ′(X)⊙V] of N·N·W multiply-adds through the Numerics BLAS
/// layer (OpenBLAS dgemm when present): the trials are batched into a matrix–matrix product.
/// </summary>
public sealed class RecurrentNetwork
{
    readonly double[] _couplings, _drive;

    /// <summary>Neurons N.</summary>
    public int Size { get; }
    /// <summary>Trials B.</summary>
    public int Trials { get; }
    /// <summary>Columns W of the state (B, or 2B with tangents).</summary>
    public int Width { get; }
    /// <summary>Gain g.</summary>
    public double Gain { get; }
    /// <summary>φ.</summary>
    public Activation Activation { get; }
    /// <summary>Right-hand-side evaluations so far (each is N·N·W multiply-adds).</summary>
    public long Evaluations { get; private set; }

    /// <param name="couplings">J, N×N row-major (see <see cref="CouplingMatrix"/>).</param>
    /// <param name="size">N.</param>
    /// <param name="gain">g.</param>
    /// <param name="activation">φ.</param>
    /// <param name="trials">Trials B batched as columns.</param>
    /// <param name="tangents">Also carry B tangent (linear-response) columns.</param>
    public RecurrentNetwork(double[] couplings, int size, double gain, Activation activation, int trials, bool tangents)
    {
        if (couplings.Length != size * size) throw new ArgumentException($"J has {couplings.Length} entries, expected N² = {size * size}.");
        _couplings = couplings; Size = size; Gain = gain; Activation = activation; Trials = trials;
        Width = tangents ? 2 * trials : trials;
        _drive = new double[size * Width];
    }

    /// <summary>Multiply-adds per right-hand-side evaluation.</summary>
    public double MultiplyAddsPerEvaluation => (double)Size * Size * Width;

    /// <summary>dy = −y + gJ·[φ(X) | φ′(X)⊙V].</summary>
    public void Derivative(ReadOnlySpan<double> y, Span<double> dy)
    {
        int w = Width, b = Trials;
        for (int i = 0; i < Size; i++)
        {
            var row = y.Slice(i * w, w); var drive = _drive.AsSpan(i * w, w);
            for (int c = 0; c < b; c++) drive[c] = Activation.Evaluate(row[c]);
            for (int c = b; c < w; c++) drive[c] = Activation.Derivative(row[c - b]) * row[c];
        }
        Gemm.Multiply(Transpose.No, Transpose.No, Size, w, Size, Gain, _couplings, Size, _drive, w, 0.0, dy, w);
        for (int k = 0; k < dy.Length; k++) dy[k] -= y[k];
        Evaluations++;
    }
}
