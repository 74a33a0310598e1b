using System.Globalization;
using NnPhys.Runs;

namespace NnPhys.Experiments;

/// <summary>The report.md of a training run: what was run, the losses, and the figures.</summary>
public static class AutoencoderReport
{
    public static void Write(RunDirectory run, AutoencoderTrainingConfig config, int images, IReadOnlyList<double> losses, double secondsPerEpoch)
    {
        var c = CultureInfo.InvariantCulture;
        var report = new ReportWriter()
            .Heading("Autoencoder training (SPEC §1)")
            .Paragraph($"MNIST training images of digits {string.Join(",", config.Digits)} ({images.ToString("N0", c)} images, pixels in [0, 1]); " +
                       "784→512→200 (ReLU) → b1 linear 200→2 → b2 linear 2→2 → 2→200→512 (ReLU) → 784 (sigmoid); " +
                       $"MSE, Adam (η={config.LearningRate.ToString(c)}, β1=0.9, β2=0.999, ε=1e-8), batch {config.BatchSize}, {config.Epochs} epochs, seed {config.Seed}.")
            .Table(["epoch", "mean training loss"], losses.Select((l, i) => (IReadOnlyList<string>)[(i + 1).ToString(c), l.ToString("F5", c)]))
            .Paragraph(double.IsNaN(secondsPerEpoch) ? "" : $"Wall time: {secondsPerEpoch.ToString("F2", c)} s per epoch ({run.Manifest.Blas}).")
            .Figure("figures/loss.png", "Mean training loss per epoch.")
            .Figure("figures/latent.png", $"Outputs of b1 and b2 on {config.EvaluationSize} fixed training images after the last epoch, coloured by digit.")
            .Figure("figures/b1_rows.png", "The 200 rows of b1 as points in R² at initialization and after the last epoch.")
            .Paragraph("Per-epoch bottleneck data for the Fokker–Planck theory are in `trajectory/` (one `epoch_NNN/` directory of .npy files per epoch boundary); the full training state of the newest epochs in `checkpoints/`.");
        report.Save(run.ReportPath);
    }
}
