using System.CommandLine;
using System.Text.Json.Nodes;
using NnPhys.Data;
using NnPhys.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.FokkerPlanck.Experiments;
using NnPhys.FokkerPlanck.Pde;
using Spectre.Console;

namespace NnPhys.Cli.Commands;

/// <summary><c>nnphys reproduce fokker-planck</c>: the headline paper end to end.</summary>
public static class ReproduceCommands
{
    public static Command Create()
    {
        var reproduce = new Command("reproduce", "Reproduce a founding paper end to end, writing a run directory with report.md, figures, arrays and metrics.");
        reproduce.Subcommands.Add(FokkerPlanck());
        BenchCommand.Register("fokker-planck", BenchSubstep);
        return reproduce;
    }

    /// <summary>The <c>fokker-planck</c> suite of <c>nnphys bench</c>: milliseconds per explicit substep on n×n grids (target: 256² under 0.5 ms).</summary>
    static void BenchSubstep(JsonObject metrics, ParseResult parse)
    {
        var table = new Table().AddColumns("grid", "ms per substep", "cells per µs").Title("Fokker–Planck explicit substep (Scharfetter–Gummel)");
        foreach (int n in new[] { 128, 256, 512 })
        {
            double ms = FokkerPlanckBenchmark.MeasureSubstep(n);
            table.AddRow($"{n}×{n}", ms.ToString("F3"), (n * n / (ms * 1000)).ToString("F0"));
            metrics[$"fokker_planck_substep_ms_{n}"] = ms;
        }
        BenchCommand.Print(table);
        var kpz = new Table().AddColumns("grid", "fast ms per rate", "reference ms per rate", "speed-up").Title("KPZ right-hand side (one per KPZ substep; same bits)");
        foreach (int n in new[] { 192, 256 })
        {
            double fast = FokkerPlanckBenchmark.MeasureKpzRate(n), reference = FokkerPlanckBenchmark.MeasureKpzRate(n, reference: true);
            kpz.AddRow($"{n}×{n}", fast.ToString("F3"), reference.ToString("F3"), (reference / fast).ToString("F1") + "×");
            metrics[$"kpz_rate_ms_{n}"] = fast;
            metrics[$"kpz_rate_reference_ms_{n}"] = reference;
        }
        BenchCommand.Print(kpz);
    }

    /// <summary>Default training epochs of the reproduction: enough to pass the paper's epoch-5 comparison and see the density settle, within 3 minutes.</summary>
    public const int DefaultEpochs = 10;

    static Command FokkerPlanck()
    {
        var cmd = new Command("fokker-planck",
            "fokker-planck-to-callan-symanzik: train the MNIST 0–5 autoencoder (or reuse a training run), evolve the density of the bottleneck weight rows " +
            "with the Fokker–Planck equation (measured and predicted drift), turn it back into weight matrices, compare latent outputs (eq. 28), KPZ, terminal epoch. " +
            "Re-running with the same --out continues an interrupted run.");
        var training = new AutoencoderTrainingOptions(DefaultEpochs, $"Training epochs, or with --training-run how many of its epochs to use (default: all; the paper trains 80; {DefaultEpochs} covers its epoch-5 comparison in under 3 minutes).");
        var trainingRun = new Option<string?>("--training-run") { Description = "Reuse a finished 'nnphys train autoencoder' run directory instead of training." };
        var grid = new Option<int?>("--grid") { Description = $"Cells per side of each layer's weight-space grid (default {new FokkerPlanckOptions().GridSize}, refined automatically when the rows' spread needs more; an explicit value is used as given)." };
        var substeps = new Option<int>("--substeps") { Description = "Minimum explicit substeps per epoch (refined automatically for stability).", DefaultValueFactory = _ => new FokkerPlanckOptions().MinSubstepsPerEpoch };
        var modes = new Option<string>("--modes") { Description = "Drift modes: measured, predicted, or both comma-separated.", DefaultValueFactory = _ => "measured,predicted" };
        var diffusion = new Option<string>("--diffusion") { Description = "Diffusion: adam-epsilon (eq. 12, the paper's) or minibatch (η²·Cov of minibatch gradients).", DefaultValueFactory = _ => "adam-epsilon" };
        var rows = new Option<string>("--rows") { Description = "Theoretical rows: transport (probability-flow characteristics) or sample (draw from P).", DefaultValueFactory = _ => "transport" };
        var protocols = new Option<string>("--protocols") { Description = "Protocols, comma-separated, the first is the headline: previous (one epoch ahead from the network's rows, the paper's §3.2), free_running (sees epoch 0 only; drift fitted once), free_running_refit (free density, drift re-fitted at the network's rows every epoch).", DefaultValueFactory = _ => "previous,free_running" };
        var horizons = new Option<string>("--forecast-horizons") { Description = "Horizons k of the past-only forecasts (Kramers–Moyal, Callan–Symanzik) from every start epoch, comma-separated.", DefaultValueFactory = _ => "1,2,5" };
        var window = new Option<int>("--forecast-window") { Description = "Past epochs whose displacements the forecasts fit.", DefaultValueFactory = _ => new PastOnlyForecastOptions().Window };
        var noForecast = new Option<bool>("--no-forecast") { Description = "Skip the past-only forecasts." };
        var forecastMethods = new Option<string>("--forecast-methods") { Description = "Past-only forecast methods, comma-separated: kramers-moyal, callan-symanzik, closed-loop (b1/b2 moved by Adam with gradients at the forecast's own rows, other layers frozen at the start epoch; replays the training to recover each epoch's state).", DefaultValueFactory = _ => string.Join(",", new PastOnlyForecastOptions().Methods.Select(m => PastOnlyForecastOptions.Name(m).Replace('_', '-'))) };
        var closedLoopBatches = new Option<string>("--closed-loop-batches") { Description = "Minibatch order of the closed-loop forecast: independent (its own seeded stream) or training (the run's own order after the start epoch, a diagnostic).", DefaultValueFactory = _ => "independent" };
        var noGridCheck = new Option<bool>("--no-grid-check") { Description = "Skip the grid-convergence check (every protocol re-run to the comparison epoch on 1.5× the cells per side; its difference is the discretisation error reported beside r and FVE)." };
        var compareEpoch = new Option<int>("--compare-epoch") { Description = "Epoch of the headline eq. (28) comparison (paper: 5; when not given and the run is shorter, its last epoch, said in the log and report).", DefaultValueFactory = _ => 5 };
        var noKpz = new Option<bool>("--no-kpz") { Description = "Skip the KPZ evolution of V = −log P." };
        var output = CommonOptions.Out("fokker-planck");
        var data = CommonOptions.Data();
        training.AddTo(cmd);
        foreach (var o in new Option[] { trainingRun, grid, substeps, modes, diffusion, rows, protocols, compareEpoch, horizons, window, forecastMethods, closedLoopBatches, noForecast, noGridCheck, noKpz, output, data, DataCommands.NoVerifyChecksums })
            cmd.Options.Add(o);

        CommandRunner.SetAction(cmd, async (parse, ct) =>
        {
            var trainingConfig = training.Config(parse);
            var theory = new FokkerPlanckOptions
            {
                GridSize = parse.GetValue(grid) is int g ? Check.Positive(g, "--grid", "--grid 128") : new FokkerPlanckOptions().GridSize,
                AutoRefineGrid = parse.GetValue(grid) is null,
                MinSubstepsPerEpoch = Check.Positive(parse.GetValue(substeps), "--substeps", "--substeps 10"),
                Modes = CommonOptions.List(parse.GetValue(modes)!, "--modes", m => Parse(m, "--modes", ("measured", DriftMode.Measured), ("predicted", DriftMode.Predicted)), "measured,predicted").Distinct().ToArray(),
                Diffusion = Parse(parse.GetValue(diffusion)!, "--diffusion", ("adam-epsilon", DiffusionModel.AdamEpsilon), ("minibatch", DiffusionModel.MinibatchNoise)),
                Rows = Parse(parse.GetValue(rows)!, "--rows", ("transport", TheoreticalRows.Transport), ("sample", TheoreticalRows.Sample)),
                RunKpz = !parse.GetValue(noKpz),
                MaxEpochs = parse.GetValue(trainingRun) is not null && parse.GetResult(training.Epochs) is { Implicit: false } ? trainingConfig.Epochs : null,
                Seed = trainingConfig.Seed,
            };
            var protocolList = CommonOptions.List(parse.GetValue(protocols)!, "--protocols", p => TheoryStartNames.Parse(p), "previous,free_running").Distinct().ToArray();
            var forecast = parse.GetValue(noForecast) ? null : new PastOnlyForecastOptions
            {
                Horizons = CommonOptions.Integers(parse.GetValue(horizons)!, "--forecast-horizons", "1,2,5").Distinct().ToArray(),
                Window = parse.GetValue(window),
                Methods = CommonOptions.List(parse.GetValue(forecastMethods)!, "--forecast-methods", m => PastOnlyForecastOptions.MethodNames.Parse(m, "--forecast-methods"), "kramers-moyal,callan-symanzik").ToArray(),
                ClosedLoopBatches = Parse(parse.GetValue(closedLoopBatches)!, "--closed-loop-batches", ("independent", ClosedLoopBatchOrder.Independent), ("training", ClosedLoopBatchOrder.Training)),
            };
            var config = new FokkerPlanckExperimentConfig(trainingConfig, theory, Check.Positive(parse.GetValue(compareEpoch), "--compare-epoch", "--compare-epoch 5"),
                protocolList, forecast, AdjustComparisonEpoch: parse.GetResult(compareEpoch) is null or { Implicit: true },
                GridCheck: !parse.GetValue(noGridCheck));
            var explicitTraining = cmd.Options.Where(o => o.Name is "--digits" or "--epochs" or "--batch" or "--lr" or "--eval-size" or "--seed")
                .Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToArray();
            theory.Validate();
            var outDir = parse.GetValue(output) ?? CommonOptions.DefaultRunDirectory("fokker-planck");
            NnPhys.Runs.RunDirectory.CheckOutputPath(outDir); // before the MNIST fetch
            string? dataDir = parse.GetValue(data);
            bool verify = !parse.GetValue(DataCommands.NoVerifyChecksums);
            MnistDataset LoadMnist() => MnistDataset.Load(DataCommands.EnsureMnistAsync(dataDir, ct, verify).GetAwaiter().GetResult(), MnistSplit.Train);

            var result = await ProgressDisplay.RunAsync("reproduce fokker-planck", 1.0, p =>
                Task.Run(() => FokkerPlanckExperiment.Run(config, LoadMnist, outDir, parse.GetValue(trainingRun), p, ct, explicitTraining), ct));
            var m = result.Metrics;
            foreach (var note in result.Notes) ProgressDisplay.Log("note: " + note);
            ProgressDisplay.Log(result.Headline);
            ProgressDisplay.Log($"report: {Path.Combine(result.RunDirectory, "report.md")}");
            var json = new JsonObject { ["run_directory"] = result.RunDirectory };
            foreach (var (k, v) in m) json[k] = double.IsFinite(v) ? v : null;
            return json;
        });
        return cmd;
    }

    static T Parse<T>(string value, string option, params (string Name, T Value)[] choices) =>
        new Choices<T>("a valid value", choices.Select(c => (new[] { c.Name }, c.Value))).Parse(value, option);
}
