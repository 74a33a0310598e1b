using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Mup.Experiments;

/// <summary>
/// One run of a transfer sweep: minibatch training of the bias-free MLP (<see cref="WidthScaling.Network"/>) with
/// Training's softmax cross-entropy (<see cref="Losses.CrossEntropy"/>, one-hot targets, mean over the batch), then the
/// mean loss on the training and held-out sets. A non-finite minibatch loss stops the run ("diverged at step s with loss L").
/// </summary>
internal static class ClassifierTraining
{
    const int Classes = 10;

    public sealed record Outcome(double TrainLoss, double TestLoss, string? Divergence);

    public static Outcome Train(TransferConfig config, string parameterization, int width, double eta0, (float[] X, byte[] Y) train, (float[] X, byte[] Y) test)
    {
        int n = train.Y.Length, d = train.X.Length / n, batch = config.Batch;
        var network = WidthScaling.Network(parameterization, config.Optimizer, d, width, config.HiddenLayers, Classes, config.Sigma,
            new RandomStream(config.Seed, 2).Fork((ulong)width));
        var optimizer = WidthScaling.Optimizer(network, config.Optimizer, eta0);
        var loss = Losses.CrossEntropy;
        var order = Enumerable.Range(0, n).ToArray();
        var shuffle = new RandomStream(config.Seed, 3);
        var x = new float[batch * d];
        var targets = new float[batch * Classes];
        var gradient = new float[batch * Classes];
        long step = 0;
        for (int epoch = 0; epoch < config.Epochs; epoch++)
        {
            for (int i = n - 1; i > 0; i--) { int j = shuffle.NextInt(i + 1); (order[i], order[j]) = (order[j], order[i]); }
            for (int start = 0; start + batch <= n; start += batch)
            {
                Array.Clear(targets);
                for (int b = 0; b < batch; b++)
                {
                    int k = order[start + b];
                    train.X.AsSpan(k * d, d).CopyTo(x.AsSpan(b * d, d));
                    targets[b * Classes + train.Y[k]] = 1;
                }
                double value = loss.LossAndGradient<float>(network.Forward(x, batch), targets, gradient, Classes, loss.Normalization(batch, Classes));
                step++;
                if (!double.IsFinite(value) || value > 1e4)
                    return new Outcome(double.NaN, double.NaN, $"diverged at step {step} (epoch {epoch + 1}) with minibatch loss {value:G4}");
                network.Parameters.ZeroGradients();
                network.Backward(gradient);
                optimizer.Step();
            }
        }
        double trainLoss = MeanLoss(network, train), testLoss = MeanLoss(network, test);
        return double.IsFinite(trainLoss) ? new Outcome(trainLoss, testLoss, null)
            : new Outcome(double.NaN, double.NaN, $"diverged after {step} steps: final training loss {trainLoss:G4}");
    }

    /// <summary>Mean cross-entropy over a data set, in chunks of 500 images (each chunk normalized by the whole set).</summary>
    static double MeanLoss(Network<float> network, (float[] X, byte[] Y) data)
    {
        int n = data.Y.Length, d = data.X.Length / n, chunk = 500;
        var loss = Losses.CrossEntropy;
        var targets = new float[chunk * Classes];
        var gradient = new float[chunk * Classes];
        double total = 0, normalization = loss.Normalization(n, Classes);
        for (int start = 0; start < n; start += chunk)
        {
            int m = Math.Min(chunk, n - start);
            Array.Clear(targets);
            for (int b = 0; b < m; b++) targets[b * Classes + data.Y[start + b]] = 1;
            var logits = network.Forward(data.X.AsSpan(start * d, m * d), m);
            total += loss.LossAndGradient<float>(logits, targets.AsSpan(0, m * Classes), gradient.AsSpan(0, m * Classes), Classes, normalization);
        }
        return total;
    }
}
