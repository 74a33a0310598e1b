using System.Numerics;
using System.Runtime.CompilerServices;
using NnPhys.Architectures;

namespace NnPhys.Kernels;

/// <summary>
/// The Gram fast path of <see cref="AnalyticKernel"/> for stacks of dense layers and leaky-ReLU-family activations
/// (ReLU, leaky ReLU, abs) or identity: given the diagonal K(x_i, x_i) before every activation, each entry's recursion
/// through all layers is independent of every other entry, so a row of the lower triangle is carried through the whole
/// stack one SIMD vector of entries at a time with K and Θ held in registers — no pass over memory per layer, no
/// temporaries. The diagonal (i = j) is carried by the scalar recursion with k11 = k22 = k12, so cos θ = 1 exactly there.
/// The arithmetic is that of <see cref="KernelActivations"/>' leaky-ReLU row (same formulas, the same
/// <see cref="ArcCosine"/>), so results agree with the general path to round-off.
/// </summary>
internal sealed class FusedLeakyReluGram
{
    enum Kind { Dense, LeakyRelu }

    readonly record struct Op(Kind Kind, double W2, double B2, double Alpha, double A2, double B2OverPi, double SlopeTerm);

    readonly Op[] _ops;
    readonly int _stages;

    FusedLeakyReluGram(Op[] ops)
    {
        _ops = ops;
        _stages = ops.Count(o => o.Kind == Kind.LeakyRelu);
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

    /// <summary>Stage diagonals: stages[s][i] = K(x_i, x_i) just before activation s; and the final K, Θ on the diagonal.</summary>
    public (double[][] Stages, double[] K, double[] Theta) Diagonal(ReadOnlySpan<double> inputDiagonal)
    {
        int n = inputDiagonal.Length;
        var stages = new double[_stages][];
        for (int s = 0; s < _stages; s++) stages[s] = new double[n];
        var kOut = new double[n];
        var tOut = new double[n];
        for (int i = 0; i < n; i++)
        {
            double k = inputDiagonal[i], t = 0;
            int s = 0;
            foreach (var op in _ops)
                if (op.Kind == Kind.Dense) { k = k * op.W2 + op.B2; t = t * op.W2 + k; }
                else { stages[s++][i] = k; ScalarActivation(op, k, k, ref k, ref t); }
            kOut[i] = k; tOut[i] = t;
        }
        return (stages, kOut, tOut);
    }

    /// <summary>Row i of the lower triangle: k12[j] = x_i·x_j/d on entry (j = 0 … i), K on exit; ntk[j] = Θ on exit.
    /// The diagonal entry j = i is set from <paramref name="diagonalK"/>, <paramref name="diagonalTheta"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Row(double[][] stages, int i, Span<double> k12, Span<double> ntk, double diagonalK, double diagonalTheta)
    {
        var ops = _ops;
        int len = k12.Length, j = 0;
        Span<double> k11 = stackalloc double[Math.Max(1, _stages)];
        for (int s = 0; s < _stages; s++) k11[s] = stages[s][i];
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<double>.One; var pi = new Vector<double>(Math.PI);
            int w = Vector<double>.Count;
            for (; j <= len - w; j += w)
            {
                var k = new Vector<double>(k12[j..]);
                var t = Vector<double>.Zero;
                int s = 0;
                for (int o = 0; o < ops.Length; o++)
                {
                    ref readonly var op = ref ops[o];
                    if (op.Kind == Kind.Dense)
                    {
                        k = k * op.W2 + new Vector<double>(op.B2);
                        t = t * op.W2 + k;
                    }
                    else
                    {
                        var norm = Vector.SquareRoot(new Vector<double>(stages[s].AsSpan(j)) * k11[s]);
                        s++;
                        var c = Vector.ConditionalSelect(Vector.GreaterThan(norm, Vector<double>.Zero), k / norm, Vector<double>.Zero);
                        c = Vector.Min(Vector.Max(c, -one), one);
                        var theta = ArcCosine.Lanes(c);
                        var sin = Vector.SquareRoot((one - c) * (one + c));
                        t *= new Vector<double>(op.Alpha) + (pi - theta) * op.SlopeTerm;
                        k = k * op.A2 + norm * (sin * 2.0 + (pi - theta * 2.0) * c) * op.B2OverPi;
                    }
                }
                k.CopyTo(k12[j..]);
                t.CopyTo(ntk[j..]);
            }
        }
        for (; j < len; j++)
        {
            double k = k12[j], t = 0;
            int s = 0;
            foreach (var op in ops)
                if (op.Kind == Kind.Dense) { k = k * op.W2 + op.B2; t = t * op.W2 + k; }
                else { double k22 = stages[s][j]; ScalarActivation(op, k11[s++], k22, ref k, ref t); }
            k12[j] = k; ntk[j] = t;
        }
        k12[i] = diagonalK;
        ntk[i] = diagonalTheta;
    }

    static void ScalarActivation(in Op op, double k11, double k22, ref double k, ref double t)
    {
        double norm = Math.Sqrt(k22 * k11);
        double c = norm > 0 ? Math.Clamp(k / norm, -1.0, 1.0) : 0.0;
        double theta = ArcCosine.Scalar(c), sin = Math.Sqrt((1 - c) * (1 + c));
        t *= op.Alpha + (Math.PI - theta) * op.SlopeTerm;
        k = k * op.A2 + norm * (sin * 2.0 + (Math.PI - theta * 2.0) * c) * op.B2OverPi;
    }
}
