using NnPhys.Numerics;

namespace NnPhys.Mup.Experiments;

/// <summary>
/// One run of a transfer sweep: minibatch training of the abcd MLP with softmax cross-entropy,
/// L = −⟨log softmax(φ)_label⟩ and ∂L/∂φ = (softmax(φ) − onehot)/B, then the mean loss on the training and held-out sets.
/// A non-finite minibatch loss stops the run ("diverged at step s with loss L").
/// </summary>
internal static class ClassifierTraining
{
    const int Classes = 10;

    public sealed record Outcome(double TrainLoss, double TestLoss, string? Divergence);

    public static Outcome Train(TransferConfig config, AbcdParameterization p, int width, double eta0, (float[] X, byte[] Y) train, (float[] X, byte[] Y) test)
    {
        int n = train.Y.Length, d = train.X.Length / n, batch = config.Batch;
        var network = new AbcdMlp(d, width, config.HiddenLayers, Classes, config.Sigma, p, new RandomStream(config.Seed, 2).Fork((ulong)width));
        var optimizer = new LayerwiseOptimizer(network, config.Optimizer, eta0);
        var order = Enumerable.Range(0, n).ToArray();
        var shuffle = new RandomStream(config.Seed, 3);
        var x = new float[batch * d];
        var labels = new byte[batch];
        var gradient = new float[batch * Classes];
        long step = 0;
        for (int epoch = 0; epoch < config.Epochs; epoch++)
        {
            for (int i = n - 1; i > 0; i--) { int j = shuffle.NextInt(i + 1); (order[i], order[j]) = (order[j], order[i]); }
            for (int start = 0; start + batch <= n; start += batch)
            {
                for (int b = 0; b < batch; b++)
                {
                    int k = order[start + b];
                    train.X.AsSpan(k * d, d).CopyTo(x.AsSpan(b * d, d));
                    labels[b] = train.Y[k];
                }
                double loss = CrossEntropy(network.Forward(x, batch), labels, gradient);
                step++;
                if (!double.IsFinite(loss) || loss > 1e4)
                    return new Outcome(double.NaN, double.NaN, $"diverged at step {step} (epoch {epoch + 1}) with minibatch loss {loss:G4}");
                network.Backward(gradient);
                optimizer.Step();
            }
        }
        double trainLoss = MeanLoss(network, train), testLoss = MeanLoss(network, test);
        return double.IsFinite(trainLoss) ? new Outcome(trainLoss, testLoss, null)
            : new Outcome(double.NaN, double.NaN, $"diverged after {step} steps: final training loss {trainLoss:G4}");
    }

    /// <summary>Mean softmax cross-entropy over a batch; fills ∂L/∂φ = (softmax − onehot)/B.</summary>
    public static double CrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<byte> labels, Span<float> gradient)
    {
        int batch = labels.Length;
        double total = 0;
        for (int b = 0; b < batch; b++)
        {
            var row = logits.Slice(b * Classes, Classes);
            double max = double.NegativeInfinity;
            foreach (var v in row) max = Math.Max(max, v);
            double sum = 0;
            for (int c = 0; c < Classes; c++) sum += Math.Exp(row[c] - max);
            double logZ = max + Math.Log(sum);
            total += logZ - row[labels[b]];
            for (int c = 0; c < Classes; c++)
                gradient[b * Classes + c] = (float)((Math.Exp(row[c] - logZ) - (c == labels[b] ? 1 : 0)) / batch);
        }
        return total / batch;
    }

    static double MeanLoss(AbcdMlp network, (float[] X, byte[] Y) data)
    {
        int n = data.Y.Length, d = data.X.Length / n, chunk = 500;
        var gradient = new float[chunk * Classes];
        double total = 0;
        for (int start = 0; start < n; start += chunk)
        {
            int m = Math.Min(chunk, n - start);
            var logits = network.Forward(data.X.AsSpan(start * d, m * d), m);
            total += CrossEntropy(logits, data.Y.AsSpan(start, m), gradient) * m;
        }
        return total / n;
    }
}
