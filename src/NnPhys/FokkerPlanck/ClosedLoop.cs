using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.FokkerPlanck;

/// <summary>
/// The closed-loop evolution of the two bottleneck layers (issue 8 §2, third bullet): the theory's own rows Ŵ1, Ŵ2 are put
/// into the network, every other layer stays as it was at the start epoch s, and Ŵ1, Ŵ2 are moved by Adam (eq. 9, the one
/// double-precision <see cref="AdamEquation"/>) from the start epoch's moments m, v and step count, with the gradient
/// evaluated at Ŵ on the training data, minibatch by minibatch over the epoch's steps (the minibatch noise is that of real
/// minibatches drawn from the training set in a seeded order). The encoder is frozen, so its outputs H = enc(x) on the
/// training set are computed once and only the head b1 → b2 → decoder (the same <see cref="Network{T}"/>, built from the
/// layers from b1 on) runs per step; the backward pass stops at b1 and computes only b1's and b2's gradients.
/// What it sees: the full training state at epoch s and the training images — nothing of epochs after s.
/// </summary>
public static class ClosedLoop
{
    /// <summary>Names of the evolved layers.</summary>
    public static readonly string[] Layers = ["b1", "b2"];

    /// <summary>
    /// Evolves b1 and b2 of <paramref name="network"/> (the state at the start epoch, not modified) for <paramref name="epochs"/>
    /// epochs of ⌈n/batch⌉ Adam steps and returns the rows (b1 (rows, 2), b2 (2, 2), in double) after each epoch.
    /// </summary>
    /// <param name="network">The network at the start epoch: its layers below b1 give H, those above b1 the decoder.</param>
    /// <param name="adam">The optimizer at the start epoch: its hyper-parameters, step count and b1/b2 moments.</param>
    /// <param name="inputs">The training images (n, in); an autoencoder's targets are its inputs.</param>
    /// <param name="order">Draws each epoch's minibatch order (a shuffle of 0..n−1, as <see cref="Trainer{T}"/> does).</param>
    /// <param name="batchSize">Minibatch size (the last minibatch of an epoch may be smaller).</param>
    /// <param name="epochs">Epochs to evolve, ≥ 1.</param>
    /// <param name="loss">The training loss (MSE when null).</param>
    /// <param name="cancel">Checked once per epoch.</param>
    /// <exception cref="InvalidConfigException">No layers b1/b2, epochs or batch size &lt; 1, or the rows became non-finite.</exception>
    public static IReadOnlyList<(double[] B1, double[] B2)> Evolve(Network<float> network, BottleneckAdamState adam, Matrix<float> inputs,
        RandomStream order, int batchSize, int epochs, ILoss? loss = null, CancellationToken cancel = default) =>
        Run(network, adam, inputs, order, batchSize, epochs, loss, null, 0, cancel);

    /// <summary>
    /// The mean-field closed loop: the same Adam recursion from the same state, but with the gradient's expectation instead of
    /// one minibatch realisation. Each epoch the training set is shuffled and cut into <paramref name="refreshesPerEpoch"/>
    /// chunks; at each chunk the mean gradient ḡ at Ŵ over the chunk (≈ n/refreshes images, so its own noise is negligible) is
    /// held for the chunk's share of the epoch's steps, and the moments are recursed in expectation over minibatch noise of
    /// per-element variance c (the recorded per-batch gradient variance of the start epoch, <see cref="BottleneckAdamState.Variance1"/>):
    /// m ← β1 m + (1 − β1) ḡ, v ← β2 v + (1 − β2)(ḡ² + c), Δw = −η m̂/(ε + √v̂). Deterministic given the order: a forecast of the
    /// mean motion, which a single noisy realisation (<see cref="Evolve"/>) is not.
    /// </summary>
    /// <exception cref="InvalidConfigException">As <see cref="Evolve"/>, or no recorded gradient variance, or refreshes &lt; 1.</exception>
    public static IReadOnlyList<(double[] B1, double[] B2)> EvolveMean(Network<float> network, BottleneckAdamState adam, Matrix<float> inputs,
        RandomStream order, int batchSize, int epochs, int refreshesPerEpoch, ILoss? loss = null, CancellationToken cancel = default)
    {
        if (adam.Variance1 is null || adam.Variance2 is null)
            throw new InvalidConfigException("The mean-field closed loop needs the recorded per-batch gradient variance of b1 and b2 at the start epoch (recorded for every epoch ≥ 1); use closed-loop instead.");
        Check.Positive(refreshesPerEpoch, "Gradient refreshes per epoch", "4");
        return Run(network, adam, inputs, order, batchSize, epochs, loss, [adam.Variance1, adam.Variance2], refreshesPerEpoch, cancel);
    }

    static IReadOnlyList<(double[] B1, double[] B2)> Run(Network<float> network, BottleneckAdamState adam, Matrix<float> inputs,
        RandomStream order, int batchSize, int epochs, ILoss? loss, double[][]? variance, int refreshes, CancellationToken cancel)
    {
        Check.Positive(epochs, "Closed-loop epochs", "5");
        Check.Positive(batchSize, "Batch size", "128");
        loss ??= Losses.Mse;
        var architecture = network.Architecture;
        foreach (var name in Layers)
            if (!architecture.HasLayer(name)) throw new InvalidConfigException($"The closed-loop forecast needs layers b1 and b2; the network has {string.Join(", ", architecture.Layers.Select(l => l.Name))}.");
        int first = architecture.IndexOf("b1");
        if (first == 0) throw new InvalidConfigException("The closed-loop forecast needs an encoder below b1 (its outputs are b1's inputs).");
        // H = outputs of the layer below b1 on the whole training set, (n, width): the frozen encoder runs once
        var h = network.LayerOutputs(architecture.Layers[first - 1].Name, inputs);
        var head = new Network<float>(new Architectures.Architecture(architecture.Layers.Skip(first)));
        foreach (var entry in head.Parameters.Entries) network.Parameters.Value(entry.Name).CopyTo(head.Parameters.Value(entry.Name));

        int n = inputs.Rows, nIn = h.Cols, nOut = inputs.Cols;
        if (head.OutputSize != nOut) throw new InvalidConfigException($"The network reconstructs {head.OutputSize} values but the inputs have {nOut}; the closed loop needs an autoencoder.");
        var state = Layers.Select(name =>
        {
            var layer = head.Layer(name);
            double scale = layer.Spec.LearningRateScale;
            var (m, v) = adam.Moments(name);
            if (m.Length != layer.Weight.Length || v.Length != layer.Weight.Length)
                throw new InvalidConfigException($"The Adam moments of {name} have {m.Length} and {v.Length} values; the layer has {layer.Weight.Length}.");
            return (Name: name, W: ToDouble(layer.Weight), M: (double[])m.Clone(), V: (double[])v.Clone(),
                    Gradient: new double[layer.Weight.Length], Step: new double[layer.Weight.Length],
                    Options: adam.Options with { LearningRate = adam.Options.LearningRate * scale });
        }).ToArray();
        long steps = adam.StepCount;
        int batch = Math.Min(batchSize, n), stepsPerEpoch = (n + batchSize - 1) / batchSize;
        var indices = new int[n];
        var batchInputs = new float[batch * nIn]; var batchTargets = new float[batch * nOut]; var dOutput = new float[batch * nOut];
        var result = new List<(double[], double[])>();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            for (int i = 0; i < n; i++) indices[i] = i;
            order.Shuffle(indices.AsSpan());
            if (variance is not null)
            {
                // mean field: chunk c of the shuffled set gives ḡ for steps [c·S/R, (c+1)·S/R)
                for (int c = 0; c < refreshes; c++)
                {
                    int from = (int)((long)c * n / refreshes), to = (int)((long)(c + 1) * n / refreshes);
                    MeanGradient(head, h, inputs, indices.AsSpan(from, to - from), loss, batchInputs, batchTargets, dOutput, batch);
                    int stepFrom = (int)((long)c * stepsPerEpoch / refreshes), stepTo = (int)((long)(c + 1) * stepsPerEpoch / refreshes);
                    for (int l = 0; l < state.Length; l++)
                    {
                        var layer = state[l];
                        var g = head.Layer(layer.Name).WeightGradient;
                        for (int k = 0; k < g.Length; k++) layer.Gradient[k] = g[k];
                        var o = layer.Options;
                        for (int step = stepFrom; step < stepTo; step++)
                        {
                            long t = steps + step + 1;
                            double c1 = 1 - Math.Pow(o.Beta1, t), c2 = 1 - Math.Pow(o.Beta2, t);
                            for (int k = 0; k < g.Length; k++)
                            {
                                double gk = layer.Gradient[k];
                                layer.M[k] = o.Beta1 * layer.M[k] + (1 - o.Beta1) * gk;                          // E[m]
                                layer.V[k] = o.Beta2 * layer.V[k] + (1 - o.Beta2) * (gk * gk + variance[l][k]);  // E[v] = ḡ² + c
                                layer.W[k] -= o.LearningRate * (layer.M[k] / c1) / (o.Epsilon + Math.Sqrt(layer.V[k] / c2));   // eq. (9)
                            }
                        }
                        var w = head.Layer(layer.Name).Weight;
                        for (int k = 0; k < w.Length; k++) w[k] = (float)layer.W[k];
                    }
                }
                steps += stepsPerEpoch;
                AddEpoch();
                continue;
            }
            for (int s = 0; s < stepsPerEpoch; s++)
            {
                int start = s * batchSize, rows = Math.Min(batchSize, n - start);
                for (int r = 0; r < rows; r++)
                {
                    h.Row(indices[start + r]).CopyTo(batchInputs.AsSpan(r * nIn, nIn));
                    inputs.Row(indices[start + r]).CopyTo(batchTargets.AsSpan(r * nOut, nOut));
                }
                var prediction = head.Forward(batchInputs.AsSpan(0, rows * nIn), rows);
                var gradient = dOutput.AsSpan(0, rows * nOut);
                loss.LossAndGradient(prediction, batchTargets.AsSpan(0, rows * nOut), gradient, nOut, loss.Normalization(rows, nOut));
                foreach (var layer in state) head.Layer(layer.Name).WeightGradient.Clear();
                head.Backward(gradient, Layers);
                foreach (var layer in state)
                {
                    var g = head.Layer(layer.Name).WeightGradient;
                    for (int k = 0; k < g.Length; k++) layer.Gradient[k] = g[k];
                    AdamEquation.Step(layer.Options, steps, layer.Gradient, layer.M, layer.V, layer.Step);   // eq. (9) at Ŵ
                    var w = head.Layer(layer.Name).Weight;
                    for (int k = 0; k < w.Length; k++) { layer.W[k] += layer.Step[k]; w[k] = (float)layer.W[k]; }
                }
                steps++;
            }
            AddEpoch();

            void AddEpoch()
            {
                foreach (var layer in state)
                    foreach (double v in layer.W)
                        if (!double.IsFinite(v)) throw new InvalidConfigException($"The closed-loop rows of {layer.Name} became non-finite {epoch + 1} epochs after the start; the forecast cannot continue (check the recorded optimizer state).");
                result.Add(((double[])state[0].W.Clone(), (double[])state[1].W.Clone()));
            }
        }
        return result;
    }

    /// <summary>The mean gradient of b1 and b2 at the head's current weights over the given samples, left in the head's gradients.</summary>
    static void MeanGradient(Network<float> head, Matrix<float> h, Matrix<float> inputs, ReadOnlySpan<int> samples, ILoss loss,
                             float[] batchInputs, float[] batchTargets, float[] dOutput, int batch)
    {
        int nIn = h.Cols, nOut = inputs.Cols;
        foreach (var name in Layers) head.Layer(name).WeightGradient.Clear();
        double normalization = loss.Normalization(samples.Length, nOut);   // one mean over the whole chunk: gradients add up
        for (int start = 0; start < samples.Length; start += batch)
        {
            int rows = Math.Min(batch, samples.Length - start);
            for (int r = 0; r < rows; r++)
            {
                h.Row(samples[start + r]).CopyTo(batchInputs.AsSpan(r * nIn, nIn));
                inputs.Row(samples[start + r]).CopyTo(batchTargets.AsSpan(r * nOut, nOut));
            }
            var prediction = head.Forward(batchInputs.AsSpan(0, rows * nIn), rows);
            var gradient = dOutput.AsSpan(0, rows * nOut);
            loss.LossAndGradient(prediction, batchTargets.AsSpan(0, rows * nOut), gradient, nOut, normalization);
            head.Backward(gradient, Layers);
        }
    }

    static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int k = 0; k < values.Length; k++) result[k] = values[k];
        return result;
    }
}

/// <summary>Adam at an epoch boundary, for the bottleneck layers only: hyper-parameters, steps taken, and b1's and b2's weight moments (double).</summary>
/// <param name="Options">Adam hyper-parameters (η before any per-layer factor).</param>
/// <param name="StepCount">Steps taken so far (the k of the bias corrections).</param>
/// <param name="M1">b1's first moment, (rows, 2).</param>
/// <param name="V1">b1's second moment.</param>
/// <param name="M2">b2's first moment, (2, 2).</param>
/// <param name="V2">b2's second moment.</param>
/// <param name="Variance1">Per-element variance of b1's per-batch gradient over the epoch that ended here (the diagonal of the
/// recorded covariance), for <see cref="ClosedLoop.EvolveMean"/>; null if unknown.</param>
/// <param name="Variance2">The same for b2.</param>
public sealed record BottleneckAdamState(AdamOptions Options, long StepCount, double[] M1, double[] V1, double[] M2, double[] V2,
                                         double[]? Variance1 = null, double[]? Variance2 = null)
{
    /// <summary>The per-element variances from a recorded per-row covariance (rows, 2, 2): entries (i, a, a).</summary>
    public static double[] DiagonalOf(double[] rowCovariance)
    {
        var result = new double[rowCovariance.Length / 2];
        for (int i = 0; i < result.Length / 2; i++) { result[2 * i] = rowCovariance[4 * i]; result[2 * i + 1] = rowCovariance[4 * i + 3]; }
        return result;
    }

    /// <summary>The moments (m, v) of layer "b1" or "b2".</summary>
    public (double[] M, double[] V) Moments(string layer) => layer == "b1" ? (M1, V1) : (M2, V2);

    /// <summary>The b1/b2 part of a live optimizer's state.</summary>
    public static BottleneckAdamState Of(Adam<float> adam) => new(adam.Options, adam.StepCount,
        Copy(adam.FirstMoment("b1.weight")), Copy(adam.SecondMoment("b1.weight")), Copy(adam.FirstMoment("b2.weight")), Copy(adam.SecondMoment("b2.weight")));

    static double[] Copy(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int k = 0; k < values.Length; k++) result[k] = values[k];
        return result;
    }
}
