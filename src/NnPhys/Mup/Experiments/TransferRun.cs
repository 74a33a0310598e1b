using System.Diagnostics;
using System.Globalization;
using NnPhys.Data;
using NnPhys.IO;
using NnPhys.Numerics;
using NnPhys.Plotting;
using NnPhys.Runs;
using ScottPlot;

namespace NnPhys.Mup.Experiments;

/// <summary><c>nnphys mup transfer</c> end to end: data subset, sweep, arrays, figures, report.md, manifest.json.</summary>
public static class TransferRun
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Runs the sweep on MNIST (a seeded subset of <paramref name="trainSet"/>, the first test images) into <paramref name="outputDirectory"/>.</summary>
    public static TransferResult Run(TransferConfig config, MnistDataset trainSet, MnistDataset testSet, string outputDirectory,
        IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        if (config.TrainImages > trainSet.Count || config.TestImages > testSet.Count)
            throw new InvalidConfigException($"Asked for {config.TrainImages} training and {config.TestImages} test images; the data have {trainSet.Count} and {testSet.Count}.");
        RunDirectory.CheckOutputPath(outputDirectory);
        var (train, test) = Subsets(config, trainSet, testSet);
        return ExperimentRunner.Run(outputDirectory, "mup transfer", config, config.Seed, run =>
        {
                var clock = Stopwatch.StartNew();
                var result = LearningRateTransfer.Measure(config, train, test, progress, cancellation);
                run.AddTiming("sweep", clock.Elapsed);
                var widths = result.Config.Widths;
                run.WriteArray("widths", NpyArray.Of(widths.Select(w => (long)w).ToArray(), widths.Length));
                run.WriteArray("log2_lr", NpyArray.Of(config.Log2LearningRates, config.Log2LearningRates.Length));
                foreach (var c in result.Curves)
                {
                    run.WriteArray($"{c.Parameterization}_train_loss", NpyArray.Of(c.TrainLoss.SelectMany(r => r).ToArray(), widths.Length, config.Log2LearningRates.Length), allowNonFinite: true);
                    run.WriteArray($"{c.Parameterization}_test_loss", NpyArray.Of(c.TestLoss.SelectMany(r => r).ToArray(), widths.Length, config.Log2LearningRates.Length), allowNonFinite: true);
                    run.WriteArray($"{c.Parameterization}_log2_optimal_lr", NpyArray.Of(c.Log2OptimalLearningRate, widths.Length), allowNonFinite: true);
                }
                foreach (var (k, v) in result.Metrics) if (double.IsFinite(v)) run.RecordMetric(k, v);
                WriteFigures(run, result);
                WriteReport(run, result);
                return result with { RunDirectory = run.Root };
        }, BlasProvider.Describe());
    }

    /// <summary>A seeded subset of the training images and the first test images, pixels standardized by the subset's mean and std.</summary>
    public static ((float[] X, byte[] Y) Train, (float[] X, byte[] Y) Test) Subsets(TransferConfig config, MnistDataset trainSet, MnistDataset testSet)
    {
        const int d = MnistDataset.PixelsPerImage;
        var order = Enumerable.Range(0, trainSet.Count).ToArray();
        var random = new RandomStream(config.Seed, 4);
        for (int i = order.Length - 1; i > 0; i--) { int j = random.NextInt(i + 1); (order[i], order[j]) = (order[j], order[i]); }
        var tx = new float[config.TrainImages * d];
        var ty = new byte[config.TrainImages];
        for (int i = 0; i < config.TrainImages; i++) { trainSet.Image(order[i]).CopyTo(tx.AsSpan(i * d, d)); ty[i] = trainSet.Labels[order[i]]; }
        var vx = testSet.Images.AsSpan(0, config.TestImages * d).ToArray();
        var vy = testSet.Labels.AsSpan(0, config.TestImages).ToArray();
        double mean = tx.Average(v => (double)v), std = Math.Sqrt(tx.Average(v => ((double)v - mean) * (v - mean)));
        foreach (var a in new[] { tx, vx }) for (int i = 0; i < a.Length; i++) a[i] = (float)((a[i] - mean) / std);
        return ((tx, ty), (vx, vy));
    }

    static void WriteFigures(RunDirectory run, TransferResult result)
    {
        var cfg = result.Config;
        var panels = new List<Plot>();
        foreach (var c in result.Curves)
            panels.Add(Charts.Lines($"{c.Parameterization}: training loss after {cfg.Epochs} epochs", "log₂ η₀", "cross-entropy",
                cfg.Widths.Select((w, i) => ($"N = {w}", cfg.Log2LearningRates, c.TrainLoss[i])).ToList(), logY: true));
        var log2Widths = cfg.Widths.Select(w => Math.Log2(w)).ToArray();
        panels.Add(Charts.Lines("optimal learning rate against width", "log₂ N", "log₂ η₀*",
            result.Curves.Select(c => ($"{c.Parameterization} (drift {c.DriftPerDoubling:+0.00;-0.00;0.00}/doubling)", log2Widths, c.Log2OptimalLearningRate)).ToList()));
        Figure.SavePanels(panels, Math.Min(3, panels.Count), run.FiguresDirectory, "transfer");
    }

    static void WriteReport(RunDirectory run, TransferResult result)
    {
        var cfg = result.Config;
        string F(double v) => double.IsFinite(v) ? v.ToString("0.00", C) : "—";
        var rows = result.Curves.Select(c => (IReadOnlyList<string>)[c.Parameterization,
            string.Join(", ", cfg.Widths.Select((w, i) => $"{w}: {F(c.Log2OptimalLearningRate[i])}{(c.OptimumAtGridEdge[i] ? " (edge)" : "")}")),
            F(c.DriftPerDoubling), F(c.TrainLoss.Select(r => r.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min()).Last())]).ToList();
        var report = new ReportWriter()
            .Heading("μP hyperparameter transfer on MNIST")
            .Paragraph($"An MLP with {cfg.HiddenLayers} hidden layers ({cfg.Sigma}, no biases) trained with {cfg.Optimizer} and softmax cross-entropy on " +
                       $"{cfg.TrainImages} MNIST training images (seeded subset, standardized pixels) for {cfg.Epochs} epochs in batches of {cfg.Batch}, " +
                       $"for widths {string.Join(", ", cfg.Widths)} and η₀ = 2^k, k ∈ {{{string.Join(", ", cfg.Log2LearningRates)}}}. Every width uses one initialization " +
                       "and one batch order for all its learning rates. η₀* per width is the first local minimum of the training loss scanning up from the smallest rate (the stable branch: " +
                       "at large rates the standard parameterization can drop into a second minimum after a loss spike; the global-minimum drift is in manifest.json), " +
                       "refined by a parabola through it and its neighbours; the drift is the least-squares slope of log₂ η₀* against log₂ N (0: the optimum transfers; −1: it halves per doubling).")
            .Table(["parameterization", "log₂ η₀* per width", "drift per doubling", "best loss at the widest"], rows)
            .Figure("figures/transfer.png", "Training loss against learning rate, one curve per width, and the optimum against width.");
        var divergences = result.Curves.SelectMany(c => c.Divergences.Select(d => $"{c.Parameterization}: {d}")).ToList();
        if (divergences.Count > 0) report.Heading("Diverged runs", 2).Bullets(divergences);
        report.Paragraph("Arrays: `widths`, `log2_lr`, `{param}_train_loss` and `{param}_test_loss` (widths × rates, NaN = diverged), `{param}_log2_optimal_lr`.");
        report.Save(run.ReportPath);
    }
}
