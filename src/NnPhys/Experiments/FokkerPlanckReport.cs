using System.Globalization;
using NnPhys.FokkerPlanck;
using NnPhys.Runs;

namespace NnPhys.Experiments;

/// <summary>The report.md of <c>reproduce fokker-planck</c>: what was run, the eq. (28) numbers against the paper's, T, KPZ, figures.</summary>
public static class FokkerPlanckReport
{
    public static void Write(RunDirectory run, FokkerPlanckExperimentConfig config, BottleneckTrajectory trajectory,
        FokkerPlanckReproductionResult result, string trainingDir, int comparisonEpoch, IReadOnlyDictionary<string, double> metrics)
    {
        var c = CultureInfo.InvariantCulture;
        string F(double v, string f = "F4") => double.IsFinite(v) ? v.ToString(f, c) : "—";
        var o = result.Options;
        var report = new ReportWriter()
            .Heading("Fokker–Planck evolution of the bottleneck weights (fokker-planck-to-callan-symanzik)")
            .Paragraph($"Training run: `{Path.GetRelativePath(run.Root, trainingDir)}` — the SPEC §1 autoencoder on MNIST digits " +
                       $"{string.Join(",", config.Training.Digits)}, Adam η={trajectory.Adam.LearningRate.ToString(c)}, {trajectory.StepsPerEpoch} steps per epoch, " +
                       $"{result.Epochs} epochs evolved, {trajectory.EvalCount} evaluation images. The densities of b1's {trajectory.B1Rows} rows and b2's 2 rows " +
                       $"in R² were evolved with ∂P/∂t = −∇·(D P) + ½Δ(σ²P) (eq. 11) on {o.GridSize}×{o.GridSize} cell-centred finite-volume grids " +
                       $"(Scharfetter–Gummel fluxes, zero-flux walls, at least {o.MinSubstepsPerEpoch} explicit substeps per epoch, refined when the stability bound needs it), " +
                       $"diffusion model {o.Diffusion}, theory start {o.Start}, theoretical rows by {o.Rows}.")
            .Paragraph("Drift modes: **measured** = each row's actual displacement over the epoch, gated by the actual loss change (eq. 8); " +
                       "**predicted** = a forecast from the epoch's start only: eq. (9) iterated over the epoch's steps with the full-batch gradient " +
                       "frozen at its epoch-start value, gated by the last observed loss change. Both are turned into fields on R² by Nadaraya–Watson regression.")
            .Heading($"Eq. (28) at epoch {comparisonEpoch}", 2)
            .Paragraph("Both latent-output sets are turned into KDEs on one common lattice, each scaled so its peak is 1; MSE and Pearson r are taken over the lattice values. " +
                       "The paper reports MSE ≈ 0.012 and r ≈ 0.98 at epoch 5.")
            .Table(["drift mode", "b1 MSE", "b1 r", "b2 MSE", "b2 r", "KPZ gap b1"],
                result.Modes.Select(m =>
                {
                    var e = m.Metrics[comparisonEpoch];
                    return (IReadOnlyList<string>)[FokkerPlanckArrays.Name(m.Mode), F(e.MseB1), F(e.PearsonB1, "F3"), F(e.MseB2), F(e.PearsonB2, "F3"), F(e.KpzGapB1)];
                }))
            .Figure("figures/comparison_measured.png", "Measured drift: network vs theory output densities after b1 and b2 (eq. 28).")
            .Figure("figures/comparison_predicted.png", "Predicted drift (a real forecast): network vs theory output densities.")
            .Figure("figures/latent_network_vs_theory.png", "Latent outputs by digit, network vs theory (measured drift).")
            .Figure("figures/metrics_over_epochs.png", "MSE and r over epochs, both drift modes and both layers.")
            .Heading("Weight-space densities", 2)
            .Figure("figures/potential_b1.png", "KDE potential V = −log P of b1's rows with the score −∇V.")
            .Figure("figures/row_densities_b1.png", "b1's row density: empirical KDE vs Fokker–Planck, over epochs.")
            .Heading("Callan–Symanzik: terminal epoch", 2)
            .Paragraph($"T is the first epoch from which r(t) = t·‖P_t − P_(t−1)‖₁ stays below {F(result.EmpiricalTerminalB1.Threshold, "G3")} for {o.TerminalConsecutive} epochs (eq. 21). " +
                       $"Seen in this run (b1, empirical): {(result.EmpiricalTerminalB1.DetectedT?.ToString(c) ?? $"not reached within {result.Epochs} epochs")}; " +
                       $"estimated from the first {result.EmpiricalTerminalB1.Estimate.EpochsUsed} epochs ({result.EmpiricalTerminalB1.Estimate.Model}): {F(result.EmpiricalTerminalB1.Estimate.EstimatedT, "F1")}. " +
                       result.EmpiricalTerminalB1.Estimate.Reason)
            .Figure("figures/terminal_epoch.png", "r(t) with the threshold, the T seen in the run and the early estimate.")
            .Heading("KPZ", 2)
            .Paragraph($"V = −log P evolved directly by eq. (14) and compared with −log P of the Fokker–Planck solution where P ≥ {F(o.KpzThreshold, "G3")}·max P (RMS after removing the best constant).")
            .Figure("figures/kpz_gap.png", "KPZ gap over epochs.")
            .Figure("figures/loss.png", "Training loss.")
            .Heading("Invariants and notes", 2)
            .Bullets(result.Modes.Select(m => $"{FokkerPlanckArrays.Name(m.Mode)}: max relative mass drift {F(Math.Max(m.B1.MaxRelativeMassDrift, m.B2.MaxRelativeMassDrift), "E2")}, " +
                                              $"min density {F(Math.Min(m.B1.MinDensity, m.B2.MinDensity), "E2")}").Concat(result.Notes))
            .Paragraph("All arrays are in `arrays/` (see the manifest for the headline metrics); `np.load` reads them.");
        report.Save(run.ReportPath);
    }
}
