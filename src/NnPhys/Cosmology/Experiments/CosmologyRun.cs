using System.Globalization;
using System.Text.Json.Nodes;
using NnPhys.IO;
using NnPhys.Runs;

namespace NnPhys.Cosmology.Experiments;

/// <summary>
/// Writes a cosmology experiment's run directory from its finished result: creates it (manifest with config and seed),
/// runs the writer body (arrays, figures, report), records the numeric headline metrics (NaN becomes JSON null, never a
/// silent NaN), marks the run complete — or failed with the error's message.
/// </summary>
internal static class CosmologyRun
{
    public static JsonObject Write(string outputDirectory, string command, object config, ulong seed, Func<RunDirectory, JsonObject> body) =>
        ExperimentRunner.Run(outputDirectory, command, config, seed, run => ExperimentRunner.RecordMetrics(run, body(run)));

    /// <summary>Writes a 1-d float64 array (NaN allowed: it marks steps that were not reached).</summary>
    public static void Array(RunDirectory run, string name, double[] values) => run.WriteArray(name, NpyArray.Of(values, values.Length), allowNonFinite: true);

    /// <summary>Writes a rows × cols float64 array from rows of equal length.</summary>
    public static void Matrix(RunDirectory run, string name, IReadOnlyList<double[]> rows)
    {
        int cols = rows.Count == 0 ? 0 : rows[0].Length;
        var flat = new double[rows.Count * cols];
        for (int r = 0; r < rows.Count; r++) rows[r].CopyTo(flat, r * cols);
        run.WriteArray(name, NpyArray.Of(flat, rows.Count, cols), allowNonFinite: true);
    }

    /// <summary>A JSON number, or null for NaN/∞.</summary>
    public static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    /// <summary>A number for tables ("—" for NaN).</summary>
    public static string F(double v, string format = "G4") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}
