using NnPhys.FokkerPlanck;
using NnPhys.Runs;

namespace NnPhys.Experiments;

/// <summary>
/// Writes a reproduction's arrays into the run directory (names and shapes as <see cref="FokkerPlanckResultArrays"/>
/// documents them, each with the given prefix in front) and returns its headline metrics, named
/// <c>{prefix}{mode}_{layer}_mse</c>, <c>…_pearson</c> at the comparison epoch, <c>{prefix}{mode}_kpz_gap_b1</c>, the
/// terminal epochs of both conditions of eq. (21), and the solver invariants (mass drift, minimum density).
/// </summary>
public static class FokkerPlanckArrays
{
    /// <summary>Prefix of the free-running evolution's arrays and metrics.</summary>
    public const string FreeRunningPrefix = "free_running_";

    public static Dictionary<string, double> Write(RunDirectory run, FokkerPlanckReproductionResult result, int comparisonEpoch, string prefix = "")
    {
        foreach (var (name, array) in FokkerPlanckResultArrays.ToNpyArrays(result))
            run.WriteArray(prefix + name, array, allowNonFinite: true); // NaN marks undefined entries (e.g. KPZ at t = 0), as documented
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (prefix.Length == 0)
        {
            metrics["epochs"] = result.Epochs;
            metrics["comparison_epoch"] = comparisonEpoch;
            AddTerminal(metrics, "empirical_b1", result.EmpiricalTerminalB1);
            AddTerminal(metrics, "empirical_b2", result.EmpiricalTerminalB2);
        }
        foreach (var mode in result.Modes)
        {
            string m = prefix + Name(mode.Mode);
            var c = mode.Metrics[comparisonEpoch];
            metrics[$"{m}_b1_mse"] = c.MseB1;
            metrics[$"{m}_b1_pearson"] = c.PearsonB1;
            metrics[$"{m}_b2_mse"] = c.MseB2;
            metrics[$"{m}_b2_pearson"] = c.PearsonB2;
            metrics[$"{m}_kpz_gap_b1"] = c.KpzGapB1;
            AddTerminal(metrics, $"{m}_b1", mode.TerminalB1);
            metrics[$"{m}_max_relative_mass_drift"] = Math.Max(mode.B1.MaxRelativeMassDrift, mode.B2.MaxRelativeMassDrift);
            metrics[$"{m}_min_density"] = Math.Min(mode.B1.MinDensity, mode.B2.MinDensity);
        }
        return metrics;
    }

    static void AddTerminal(Dictionary<string, double> metrics, string name, TerminalEpochAnalysis t)
    {
        metrics[$"{name}_terminal_epoch_scale"] = t.DetectedT ?? double.NaN;
        metrics[$"{name}_terminal_epoch_scale_estimate"] = t.Estimate.EstimatedT;
        metrics[$"{name}_terminal_epoch_stationary"] = t.StationaryT ?? double.NaN;
        metrics[$"{name}_terminal_epoch_stationary_estimate"] = t.StationaryEstimate.EstimatedT;
    }

    /// <summary>The lower-case name used in file names and metrics.</summary>
    public static string Name(DriftMode mode) => mode.ToString().ToLowerInvariant();
}
