using System.Globalization;

namespace NnPhys.Kan;

/// <summary>One edge's snapping: every candidate (best R² first) and the chosen one.</summary>
public sealed record EdgeSnap(int Layer, int To, int From, IReadOnlyList<SymbolicFit> Candidates, SymbolicFit Chosen);

/// <summary>
/// A KAN with every active edge replaced by its chosen symbolic function: node values are sums of c·f(a·x + b) + d over the
/// active incoming edges, layer by layer, exactly the network's structure with the splines swapped for formulas.
/// </summary>
public sealed class KanFormula
{
    /// <summary>The snapped edges (pruned edges are absent and contribute 0).</summary>
    public IReadOnlyList<EdgeSnap> Edges { get; private set; }
    /// <summary>Widths of the network it came from.</summary>
    public int[] Shape { get; }

    KanFormula(IReadOnlyList<EdgeSnap> edges, int[] shape) => (Edges, Shape) = (edges, shape);

    /// <summary>
    /// Snaps every active edge of <paramref name="net"/>: samples φ at <paramref name="points"/> evenly spaced inputs over the
    /// range the edge sees for <paramref name="samples"/> and fits the library (<see cref="KanSymbolic"/>).
    /// </summary>
    public static KanFormula Snap(KanNetwork net, IReadOnlyList<double[]> samples, int points = 101, IReadOnlyList<SymbolicFunction>? library = null)
    {
        if (points < 3) throw new InvalidConfigException($"Symbolic snapping needs at least 3 points per edge, got {points}.");
        var inputs = KanPruning.LayerInputs(net, samples);
        var edges = new List<EdgeSnap>();
        for (int l = 0; l < net.Layers.Count; l++)
        {
            var layer = net.Layers[l];
            for (int j = 0; j < layer.Out; j++)
                for (int i = 0; i < layer.In; i++)
                {
                    if (layer.Mask[j * layer.In + i] == 0) continue;
                    double lo = inputs[l].Min(v => v[i]), hi = inputs[l].Max(v => v[i]);
                    if (!(hi > lo)) hi = lo + 1e-9;
                    var xs = Enumerable.Range(0, points).Select(p => lo + (hi - lo) * p / (points - 1)).ToArray();
                    var ys = xs.Select(x => layer.Edge(net.Parameters, j, i, x)).ToArray();
                    var fits = KanSymbolic.FitAll(xs, ys, library);
                    edges.Add(new EdgeSnap(l, j, i, fits, KanSymbolic.Choose(fits)));
                }
        }
        return new KanFormula(edges, (int[])net.Shape.Clone());
    }

    /// <summary>An independent copy (refining it leaves this one as it is).</summary>
    public KanFormula Copy() => new(Edges.ToList(), (int[])Shape.Clone());

    /// <summary>The formula's outputs at <paramref name="x"/>.</summary>
    public double[] Evaluate(ReadOnlySpan<double> x)
    {
        var current = x.ToArray();
        for (int l = 0; l + 1 < Shape.Length; l++)
        {
            var next = new double[Shape[l + 1]];
            foreach (var e in Edges) if (e.Layer == l) next[e.To] += e.Chosen.Evaluate(current[e.From]);
            current = next;
        }
        return current;
    }

    /// <summary>Root-mean-square error of the first output against the targets.</summary>
    public double Rmse(double[][] xs, double[][] ys) => Math.Sqrt(xs.Select((x, s) => { double r = Evaluate(x)[0] - ys[s][0]; return r * r; }).Average());

    /// <summary>The formula as text, one line per output: f_k = …, inputs named x1, x2, …; each node's constants summed into one.</summary>
    public IReadOnlyList<string> Text()
    {
        var names = Enumerable.Range(1, Shape[0]).Select(i => $"x{i}").ToArray();
        for (int l = 0; l + 1 < Shape.Length; l++)
        {
            var next = new string[Shape[l + 1]];
            for (int j = 0; j < next.Length; j++)
            {
                var terms = new List<string>();
                double constant = 0;
                foreach (var e in Edges.Where(e => e.Layer == l && e.To == j))
                {
                    constant += e.Chosen.D;
                    if (e.Chosen.C != 0 && e.Chosen.Function.Complexity > 0) terms.Add((e.Chosen with { D = 0 }).Format(names[e.From]));
                }
                if (Math.Abs(constant) >= 1e-8 || terms.Count == 0) terms.Add(SymbolicFit.Num(constant)); // below 1e-8 printed as 0
                next[j] = string.Join(" + ", terms).Replace("+ −", "− ").Replace("+ -", "− ");
            }
            names = next;
        }
        return names.Select((n, k) => Shape[^1] == 1 ? $"f = {n}" : $"f{k + 1} = {n}").ToList();
    }

    /// <summary>
    /// Refines all (a, b, c, d) jointly by L-BFGS on ½⟨(formula − y)²⟩ over the samples (central-difference gradients; the
    /// number of parameters is 4 per edge), as pykan does after snapping. Returns the final loss.
    /// </summary>
    public double Refine(double[][] xs, double[][] ys, int iterations = 200)
    {
        var p = Edges.SelectMany(e => new[] { e.Chosen.A, e.Chosen.B, e.Chosen.C, e.Chosen.D }).ToArray();
        var original = Edges;
        double Loss(double[] q)
        {
            Edges = original.Select((e, k) => e with { Chosen = e.Chosen with { A = q[4 * k], B = q[4 * k + 1], C = q[4 * k + 2], D = q[4 * k + 3] } }).ToList();
            double sum = 0;
            for (int s = 0; s < xs.Length; s++) { double r = Evaluate(xs[s])[0] - ys[s][0]; sum += r * r; }
            return double.IsFinite(sum) ? 0.5 * sum / xs.Length : double.PositiveInfinity;
        }
        double start = Loss(p);
        var best = (double[])p.Clone();
        double final = Lbfgs.Minimize((q, g) =>
        {
            for (int k = 0; k < q.Length; k++)
            {
                double keep = q[k], h = 1e-6 * Math.Max(1, Math.Abs(keep));
                q[k] = keep + h; double up = Loss(q);
                q[k] = keep - h; double down = Loss(q);
                q[k] = keep;
                g[k] = (up - down) / (2 * h);
                if (!double.IsFinite(g[k])) g[k] = 0;
            }
            return Loss(q);
        }, best, iterations);
        if (!(final <= start)) best = p; // never worse than the snapped formula
        double loss = Loss(best);
        // back to the canonical affine form (exp absorbs b into c, powers take a = 1): same function, tidier text
        Edges = Edges.Select(e =>
        {
            var (a, b, c, d) = KanSymbolic.Canonical(e.Chosen.Function.Name, e.Chosen.A, e.Chosen.B, e.Chosen.C, e.Chosen.D);
            return e with { Chosen = e.Chosen with { A = a, B = b, C = c, D = d } };
        }).ToList();
        return loss;
    }
}
