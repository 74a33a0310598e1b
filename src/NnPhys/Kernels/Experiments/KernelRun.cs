using System.Globalization;
using System.Text.Json.Nodes;
using NnPhys.IO;
using NnPhys.Numerics;
using NnPhys.Runs;

namespace NnPhys.Kernels.Experiments;

/// <summary>A fitted power law y = A·N^b from a least-squares line in log–log space.</summary>
/// <param name="Exponent">b.</param>
/// <param name="ExponentError">Standard error of b from the residual scatter.</param>
/// <param name="Amplitude">A.</param>
public sealed record PowerLaw(double Exponent, double ExponentError, double Amplitude)
{
    /// <summary>Fits log y = log A + b log x over the points with positive x and y.</summary>
    public static PowerLaw Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var keep = Enumerable.Range(0, x.Count).Where(i => x[i] > 0 && y[i] > 0 && double.IsFinite(y[i])).ToArray();
        if (keep.Length < 2) return new PowerLaw(double.NaN, double.NaN, double.NaN);
        var lx = keep.Select(i => Math.Log(x[i])).ToArray(); var ly = keep.Select(i => Math.Log(y[i])).ToArray();
        double mx = lx.Average(), my = ly.Average(), sxx = lx.Sum(v => (v - mx) * (v - mx)), sxy = lx.Zip(ly, (a, b) => (a - mx) * (b - my)).Sum();
        double slope = sxy / sxx, intercept = my - slope * mx;
        double rss = lx.Zip(ly, (a, b) => Math.Pow(b - intercept - slope * a, 2)).Sum();
        double se = keep.Length > 2 ? Math.Sqrt(rss / (keep.Length - 2) / sxx) : double.NaN;
        return new PowerLaw(slope, se, Math.Exp(intercept));
    }

    /// <summary>"−0.51 ± 0.02".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Exponent:F3} ± {ExponentError:F3}");
}

/// <summary>Writes a kernel experiment's run directory: manifest (config, seed), body (arrays, figures, report), metrics,
/// completion; marks the run failed with the error's message if the body throws.</summary>
internal static class KernelRun
{
    public static JsonObject Write(string outputDirectory, string command, object config, ulong seed, Func<RunDirectory, JsonObject> body) =>
        ExperimentRunner.Run(outputDirectory, command, config, seed, run => ExperimentRunner.RecordMetrics(run, body(run)), BlasProvider.Describe());

    public static void Array(RunDirectory run, string name, double[] values) => run.WriteArray(name, NpyArray.Of(values, values.Length), allowNonFinite: true);

    public static void Matrix(RunDirectory run, string name, Matrix<double> m) => run.WriteArray(name, NpyArray.Of(m.Data, m.Rows, m.Cols), allowNonFinite: true);

    public static JsonArray Json(IEnumerable<double> values) => KernelJson.Array(values);

    public static string F(double v, string format = "G4") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}

/// <summary>JSON arrays of float64 values at full precision (shortest round-trip form); NaN/∞ become null.</summary>
public static class KernelJson
{
    /// <summary>[v0, v1, …].</summary>
    public static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)(double.IsFinite(v) ? JsonValue.Create(v) : null)).ToArray());

    /// <summary>[[row 0], [row 1], …].</summary>
    public static JsonArray Matrix(Matrix<double> m) => new(Enumerable.Range(0, m.Rows).Select(i => (JsonNode?)Array(m.Row(i).ToArray())).ToArray());
}
