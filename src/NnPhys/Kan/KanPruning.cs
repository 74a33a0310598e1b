namespace NnPhys.Kan;

/// <summary>
/// What pruning kept and removed. Scores per layer l are indexed [j·In + i] for edge i → j; node scores per hidden layer h
/// (the nodes between layers h − 1 and h, h = 1 … L − 1) are indexed by node.
/// </summary>
/// <param name="EdgeScores">⟨|φ_(j,i)(x_i)|⟩ over the samples, before pruning.</param>
/// <param name="IncomingScores">Per hidden node, the largest score of its incoming edges.</param>
/// <param name="OutgoingScores">Per hidden node, the largest score of its outgoing edges.</param>
/// <param name="KeptNodes">Per hidden layer, whether each node survived.</param>
/// <param name="PrunedEdges">Edges (layer, j, i) masked by this call.</param>
/// <param name="ActiveShape">Widths counting only nodes with an active edge in and out (inputs and outputs counted if they have one).</param>
public sealed record KanPruneResult(double[][] EdgeScores, double[][] IncomingScores, double[][] OutgoingScores, bool[][] KeptNodes,
    IReadOnlyList<(int Layer, int To, int From)> PrunedEdges, int[] ActiveShape);

/// <summary>
/// Pruning of weak edges and nodes (Liu et al. 2024 §2.5.1): the score of an edge is the L1 norm of its activation over the
/// data, |φ|₁ = ⟨|φ_(j,i)(x_i)|⟩; a hidden node is kept if its incoming score (largest incoming edge score) and its outgoing
/// score (largest outgoing edge score) both exceed the node threshold; an edge is kept if its own score exceeds the edge
/// threshold and both its ends are kept. Pruned edges are masked (<see cref="KanLayer.Mask"/>), so they contribute nothing and
/// receive no gradient; grid extension carries the mask over.
/// </summary>
public static class KanPruning
{
    /// <summary>The inputs every layer sees for the samples: [layer][sample][input].</summary>
    public static double[][][] LayerInputs(KanNetwork net, IReadOnlyList<double[]> samples)
    {
        var inputs = net.Layers.Select(_ => new double[samples.Count][]).ToArray();
        var acts = new List<double[]>();
        for (int s = 0; s < samples.Count; s++)
        {
            net.Predict(samples[s], acts);
            for (int l = 0; l < net.Layers.Count; l++) inputs[l][s] = acts[l];
        }
        return inputs;
    }

    /// <summary>Edge scores ⟨|φ_(j,i)(x_i)|⟩ over the samples, per layer, [j·In + i]; masked edges score 0.</summary>
    public static double[][] EdgeScores(KanNetwork net, IReadOnlyList<double[]> samples)
    {
        if (samples.Count == 0) throw new InvalidConfigException("Edge scores need at least one sample.");
        var inputs = LayerInputs(net, samples);
        var scores = new double[net.Layers.Count][];
        for (int l = 0; l < net.Layers.Count; l++)
        {
            var layer = net.Layers[l];
            scores[l] = new double[layer.In * layer.Out];
            for (int j = 0; j < layer.Out; j++)
                for (int i = 0; i < layer.In; i++)
                {
                    if (layer.Mask[j * layer.In + i] == 0) continue;
                    double sum = 0;
                    foreach (var x in inputs[l]) sum += Math.Abs(layer.Edge(net.Parameters, j, i, x[i]));
                    scores[l][j * layer.In + i] = sum / samples.Count;
                }
        }
        return scores;
    }

    /// <summary>Prunes <paramref name="net"/> in place (masks) and says what went.</summary>
    /// <exception cref="InvalidConfigException">A threshold is negative or not finite.</exception>
    public static KanPruneResult Prune(KanNetwork net, IReadOnlyList<double[]> samples, double nodeThreshold = 1e-2, double edgeThreshold = 1e-2)
    {
        if (!(nodeThreshold >= 0) || !double.IsFinite(nodeThreshold) || !(edgeThreshold >= 0) || !double.IsFinite(edgeThreshold))
            throw new InvalidConfigException($"Pruning thresholds must be finite and non-negative, got node {nodeThreshold}, edge {edgeThreshold}; e.g. 1e-2.");
        var scores = EdgeScores(net, samples);
        int hidden = net.Layers.Count - 1;
        var incoming = new double[hidden][];
        var outgoing = new double[hidden][];
        var kept = new bool[hidden][];
        for (int h = 0; h < hidden; h++)
        {
            var (before, after) = (net.Layers[h], net.Layers[h + 1]);
            int width = before.Out;
            incoming[h] = new double[width]; outgoing[h] = new double[width]; kept[h] = new bool[width];
            for (int n = 0; n < width; n++)
            {
                for (int i = 0; i < before.In; i++) incoming[h][n] = Math.Max(incoming[h][n], scores[h][n * before.In + i]);
                for (int k = 0; k < after.Out; k++) outgoing[h][n] = Math.Max(outgoing[h][n], scores[h + 1][k * after.In + n]);
                kept[h][n] = incoming[h][n] > nodeThreshold && outgoing[h][n] > nodeThreshold;
            }
        }
        var pruned = new List<(int, int, int)>();
        for (int l = 0; l < net.Layers.Count; l++)
        {
            var layer = net.Layers[l];
            for (int j = 0; j < layer.Out; j++)
                for (int i = 0; i < layer.In; i++)
                {
                    int e = j * layer.In + i;
                    if (layer.Mask[e] == 0) continue;
                    bool fromKept = l == 0 || kept[l - 1][i], toKept = l == hidden || kept[l][j];
                    if (scores[l][e] > edgeThreshold && fromKept && toKept) continue;
                    layer.Mask[e] = 0;
                    pruned.Add((l, j, i));
                }
        }
        return new KanPruneResult(scores, incoming, outgoing, kept, pruned, ActiveShape(net));
    }

    /// <summary>Widths counting, per layer of nodes, only the nodes with an active edge (into them for all but the inputs, out of them for all but the outputs).</summary>
    public static int[] ActiveShape(KanNetwork net)
    {
        var shape = new int[net.Shape.Length];
        for (int n = 0; n < net.Shape.Length; n++)
            for (int node = 0; node < net.Shape[n]; node++)
            {
                bool hasIn = n == 0 || Enumerable.Range(0, net.Layers[n - 1].In).Any(i => net.Layers[n - 1].Mask[node * net.Layers[n - 1].In + i] != 0);
                bool hasOut = n == net.Shape.Length - 1 || Enumerable.Range(0, net.Layers[n].Out).Any(k => net.Layers[n].Mask[k * net.Layers[n].In + node] != 0);
                if (hasIn && hasOut) shape[n]++;
            }
        return shape;
    }
}
