using System.Text.Json.Nodes;

namespace NnPhys.Runs;

/// <summary>
/// The one experiment shape's last step, shared by every paper folder: create the run directory (manifest with the full
/// config and seed, under its lock), let the body write arrays, figures and report.md from the finished result, mark the
/// run complete and return the typed result — or mark it failed with the error's message ("cancelled" on cancellation)
/// and rethrow, so an interrupted run never looks complete.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>Runs <paramref name="body"/> inside a new run directory.</summary>
    /// <param name="outputDirectory">The run directory (must not hold a run).</param>
    /// <param name="command">The command recorded in the manifest, e.g. "kernel empirical".</param>
    /// <param name="config">The full config (anything System.Text.Json serialises).</param>
    /// <param name="seed">Master seed.</param>
    /// <param name="body">Writes the run's files and returns the result.</param>
    /// <param name="blas">Which linear-algebra backend ran (e.g. <c>BlasProvider.Describe()</c>), or null.</param>
    public static T Run<T>(string outputDirectory, string command, object? config, ulong seed, Func<RunDirectory, T> body, string? blas = null)
    {
        var run = RunDirectory.Create(outputDirectory, command, config, seed, blas);
        try
        {
            T result;
            using (run.Time("total")) result = body(run);
            run.Complete();
            return result;
        }
        catch (Exception e)
        {
            run.Fail(e is OperationCanceledException ? "cancelled" : e.Message);
            throw;
        }
    }

    /// <summary>The experiment shape's first step as well: validates <paramref name="config"/> and checks that
    /// <paramref name="outputDirectory"/> is not a file before anything is written, then runs as <see cref="Run{T}(string, string, object?, ulong, Func{RunDirectory, T}, string?)"/>.</summary>
    /// <exception cref="InvalidConfigException">The config is invalid, or the output path is a file.</exception>
    public static T Run<T>(string outputDirectory, string command, IExperimentConfig config, ulong seed, Func<RunDirectory, T> body, string? blas = null)
    {
        config.Validate();
        RunDirectory.CheckOutputPath(outputDirectory);
        return Run(outputDirectory, command, (object)config, seed, body, blas);
    }

    /// <summary>Records every finite number of <paramref name="metrics"/> in the manifest, turns NaN/∞ into JSON null (never a
    /// silent NaN) and adds "run_directory".</summary>
    public static JsonObject RecordMetrics(RunDirectory run, JsonObject metrics)
    {
        foreach (var name in metrics.Select(kv => kv.Key).ToArray())
            if (metrics[name] is JsonValue v && v.TryGetValue(out double d))
            {
                if (double.IsFinite(d)) run.RecordMetric(name, d);
                else metrics[name] = null;
            }
        metrics["run_directory"] = run.Root;
        return metrics;
    }

    /// <summary>Records every finite value of <paramref name="metrics"/> in the manifest.</summary>
    public static void RecordMetrics(RunDirectory run, IEnumerable<KeyValuePair<string, double>> metrics)
    {
        foreach (var (name, value) in metrics) if (double.IsFinite(value)) run.RecordMetric(name, value);
    }
}
