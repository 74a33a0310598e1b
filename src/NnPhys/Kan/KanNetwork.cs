using NnPhys.Numerics;

namespace NnPhys.Kan;

/// <summary>
/// A Kolmogorov–Arnold network (tasi-physics-for-ml eq. 25 stacked into layers, Liu et al. 2024): shape [n₀, n₁, …],
/// one <see cref="KanLayer"/> per consecutive pair, all parameters in one flat vector (so L-BFGS and Adam see one array).
/// </summary>
public sealed class KanNetwork
{
    /// <summary>Widths [n₀, n₁, …, n_L].</summary>
    public int[] Shape { get; }
    /// <summary>The layers.</summary>
    public IReadOnlyList<KanLayer> Layers { get; }
    /// <summary>All parameters.</summary>
    public double[] Parameters { get; }

    KanNetwork(int[] shape, IReadOnlyList<BSplineBasis> bases)
    {
        Shape = shape;
        var layers = new List<KanLayer>();
        int offset = 0;
        for (int l = 0; l + 1 < shape.Length; l++)
        {
            var layer = new KanLayer(shape[l], shape[l + 1], bases[l], offset);
            layers.Add(layer);
            offset += layer.ParameterCount;
        }
        Layers = layers;
        Parameters = new double[offset];
    }

    /// <summary>
    /// A new network with grid G and order k on [−1, 1] for every layer, initialized as pykan does: small random spline
    /// coefficients (uniform, ±0.05/G), w_b = 1/√n_in · (1 + noise), w_s = 1.
    /// </summary>
    /// <exception cref="InvalidConfigException">A width is not positive, fewer than two widths, or G, k invalid.</exception>
    public static KanNetwork Create(int[] shape, int gridSize, int order, RandomStream random)
    {
        if (shape is null || shape.Length < 2 || shape.Any(w => w <= 0))
            throw new InvalidConfigException($"A KAN shape needs at least two positive widths, e.g. 2,5,1; got [{string.Join(",", shape ?? [])}].");
        var net = new KanNetwork(shape, Enumerable.Range(0, shape.Length - 1).Select(_ => new BSplineBasis(gridSize, order, -1, 1)).ToArray());
        foreach (var layer in net.Layers)
            for (int j = 0; j < layer.Out; j++)
                for (int i = 0; i < layer.In; i++)
                {
                    var c = layer.Coefficients(net.Parameters, j, i);
                    for (int m = 0; m < c.Length; m++) c[m] = (random.NextDouble() - 0.5) * 0.1 / gridSize;
                    net.Parameters[layer.BaseWeightIndex(j, i)] = (1 + 0.1 * (random.NextDouble() - 0.5)) / Math.Sqrt(layer.In);
                    net.Parameters[layer.SplineWeightIndex(j, i)] = 1;
                }
        return net;
    }

    /// <summary>A deep copy (parameters and masks; the immutable bases are shared).</summary>
    public KanNetwork Clone()
    {
        var net = new KanNetwork((int[])Shape.Clone(), Layers.Select(l => l.Basis).ToArray());
        Parameters.CopyTo(net.Parameters, 0);
        for (int l = 0; l < Layers.Count; l++) Array.Copy(Layers[l].Mask, net.Layers[l].Mask, Layers[l].Mask.Length);
        return net;
    }

    /// <summary>Outputs for one input, and (optionally) every layer's input kept in <paramref name="activations"/>.</summary>
    public double[] Predict(ReadOnlySpan<double> x, List<double[]>? activations = null)
    {
        var current = x.ToArray();
        activations?.Clear();
        foreach (var layer in Layers)
        {
            activations?.Add(current);
            var next = new double[layer.Out];
            layer.Forward(Parameters, current, next);
            current = next;
        }
        return current;
    }

    /// <summary>
    /// Loss ½⟨|f(x) − y|²⟩ over the samples at parameters <paramref name="p"/> (copied in), with its gradient; with
    /// <paramref name="lambda"/> &gt; 0 plus the sparsity penalty λ Σ_edges ⟨|φ(x)|⟩ that pruning needs (Liu et al. §2.5.1, L1 part).
    /// </summary>
    public double LossAndGradient(double[] p, double[][] xs, double[][] ys, double[] gradient, double lambda = 0)
    {
        if (!ReferenceEquals(p, Parameters)) p.CopyTo(Parameters, 0);
        Array.Clear(gradient);
        var acts = new List<double[]>();
        double loss = 0;
        for (int s = 0; s < xs.Length; s++)
        {
            var f = Predict(xs[s], acts);
            var g = new double[f.Length];
            for (int o = 0; o < f.Length; o++) { double r = f[o] - ys[s][o]; loss += 0.5 * r * r / xs.Length; g[o] = r / xs.Length; }
            for (int l = Layers.Count - 1; l >= 0; l--)
            {
                var dx = new double[Layers[l].In];
                loss += Layers[l].Backward(Parameters, acts[l], g, gradient, dx, lambda / xs.Length);
                g = dx;
            }
        }
        return loss;
    }

    /// <summary>Root-mean-square error of the first output over the samples.</summary>
    public double Rmse(double[][] xs, double[][] ys) => Math.Sqrt(xs.Select((x, s) => { double r = Predict(x)[0] - ys[s][0]; return r * r; }).Average());

    /// <summary>
    /// Grid extension (pykan's <c>refine</c>): a network with grid <paramref name="gridSize"/> whose every edge function is the
    /// least-squares fit, in the new basis, of this network's edge function on the inputs that edge sees for
    /// <paramref name="samples"/>. The new grid of each layer spans the range of its inputs over the samples; w_b and w_s are kept.
    /// </summary>
    public KanNetwork ExtendGrid(int gridSize, double[][] samples)
    {
        // inputs of every layer over the samples
        var inputs = Layers.Select(l => new List<double[]>()).ToArray();
        var acts = new List<double[]>();
        foreach (var x in samples) { Predict(x, acts); for (int l = 0; l < Layers.Count; l++) inputs[l].Add(acts[l]); }
        var bases = new List<BSplineBasis>();
        for (int l = 0; l < Layers.Count; l++)
        {
            double lo = inputs[l].Min(v => v.Min()), hi = inputs[l].Max(v => v.Max()), margin = 0.01 * Math.Max(hi - lo, 1e-6);
            bases.Add(new BSplineBasis(gridSize, Layers[l].Basis.Order, lo - margin, hi + margin));
        }
        var net = new KanNetwork(Shape, bases);
        for (int l = 0; l < Layers.Count; l++)
        {
            var (old, fresh) = (Layers[l], net.Layers[l]);
            Array.Copy(old.Mask, fresh.Mask, old.Mask.Length);
            for (int j = 0; j < old.Out; j++)
                for (int i = 0; i < old.In; i++)
                {
                    net.Parameters[fresh.BaseWeightIndex(j, i)] = Parameters[old.BaseWeightIndex(j, i)];
                    double ws = Parameters[old.SplineWeightIndex(j, i)];
                    net.Parameters[fresh.SplineWeightIndex(j, i)] = ws;
                    var points = inputs[l].Select(v => v[i]).ToArray();
                    var oldC = old.Coefficients(Parameters, j, i).ToArray();
                    var targets = points.Select(x => SplinePart(old.Basis, oldC, x)).ToArray();
                    LeastSquaresSpline.Fit(fresh.Basis, points, targets).CopyTo(fresh.Coefficients(net.Parameters, j, i));
                }
        }
        return net;
    }

    static double SplinePart(BSplineBasis basis, double[] c, double x)
    {
        Span<double> b = stackalloc double[basis.Count];
        basis.Evaluate(x, b);
        double s = 0;
        for (int m = 0; m < b.Length; m++) s += c[m] * b[m];
        return s;
    }
}
