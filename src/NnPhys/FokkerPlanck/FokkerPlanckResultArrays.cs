using NnPhys.Data;
using NnPhys.IO;

namespace NnPhys.FokkerPlanck;

/// <summary>
/// Flattens a <see cref="FokkerPlanckReproductionResult"/> into named .npy arrays for a run directory (write each with
/// <c>Npy.Write(Path.Combine(dir, name + ".npy"), array)</c>). E = epochs, G = grid cells per side, K = KDE lattice size,
/// n = rows, S = evaluation inputs; {mode} is "measured" or "predicted", {layer} "b1" or "b2":
/// <code>
///   grid_{layer}                      float64 (6)  = (xMin, xMax, Nx, yMin, yMax, Ny); cell centres xMin + (i+½)(xMax−xMin)/Nx
///   empirical_density_{layer}         float64 (E+1, G, G)   row KDE of the recorded rows
///   empirical_terminal_{layer}        float64 (2, E+1)      r(t) = t‖ΔP‖₁ and c(t) = ‖ΔP‖₁
///   {mode}_metrics                    float64 (E+1, 12)     epoch, mse_b1, r_b1, mse_b2, r_b2, kpz_b1, kpz_b2, substeps, refined, gate, fve_b1, fve_b2
///   {mode}_density_{layer}            float64 (E+1, G, G)   Fokker–Planck P_t
///   {mode}_rows_{layer}               float64 (E+1, n, 2)   theoretical rows
///   {mode}_outputs_{layer}            float64 (E+1, S, 2)   theoretical latent outputs
///   {mode}_kde_empirical_{layer}, {mode}_kde_theory_{layer}   float64 (E+1, K, K)   peak-normalised KDEs (eq. 28)
///   {mode}_kde_bounds_{layer}         float64 (E+1, 4)      lattice (xMin, xMax, yMin, yMax), ends included
///   {mode}_kpz_potential_{layer}      float64 (E+1, G, G)   KPZ V_t (when KPZ ran)
///   {mode}_drift_{layer}              float64 (E, 2, G, G)  mid-epoch regressed drift (x, y) (when recorded)
///   {mode}_terminal_b1                float64 (2, E+1)      r(t), c(t) of the Fokker–Planck densities of B1
/// </code>
/// </summary>
public static class FokkerPlanckResultArrays
{
    /// <summary>Columns of <c>{mode}_metrics</c>.</summary>
    public const int MetricColumns = 12;

    /// <summary>All arrays, keyed by file stem.</summary>
    public static Dictionary<string, NpyArray> ToNpyArrays(FokkerPlanckReproductionResult result)
    {
        var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        int epochs = result.Epochs;
        foreach (var (layer, grid, empirical, terminal) in new[]
                 { ("b1", result.GridB1, result.EmpiricalDensitiesB1, result.EmpiricalTerminalB1), ("b2", result.GridB2, result.EmpiricalDensitiesB2, result.EmpiricalTerminalB2) })
        {
            arrays[$"grid_{layer}"] = NpyArray.Of(new[] { grid.XMin, grid.XMax, grid.Nx, grid.YMin, grid.YMax, (double)grid.Ny });
            arrays[$"empirical_density_{layer}"] = Stack(empirical, grid.Ny, grid.Nx);
            arrays[$"empirical_terminal_{layer}"] = NpyArray.Of([.. terminal.ScaleChange, .. terminal.Change], 2, epochs + 1);
        }
        foreach (var mode in result.Modes)
        {
            string m = mode.Mode.ToString().ToLowerInvariant();
            var metrics = new double[(epochs + 1) * MetricColumns];
            for (int t = 0; t <= epochs; t++)
            {
                var e = mode.Metrics[t];
                double[] row = [e.Epoch, e.MseB1, e.PearsonB1, e.MseB2, e.PearsonB2, e.KpzGapB1, e.KpzGapB2, e.Substeps, e.RefinedForStability ? 1 : 0, e.GateOpen ? 1 : 0, e.FveB1, e.FveB2];
                row.CopyTo(metrics, t * MetricColumns);
            }
            arrays[$"{m}_metrics"] = NpyArray.Of(metrics, epochs + 1, MetricColumns);
            arrays[$"{m}_terminal_b1"] = NpyArray.Of([.. mode.TerminalB1.ScaleChange, .. mode.TerminalB1.Change], 2, epochs + 1);
            foreach (var (layer, evolution, outputs, comparisons) in new[]
                     { ("b1", mode.B1, mode.TheoreticalOutputsB1, mode.ComparisonsB1), ("b2", mode.B2, mode.TheoreticalOutputsB2, mode.ComparisonsB2) })
            {
                var g = evolution.Grid;
                arrays[$"{m}_density_{layer}"] = Stack(evolution.Densities, g.Ny, g.Nx);
                arrays[$"{m}_rows_{layer}"] = Stack(evolution.Rows, evolution.Rows[0].Length / 2, 2);
                arrays[$"{m}_outputs_{layer}"] = Stack(outputs, outputs[0].Length / 2, 2);
                int k = comparisons[0].Size;
                arrays[$"{m}_kde_empirical_{layer}"] = Stack(comparisons.Select(c => c.Empirical).ToList(), k, k);
                arrays[$"{m}_kde_theory_{layer}"] = Stack(comparisons.Select(c => c.Theoretical).ToList(), k, k);
                arrays[$"{m}_kde_bounds_{layer}"] = Stack(comparisons.Select(c => new[] { c.XMin, c.XMax, c.YMin, c.YMax }).ToList(), 4);
                if (evolution.KpzPotentials.Count > 0) arrays[$"{m}_kpz_potential_{layer}"] = Stack(evolution.KpzPotentials, g.Ny, g.Nx);
                if (evolution.DriftFields.Count > 0)
                {
                    var drift = new List<double[]>();
                    foreach (var (x, y) in evolution.DriftFields) drift.Add([.. x, .. y]);
                    arrays[$"{m}_drift_{layer}"] = Stack(drift, 2, g.Ny, g.Nx);
                }
            }
        }
        return arrays;
    }

    // Stacks equal-length arrays into one (count, ...shape) array.
    static NpyArray Stack(IReadOnlyList<double[]> items, params int[] shape)
    {
        int each = items.Count == 0 ? 0 : items[0].Length;
        var data = new double[items.Count * each];
        for (int i = 0; i < items.Count; i++) items[i].CopyTo(data, i * each);
        return NpyArray.Of(data, [items.Count, .. shape]);
    }
}
