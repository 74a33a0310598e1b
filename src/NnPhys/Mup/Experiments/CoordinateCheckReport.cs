using System.Globalization;
using NnPhys.Runs;

namespace NnPhys.Mup.Experiments;

/// <summary>The report.md of <c>nnphys mup coord-check</c>: setup, slope table against theory, figures.</summary>
public static class CoordinateCheckReport
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    static string F(double? v) => v is double d && double.IsFinite(d) ? Math.Round(d, 2).ToString("+0.00;-0.00;0.00", C) : "—";

    /// <summary>Writes report.md into the run directory.</summary>
    public static void Write(RunDirectory run, CoordinateCheckResult result)
    {
        var cfg = result.Config;
        var rows = new List<IReadOnlyList<string>>();
        foreach (var c in result.Curves)
            foreach (var q in Enum.GetValues<CoordinateQuantity>())
            {
                double measured = result.Slope(c.Parameterization, c.Optimizer, q);
                var theory = CoordinateCheck.TheorySlope(c.Parameterization, c.Optimizer, q);
                rows.Add([c.Optimizer == MupOptimizer.Adam ? "Adam" : "SGD", c.Parameterization, CoordinateCheck.QuantityName(q), F(measured), F(theory),
                    theory is double t && double.IsFinite(measured) ? (Math.Abs(measured - t) <= 0.15 ? "yes" : "no") : "—"]);
            }
        var diverged = result.Curves.Where(c => c.DivergedWidths.Length > 0)
            .Select(c => $"{c.Optimizer} {c.Parameterization}: diverged (non-finite loss) at N = {string.Join(", ", c.DivergedWidths)}; those widths are left out of the fit.").ToList();
        var report = new ReportWriter()
            .Heading("Coordinate check: standard, NTK and μP (tasi-physics-for-ml §4.3)")
            .Paragraph($"An MLP with D = {cfg.InputDimension} inputs, {cfg.HiddenLayers} hidden layers of width N ∈ {{{string.Join(", ", cfg.Widths)}}}, " +
                       $"{cfg.Sigma} activation, no biases, one output, parameterized by eqs. (101)–(106). Each run takes {cfg.Steps} full-batch steps on one fixed " +
                       $"batch of {cfg.Batch} points (x ~ N(0, I), y = sin(2u·x)) with loss ½⟨(φ − φ₀ − y)²⟩ (the network is centred at its initial output, so every width and seed fits the same residual and the random φ₀ does not add width-dependent noise to Δh and Δφ); SGD η₀ = {cfg.SgdLearningRate.ToString(C)}" +
                       (cfg.WithAdam ? $", Adam η₀ = {cfg.AdamLearningRate.ToString(C)} with each parameterization's Adam table (docs/mup.md)" : "") +
                       $". Every number is the mean over {cfg.Seeds} initializations. Quantities are RMS over batch and coordinates: the last hidden layer's " +
                       "pre-activation at init, its feature change Δh = σ(z_t) − σ(z_0) after the last step, and the output change Δφ. " +
                       "Slopes are least-squares fits of log RMS against log N.")
            .Paragraph("The three goals of §4.3 — finite pre-activations, predictions and features that move at O(1) — mean slope 0 for all three quantities. " +
                       "Theory (docs/mup.md) for small steps: standard SGD Δh ∝ N^(1/2), Δφ ∝ N; NTK Δh ∝ N^(−1/2) (no feature learning, eq. 120), Δφ ∝ N⁰; μP all N⁰. " +
                       "The null model for 'μP is flat' is any parameterization: all three give flat pre-activations, so only Δh and Δφ discriminate.")
            .Table(["optimizer", "parameterization", "quantity", "measured slope", "theory", "within ±0.15"], rows);
        if (diverged.Count > 0) report.Bullets(diverged);
        report.Figure("figures/coord_check_sgd.png", "SGD: RMS size against width, log-log; rows standard, NTK, μP.");
        if (cfg.WithAdam) report.Figure("figures/coord_check_adam.png", "Adam under each parameterization's Adam table.");
        report.Paragraph("Arrays: `arrays/widths.npy`; `arrays/{sgd,adam}_{param}_{preactivation,feature_change,output_change,loss}.npy` " +
                         "with shapes (hidden, W), (steps, hidden, W), (steps, W), (steps+1, W).");
        report.Save(run.ReportPath);
    }
}
