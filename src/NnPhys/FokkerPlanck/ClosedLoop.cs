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
        RandomStream order, int batchSize, int epochs, ILoss? loss = null, CancellationToken cancel = default)
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
            foreach (var layer in state)
                foreach (double v in layer.W)
                    if (!double.IsFinite(v)) throw new InvalidConfigException($"The closed-loop rows of {layer.Name} became non-finite {epoch + 1} epochs after the start; the forecast cannot continue (check the recorded optimizer state).");
            result.Add(((double[])state[0].W.Clone(), (double[])state[1].W.Clone()));
        }
        return result;
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
public sealed record BottleneckAdamState(AdamOptions Options, long StepCount, double[] M1, double[] V1, double[] M2, double[] V2)
{
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
