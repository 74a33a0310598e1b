using System.CommandLine;
using System.Text.Json.Nodes;
using NnPhys.Numerics;
using NnPhys.Training;
using Spectre.Console;

namespace NnPhys.Cli.Commands;

/// <summary>
/// <c>nnphys bench</c>: whole-operation timings with a Stopwatch (BenchmarkDotNet micro-benchmarks live in bench/).
/// Suites: gemm (GFLOP/s via nnphys's OpenBLAS path, OpenBLAS direct, managed), autoencoder (seconds per epoch).
/// </summary>
public static class BenchCommand
{
    /// <summary>Benchmark suites by name; each adds its metrics to the JSON object and prints a table.</summary>
    static readonly Dictionary<string, Action<JsonObject, ParseResult>> Suites = new()
    {
        ["gemm"] = Gemm,
        ["autoencoder"] = Autoencoder,
    };

    static readonly Option<int[]> Sizes = new("--sizes") { Description = "Matrix sizes n for the n×n float32 GEMM suite.", DefaultValueFactory = _ => [256, 512, 1024], AllowMultipleArgumentsPerToken = true };
    static readonly Option<int> Epochs = new("--epochs") { Description = "Epochs to time in the autoencoder suite.", DefaultValueFactory = _ => 2 };

    public static Command Create()
    {
        var command = new Command("bench", "Measure throughput: " + string.Join(", ", Suites.Keys) + " (default: all).");
        var suites = new Argument<string[]>("suite") { Description = "Suites to run: " + string.Join(", ", Suites.Keys) + ".", Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(suites);
        command.Options.Add(Sizes);
        command.Options.Add(Epochs);
        CommandRunner.SetAction(command, (parse, ct) =>
        {
            var chosen = parse.GetValue(suites) is { Length: > 0 } s ? s : [.. Suites.Keys];
            var metrics = new JsonObject { ["blas"] = BlasProvider.Describe(), ["processors"] = Environment.ProcessorCount };
            foreach (var name in chosen)
            {
                if (!Suites.TryGetValue(name, out var run))
                    throw new InvalidConfigException($"Unknown benchmark suite '{name}'; valid suites: {string.Join(", ", Suites.Keys)}.");
                ct.ThrowIfCancellationRequested();
                run(metrics, parse);
            }
            return Task.FromResult<JsonObject?>(metrics);
        });
        return command;
    }

    /// <summary>Lets other command files add suites (e.g. Fokker–Planck substeps, ensemble throughput).</summary>
    public static void Register(string name, Action<JsonObject, ParseResult> suite) => Suites[name] = suite;

    static void Gemm(JsonObject metrics, ParseResult parse)
    {
        var table = new Table().AddColumns("n", "OpenBLAS via nnphys", "OpenBLAS direct", "via / direct", "managed SIMD").Title("SGEMM GFLOP/s");
        var rows = new JsonArray();
        foreach (var n in parse.GetValue(Sizes)!)
        {
            Check.Positive(n, "--sizes", "--sizes 512");
            var r = GemmBenchmark.Compare(n);
            table.AddRow(n.ToString(), F(r.OpenBlasViaNnPhys), F(r.OpenBlasDirect), F(r.OpenBlasViaNnPhys / r.OpenBlasDirect, "P0"), F(r.Managed));
            rows.Add(new JsonObject { ["n"] = n, ["openblas_via_nnphys"] = J(r.OpenBlasViaNnPhys), ["openblas_direct"] = J(r.OpenBlasDirect), ["managed"] = J(r.Managed) });
        }
        Print(table);
        metrics["sgemm_gflops"] = rows;
    }

    static void Autoencoder(JsonObject metrics, ParseResult parse)
    {
        int epochs = Check.Positive(parse.GetValue(Epochs), "--epochs", "--epochs 2");
        ProgressDisplay.Log($"autoencoder: timing {epochs} epoch(s) on synthetic 36,017×784 data, batch 128, Adam ({BlasProvider.Describe()}) ...");
        var t = AutoencoderEpochBenchmark.Run(epochs);
        var table = new Table().AddColumns("seconds/epoch", "GFLOP/s", "epochs", "backend").Title("Autoencoder training (SPEC §1)");
        table.AddRow(F(t.SecondsPerEpoch, "F2"), F(t.GflopsPerSecond), epochs.ToString(), t.Backend);
        Print(table);
        metrics["autoencoder_seconds_per_epoch"] = t.SecondsPerEpoch;
        metrics["autoencoder_gflops"] = t.GflopsPerSecond;
    }

    static string F(double v, string format = "F1") => double.IsNaN(v) ? "n/a" : v.ToString(format);
    static JsonNode? J(double v) => double.IsNaN(v) ? null : JsonValue.Create(v);
    /// <summary>Writes a result table to stderr (stdout is reserved for --json).</summary>
    internal static void Print(Table table) => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }).Write(table);
}
