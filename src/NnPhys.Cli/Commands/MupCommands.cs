using System.CommandLine;
using System.Text.Json.Nodes;
using NnPhys.Architectures;
using NnPhys.Data;
using NnPhys.Mup;
using NnPhys.Mup.Experiments;

namespace NnPhys.Cli.Commands;

/// <summary><c>nnphys mup coord-check</c> and <c>nnphys mup transfer</c>: the abcd family, μP, and what it buys.</summary>
public static class MupCommands
{
    public static Command Create()
    {
        var mup = new Command("mup", "Width scaling of MLPs (tasi-physics-for-ml §4.3): standard, NTK and μP parameterizations (abcd, eqs. 101–127).");
        mup.Subcommands.Add(CoordCheck());
        mup.Subcommands.Add(Transfer());
        return mup;
    }

    static string[] Names(string spec) => CommonOptions.List(spec, "--param", WidthScaling.Canonical, "standard,mup").Distinct().ToArray();

    static readonly Choices<MupOptimizer> Optimizers = new("an optimizer of the μP tables", [(["sgd"], MupOptimizer.Sgd), (["adam"], MupOptimizer.Adam)]);

    static Command CoordCheck()
    {
        var d = new CoordinateCheckConfig(CoordinateCheckConfig.DefaultWidths, CoordinateCheckConfig.DefaultParameterizations);
        var cmd = new Command("coord-check",
            "Coordinate check (microsoft/mup style): RMS of pre-activations at init, of the hidden-feature change Δh and the output change Δφ after a few " +
            "steps, against width, for standard, NTK and μP, with SGD and Adam; log-log slopes (μP: all ≈ 0).");
        var widths = new Option<string>("--widths") { Description = "Widths: a list 64,128,… or a doubling range 64-4096.", DefaultValueFactory = _ => "64-4096" };
        var param = new Option<string>("--param") { Description = $"Parameterizations, comma-separated: {string.Join(", ", WidthScaling.ValidNames)}.", DefaultValueFactory = _ => "standard,ntk,mup" };
        var steps = new Option<int>("--steps") { Description = "Training steps t (Δh, Δφ after each; slopes after the last).", DefaultValueFactory = _ => d.Steps };
        var depth = new Option<int>("--hidden-layers") { Description = "Hidden layers.", DefaultValueFactory = _ => d.HiddenLayers };
        var batch = new Option<int>("--batch") { Description = "Size of the fixed training batch.", DefaultValueFactory = _ => d.Batch };
        var inputDim = new Option<int>("--input-dim") { Description = "Input dimension D of the fixed batch.", DefaultValueFactory = _ => d.InputDimension };
        var lr = new Option<double>("--lr") { Description = "SGD base learning rate η₀.", DefaultValueFactory = _ => d.SgdLearningRate };
        var adamLr = new Option<double>("--adam-lr") { Description = "Adam base learning rate η₀.", DefaultValueFactory = _ => d.AdamLearningRate };
        var noAdam = new Option<bool>("--no-adam") { Description = "Skip the Adam set." };
        var activation = new Option<string>("--activation") { Description = "σ: relu, tanh, erf, sigmoid, identity.", DefaultValueFactory = _ => "relu" };
        var seeds = new Option<int>("--seeds") { Description = "Initializations averaged per width.", DefaultValueFactory = _ => d.Seeds };
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "coord-check", "mup coord-check", [widths, param, steps, depth, batch, inputDim, lr, adamLr, noAdam, activation, seeds, seed],
            parse => new CoordinateCheckConfig(CommonOptions.Sizes(parse.GetValue(widths)!, "--widths"), Names(parse.GetValue(param)!),
                parse.GetValue(steps), parse.GetValue(depth), parse.GetValue(inputDim), parse.GetValue(batch), Activation.Parse(parse.GetValue(activation)!),
                parse.GetValue(lr), parse.GetValue(adamLr), !parse.GetValue(noAdam), parse.GetValue(seeds), parse.GetValue(seed)),
            (config, outDir, p, ct) =>
            {
                var result = CoordinateCheckRun.Run(config, outDir, p, ct);
                foreach (var c in result.Curves)
                    ProgressDisplay.Log($"{c.Optimizer,-4} {c.Parameterization,-8} slopes: pre-activation {S(result, c, CoordinateQuantity.Preactivation)}, " +
                                        $"Δh {S(result, c, CoordinateQuantity.FeatureChange)}, Δφ {S(result, c, CoordinateQuantity.OutputChange)}");
                return Headline(result.RunDirectory!, result.Metrics);
            });
        return cmd;
    }

    /// <summary>Parses a log₂ learning-rate grid "lo:hi" (step 1), "lo:hi:step", or a list "−8,−6,−4".</summary>
    public static double[] Log2Grid(string spec, string option)
    {
        var parts = spec.Split(':', StringSplitOptions.TrimEntries);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (parts.Length is 2 or 3 && parts.All(q => double.TryParse(q, System.Globalization.NumberStyles.Float, c, out _)))
        {
            double lo = double.Parse(parts[0], c), hi = double.Parse(parts[1], c), step = parts.Length == 3 ? double.Parse(parts[2], c) : 1;
            if (!(step > 0) || hi < lo) throw new InvalidConfigException($"{option} '{spec}' is not a grid lo:hi[:step] with hi ≥ lo and step > 0; e.g. -8:2.");
            var list = new List<double>();
            for (int k = 0; lo + k * step <= hi + 1e-9; k++) list.Add(lo + k * step);
            return [.. list];
        }
        return CommonOptions.Numbers(spec, option, "-8:2 (lo:hi[:step]) or -6,-4,-2");
    }

    static Command Transfer()
    {
        var d = new TransferConfig(TransferConfig.DefaultWidths, ["standard", "mup"], TransferConfig.DefaultLog2LearningRates);
        var cmd = new Command("transfer",
            "μP hyperparameter transfer: sweep the learning rate over widths for an MLP on an MNIST subset under standard and μP; loss-vs-η curves, " +
            "the optimum per width and its drift in log₂ η* per doubling of width.");
        var widths = new Option<string>("--widths") { Description = "Widths: a list 128,256,… or a doubling range 128-1024.", DefaultValueFactory = _ => "128-1024" };
        var param = new Option<string>("--param") { Description = $"Parameterizations: {string.Join(", ", WidthScaling.ValidNames)}.", DefaultValueFactory = _ => "standard,mup" };
        var grid = new Option<string>("--log2-lr") { Description = "Grid of log₂ η₀: lo:hi[:step] or a list.", DefaultValueFactory = _ => "-5:3" };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd or adam (μP's Adam table, docs/mup.md).", DefaultValueFactory = _ => "sgd" };
        var depth = new Option<int>("--hidden-layers") { Description = "Hidden layers.", DefaultValueFactory = _ => d.HiddenLayers };
        var trainImages = new Option<int>("--train-images") { Description = "Training images (seeded subset).", DefaultValueFactory = _ => d.TrainImages };
        var testImages = new Option<int>("--test-images") { Description = "Held-out test images.", DefaultValueFactory = _ => d.TestImages };
        var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => d.Epochs };
        var batch = new Option<int>("--batch") { Description = "Minibatch size.", DefaultValueFactory = _ => d.Batch };
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out("mup-transfer");
        var data = CommonOptions.Data();
        foreach (var o in new Option[] { widths, param, grid, optimizer, depth, trainImages, testImages, epochs, batch, seed, output, data, DataCommands.NoVerifyChecksums })
            cmd.Options.Add(o);
        CommandRunner.SetAction(cmd, async (parse, ct) =>
        {
            var opt = Optimizers.Parse(parse.GetValue(optimizer), "--optimizer");
            var config = new TransferConfig(CommonOptions.Sizes(parse.GetValue(widths)!, "--widths"), Names(parse.GetValue(param)!), Log2Grid(parse.GetValue(grid)!, "--log2-lr"),
                opt, parse.GetValue(depth), parse.GetValue(trainImages), parse.GetValue(testImages), parse.GetValue(epochs), parse.GetValue(batch), null, parse.GetValue(seed));
            config.Validate();
            var outDir = parse.GetValue(output) ?? CommonOptions.DefaultRunDirectory("mup-transfer");
            NnPhys.Runs.RunDirectory.CheckOutputPath(outDir); // before the MNIST fetch
            var dir = await DataCommands.EnsureMnistAsync(parse.GetValue(data), ct, !parse.GetValue(DataCommands.NoVerifyChecksums));
            var (trainSet, testSet) = (MnistDataset.Load(dir, MnistSplit.Train), MnistDataset.Load(dir, MnistSplit.Test));
            var result = await ProgressDisplay.RunAsync("mup transfer", 1.0, p => Task.Run(() => TransferRun.Run(config, trainSet, testSet, outDir, p, ct), ct));
            foreach (var c in result.Curves)
                ProgressDisplay.Log($"{c.Parameterization,-8} log₂ η₀* per width: {string.Join(", ", c.Log2OptimalLearningRate.Select(v => v.ToString("F2")))}; " +
                                    $"drift {c.DriftPerDoubling:+0.00;-0.00;0.00} per doubling");
            return Headline(result.RunDirectory!, result.Metrics);
        });
        return cmd;
    }

    /// <summary>Logs where the report is and returns the --json object: the run directory and every metric (null if not finite).</summary>
    static JsonObject Headline(string runDirectory, IReadOnlyDictionary<string, double> metrics)
    {
        ProgressDisplay.Log($"report: {Path.Combine(runDirectory, "report.md")}");
        var json = new JsonObject { ["run_directory"] = runDirectory };
        foreach (var (k, v) in metrics) json[k] = double.IsFinite(v) ? v : null;
        return json;
    }

    static string S(CoordinateCheckResult r, CoordinateCheckCurves c, CoordinateQuantity q) => Math.Round(r.Slope(c.Parameterization, c.Optimizer, q), 2).ToString("+0.00;-0.00;0.00");
}
