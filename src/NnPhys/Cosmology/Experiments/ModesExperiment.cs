using System.Text.Json.Nodes;
using NnPhys.Runs;

namespace NnPhys.Cosmology.Experiments;

/// <summary>Config of <c>nnphys cosmology modes</c> (issue 16 item 3).</summary>
/// <param name="Settings">Network, inputs, loss and optimizer.</param>
/// <param name="Seeds">Networks averaged over.</param>
/// <param name="Seed">First seed.</param>
public sealed record ModesConfig(ModeSettings Settings, int Seeds = 3, ulong Seed = 0) : NnPhys.Runs.IExperimentConfig
{
    /// <summary>Throws on an invalid field before anything is written.</summary>
    public void Validate()
    {
        Settings.Validate();
        if (Seeds <= 0) throw new InvalidConfigException($"Seeds = {Seeds} must be a positive integer, e.g. --seeds 3.");
    }
}

/// <summary>Result of <see cref="ModesExperiment"/>.</summary>
public sealed record ModesResult(ModesConfig Config, IReadOnlyList<ModeRun> Runs)
{
    static double Mean(IEnumerable<double> v) { var a = v.ToArray(); return a.Any(double.IsNaN) ? double.NaN : a.Average(); }
    /// <summary>Mean over seeds of the top (mean-field) mode's end error, leading order.</summary>
    public double MeanModeEndError => Mean(Runs.Select(r => r.EndErrorLeading[0]));
    /// <summary>The same, corrected mapping.</summary>
    public double MeanModeEndErrorCorrected => Mean(Runs.Select(r => r.EndErrorCorrected[0]));
    /// <summary>Eigenvalues by rank, mean over seeds (descending).</summary>
    public double[] MeanEigenvalues => Enumerable.Range(0, Runs[0].Modes.Count).Select(k => Runs.Average(r => r.Modes.Eigenvalues[k])).ToArray();
    /// <summary>Per mode rank, the median over seeds of the corrected end error (the no-motion null scores 1).</summary>
    public double[] MedianEndErrorCorrected => Enumerable.Range(0, Runs[0].Modes.Count).Select(k =>
    {
        var v = Runs.Select(r => r.EndErrorCorrected[k]).OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }).ToArray();
}

/// <summary>
/// <c>nnphys cosmology modes</c>: 1-D inputs, the empirical NTK's modes (mean field + perturbations), the eigenvalue
/// hierarchy, predicted vs actual mode amplitudes, the freezing of small-eigenvalue modes, and the paper's headline
/// |predicted − actual| at T over |a(T) − a(0)| per mode, against the no-motion null.
/// </summary>
public static class ModesExperiment
{
    /// <summary>Runs every seed.</summary>
    public static ModesResult Run(ModesConfig config, IProgress<ProgressTick>? progress = null, CancellationToken cancel = default)
    {
        config.Validate();
        var runs = new List<ModeRun>();
        for (int i = 0; i < config.Seeds; i++)
        {
            cancel.ThrowIfCancellationRequested();
            runs.Add(ModeRun.Execute(config.Settings, config.Seed + (ulong)i));
            progress?.Report(new ProgressTick((i + 1.0) / config.Seeds, $"seed {i}"));
        }
        return new ModesResult(config, runs);
    }

    /// <summary>Writes the run directory and returns the --json metrics.</summary>
    public static JsonObject Write(ModesResult result, string outputDirectory) =>
        CosmologyRun.Write(outputDirectory, "cosmology modes", result.Config, result.Config.Seed, run => ModesReport.Write(result, run));
}
