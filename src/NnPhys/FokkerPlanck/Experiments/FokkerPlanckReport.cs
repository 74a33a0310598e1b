using System.Globalization;
using NnPhys.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.Runs;

namespace NnPhys.FokkerPlanck.Experiments;

/// <summary>
/// The report.md of <c>reproduce fokker-planck</c>: what was run and what each protocol and null model sees, the eq. (28)
/// numbers and weight FVE of every protocol beside the null models, the past-only forecasts against persistence and no
/// motion, T, KPZ, the diffusion levels, figures.
/// </summary>
public static class FokkerPlanckReport
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    static string F(double v, string format = "F4") => double.IsFinite(v) ? v.ToString(format, C) : "—";

    /// <summary>The one-sentence headline: the measured-drift r one epoch ahead and its margin over the best null model.</summary>
    public static string Headline(FokkerPlanckOutcome o)
    {
        int t = o.ComparisonEpoch;
        var (protocol, result) = o.Protocols[0];
        var mode = result.Modes[0];
        var b1 = o.BestBaseline(BottleneckLayer.B1); var b2 = o.BestBaseline(BottleneckLayer.B2);
        string text = $"Epoch {t}, {TheoryStartNames.Name(protocol)} protocol, {FokkerPlanckArrays.Name(mode.Mode)} drift: b1 r {F(mode.Metrics[t].PearsonB1)} " +
                      $"(best null model {b1.Name} {F(b1.B1[t].Pearson)}, margin {F(mode.Metrics[t].PearsonB1 - b1.B1[t].Pearson, "+0.0000;-0.0000")}), " +
                      $"b2 r {F(mode.Metrics[t].PearsonB2)} (best null model {b2.Name} {F(b2.B2[t].Pearson)}, margin {F(mode.Metrics[t].PearsonB2 - b2.B2[t].Pearson, "+0.0000;-0.0000")}); " +
                      $"b1 weight FVE {F(mode.Metrics[t].FveB1, "F3")}.";
        if (o.GridError(protocol, mode.Mode, BottleneckLayer.B1) is { } g1 && o.GridError(protocol, mode.Mode, BottleneckLayer.B2) is { } g2)
            text += $" Discretisation error (change on {g1.FineCells}² instead of {g1.Cells}² cells): b1 r ±{F(g1.PearsonError, "G2")}, b2 r ±{F(g2.PearsonError, "G2")}, b1 FVE ±{F(g1.FveError, "G2")}" +
                    (t < result.Epochs ? $"; a run stopped at epoch {t} (its own box) moves b1 r by {F(g1.PearsonBoxChange, "G2")}." : ".");
        if (o.Forecast is { } f)
        {
            int k = f.Options.Horizons.Max();
            var best = f.ForecastModels
                .Select(m => (Model: m, Fve: ForecastSummary.Starts(f, m, k).Select(s => s.B1.Fve).DefaultIfEmpty(double.NaN).Average())).MaxBy(x => x.Fve);
            double persistence = ForecastSummary.Starts(f, "persistence", k).Select(s => s.B1.Fve).DefaultIfEmpty(double.NaN).Average();
            text += $" Past-only forecast at horizon {k}: best {best.Model}, mean b1 FVE {F(best.Fve, "F3")} vs persistence {F(persistence, "F3")} and no motion 0; " +
                    (f.BeatsBaselines(best.Model, k, ForecastSummary.FirstStart(f, k)) ? "it beats both (and no motion's r) at every start epoch." : "it does not beat both baselines at every start epoch.");
        }
        return text;
    }

    public static void Write(RunDirectory run, FokkerPlanckOutcome outcome)
    {
        var (config, trajectory, result, epoch) = (outcome.Config, outcome.Trajectory, outcome.Headline, outcome.ComparisonEpoch);
        var o = result.Options;
        var report = new ReportWriter()
            .Heading("Fokker–Planck evolution of the bottleneck weights (fokker-planck-to-callan-symanzik)")
            .Paragraph($"Training run: `{(config.ReusedTrainingRun ?? Path.GetRelativePath(run.Root, outcome.TrainingDirectory))}`" +
                       (config.ReusedTrainingRunManifestSha256 is { } sha ? $" (reused; manifest SHA-256 {sha[..16]}…)" : "") +
                       $" — the SPEC §1 autoencoder on MNIST digits {string.Join(",", config.Training.Digits)}, Adam η={trajectory.Adam.LearningRate.ToString(C)}, " +
                       $"{trajectory.StepsPerEpoch} steps per epoch, {result.Epochs} epochs evolved, {trajectory.EvalCount} evaluation images. The densities of b1's " +
                       $"{trajectory.B1Rows} rows and b2's 2 rows in R² were evolved with ∂P/∂t = −∇·(D P) + ½Δ(σ²P) (eq. 11) on cell-centred finite-volume grids of " +
                       $"**{result.GridB1.Nx}×{result.GridB1.Ny} (b1) and {result.GridB2.Nx}×{result.GridB2.Ny} (b2) cells** (requested {o.GridSize}), " +
                       $"Scharfetter–Gummel fluxes, zero-flux walls, at least {o.MinSubstepsPerEpoch} explicit substeps per epoch; diffusion {o.Diffusion}; " +
                       $"theoretical rows by {o.Rows} along the probability-flow velocity.")
            .Paragraph("**Headline.** " + Headline(outcome))
            .Bullets(outcome.Notes)
            .Heading($"Eq. (28) and weight FVE at epoch {epoch}, theory beside null models", 2)
            .Paragraph("Both latent-output sets (X_t·Ŵ1 and X_t·Ŵ1·Ŵ2, with the network's own b1 inputs X_t for every row of the table) are turned into KDEs " +
                       "on one common lattice, each scaled so its peak is 1; MSE and Pearson r over the lattice values (the paper: MSE ≈ 0.012, r ≈ 0.98 at epoch 5). " +
                       "FVE = 1 − ‖Ŵ_t − W_t‖²/‖W_t − W_(t−1)‖² per layer: no motion scores 0, a perfect prediction 1.")
            .Table(["model", "what it sees", "b1 r", "b1 MSE", "b1 FVE", "b2 r", "b2 MSE", "b2 FVE"], TheoryRows(outcome).Concat(BaselineRows(outcome)))
            .Figure("figures/metrics_over_epochs.png", "1 − r of eq. (28) (log scale) and weight FVE over epochs for every protocol and drift mode (thick) and the null models (thin, open squares).")
            .Figure("figures/comparison_measured.png", "Measured drift: network vs theory output densities after b1 and b2 (eq. 28).")
            .Figure("figures/comparison_predicted.png", "Predicted drift (eq. 9 at the epoch's start): network vs theory output densities.")
            .Figure("figures/latent_network_vs_theory.png", "Latent outputs by digit, network vs theory (measured drift).");
        GridSection(report, outcome);
        report.Heading("Output distributions (the paper's Figs 3, 5, 6, 8)", 2)
            .Paragraph("Network outputs after b1 and b2 on the evaluation images: by digit (Fig. 3 a, b), their KDE with peak 1 on the eq. (28) lattice " +
                       "(Fig. 3 d, e) and V = −log KDE with the score −∇V as arrows (Fig. 3 f). For Fig. 3 c (a UMAP of the decoder's output) the run has no " +
                       "decoder outputs; the 2-D embedding drawn instead is the first two principal components of the encoder features that feed b1 " +
                       "(`figures/encoder_pca_epoch<t>.png`), coloured by digit.");
        foreach (int t in OutputEpochs(outcome))
            report.Figure($"figures/encoder_pca_epoch{t}.png", $"Fig. 3 c substitute: encoder features feeding b1, first two principal components, epoch {t}.")
                  .Figure($"figures/output_distributions_epoch{t}.png",
                t == 0 ? "Epoch 0, at initialisation (the paper's Fig. 5)." : $"Epoch {t}{(t == epoch ? " (the comparison epoch; the paper's Figs 3 and 6 at epoch 5)" : t == result.Epochs ? " (the last epoch; the paper's Fig. 8 at epoch 80)" : "")}.");
        if (outcome.Forecast is { } forecast) ForecastSection(report, forecast);
        report.Heading("Weight-space densities", 2)
            .Figure("figures/potential_b1.png", "KDE potential V = −log P of b1's rows with the score −∇V.")
            .Figure("figures/row_densities_b1.png", "b1's row density: empirical KDE vs Fokker–Planck, over epochs.")
            .Heading("Diffusion", 2)
            .Paragraph(DiffusionLevels(trajectory, epoch))
            .Heading("Callan–Symanzik: terminal epoch", 2)
            .Paragraph(Terminal(result.EmpiricalTerminalB1, o, result.Epochs) + " b2 has only 2 rows: a KDE of two points is not a density estimate, so no terminal epoch is estimated for b2.")
            .Paragraph($"Sensitivity to the threshold (b1's empirical densities; the same {o.TerminalConsecutive} consecutive epochs and first {result.EmpiricalTerminalB1.Estimate.EpochsUsed} epochs for the estimate; " +
                       $"— = not reached within {result.Epochs} epochs, or no estimate: fewer than 3 fitted epochs with r > 0, r not decaying, or an extrapolation beyond {TerminalEpoch.MaxExtrapolation}× the fitted epochs; array `terminal_sensitivity_b1`):")
            .Table(["threshold", "scale invariance: T seen", "T estimated", "stationarity: T seen", "T estimated"],
                   result.EmpiricalTerminalB1.Sensitivity.Select(s => (IReadOnlyList<string>)[F(s.Threshold, "G3") + (s.Threshold == o.TerminalThreshold ? " (used)" : ""),
                       s.DetectedT?.ToString(C) ?? "—", F(s.Estimate.EstimatedT, "F1"), s.StationaryT?.ToString(C) ?? "—", F(s.StationaryEstimate.EstimatedT, "F1")]))
            .Figure("figures/terminal_epoch.png", "Both conditions of eq. (21) for b1's rows, with the threshold, the T seen in the run and the early estimate.")
            .Heading("KPZ", 2)
            .Paragraph($"V = −log P evolved directly by eq. (14) and compared with −log P of the Fokker–Planck solution where P ≥ {F(o.KpzThreshold, "G3")}·max P " +
                       $"(RMS after removing the best constant): b1 {F(result.Modes[0].Metrics[epoch].KpzGapB1, "G3")} at epoch {epoch} ({FokkerPlanckArrays.Name(result.Modes[0].Mode)} drift).")
            .Figure("figures/kpz_gap.png", "KPZ gap over epochs.")
            .Figure("figures/loss.png", "Training loss.")
            .Heading("Invariants and notes", 2)
            .Bullets(outcome.Protocols.SelectMany(p => p.Result.Modes.Select(m => $"{TheoryStartNames.Name(p.Protocol)} {FokkerPlanckArrays.Name(m.Mode)}: max relative mass drift " +
                                              $"{F(Math.Max(m.B1.MaxRelativeMassDrift, m.B2.MaxRelativeMassDrift), "E2")}, min density {F(Math.Min(m.B1.MinDensity, m.B2.MinDensity), "E2")}")
                .Concat(p.Result.Notes.Select(n => $"{TheoryStartNames.Name(p.Protocol)}: {n}")))
                .Concat(outcome.Forecast?.Notes.Select(n => "forecast: " + n) ?? []))
            .Paragraph("All arrays are in `arrays/` (names and shapes in docs/fokker-planck.md; the headline protocol's unprefixed, the others' prefixed with the protocol name; " +
                       "`baseline_scores`, `forecast_scores`), the headline metrics in manifest.json; `np.load` reads them.");
        report.Save(run.ReportPath);
    }

    /// <summary>Epochs with an output-distribution figure: 0 (Fig. 5), the comparison epoch, the last.</summary>
    public static int[] OutputEpochs(FokkerPlanckOutcome o) => new[] { 0, o.ComparisonEpoch, o.Headline.Epochs }.Distinct().ToArray();

    static void GridSection(ReportWriter report, FokkerPlanckOutcome o)
    {
        if (o.GridCheck is not { Count: > 0 } check)
        {
            report.Heading("Grid convergence", 2).Paragraph("Not checked in this run (--no-grid-check): the numbers above carry an unstated discretisation error.");
            return;
        }
        report.Heading("Grid convergence", 2)
            .Paragraph($"Every protocol was re-run to epoch {o.ComparisonEpoch} on the same boxes with {GridConvergence.DefaultFactor}× the cells per side " +
                       "(the scheme is first order in this drift-dominated regime, and the kernel-bandwidth floor of 1.5 cells shrinks with the cells). " +
                       "|Δ| is the estimated discretisation error of the number reported above. With the grid fixed, an epoch's numbers do not depend on how many " +
                       $"epochs follow, but the grid does (each box spans the rows of all {o.Headline.Epochs} epochs): the last columns are a run stopped at epoch {o.ComparisonEpoch}, " +
                       "with the box and cells it chooses itself.")
            .Table(["protocol, drift", "layer", "cells", "r", "r, finer", "|Δr|", "FVE", "FVE, finer", "|ΔFVE|", "stopped run: cells", "r", "|Δr|"],
                check.Select(g => (IReadOnlyList<string>)[$"{TheoryStartNames.Name(g.Protocol)}, {FokkerPlanckArrays.Name(g.Mode)}", g.Layer.ToString().ToLowerInvariant(),
                    $"{g.Cells}² → {g.FineCells}²", F(g.Pearson), F(g.FinePearson), F(g.PearsonError, "G2"), F(g.Fve, "F3"), F(g.FineFve, "F3"), F(g.FveError, "G2"),
                    $"{g.ShortRunCells}²", F(g.ShortRunPearson), F(g.PearsonBoxChange, "G2")]));
    }

    static IEnumerable<IReadOnlyList<string>> TheoryRows(FokkerPlanckOutcome o) =>
        o.Protocols.SelectMany(p => p.Result.Modes.Select(m =>
        {
            var e = m.Metrics[o.ComparisonEpoch];
            return (IReadOnlyList<string>)[$"FP {TheoryStartNames.Name(p.Protocol)}, {FokkerPlanckArrays.Name(m.Mode)} drift", TheoryStartNames.Description(p.Protocol, m.Mode),
                F(e.PearsonB1), F(e.MseB1, "G3"), F(e.FveB1, "F3"), F(e.PearsonB2), F(e.MseB2, "G3"), F(e.FveB2, "F3")];
        }));

    static IEnumerable<IReadOnlyList<string>> BaselineRows(FokkerPlanckOutcome o) =>
        o.Baselines.Select(b =>
        {
            var (s1, s2) = (b.B1[o.ComparisonEpoch], b.B2[o.ComparisonEpoch]);
            return (IReadOnlyList<string>)[$"null: {b.Name}", NullModels.Description(b.Model), F(s1.Pearson), F(s1.Mse, "G3"), F(s1.Fve, "F3"), F(s2.Pearson), F(s2.Mse, "G3"), F(s2.Fve, "F3")];
        });

    static void ForecastSection(ReportWriter report, PastOnlyForecastResult f)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (int k in f.Options.Horizons.Distinct().Order())
            foreach (var model in f.Models)
            {
                var s = ForecastSummary.Starts(f, model, k);
                if (s.Count == 0) continue;
                bool method = !PastOnlyForecastResult.Baselines.Contains(model);
                rows.Add([k.ToString(C), model, $"{ForecastSummary.FirstStart(f, k)}–{s[^1].Start}", F(s.Average(x => x.B1.Fve), "F3"), F(s.Min(x => x.B1.Fve), "F3"),
                          F(s.Average(x => x.B1.Pearson)), F(s.Average(x => x.B2.Fve), "F3"), F(s.Average(x => x.B2.Pearson)), F(s.Average(x => x.MFve), "F3"),
                          method ? (f.BeatsBaselines(model, k, ForecastSummary.FirstStart(f, k), requirePearson: false) ? "yes" : "no") : "",
                          method ? (f.BeatsNoMotionPearson(model, k, ForecastSummary.FirstStart(f, k)) ? "yes" : "no") : "",
                          method ? (f.BeatsBaselines(model, k, ForecastSummary.FirstStart(f, k)) ? "**met**" : "not met") : "",
                          method && f.WorstStart(model, k, ForecastSummary.FirstStart(f, k)) is { } worst ? $"{worst.Start} ({F(worst.Margin, "+0.000;-0.000")})" : ""]);
            }
        int h = f.Options.Horizons.Max();
        var winners = f.ForecastModels.Where(m => f.BeatsBaselines(m, h, ForecastSummary.FirstStart(f, h))).ToList();
        report.Heading("Past-only forecasts (issue 8 §2)", 2)
            .Paragraph($"From every start epoch s the rows W_s and their KDE are evolved by eq. (11) for k epochs with a field fitted only on the displacements of the " +
                       $"last {f.Options.Window} epochs before s. **Kramers–Moyal**: D(w) = E[Δw | w] and σ²(w) = Var[Δw | w] (Nadaraya–Watson, one epoch = unit time, fixed in time). " +
                       "**Callan–Symanzik** (eqs. 15–19): D(w, t) = G(w)/t with G = E[t·Δw | w], σ² = ε²η². " +
                       "**Closed loop** (when run): the forecast's own rows Ŵ1, Ŵ2 in the network, every other layer frozen at epoch s, moved by Adam from epoch s's moments " +
                       "with gradients evaluated at Ŵ on training minibatches (" + (f.Options.ClosedLoopBatches == ClosedLoopBatchOrder.Independent ? "its own seeded minibatch order" : "the training run's own minibatch order after s") +
                       "); it sees the full training state at epoch s (recovered by replaying the training from its seed) and the training images. " +
                       (f.Options.Calibrate ? "**…_calibrated**: Ŵ = W_s + λ_s(R − W_s), the method's displacement R − W_s scaled by λ_s fitted by least squares on its own one-epoch forecasts " +
                                              $"from the last {f.Options.Window} start epochs u < s (each ended by epoch s; λ = 1 at s = 1, clamped to [0, {PastOnlyForecast.MaxShrinkage}]). " : "") +
                       "Baselines: persistence Ŵ = W_s + k(W_s − W_(s−1)) and " +
                       "no motion Ŵ = W_s. FVE here is relative to W_s: 1 − ‖Ŵ − W_(s+k)‖²/‖W_(s+k) − W_s‖². Means and minima are over the start epochs listed; " +
                       "\"beats\" = higher b1 FVE than both baselines and higher b1 r than no motion at every one of them.")
            .Table(["horizon k", "model", "starts", "b1 FVE mean", "b1 FVE min", "b1 r mean", "b2 FVE mean", "b2 r mean", "M = W1·W2 FVE mean", "b1 FVE > both baselines at every start", "b1 r > no motion's at every start", "target (both)", "worst start (b1 FVE − better baseline's)"], rows)
            .Paragraph(winners.Count > 0
                ? $"**Result:** at horizon {h}, {string.Join(" and ", winners)} beat persistence and no motion in b1 FVE, and no motion in b1 r, at every start epoch."
                : $"**Result:** at horizon {h}, no past-only forecast meets the target (b1 FVE above both persistence and no motion, and b1 r above no motion's, at every start epoch); " +
                  string.Join(" ", f.ForecastModels.Select(m => $"{m}: b1 FVE above both baselines at every start: {(f.BeatsBaselines(m, h, ForecastSummary.FirstStart(f, h), requirePearson: false) ? "yes" : "no")}; b1 r above no motion's at every start: {(f.BeatsNoMotionPearson(m, h, ForecastSummary.FirstStart(f, h)) ? "yes" : "no")}" +
                      (f.FirstPearsonLoss(m, h, ForecastSummary.FirstStart(f, h)) is { } miss ? $" (first miss: start {miss.Start}, r {F(miss.Mine)} vs {F(miss.NoMotion)})." : "."))))
            .Figure("figures/forecast.png", "b1 weight FVE and eq. (28) r of each past-only forecast and baseline against the start epoch, one panel per horizon.");
    }

    static string DiffusionLevels(BottleneckTrajectory trajectory, int epoch)
    {
        double epsilon = Math.Pow(trajectory.Adam.Epsilon * trajectory.Adam.LearningRate, 2);
        string text = $"Eq. (12)'s literal diffusion σ² = ε²η² = {F(epsilon, "G3")} per epoch: the evolution is pure drift.";
        if (trajectory.Layer(BottleneckLayer.B1, epoch).GradientCovariance is not null)
        {
            var sigma2 = TrainingDrift.RowDiffusion(trajectory, BottleneckLayer.B1, epoch, DiffusionModel.MinibatchNoise);
            Array.Sort(sigma2);
            var now = trajectory.Layer(BottleneckLayer.B1, epoch).Weights; var before = trajectory.Layer(BottleneckLayer.B1, epoch - 1).Weights;
            var squared = now.Select((w, k) => Math.Pow(w - before[k], 2)).Order().ToArray();
            text += $" The realistic level from the recorded minibatch-gradient covariance at epoch {epoch} (η²·Cov preconditioned by Adam, summed over the epoch's steps; " +
                    $"`--diffusion minibatch`) is σ² ≈ {F(sigma2[sigma2.Length / 2], "G3")} per epoch (median over b1's rows and axes; range {F(sigma2[0], "G2")}–{F(sigma2[^1], "G2")}), " +
                    $"beside a median squared displacement of {F(squared[squared.Length / 2], "G3")} per epoch: that noise model is {F(sigma2[sigma2.Length / 2] / squared[squared.Length / 2], "G2")}× the rows' actual squared motion, so it overstates the diffusion (Adam's momentum averages the minibatch noise over ≈ 1/(1 − β₁) steps).";
        }
        return text;
    }

    static string Terminal(TerminalEpochAnalysis t, FokkerPlanckOptions o, int epochs)
    {
        string Seen(int? detected) => detected?.ToString(C) ?? $"not reached within {epochs} epochs";
        string Estimated(TerminalEpochEstimate e) => double.IsFinite(e.EstimatedT) ? $"estimated {F(e.EstimatedT, "F1")} ({e.Model}{(e.Reason.Length > 0 ? "; " + e.Reason : "")})" : $"no estimate ({e.Reason})";
        return $"Eq. (21) offers two conditions for the terminal epoch T; each is detected as the first epoch from which its measure stays below " +
               $"{F(t.Threshold, "G3")} for {o.TerminalConsecutive} epochs, and estimated from the first {t.Estimate.EpochsUsed} epochs only (a short pre-training). " +
               $"Scale invariance, t·‖P_t − P_(t−1)‖₁: seen {Seen(t.DetectedT)}, {Estimated(t.Estimate)}. " +
               $"Stationarity, ‖P_t − P_(t−1)‖₁: seen {Seen(t.StationaryT)}, {Estimated(t.StationaryEstimate)}.";
    }
}
