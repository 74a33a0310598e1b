using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NnPhys.Cli;

/// <summary>
/// Runs a command body with the project's error policy: bad input (an <see cref="NnPhysException"/>) prints one line
/// <c>nnphys: error: …</c> on stderr and exits 2; Ctrl-C exits 130; anything else is an internal error (exit 1, stack
/// trace only with NNPHYS_DEBUG=1). With --json the metrics the body returns go to stdout as one JSON object.
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
            catch (NnPhysException e) { return Fail(2, e.Message); }
            catch (OperationCanceledException) { return Fail(130, "cancelled."); }
            catch (Exception e) when (Environment.GetEnvironmentVariable("NNPHYS_DEBUG") != "1")
            {
                return Fail(1, $"internal error ({e.GetType().Name}): {e.Message}. Re-run with NNPHYS_DEBUG=1 for a stack trace and please report it.");
            }
        });
    }

    static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"nnphys: error: {message}");
        return code;
    }
}
