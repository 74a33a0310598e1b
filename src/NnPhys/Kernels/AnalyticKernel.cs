using System.Numerics.Tensors;
using NnPhys.Architectures;
using NnPhys.Numerics;

namespace NnPhys.Kernels;

/// <summary>The two infinite-width kernels of a network on a pair of point sets.</summary>
/// <param name="Nngp">K(x, x′): the covariance of the network output at initialisation (NNGP).</param>
/// <param name="Ntk">Θ(x, x′): the neural tangent kernel.</param>
public sealed record KernelPair(Matrix<double> Nngp, Matrix<double> Ntk);

/// <summary>
/// Analytic NNGP and NTK of a <see cref="LayerStack"/> — the same description that builds the trainable network and the
/// ensemble sampler — (tasi-physics-for-ml §2.4 and §4, eq. (82) at infinite width),
/// with neural-tangents' stax conventions so the numbers can be compared with it: the input kernel is K = x·x′/d, Θ = 0;
/// dense(W_std, b_std): K ← W_std²·K + b_std², Θ ← K + W_std²·Θ; activation φ: K ← E[φ(u)φ(v)], Θ ← Θ·E[φ′(u)φ′(v)]
/// with (u, v) ~ N(0, [[K(x,x), K(x,x′)], [K(x,x′), K(x′,x′)]]). All in float64.
/// Gram matrices compute the lower triangle only (one row of pairs at a time through every layer, vectorised over the
/// row, rows in parallel) and mirror it; train×test blocks compute every pair.
/// </summary>
public sealed class AnalyticKernel
{
    readonly LayerSpec[] _layers;
    readonly FusedLeakyReluGram? _fused;

    /// <summary>The fused Gram program (dense + leaky-ReLU-family stacks), or null (for the profile in bench/ and tests).</summary>
    internal FusedLeakyReluGram? Fused => _fused;

    /// <summary>The layers this kernel belongs to (widths play no role).</summary>
    public LayerStack Stack { get; }
    /// <summary>Whether every activation uses <see cref="PolarQuadrature"/> instead of its closed form (for checks).</summary>
    public bool ForceQuadrature { get; }

    /// <summary>The kernel of <paramref name="stack"/>; every dense layer must use the NTK parameterisation
    /// (<see cref="Parameterizations.Ntk"/>; <see cref="KernelArchitecture.Parse"/> builds such stacks).</summary>
    /// <exception cref="InvalidConfigException">The stack is invalid, or a dense layer has another parameterisation.</exception>
    public AnalyticKernel(LayerStack stack, bool forceQuadrature = false)
    {
        stack.Validated();
        int k = 0;
        foreach (var d in stack.Layers.OfType<DenseSpec>())
        {
            k++;
            var p = d.ParameterizationOrStandard;
            if (p.A != 0.5 || p.B != 0 || p.ScalesWithFanOut)
                throw new InvalidConfigException($"Dense layer {k} has parameterisation {p}; the analytic NTK here follows neural-tangents' NTK parameterisation, " +
                    "abc(0.5, 0, 0): build the stack with Parameterizations.Ntk (or KernelArchitecture.Parse).");
        }
        Stack = stack;
        ForceQuadrature = forceQuadrature;
        _layers = [.. stack.Layers];
        _fused = forceQuadrature ? null : FusedLeakyReluGram.TryCreate(_layers);
    }

    /// <summary>The n×n NNGP and NTK Gram matrices of the rows of <paramref name="x"/> (n, d). Exactly symmetric.</summary>
    /// <exception cref="InvalidConfigException">x has no rows, non-finite entries, or not the stack's input dimension.</exception>
    public KernelPair Gram(Matrix<double> x)
    {
        CheckPoints(x, "points");
        int n = x.Rows;
        var nngp = new Matrix<double>(n, n, GC.AllocateUninitializedArray<double>(n * n));
        var ntk = new Matrix<double>(n, n, GC.AllocateUninitializedArray<double>(n * n));
        if (_fused is not null)
        {
            FusedGram(x, nngp, ntk, LaneWidth.Best);
            return new KernelPair(nngp, ntk);
        }
        Gemm.Multiply(x, Transpose.No, x, Transpose.Yes, nngp, 1.0 / x.Cols);
        var stages = StageDiagonals(x);
        // the diagonal exactly as StageDiagonals has it, so cos θ(x, x) = 1 exactly (acos near 1 would amplify rounding)
        for (int i = 0; i < n; i++) nngp[i, i] = TensorPrimitives.Dot<double>(x.Row(i), x.Row(i)) / x.Cols;
        // rows of different length: pair row i with row n−1−i so every work item costs about the same
        Parallel.For(0, (n + 1) / 2, pair =>
        {
            RowThroughLayers(stages, pair, stages, nngp.Row(pair)[..(pair + 1)], ntk.Row(pair)[..(pair + 1)]);
            int other = n - 1 - pair;
            if (other != pair) RowThroughLayers(stages, other, stages, nngp.Row(other)[..(other + 1)], ntk.Row(other)[..(other + 1)]);
        });
        Mirror(nngp); Mirror(ntk);
        return new KernelPair(nngp, ntk);
    }

    /// <summary>The fused path's Gram into nngp and ntk (their contents on entry are ignored). The lower triangle goes in
    /// tiles of <see cref="FusedTile"/>² entries, each tile's rows through every layer and then copied onto the upper
    /// triangle while in cache (a tile touches 2·<see cref="FusedTile"/> rows of each matrix, few pages for the TLB); bands
    /// of tiles b and last − b form one work item, so the two threads get equal shares of the triangle. Up to
    /// <see cref="FusedLeakyReluGram.MaxInlineDimension"/> input dimensions the rows form x_i·x_j/d in registers
    /// (<paramref name="inlineInput"/> null); otherwise, or when false, a GEMM fills nngp with it first.</summary>
    internal void FusedGram(Matrix<double> x, Matrix<double> nngp, Matrix<double> ntk, LaneWidth width, bool? inlineInput = null)
    {
        var fused = _fused ?? throw new InvalidOperationException("The stack has no fused Gram path.");
        width = FusedLeakyReluGram.Resolve(width);
        int n = x.Rows;
        bool inline = inlineInput ?? x.Cols <= FusedLeakyReluGram.MaxInlineDimension;
        if (!inline) Gemm.Multiply(x, Transpose.No, x, Transpose.Yes, nngp, 1.0 / x.Cols);
        var input = new double[n];
        for (int i = 0; i < n; i++) input[i] = TensorPrimitives.Dot<double>(x.Row(i), x.Row(i)) / x.Cols;
        var prepared = fused.Diagonal(input, inline ? x : null);
        int bands = (n + FusedTile - 1) / FusedTile;
        Parallel.For(0, (bands + 1) / 2, pair =>
        {
            Band(pair);
            if (bands - 1 - pair != pair) Band(bands - 1 - pair);
        });

        // every method on this path is compiled fully optimised at once: `bench kernel` times a handful of calls, which
        // tiered compilation would otherwise spend in unoptimised code
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        void Band(int b)
        {
            int i0 = b * FusedTile, i1 = Math.Min(n, i0 + FusedTile);
            for (int j0 = 0; j0 < i1; j0 += FusedTile)
            {
                for (int i = Math.Max(i0, j0 + 1); i < i1; i++)
                    fused.Segment(prepared, i, j0, Math.Min(j0 + FusedTile, i), nngp.Row(i), ntk.Row(i), width);
                MirrorTile(nngp, i0, i1, j0, Math.Min(j0 + FusedTile, i1));
                MirrorTile(ntk, i0, i1, j0, Math.Min(j0 + FusedTile, i1));
            }
            for (int i = i0; i < i1; i++) { nngp[i, i] = prepared.K[i]; ntk[i, i] = prepared.Theta[i]; }
        }
    }

    /// <summary>Rows (and columns) per tile of the fused Gram: a tile of K and Θ is 2·32 KiB, in L2 for its mirror.</summary>
    const int FusedTile = 64;

    /// <summary>Copies the lower-triangle entries (i, j), i0 ≤ i &lt; i1, j0 ≤ j &lt; min(j1, i), onto (j, i): each upper row j
    /// gets one contiguous run.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static void MirrorTile(Matrix<double> m, int i0, int i1, int j0, int j1)
    {
        int n = m.Cols;
        var data = m.Data;
        for (int j = j0; j < j1; j++)
        {
            var row = data.AsSpan(j * n);
            for (int i = Math.Max(i0, j + 1); i < i1; i++) row[i] = data[i * n + j];
        }
    }

    /// <summary>The n1×n2 blocks K(x1_i, x2_j) and Θ(x1_i, x2_j), e.g. test × train.</summary>
    /// <exception cref="InvalidConfigException">Empty point sets, non-finite entries, or different dimensions.</exception>
    public KernelPair Cross(Matrix<double> x1, Matrix<double> x2)
    {
        CheckPoints(x1, "first point set");
        CheckPoints(x2, "second point set");
        if (x1.Cols != x2.Cols)
            throw new InvalidConfigException($"The point sets have dimensions {x1.Cols} and {x2.Cols}; every point must have the same number of coordinates.");
        var stages1 = StageDiagonals(x1);
        var stages2 = StageDiagonals(x2);
        var nngp = new Matrix<double>(x1.Rows, x2.Rows);
        var ntk = new Matrix<double>(x1.Rows, x2.Rows);
        Gemm.Multiply(x1, Transpose.No, x2, Transpose.Yes, nngp, 1.0 / x1.Cols);
        Parallel.For(0, x1.Rows, i => RowThroughLayers(stages1, i, stages2, nngp.Row(i), ntk.Row(i)));
        return new KernelPair(nngp, ntk);
    }

    /// <summary>K(x, x) and Θ(x, x) for every row of <paramref name="x"/>.</summary>
    public (double[] Nngp, double[] Ntk) Diagonal(Matrix<double> x)
    {
        CheckPoints(x, "points");
        var k = new double[x.Rows];
        var t = new double[x.Rows];
        for (int i = 0; i < x.Rows; i++) k[i] = TensorPrimitives.Dot<double>(x.Row(i), x.Row(i)) / x.Cols;
        foreach (var layer in _layers)
            for (int i = 0; i < k.Length; i++)
                Step(layer, k[i], k.AsSpan(i, 1), t.AsSpan(i, 1), k.AsSpan(i, 1));
        return (k, t);
    }

    /// <summary>K(x_i, x_i) just before each activation layer (stage s = activation layer index s in order).</summary>
    double[][] StageDiagonals(Matrix<double> x)
    {
        var stages = new List<double[]>();
        var k = new double[x.Rows];
        var t = new double[x.Rows];
        for (int i = 0; i < x.Rows; i++) k[i] = TensorPrimitives.Dot<double>(x.Row(i), x.Row(i)) / x.Cols;
        foreach (var layer in _layers)
        {
            if (layer is ActivationSpec) stages.Add((double[])k.Clone());
            for (int i = 0; i < k.Length; i++) Step(layer, k[i], k.AsSpan(i, 1), t.AsSpan(i, 1), k.AsSpan(i, 1));
        }
        return [.. stages];
    }

    /// <summary>Row i of set 1 against points 0 … len−1 of set 2: k12 holds x·x′/d on entry, K on exit; ntk holds Θ on exit.</summary>
    void RowThroughLayers(double[][] stages1, int i, double[][] stages2, Span<double> k12, Span<double> ntk)
    {
        ntk.Clear();
        int stage = 0;
        foreach (var layer in _layers)
        {
            if (layer is ActivationSpec)
            {
                Step(layer, stages1[stage][i], stages2[stage].AsSpan(0, k12.Length), ntk, k12);
                stage++;
            }
            else Step(layer, 0, default, ntk, k12);
        }
    }

    /// <summary>One layer's map on a row: k12 (in/out) and ntk (in/out); k11, k22 are the diagonal before the layer.</summary>
    void Step(LayerSpec layer, double k11, ReadOnlySpan<double> k22, Span<double> ntk, Span<double> k12)
    {
        switch (layer)
        {
            case DenseSpec d:
                double w2 = d.WeightStd * d.WeightStd, b2 = d.Bias ? d.BiasStd * d.BiasStd : 0.0;
                // K ← W²K + b²;  Θ ← K_new + W²Θ   (stax Dense, NTK parameterisation)
                TensorPrimitives.Multiply(k12, w2, k12);
                TensorPrimitives.Add(k12, b2, k12);
                TensorPrimitives.MultiplyAdd(ntk, w2, k12, ntk);
                break;
            case ActivationSpec a:
                KernelActivations.ApplyRow(a.Activation, k11, k22, k12, ntk, ForceQuadrature);
                break;
        }
    }

    /// <summary>Copies the lower triangle onto the upper one in 64×64 blocks (cache-friendly transpose).</summary>
    static void Mirror(Matrix<double> m)
    {
        const int block = 64;
        int n = m.Rows;
        var data = m.Data;
        Parallel.For(0, (n + block - 1) / block, bi =>
        {
            int i0 = bi * block, i1 = Math.Min(n, i0 + block);
            for (int j0 = i0; j0 < n; j0 += block)
            {
                int j1 = Math.Min(n, j0 + block);
                for (int i = i0; i < i1; i++)
                    for (int j = Math.Max(j0, i + 1); j < j1; j++) data[i * n + j] = data[j * n + i];
            }
        });
    }

    void CheckPoints(Matrix<double> x, string what)
    {
        if (x.Rows == 0 || x.Cols == 0) throw new InvalidConfigException($"The {what} are empty; give at least one point with at least one coordinate.");
        if (x.Cols != Stack.InputDimension)
            throw new InvalidConfigException($"The {what} have {x.Cols} coordinates but the architecture takes inputs of dimension {Stack.InputDimension}; give every point {Stack.InputDimension} coordinates.");
        foreach (var v in x.Data)
            if (!double.IsFinite(v)) throw new InvalidConfigException($"The {what} contain {v}; every coordinate must be a finite number.");
    }
}
