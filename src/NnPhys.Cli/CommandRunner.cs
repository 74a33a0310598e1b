using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NnPhys.Cli;

/// <summary>
/// Runs a command body with the project's error policy: bad input (an <see cref="NnPhysException"/>) and storage
/// failures (disk full, read-only folder: <see cref="NnPhys.Runs.StorageFailure"/>) print one line
/// <c>nnphys: error: …</c> on stderr and exit 2; Ctrl-C exits 130; anything else is an internal error (exit 1, stack
/// trace only with NNPHYS_DEBUG=1). Every run directory the command still holds open is then marked failed with the
/// message (where its manifest can still be written). With --json the metrics the body returns go to stdout as one JSON object.
/// </summary>
public static class CommandRunner
{
    public static void SetAction(Command command, Func<ParseResult, CancellationToken, Task<JsonObject?>> body)
    {
        command.SetAction(async (parse, ct) =>
        {
            using var openRuns = NnPhys.Runs.OpenRunScope.Begin();
            openRuns.Notice = message => ProgressDisplay.Log("note: " + message);
            try
            {
                var metrics = await body(parse, ct);
                if (parse.GetValue(CommonOptions.Json) && metrics is not null)
                    Console.Out.WriteLine(metrics.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
                return 0;
            }
            catch (NnPhysException e) { return Fail(2, e.Message, openRuns); }
            catch (OperationCanceledException) { return Fail(130, "cancelled.", openRuns, "cancelled; continue it with --resume"); }
            catch (Exception e) when (NnPhys.Runs.StorageFailure.Describe(e) is { } message) { return Fail(2, message, openRuns); }
            catch (Exception e) when (Environment.GetEnvironmentVariable("NNPHYS_DEBUG") != "1")
            {
                return Fail(1, $"internal error ({e.GetType().Name}): {e.Message}. Re-run with NNPHYS_DEBUG=1 for a stack trace and please report it.", openRuns);
            }
        });
    }

    /// <summary>
    /// The experiment command shape (docs/architecture.md): adds <paramref name="options"/> and <c>--out</c> (default
    /// runs/<paramref name="runName"/>-&lt;UTC time&gt;); on invocation reads the config from the options (validated here,
    /// with the output path checked, before anything is shown or written), then runs the experiment on a worker thread under
    /// a progress bar titled <paramref name="title"/> and returns its metrics (printed with --json).
    /// </summary>
    public static void SetExperiment<TConfig>(Command command, string runName, string title, IEnumerable<Option> options,
        Func<ParseResult, TConfig> readConfig, Func<TConfig, string, IProgress<NnPhys.Runs.ProgressTick>, CancellationToken, JsonObject?> run)
    {
        var output = CommonOptions.Out(runName);
        foreach (var o in options) command.Options.Add(o);
        command.Options.Add(output);
        SetAction(command, async (parse, ct) =>
        {
            var config = readConfig(parse);
            if (config is NnPhys.Runs.IExperimentConfig checkable) checkable.Validate();
            string outDir = NnPhys.Runs.RunDirectory.CheckOutputPath(parse.GetValue(output) ?? CommonOptions.DefaultRunDirectory(runName));
            return await ProgressDisplay.RunAsync(title, 1.0, prog => Task.Run(() => run(config, outDir, prog, ct), ct));
        });
    }

    /// <summary>Marks the command's runs that are still open failed (where the manifest can still be written), prints the error, returns the exit code.</summary>
    static int Fail(int code, string message, NnPhys.Runs.OpenRunScope openRuns, string? manifestMessage = null)
    {
        openRuns.FailAll(manifestMessage ?? message);
        return Fail(code, message);
    }

    static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"nnphys: error: {message}");
        return code;
    }
}
