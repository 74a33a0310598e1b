using NnPhys.Data;
using NnPhys.FokkerPlanck;
using NnPhys.Runs;

namespace NnPhys.Experiments;

/// <summary>
/// Writes the reproduction's arrays (NumPy-readable, under <c>arrays/</c>) and returns its headline metrics.
/// Per drift mode m ∈ {measured, predicted}: <c>m_metrics</c> (E+1, 6) with columns MSE b1, r b1, MSE b2, r b2,
/// KPZ gap b1, KPZ gap b2 (NaN where undefined, e.g. KPZ at t = 0); <c>m_b1_density</c>, <c>m_b2_density</c>
/// (E+1, Ny, Nx) Fokker–Planck row densities; <c>m_b1_rows</c> (E+1, 200, 2), <c>m_b2_rows</c> (E+1, 2, 2) theoretical
/// matrices; <c>m_b1_theory_outputs</c>, <c>m_b2_theory_outputs</c> (E+1, e, 2); <c>m_terminal_b1</c> r(t) = t·‖ΔP‖₁.
/// Shared: <c>empirical_b1_density</c>, <c>empirical_b2_density</c>, <c>empirical_terminal_b1</c>, <c>empirical_terminal_b2</c>,
/// <c>grid_b1</c>, <c>grid_b2</c> = [xMin, xMax, yMin, yMax, Nx, Ny] (cell-centred finite-volume grids).
/// </summary>
public static class FokkerPlanckArrays
{
    public static Dictionary<string, double> Write(RunDirectory run, FokkerPlanckReproductionResult result, int comparisonEpoch)
    {
        int n = result.Epochs + 1;
        run.WriteArray("grid_b1", Grid(result.GridB1));
        run.WriteArray("grid_b2", Grid(result.GridB2));
        run.WriteArray("empirical_b1_density", Stack(result.EmpiricalDensitiesB1, result.GridB1.Ny, result.GridB1.Nx));
        run.WriteArray("empirical_b2_density", Stack(result.EmpiricalDensitiesB2, result.GridB2.Ny, result.GridB2.Nx));
        run.WriteArray("empirical_terminal_b1", NpyArray.Of(result.EmpiricalTerminalB1.ScaleChange, n), allowNonFinite: true);
        run.WriteArray("empirical_terminal_b2", NpyArray.Of(result.EmpiricalTerminalB2.ScaleChange, n), allowNonFinite: true);

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["epochs"] = result.Epochs,
            ["comparison_epoch"] = comparisonEpoch,
            ["empirical_terminal_epoch_b1"] = result.EmpiricalTerminalB1.DetectedT ?? double.NaN,
            ["empirical_terminal_epoch_b1_estimate"] = result.EmpiricalTerminalB1.Estimate.EstimatedT,
            ["empirical_terminal_epoch_b2"] = result.EmpiricalTerminalB2.DetectedT ?? double.NaN,
            ["empirical_terminal_epoch_b2_estimate"] = result.EmpiricalTerminalB2.Estimate.EstimatedT,
        };
        foreach (var mode in result.Modes)
        {
            string m = Name(mode.Mode);
            var table = new double[n * 6];
            for (int t = 0; t < n; t++)
            {
                var e = mode.Metrics[t];
                double[] row = [e.MseB1, e.PearsonB1, e.MseB2, e.PearsonB2, e.KpzGapB1, e.KpzGapB2];
                row.CopyTo(table, t * 6);
            }
            run.WriteArray($"{m}_metrics", NpyArray.Of(table, n, 6), allowNonFinite: true);
            run.WriteArray($"{m}_b1_density", Stack(mode.B1.Densities, result.GridB1.Ny, result.GridB1.Nx));
            run.WriteArray($"{m}_b2_density", Stack(mode.B2.Densities, result.GridB2.Ny, result.GridB2.Nx));
            run.WriteArray($"{m}_b1_rows", Stack(mode.B1.Rows, mode.B1.Rows[0].Length / 2, 2));
            run.WriteArray($"{m}_b2_rows", Stack(mode.B2.Rows, 2, 2));
            run.WriteArray($"{m}_b1_theory_outputs", Stack(mode.TheoreticalOutputsB1, mode.TheoreticalOutputsB1[0].Length / 2, 2));
            run.WriteArray($"{m}_b2_theory_outputs", Stack(mode.TheoreticalOutputsB2, mode.TheoreticalOutputsB2[0].Length / 2, 2));
            run.WriteArray($"{m}_terminal_b1", NpyArray.Of(mode.TerminalB1.ScaleChange, n), allowNonFinite: true);

            var c = mode.Metrics[comparisonEpoch];
            metrics[$"{m}_b1_mse"] = c.MseB1;
            metrics[$"{m}_b1_pearson"] = c.PearsonB1;
            metrics[$"{m}_b2_mse"] = c.MseB2;
            metrics[$"{m}_b2_pearson"] = c.PearsonB2;
            metrics[$"{m}_kpz_gap_b1"] = c.KpzGapB1;
            metrics[$"{m}_terminal_epoch_b1"] = mode.TerminalB1.DetectedT ?? double.NaN;
            metrics[$"{m}_max_relative_mass_drift"] = Math.Max(mode.B1.MaxRelativeMassDrift, mode.B2.MaxRelativeMassDrift);
            metrics[$"{m}_min_density"] = Math.Min(mode.B1.MinDensity, mode.B2.MinDensity);
        }
        return metrics;
    }

    /// <summary>The lower-case name used in file names and metrics.</summary>
    public static string Name(DriftMode mode) => mode.ToString().ToLowerInvariant();

    static NpyArray Grid(Grid2D g) => NpyArray.Of(new[] { g.XMin, g.XMax, g.YMin, g.YMax, g.Nx, g.Ny }, 6);

    static NpyArray Stack(IReadOnlyList<double[]> items, int rows, int cols)
    {
        var all = new double[items.Count * rows * cols];
        for (int t = 0; t < items.Count; t++) items[t].CopyTo(all, t * rows * cols);
        return NpyArray.Of(all, items.Count, rows, cols);
    }
}
