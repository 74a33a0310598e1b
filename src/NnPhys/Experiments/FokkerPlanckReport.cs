using System.Globalization;
using NnPhys.FokkerPlanck;
using NnPhys.Runs;

namespace NnPhys.Experiments;

/// <summary>The report.md of <c>reproduce fokker-planck</c>: what was run, the eq. (28) numbers against the paper's, T, KPZ, figures.</summary>
public static class FokkerPlanckReport
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    static string F(double v, string format = "F4") => double.IsFinite(v) ? v.ToString(format, C) : "—";

    public static void Write(RunDirectory run, FokkerPlanckExperimentConfig config, BottleneckTrajectory trajectory,
        FokkerPlanckReproductionResult result, FokkerPlanckReproductionResult? freeRunning, string trainingDir, int comparisonEpoch)
    {
        var o = result.Options;
        string protocol = o.Start == TheoryStart.FromPreviousEpoch
            ? "one epoch ahead (each epoch starts from the network's rows and their KDE at the previous epoch, the paper's §3.2 protocol)"
            : "free-running (one evolution from the epoch-0 rows; the theory never sees later weights)";
        var report = new ReportWriter()
            .Heading("Fokker–Planck evolution of the bottleneck weights (fokker-planck-to-callan-symanzik)")
            .Paragraph($"Training run: `{Path.GetRelativePath(run.Root, trainingDir)}` — the SPEC §1 autoencoder on MNIST digits " +
                       $"{string.Join(",", config.Training.Digits)}, Adam η={trajectory.Adam.LearningRate.ToString(C)}, {trajectory.StepsPerEpoch} steps per epoch, " +
                       $"{result.Epochs} epochs evolved, {trajectory.EvalCount} evaluation images. The densities of b1's {trajectory.B1Rows} rows and b2's 2 rows " +
                       $"in R² were evolved with ∂P/∂t = −∇·(D P) + ½Δ(σ²P) (eq. 11) on {o.GridSize}×{o.GridSize} cell-centred finite-volume grids " +
                       $"(Scharfetter–Gummel fluxes, zero-flux walls, at least {o.MinSubstepsPerEpoch} explicit substeps per epoch, refined when the stability bound needs it), " +
                       $"diffusion {o.Diffusion}, theoretical rows by {o.Rows} along the probability-flow velocity. Headline protocol: {protocol}.")
            .Paragraph("Drift modes: **measured** = each row's actual displacement over the epoch, gated by the actual loss change (eq. 8). " +
                       "**predicted** = a real forecast from the epoch's start only: eq. (9) applied once to the full-batch gradient and the Adam moments " +
                       "recorded at the epoch's start, times the steps per epoch, gated by the last loss change known then. Both are turned into fields " +
                       "on R² by Nadaraya–Watson regression (bandwidth by leave-one-out cross-validation over the rows, re-fitted along the rows' paths).")
            .Heading($"Eq. (28) at epoch {comparisonEpoch}", 2)
            .Paragraph("Both latent-output sets are turned into KDEs on one common lattice spanning both, each scaled so its **peak is 1**; MSE and " +
                       "Pearson r are taken over the lattice values. The paper reports MSE ≈ 0.012 and r ≈ 0.98 at epoch 5.")
            .Table(["protocol", "drift mode", "b1 MSE", "b1 r", "b2 MSE", "b2 r", "KPZ gap b1"], Rows(result, comparisonEpoch, o.Start)
                .Concat(freeRunning is null ? [] : Rows(freeRunning, comparisonEpoch, TheoryStart.FreeRunningRefit)))
            .Figure("figures/comparison_measured.png", "Measured drift: network vs theory output densities after b1 and b2 (eq. 28).")
            .Figure("figures/comparison_predicted.png", "Predicted drift (a real forecast): network vs theory output densities.")
            .Figure("figures/latent_network_vs_theory.png", "Latent outputs by digit, network vs theory (measured drift).")
            .Figure("figures/metrics_over_epochs.png", "MSE and r over epochs, both drift modes and both layers" + (freeRunning is null ? "." : ", and the free-running measured evolution."))
            .Heading("Weight-space densities", 2)
            .Figure("figures/potential_b1.png", "KDE potential V = −log P of b1's rows with the score −∇V.")
            .Figure("figures/row_densities_b1.png", "b1's row density: empirical KDE vs Fokker–Planck, over epochs.")
            .Heading("Callan–Symanzik: terminal epoch", 2)
            .Paragraph(Terminal(result.EmpiricalTerminalB1, o, result.Epochs))
            .Figure("figures/terminal_epoch.png", "Both conditions of eq. (21) for b1's rows, with the threshold, the T seen in the run and the early estimate.")
            .Heading("KPZ", 2)
            .Paragraph($"V = −log P evolved directly by eq. (14) and compared with −log P of the Fokker–Planck solution where P ≥ {F(o.KpzThreshold, "G3")}·max P " +
                       "(RMS after removing the best constant); the table above gives it at the comparison epoch.")
            .Figure("figures/kpz_gap.png", "KPZ gap over epochs.")
            .Figure("figures/loss.png", "Training loss.")
            .Heading("Invariants and notes", 2)
            .Bullets(result.Modes.Select(m => $"{FokkerPlanckArrays.Name(m.Mode)}: max relative mass drift {F(Math.Max(m.B1.MaxRelativeMassDrift, m.B2.MaxRelativeMassDrift), "E2")}, " +
                                              $"min density {F(Math.Min(m.B1.MinDensity, m.B2.MinDensity), "E2")}").Concat(result.Notes)
                .Concat(freeRunning?.Notes.Select(n => "free-running: " + n) ?? []))
            .Paragraph("All arrays are in `arrays/` (names and shapes in docs/fokker-planck.md; the free-running evolution's carry the prefix `free_running_`), " +
                       "the headline metrics in manifest.json; `np.load` reads them.");
        report.Save(run.ReportPath);
    }

    static IEnumerable<IReadOnlyList<string>> Rows(FokkerPlanckReproductionResult result, int epoch, TheoryStart start) =>
        result.Modes.Select(m =>
        {
            var e = m.Metrics[epoch];
            return (IReadOnlyList<string>)[start == TheoryStart.FromPreviousEpoch ? "one epoch ahead" : "free-running", FokkerPlanckArrays.Name(m.Mode),
                F(e.MseB1, "G3"), F(e.PearsonB1, "F4"), F(e.MseB2, "G3"), F(e.PearsonB2, "F4"), F(e.KpzGapB1, "G3")];
        });

    static string Terminal(TerminalEpochAnalysis t, FokkerPlanckOptions o, int epochs)
    {
        string Seen(int? detected) => detected?.ToString(C) ?? $"not reached within {epochs} epochs";
        return $"Eq. (21) offers two conditions for the terminal epoch T; each is detected as the first epoch from which its measure stays below " +
               $"{F(t.Threshold, "G3")} for {o.TerminalConsecutive} epochs, and estimated from the first {t.Estimate.EpochsUsed} epochs only (a short pre-training). " +
               $"Scale invariance, t·‖P_t − P_(t−1)‖₁: seen {Seen(t.DetectedT)}, estimated {F(t.Estimate.EstimatedT, "F1")} ({t.Estimate.Model}; {t.Estimate.Reason}). " +
               $"Stationarity, ‖P_t − P_(t−1)‖₁: seen {Seen(t.StationaryT)}, estimated {F(t.StationaryEstimate.EstimatedT, "F1")} ({t.StationaryEstimate.Model}; {t.StationaryEstimate.Reason}).";
    }
}
