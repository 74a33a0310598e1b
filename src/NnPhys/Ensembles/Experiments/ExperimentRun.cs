using System.Globalization;
using NnPhys.Data;
using NnPhys.Runs;
using NnPhys.IO;

namespace NnPhys.Ensembles.Experiments;

/// <summary>Runs an ensemble experiment inside a <see cref="RunDirectory"/> (<see cref="Run{T}"/>) and writes its arrays and table cells.</summary>
internal static class ExperimentRun
{
    /// <summary>
    /// The one experiment shape: creates the run directory (manifest with the full config and seed), runs the body, which
    /// writes arrays, figures and report.md and records its headline metrics, marks the run complete and returns the typed
    /// result — or marks the run failed with the error's message and rethrows.
    /// </summary>
    public static T Run<T>(string outputDirectory, string command, object config, ulong seed, Func<RunDirectory, T> body) =>
        ExperimentRunner.Run(outputDirectory, command, config, seed, body);

    /// <summary>Writes values as a 1-d .npy array.</summary>
    public static void Array(RunDirectory run, string name, double[] values) => run.WriteArray(name, NpyArray.Of(values, values.Length), allowNonFinite: true);

    /// <summary>Writes rows of equal length as a 2-d .npy array (rows, columns).</summary>
    public static void Matrix(RunDirectory run, string name, double[][] rows)
    {
        int columns = rows.Length == 0 ? 0 : rows[0].Length;
        run.WriteArray(name, NpyArray.Of(rows.SelectMany(r => r).ToArray(), rows.Length, columns), allowNonFinite: true);
    }

    /// <summary>Records a headline number in the manifest (non-finite values are left out: JSON has no NaN).</summary>
    public static void Metric(RunDirectory run, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) run.RecordMetric(name, v);
    }

    /// <summary>Estimates as two arrays NAME and NAME_se.</summary>
    public static void Estimates(RunDirectory run, string name, IReadOnlyList<CorrelatorEstimate> estimates)
    {
        Array(run, name, estimates.Select(e => e.Value).ToArray());
        Array(run, name + "_se", estimates.Select(e => e.StandardError).ToArray());
    }

    /// <summary>"value ± se" for tables.</summary>
    public static string Format(CorrelatorEstimate e) => string.Create(CultureInfo.InvariantCulture, $"{e.Value:G5} ± {e.StandardError:G2}");

    /// <summary>A number for tables ("—" for NaN).</summary>
    public static string Format(double v, string format = "G5") => double.IsNaN(v) ? "—" : v.ToString(format, CultureInfo.InvariantCulture);
}
