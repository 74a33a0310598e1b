using System.Globalization;
using System.Text.Json.Nodes;
using NnPhys.IO;
using NnPhys.Numerics;
using NnPhys.Runs;

namespace NnPhys.Dmft.Experiments;

/// <summary>
/// Writes a DMFT experiment's run directory (manifest with full config and seed → arrays → figures → report) after the
/// computation has finished, so a failed computation leaves nothing half-written; records the numeric headline metrics
/// (non-finite ones become JSON null, never a silent NaN) and marks the run complete.
/// </summary>
internal static class DmftRun
{
    public static JsonObject Write(string outputDirectory, string command, object config, ulong seed, JsonObject metrics, Action<RunDirectory> writeFiles) =>
        ExperimentRunner.Run(outputDirectory, command, config, seed, run => { writeFiles(run); return ExperimentRunner.RecordMetrics(run, metrics); }, BlasProvider.Describe());

    /// <summary>Checks the output path before any computation (an existing file or a previous run is an error).</summary>
    public static void CheckOutput(string outputDirectory)
    {
        string root = RunDirectory.CheckOutputPath(outputDirectory);
        if (File.Exists(Path.Combine(root, "manifest.json")))
            throw new DataFileException($"Run directory '{root}' already holds a run (manifest.json exists); choose another --out.");
    }

    /// <summary>Writes a 1-d array.</summary>
    public static void Array(RunDirectory run, string name, double[] values) => run.WriteArray(name, NpyArray.Of(values, values.Length), allowNonFinite: true);

    /// <summary>Writes a row-major 2-d array.</summary>
    public static void Array(RunDirectory run, string name, double[] values, int rows, int cols) => run.WriteArray(name, NpyArray.Of(values, rows, cols), allowNonFinite: true);

    /// <summary>A JSON number, or null for NaN/∞.</summary>
    public static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    /// <summary>A number for tables ("—" for NaN).</summary>
    public static string Format(double v, string format = "G6") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}
