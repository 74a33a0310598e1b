using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Runs;
using NnPhys.Training;
using Spectre.Console;

namespace NnPhys.Cli.Commands;

/// <summary>
/// <c>nnphys bench</c>: whole-operation timings with a Stopwatch (BenchmarkDotNet micro-benchmarks live in bench/).
/// Suites: gemm (GFLOP/s via nnphys's OpenBLAS path, OpenBLAS direct, managed), autoencoder (seconds per epoch and
/// what the Fokker–Planck recording adds per epoch), and on request fokker-planck-run (the whole reproduction, timed by phase).
/// </summary>
public static class BenchCommand
{
    /// <summary>Benchmark suites by name; each adds its metrics to the JSON object and prints a table.</summary>
    static readonly Dictionary<string, Action<JsonObject, ParseResult>> Suites = new()
    {
        ["gemm"] = Gemm,
        ["autoencoder"] = Autoencoder,
        ["fokker-planck-run"] = FokkerPlanckRun,
    };

    /// <summary>Suites run only when named (they need MNIST and take minutes), not by a bare <c>nnphys bench</c>.</summary>
    static readonly HashSet<string> OnRequest = ["fokker-planck-run"];

    static readonly Option<int[]> Sizes = new("--sizes") { Description = "Matrix sizes n for the n×n float32 GEMM suite.", DefaultValueFactory = _ => [256, 512, 1024], AllowMultipleArgumentsPerToken = true };
    static readonly Option<int> Epochs = new("--epochs") { Description = "Epochs to time in the autoencoder suite.", DefaultValueFactory = _ => 2 };
    static readonly Option<int> RunEpochs = new("--run-epochs") { Description = "Training epochs of the fokker-planck-run suite's reproduction (10: the default run; 80: the paper's full run).", DefaultValueFactory = _ => 10 };

    public static Command Create()
    {
        var command = new Command("bench", "Measure throughput: " + string.Join(", ", Suites.Keys) + " (default: all but " + string.Join(", ", OnRequest) + ").");
        var suites = new Argument<string[]>("suite") { Description = "Suites to run: " + string.Join(", ", Suites.Keys) + ".", Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(suites);
        command.Options.Add(Sizes);
        command.Options.Add(Epochs);
        command.Options.Add(RunEpochs);
        CommandRunner.SetAction(command, (parse, ct) =>
        {
            var chosen = parse.GetValue(suites) is { Length: > 0 } s ? s : [.. Suites.Keys.Where(k => !OnRequest.Contains(k))];
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
        string load = LoadAverage();
        var t = AutoencoderEpochBenchmark.Run(epochs, recording: true);
        double checkpoint = CheckpointSeconds();
        var table = new Table().AddColumns("seconds/epoch", "GFLOP/s", "epochs", "backend", "load (1 min)").Title("Autoencoder training (SPEC §1)");
        table.AddRow(F(t.SecondsPerEpoch, "F2"), F(t.GflopsPerSecond), epochs.ToString(), t.Backend, $"{load} → {LoadAverage()}");
        Print(table);
        var recording = new Table().AddColumns("per epoch boundary", "seconds").Title("Fokker–Planck recording (synthetic data)");
        recording.AddRow("full-batch gradient of b1, b2 (backward stops at b1)", F(t.FullBatchGradientSeconds, "F3"));
        recording.AddRow("  the same for all layers (before it was restricted)", F(t.FullBatchGradientAllLayersSeconds, "F3"));
        recording.AddRow("evaluation outputs enc2, b1, b2 (2000 images, one pass)", F(t.EvaluationOutputSeconds, "F3"));
        recording.AddRow("checkpoint save, 12 MB npz + fsync + SHA-256 (background in a run)", F(checkpoint, "F3"));
        Print(recording);
        metrics["autoencoder_seconds_per_epoch"] = t.SecondsPerEpoch;
        metrics["autoencoder_gflops"] = t.GflopsPerSecond;
        metrics["recording_full_batch_gradient_seconds"] = J(t.FullBatchGradientSeconds);
        metrics["recording_full_batch_gradient_all_layers_seconds"] = J(t.FullBatchGradientAllLayersSeconds);
        metrics["recording_evaluation_outputs_seconds"] = J(t.EvaluationOutputSeconds);
        metrics["checkpoint_save_seconds"] = J(checkpoint);
    }

    /// <summary>Median seconds of saving the autoencoder's full training state (parameters and Adam moments, 12 MB) as a
    /// checkpoint, three times into a temporary directory.</summary>
    static double CheckpointSeconds()
    {
        var network = new Network<float>(Architecture.Autoencoder(), new RandomStream(1));
        var trainer = new Trainer<float>(network, new Adam<float>(network.Parameters), new TrainingOptions(1, 128, true, 1));
        string directory = Directory.CreateTempSubdirectory("nnphys-bench-checkpoints-").FullName;
        try
        {
            var checkpoints = new Checkpoints(directory);
            var seconds = new double[3];
            for (int e = 0; e < seconds.Length; e++)
            {
                var clock = Stopwatch.StartNew();
                checkpoints.Save(e + 1, TrainingStateNpy.ToNpyArrays(trainer.SaveState()));
                seconds[e] = clock.Elapsed.TotalSeconds;
            }
            Array.Sort(seconds);
            return seconds[1];
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    /// <summary>
    /// Runs <c>nnphys reproduce fokker-planck --epochs N</c> end to end in a child process (after making sure MNIST is on
    /// disk, so the fetch is not timed) into a temporary directory, and reports its wall time beside the phases its
    /// manifests record: optimizer epochs, full-batch gradients, evaluation outputs, background writes, the theory.
    /// </summary>
    static void FokkerPlanckRun(JsonObject metrics, ParseResult parse)
    {
        int epochs = Check.Positive(parse.GetValue(RunEpochs), "--run-epochs", "--run-epochs 10");
        DataCommands.EnsureMnistAsync(null, CancellationToken.None).GetAwaiter().GetResult();
        string directory = Directory.CreateTempSubdirectory("nnphys-bench-fokker-planck-").FullName;
        string output = Path.Combine(directory, "run");
        try
        {
            string cli = typeof(BenchCommand).Assembly.Location;
            var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var a in new[] { cli, "reproduce", "fokker-planck", "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--out", output, "--json" })
                start.ArgumentList.Add(a);
            string load = LoadAverage();
            ProgressDisplay.Log($"fokker-planck-run: reproduce fokker-planck --epochs {epochs} (load {load}) ...");
            var clock = Stopwatch.StartNew();
            using var child = Process.Start(start) ?? throw new NnPhysException("Could not start the reproduction child process.");
            var stderr = child.StandardError.ReadToEndAsync();
            // CPU time and peak memory are sampled while the child runs (its /proc entry is gone once it has exited): the CPU
            // time misses at most the last half second, the peak is the kernel's high-water mark
            double peakRssMb = double.NaN, childCpu = double.NaN;
            var stdout = child.StandardOutput.ReadToEndAsync();
            while (!child.WaitForExit(500))
                try
                {
                    child.Refresh();
                    peakRssMb = child.PeakWorkingSet64 / 1e6;
                    childCpu = child.TotalProcessorTime.TotalSeconds;
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException) { }
            stdout.Wait();
            double wall = clock.Elapsed.TotalSeconds;
            if (child.ExitCode != 0)
                throw new NnPhysException($"The reproduction failed (exit code {child.ExitCode}): {stderr.Result.Trim().Split('\n').LastOrDefault()}");
            var theory = RunDirectory.ReadManifest(output).TimingsSeconds;
            var training = RunDirectory.ReadManifest(Path.Combine(output, "training")).TimingsSeconds;
            double T(IReadOnlyDictionary<string, double> timings, string key) => timings.TryGetValue(key, out double v) ? v : double.NaN;
            // theory_wall is the theory's wall time (its parts run concurrently and overlap); arrays, figures, report follow it
            string[] outputKeys = ["arrays", "figures", "report"];
            double theorySeconds = theory.TryGetValue("theory_wall", out double wallTheory) ? wallTheory
                : theory.Where(kv => kv.Key != "training" && !outputKeys.Contains(kv.Key)).Sum(kv => kv.Value);
            double outputSeconds = outputKeys.Sum(k => T(theory, k));
            double background = training.Where(kv => kv.Key.StartsWith("background_", StringComparison.Ordinal)).Sum(kv => kv.Value);
            int boundaries = epochs + 1;   // epoch 0 is recorded too
            var table = new Table().AddColumns("phase", "seconds", "per epoch").Title($"reproduce fokker-planck --epochs {epochs} (load {load} → {LoadAverage()})");
            table.AddRow("whole command (child process, MNIST on disk)", F(wall, "F1"), "");
            table.AddRow("  its CPU time (both cores)", F(childCpu, "F1"), "");
            table.AddRow("  its peak resident memory, MB (sampled every 0.5 s)", F(peakRssMb, "F0"), "");
            table.AddRow("training with recording", F(T(training, "training_with_recording"), "F1"), F(T(training, "training_with_recording") / epochs, "F2"));
            table.AddRow("  optimizer epochs", F(T(training, "optimizer_epochs"), "F1"), F(T(training, "optimizer_epochs") / epochs, "F2"));
            table.AddRow("  full-batch gradients (b1, b2)", F(T(training, "full_batch_gradients"), "F1"), F(T(training, "full_batch_gradients") / boundaries, "F2"));
            table.AddRow("  evaluation outputs", F(T(training, "evaluation_outputs"), "F1"), F(T(training, "evaluation_outputs") / boundaries, "F3"));
            table.AddRow("  background writes (overlapped)", F(background, "F1"), F(background / boundaries, "F2"));
            table.AddRow("  waiting for background writes", F(T(training, "waiting_for_background_writes"), "F1"), "");
            table.AddRow("theory wall (protocols ∥ null models, then forecasts ∥ grid check)", F(theorySeconds, "F1"), "");
            foreach (var (key, value) in theory.Where(kv => kv.Key is not ("training" or "theory_wall") && !outputKeys.Contains(kv.Key)).OrderByDescending(kv => kv.Value))
                table.AddRow($"  {key} (concurrent parts overlap)", F(value, "F1"), "");
            table.AddRow("arrays, figures, report", F(outputSeconds, "F1"), "");
            foreach (var key in outputKeys) table.AddRow($"  {key}", F(T(theory, key), "F1"), "");
            Print(table);
            metrics["fokker_planck_run_epochs"] = epochs;
            metrics["fokker_planck_run_seconds"] = wall;
            metrics["fokker_planck_run_training_seconds"] = J(T(training, "training_with_recording"));
            metrics["fokker_planck_run_optimizer_seconds_per_epoch"] = J(T(training, "optimizer_epochs") / epochs);
            metrics["fokker_planck_run_full_batch_gradient_seconds_per_epoch"] = J(T(training, "full_batch_gradients") / boundaries);
            metrics["fokker_planck_run_theory_seconds"] = theorySeconds;
            metrics["fokker_planck_run_output_seconds"] = J(outputSeconds);
            metrics["fokker_planck_run_cpu_seconds"] = J(childCpu);
            metrics["fokker_planck_run_peak_rss_mb"] = J(peakRssMb);
            metrics["fokker_planck_run_load_average"] = load;
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    /// <summary>The 1-minute load average (Linux /proc/loadavg), or "n/a": timings on a shared machine need it beside them.</summary>
    static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "n/a"; }
    }

    static string F(double v, string format = "F1") => double.IsNaN(v) ? "n/a" : v.ToString(format);
    static JsonNode? J(double v) => double.IsNaN(v) ? null : JsonValue.Create(v);
    /// <summary>Writes a result table to stderr (stdout is reserved for --json).</summary>
    internal static void Print(Table table) => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }).Write(table);
}
