using System.Runtime.CompilerServices;
using NnPhys.Architectures;

namespace NnPhys.Kernels;

/// <summary>
/// The Gram fast path of <see cref="AnalyticKernel"/> for stacks of dense layers and leaky-ReLU-family activations
/// (ReLU, leaky ReLU, abs) or identity. Given the diagonal K(x_i, x_i) before every activation, each entry's recursion
/// through all layers is independent of every other entry, so a row of the lower triangle is carried through the whole
/// stack in blocks of <see cref="Block"/> entries that stay in the L1 cache, one SIMD vector at a time, with no division
/// and one square root per entry and activation:
/// per point and stage the diagonal gives √k_ii and 1/√k_ii (0 when k_ii = 0, so cos θ = 0 there as in the general path),
/// so √(k11·k22) = √k11·√k22 and cos θ = k12·(1/√k11)·(1/√k22); θ, π − θ and sin θ come from
/// <see cref="ArcCosineSine"/> (polynomials, one √ per entry). The lanes are AVX-512 (8), AVX2 + FMA (4) or the managed
/// scalar fallback (<see cref="ILanes{TV}"/>); a row's last partial vector runs through a padded buffer, so every
/// off-diagonal entry takes the same vector arithmetic. The diagonal (i = j) is carried by the scalar recursion with
/// k11 = k22 = k12 (cos θ = 1 exactly), bit for bit as before this path lost its divisions.
/// </summary>
internal sealed class FusedLeakyReluGram
{
    /// <summary>Entries per block of a row (two blocks of K and Θ plus four stage arrays' slices fit the L1 cache).</summary>
    public const int Block = 256;
    const int Pad = 16; // stage arrays run this far past n, so a padded tail vector reads in bounds

    enum Kind { Dense, LeakyRelu }

    readonly record struct Op(Kind Kind, double W2, double B2, double Alpha, double A2, double B2OverPi, double SlopeTerm);

    /// <summary>A dense layer's map K ← W²K + b², Θ ← K + W²Θ.</summary>
    readonly record struct Affine(double W2, double B2);

    /// <summary>The dense layers before one (leaky) ReLU activation, and its constants: K ← A2·K + B2/π·√(k11k22)(2 sin θ + (π − 2θ)c),
    /// Θ ← Θ·(α + (π − θ)(1 − α)²/(2π)).</summary>
    sealed record Stage(Affine[] Before, double Alpha, double A2, double B2OverPi, double SlopeTerm);

    /// <summary>Per-point data of a Gram: √k_ii and 1/√k_ii of every stage (stage s at [s·Stride, s·Stride + n), zero-padded),
    /// the final K and Θ on the diagonal, and, when the input kernel is formed here, the points column by column.</summary>
    public sealed class Prepared(int points, int stride, double[] root, double[] inverseRoot, double[] k, double[] theta)
    {
        public int Points { get; } = points;
        public int Stride { get; } = stride;
        public double[] Root { get; } = root;
        public double[] InverseRoot { get; } = inverseRoot;
        public double[] K { get; } = k;
        public double[] Theta { get; } = theta;
        /// <summary>Null: the caller puts x_i·x_j/d into the rows. Otherwise coordinate c of point j at [c·Stride + j] (zero-padded),
        /// and each entry's input kernel is formed in registers as (Σ_c x_ic·x_jc)·(1/d) — no n×n input pass over memory.</summary>
        public double[]? Columns { get; init; }
        /// <summary>The points row by row (with <see cref="Columns"/>).</summary>
        public double[]? Rows { get; init; }
        /// <summary>Coordinates per point (with <see cref="Columns"/>).</summary>
        public int Dimension { get; init; }
    }

    /// <summary>Up to this input dimension the fused Gram forms x_i·x_j/d itself (d fused multiply-adds per entry, fewer
    /// memory passes than a GEMM into the n×n matrix); above it the caller's GEMM does.</summary>
    public const int MaxInlineDimension = 64;

    readonly Op[] _ops;
    readonly Stage[] _stages;
    readonly Affine[] _after;

    FusedLeakyReluGram(Op[] ops)
    {
        _ops = ops;
        var stages = new List<Stage>();
        var pending = new List<Affine>();
        foreach (var op in ops)
            if (op.Kind == Kind.Dense) pending.Add(new Affine(op.W2, op.B2));
            else { stages.Add(new Stage([.. pending], op.Alpha, op.A2, op.B2OverPi, op.SlopeTerm)); pending.Clear(); }
        _stages = [.. stages];
        _after = [.. pending];
    }

    /// <summary>The fused program of <paramref name="layers"/>, or null when a layer is outside its family.</summary>
    public static FusedLeakyReluGram? TryCreate(IReadOnlyList<LayerSpec> layers)
    {
        var ops = new List<Op>();
        foreach (var layer in layers)
            switch (layer)
            {
                case DenseSpec d:
                    ops.Add(new Op(Kind.Dense, d.WeightStd * d.WeightStd, d.Bias ? d.BiasStd * d.BiasStd : 0.0, 0, 0, 0, 0));
                    break;
                case ActivationSpec a:
                    var (kind, alpha) = KernelActivations.Classify(a.Activation);
                    if (kind == ClosedFormKind.Identity) break; // E[uv] = k12, E[1·1] = 1: nothing to do
                    if (kind != ClosedFormKind.LeakyRelu) return null;
                    double ca = 0.5 * (1 + alpha), cb = 0.5 * (1 - alpha);
                    ops.Add(new Op(Kind.LeakyRelu, 0, 0, alpha, ca * ca, cb * cb / Math.PI, (1 - alpha) * (1 - alpha) / (2 * Math.PI)));
                    break;
                default:
                    return null;
            }
        return new FusedLeakyReluGram([.. ops]);
    }

    /// <summary>The widest lanes this machine runs (AVX-512, AVX2 + FMA, else scalar) when <paramref name="width"/> is Best.</summary>
    /// <exception cref="PlatformNotSupportedException">A width the machine lacks was asked for.</exception>
    public static LaneWidth Resolve(LaneWidth width) => width switch
    {
        LaneWidth.Best => Lanes512.IsSupported ? LaneWidth.Avx512x2 : Lanes256.IsSupported ? LaneWidth.Avx2 : LaneWidth.Scalar,
        LaneWidth.Avx512 or LaneWidth.Avx512x2 when !Lanes512.IsSupported => throw new PlatformNotSupportedException("This processor has no AVX-512F."),
        LaneWidth.Avx2 when !Lanes256.IsSupported => throw new PlatformNotSupportedException("This processor has no AVX2 with FMA."),
        _ => width,
    };

    /// <summary>The per-point data of a Gram from K(x_i, x_i) of the input kernel: every stage's √k_ii and 1/√k_ii, and the
    /// diagonal's final K and Θ by the scalar recursion (k11 = k22 = k12, so cos θ = 1 exactly).</summary>
    public Prepared Diagonal(ReadOnlySpan<double> inputDiagonal) => Diagonal(inputDiagonal, null);

    /// <summary>As <see cref="Diagonal(ReadOnlySpan{double})"/>; with <paramref name="x"/> (d ≤ <see cref="MaxInlineDimension"/>)
    /// the rows form their input kernel themselves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Prepared Diagonal(ReadOnlySpan<double> inputDiagonal, Numerics.Matrix<double>? x)
    {
        int n = inputDiagonal.Length, stride = n + Pad;
        var root = new double[Math.Max(1, _stages.Length) * stride];
        var inverse = new double[root.Length];
        var kOut = new double[n];
        var tOut = new double[n];
        for (int i = 0; i < n; i++)
        {
            double k = inputDiagonal[i], t = 0;
            int s = 0;
            foreach (var op in _ops)
                if (op.Kind == Kind.Dense) { k = k * op.W2 + op.B2; t = t * op.W2 + k; }
                else
                {
                    double r = Math.Sqrt(k);
                    root[s * stride + i] = r;
                    inverse[s * stride + i] = r > 0 ? 1 / r : 0;
                    s++;
                    DiagonalActivation(op, ref k, ref t);
                }
            kOut[i] = k; tOut[i] = t;
        }
        if (x is null) return new Prepared(n, stride, root, inverse, kOut, tOut);
        var columns = new double[x.Cols * stride];
        for (int j = 0; j < n; j++)
            for (int c = 0; c < x.Cols; c++) columns[c * stride + j] = x[j, c];
        return new Prepared(n, stride, root, inverse, kOut, tOut) { Columns = columns, Rows = x.Data, Dimension = x.Cols };
    }

    /// <summary>Row i of the lower triangle: k12[j] = x_i·x_j/d on entry (j = 0 … i; ignored when the rows form the input
    /// kernel, <see cref="Prepared.Columns"/>), K on exit; ntk[j] = Θ on exit. The diagonal entry j = i is set from
    /// <see cref="Prepared.K"/> and <see cref="Prepared.Theta"/>.</summary>
    /// <param name="p">The diagonal data of the point set (<see cref="Diagonal(ReadOnlySpan{double}, Numerics.Matrix{double})"/>).</param>
    /// <param name="i">The row.</param>
    /// <param name="k12">Row i's entries 0 … i of the NNGP matrix.</param>
    /// <param name="ntk">Row i's entries 0 … i of the NTK matrix.</param>
    /// <param name="width">A resolved width (<see cref="Resolve"/>), not Best.</param>
    public void Row(Prepared p, int i, Span<double> k12, Span<double> ntk, LaneWidth width)
    {
        Segment(p, i, 0, i, k12, ntk, width);
        k12[i] = p.K[i];
        ntk[i] = p.Theta[i];
    }

    /// <summary>Entries j0 … j1−1 (j1 ≤ i) of row i, in place in the row spans k12 and ntk (indexed by j from 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Segment(Prepared p, int i, int j0, int j1, Span<double> k12, Span<double> ntk, LaneWidth width)
    {
        switch (width)
        {
            case LaneWidth.Avx512: Segment<Lanes512, System.Runtime.Intrinsics.Vector512<double>>(p, i, j0, j1, k12, ntk); break;
            case LaneWidth.Avx512x2: Segment<Lanes512x2, Vector512x2>(p, i, j0, j1, k12, ntk); break;
            case LaneWidth.Avx2: Segment<Lanes256, System.Runtime.Intrinsics.Vector256<double>>(p, i, j0, j1, k12, ntk); break;
            default: Segment<LanesScalar, double>(p, i, j0, j1, k12, ntk); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Segment<TL, TV>(Prepared p, int i, int j0, int j1, Span<double> k12, Span<double> ntk) where TL : struct, ILanes<TV> where TV : struct
    {
        int w = TL.Count, full = j0 + (j1 - j0) / w * w;
        for (int j = j0; j < full; j += Block)
            Through<TL, TV>(p, i, j, Math.Min(Block, full - j), ref k12[j], ref ntk[j]);
        if (full < j1)
        {
            // the last partial vector through a padded buffer (stage arrays are padded with zeros past n: c = 0 there)
            Span<double> kb = stackalloc double[Pad], tb = stackalloc double[Pad];
            kb.Clear();
            k12[full..j1].CopyTo(kb);
            Through<TL, TV>(p, i, full, w, ref kb[0], ref tb[0]);
            kb[..(j1 - full)].CopyTo(k12[full..]);
            tb[..(j1 - full)].CopyTo(ntk[full..]);
        }
    }

    /// <summary>count entries (a multiple of the lane count) of row i from column j0 through every layer, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Through<TL, TV>(Prepared p, int i, int j0, int count, ref double k, ref double t) where TL : struct, ILanes<TV> where TV : struct
    {
        int w = TL.Count;
        if (p.Columns is { } columns) InputKernel<TL, TV>(columns, p.Rows!, p.Dimension, p.Stride, i, j0, count, ref k);
        if (_stages.Length == 0)
        {
            for (int v = 0; v < count; v += w)
            {
                TV kv = TL.Load(ref Unsafe.Add(ref k, v)), tv = TL.Of(0.0);
                Dense<TL, TV>(_after, ref kv, ref tv);
                TL.Store(kv, ref Unsafe.Add(ref k, v));
                TL.Store(tv, ref Unsafe.Add(ref t, v));
            }
            return;
        }
        for (int s = 0; s < _stages.Length; s++)
        {
            var stage = _stages[s];
            int at = s * p.Stride;
            var rootI = TL.Of(p.Root[at + i] * stage.B2OverPi);   // √k11·B2/π
            var inverseI = TL.Of(p.InverseRoot[at + i]);
            var a2 = TL.Of(stage.A2); var alpha = TL.Of(stage.Alpha); var slope = TL.Of(stage.SlopeTerm);
            ref double rootJ = ref p.Root[at + j0];
            ref double inverseJ = ref p.InverseRoot[at + j0];
            bool first = s == 0, last = s == _stages.Length - 1;
            var before = stage.Before;
            for (int v = 0; v < count; v += w)
            {
                TV kv = TL.Load(ref Unsafe.Add(ref k, v));
                TV tv = first ? TL.Of(0.0) : TL.Load(ref Unsafe.Add(ref t, v));
                Dense<TL, TV>(before, ref kv, ref tv);
                var scaledNorm = TL.Multiply(TL.Load(ref Unsafe.Add(ref rootJ, v)), rootI);
                var c = TL.Multiply(kv, TL.Multiply(TL.Load(ref Unsafe.Add(ref inverseJ, v)), inverseI));
                ArcCosineSine.Evaluate<TL, TV>(c, out var theta, out var piMinusTheta, out var sin);
                tv = TL.Multiply(tv, TL.MultiplyAdd(piMinusTheta, slope, alpha));
                kv = TL.MultiplyAdd(kv, a2, TL.Multiply(scaledNorm, TL.MultiplyAdd(TL.Subtract(piMinusTheta, theta), c, TL.Add(sin, sin))));
                if (last) Dense<TL, TV>(_after, ref kv, ref tv);
                TL.Store(kv, ref Unsafe.Add(ref k, v));
                TL.Store(tv, ref Unsafe.Add(ref t, v));
            }
        }
    }

    /// <summary>k[v] = (Σ_c x_ic·x_(j0+v)c)·(1/d) for v &lt; count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void InputKernel<TL, TV>(double[] columns, double[] rows, int d, int stride, int i, int j0, int count, ref double k) where TL : struct, ILanes<TV> where TV : struct
    {
        int w = TL.Count;
        var scale = TL.Of(1.0 / d);
        ref double xi = ref rows[i * d];
        ref double column = ref columns[j0];
        for (int v = 0; v < count; v += w)
        {
            var sum = TL.Multiply(TL.Of(xi), TL.Load(ref Unsafe.Add(ref column, v)));
            for (int c = 1; c < d; c++)
                sum = TL.MultiplyAdd(TL.Of(Unsafe.Add(ref xi, c)), TL.Load(ref Unsafe.Add(ref column, c * stride + v)), sum);
            TL.Store(TL.Multiply(sum, scale), ref Unsafe.Add(ref k, v));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Dense<TL, TV>(Affine[] layers, ref TV k, ref TV t) where TL : struct, ILanes<TV> where TV : struct
    {
        foreach (var d in layers)
        {
            var w2 = TL.Of(d.W2);
            k = TL.MultiplyAdd(k, w2, TL.Of(d.B2));
            t = TL.MultiplyAdd(t, w2, k);
        }
    }

    /// <summary>The activation on the diagonal (k11 = k22 = k12 = k): the general path's formulas in scalar form.</summary>
    static void DiagonalActivation(in Op op, ref double k, ref double t)
    {
        double norm = Math.Sqrt(k * k);
        double c = norm > 0 ? Math.Clamp(k / norm, -1.0, 1.0) : 0.0;
        double theta = ArcCosine.Scalar(c), sin = Math.Sqrt((1 - c) * (1 + c));
        t *= op.Alpha + (Math.PI - theta) * op.SlopeTerm;
        k = k * op.A2 + norm * (sin * 2.0 + (Math.PI - theta * 2.0) * c) * op.B2OverPi;
    }
}
