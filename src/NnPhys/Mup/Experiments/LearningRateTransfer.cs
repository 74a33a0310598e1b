using NnPhys.Numerics;
using NnPhys.Runs;

namespace NnPhys.Mup.Experiments;

/// <summary>One parameterization's sweep: loss at every (width, learning rate), the optimum per width and its drift.</summary>
/// <param name="Parameterization">Preset name.</param>
/// <param name="TrainLoss">[width][lr]: mean cross-entropy on the training images after training; NaN if the run diverged.</param>
/// <param name="TestLoss">[width][lr]: mean cross-entropy on the held-out images; NaN if diverged.</param>
/// <param name="Log2OptimalLearningRate">[width]: log₂ η₀* of the first local minimum from the small-rate side (the stable branch),
/// refined by a parabola through it and its neighbours (the grid point itself at an edge); the global minimum is in the metrics.</param>
/// <param name="OptimumAtGridEdge">[width]: true when the best grid point is the first or last (η₀* is then only a bound).</param>
/// <param name="DriftPerDoubling">Least-squares slope of log₂ η₀* against log₂ N: how far the optimum moves per doubling of width.</param>
/// <param name="Divergences">One line per diverged run: width, η₀, step and loss.</param>
public sealed record TransferCurves(string Parameterization, double[][] TrainLoss, double[][] TestLoss, double[] Log2OptimalLearningRate,
    bool[] OptimumAtGridEdge, double DriftPerDoubling, IReadOnlyList<string> Divergences);

/// <summary>The outcome of a transfer sweep.</summary>
public sealed record TransferResult(TransferConfig Config, IReadOnlyList<TransferCurves> Curves, IReadOnlyDictionary<string, double> Metrics, string? RunDirectory = null);

/// <summary>
/// μP hyperparameter transfer (Yang et al., Tensor Programs V; tasi-physics-for-ml §4.3): train the abcd MLP with
/// softmax cross-entropy on an MNIST subset for every (parameterization, width, η₀) and locate the best η₀ per width.
/// Under μP the learning rates of eq. (106) are width-independent and the optimum should stay put; under the standard
/// parameterization the output moves ∝ N per step, so the optimum should shrink roughly ∝ 1/N (drift ≈ −1 per doubling).
/// </summary>
public static class LearningRateTransfer
{
    /// <summary>Runs the sweep on the given data (pixels standardized by the caller or not: inputs are centred and scaled here).</summary>
    /// <param name="config">The sweep.</param>
    /// <param name="train">Training pixels (n, D) row-major and labels.</param>
    /// <param name="test">Held-out pixels and labels.</param>
    /// <param name="progress">Progress in [0, 1].</param>
    /// <param name="cancellation">Cancels between runs.</param>
    public static TransferResult Measure(TransferConfig config, (float[] X, byte[] Y) train, (float[] X, byte[] Y) test,
        IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        config = config with { Widths = config.Widths.Order().ToArray() };
        int d = train.X.Length / train.Y.Length;
        var widths = config.Widths;
        double total = config.Parameterizations.Length * config.Log2LearningRates.Length * widths.Sum(w => (double)w * (w + d)), done = 0;
        var curves = new List<TransferCurves>();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in config.Parameterizations)
        {
            string p = WidthScaling.Canonical(name);
            var trainLoss = new double[widths.Length][];
            var testLoss = new double[widths.Length][];
            var divergences = new List<string>();
            for (int wi = 0; wi < widths.Length; wi++)
            {
                trainLoss[wi] = new double[config.Log2LearningRates.Length];
                testLoss[wi] = new double[config.Log2LearningRates.Length];
                for (int li = 0; li < config.Log2LearningRates.Length; li++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    double eta0 = Math.Pow(2, config.Log2LearningRates[li]);
                    var run = ClassifierTraining.Train(config, p, widths[wi], eta0, train, test);
                    (trainLoss[wi][li], testLoss[wi][li]) = (run.TrainLoss, run.TestLoss);
                    if (run.Divergence is string why) divergences.Add($"N = {widths[wi]}, η₀ = 2^{config.Log2LearningRates[li]}: {why}");
                    done += (double)widths[wi] * (widths[wi] + d);
                    progress?.Report(new ProgressTick(done / total, $"{p} N={widths[wi]} log₂η₀={config.Log2LearningRates[li]}: loss {run.TrainLoss:F3}"));
                }
            }
            var optimum = trainLoss.Select(row => Optimum(config.Log2LearningRates, row, firstLocalMinimum: true)).ToArray();
            var log2Opt = optimum.Select(o => o.Log2Eta).ToArray();
            double drift = Drift(widths, log2Opt);
            var global = trainLoss.Select(row => Optimum(config.Log2LearningRates, row).Log2Eta).ToArray();
            curves.Add(new TransferCurves(p, trainLoss, testLoss, log2Opt, optimum.Select(o => o.AtEdge).ToArray(), drift, divergences));
            metrics[$"{p}_log2_lr_drift_per_doubling"] = drift;
            metrics[$"{p}_log2_lr_drift_per_doubling_global_minimum"] = Drift(widths, global);
            for (int wi = 0; wi < widths.Length; wi++)
            {
                metrics[$"{p}_log2_optimal_lr_width_{widths[wi]}"] = log2Opt[wi];
                metrics[$"{p}_log2_global_optimal_lr_width_{widths[wi]}"] = global[wi];
            }
        }
        return new TransferResult(config, curves, metrics);
    }

    /// <summary>
    /// The best log₂ η₀ of one loss-vs-rate curve: the grid minimum refined by the vertex of the parabola through it and its two
    /// neighbours (clamped to them); the grid point itself when it is at an edge. NaN if every run diverged.
    /// </summary>
    /// <param name="log2Eta">The grid, ascending.</param>
    /// <param name="loss">Loss per grid point (NaN = diverged).</param>
    /// <param name="firstLocalMinimum">Take the first local minimum scanning up from the smallest rate (the stable branch) instead of
    /// the global one: at large rates the standard parameterization can fall into a second, catapult-like minimum after a loss spike.</param>
    public static (double Log2Eta, bool AtEdge) Optimum(IReadOnlyList<double> log2Eta, IReadOnlyList<double> loss, bool firstLocalMinimum = false)
    {
        int best = -1;
        for (int i = 0; i < loss.Count; i++)
        {
            if (!double.IsFinite(loss[i])) { if (firstLocalMinimum && best >= 0) break; continue; }
            if (best < 0 || loss[i] < loss[best]) best = i;
            else if (firstLocalMinimum) break;
        }
        if (best < 0) return (double.NaN, false);
        if (best == 0 || best == loss.Count - 1 || !double.IsFinite(loss[best - 1]) || !double.IsFinite(loss[best + 1]))
            return (log2Eta[best], best == 0 || best == loss.Count - 1);
        double x0 = log2Eta[best - 1], x1 = log2Eta[best], x2 = log2Eta[best + 1];
        double y0 = loss[best - 1], y1 = loss[best], y2 = loss[best + 1];
        double denominator = (x0 - x1) * (x0 - x2) * (x1 - x2);
        double a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / denominator;
        double b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / denominator;
        double vertex = a > 0 ? -b / (2 * a) : x1;
        return (Math.Clamp(vertex, x0, x2), false);
    }

    /// <summary>Least-squares slope of log₂ η₀* against log₂ N over the widths with a finite optimum.</summary>
    public static double Drift(int[] widths, double[] log2Optimum)
    {
        var points = widths.Zip(log2Optimum).Where(p => double.IsFinite(p.Second)).Select(p => (X: Math.Log2(p.First), Y: p.Second)).ToArray();
        if (points.Length < 2) return double.NaN;
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        double sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        return sxx > 0 ? points.Sum(p => (p.X - mx) * (p.Y - my)) / sxx : double.NaN;
    }
}
