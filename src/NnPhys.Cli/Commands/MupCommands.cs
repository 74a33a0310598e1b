using System.CommandLine;
using System.Text.Json.Nodes;
using NnPhys.Architectures;
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
        return mup;
    }

    /// <summary>Parses "64,128,256" or "64-4096" (doubling) into widths.</summary>
    public static int[] Widths(string spec, string option)
    {
        spec = spec.Trim();
        var range = spec.Split('-', StringSplitOptions.TrimEntries);
        if (range.Length == 2 && int.TryParse(range[0], out int lo) && int.TryParse(range[1], out int hi))
        {
            if (lo <= 0 || hi < lo) throw new InvalidConfigException($"{option} '{spec}' is not a doubling range of positive widths; write it low-high, e.g. 64-4096.");
            var list = new List<int>();
            for (long w = lo; w <= hi; w *= 2) list.Add((int)w);
            return [.. list];
        }
        var parts = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], out widths[i]))
                throw new InvalidConfigException($"{option} '{spec}' is not a list of widths; use e.g. 64,128,256 or 64-4096.");
        return widths;
    }

    static string[] Names(string spec) => spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(n => AbcdParameterization.Parse(n).Name).Distinct().ToArray();

    static Command CoordCheck()
    {
        var d = new CoordinateCheckConfig(CoordinateCheckConfig.DefaultWidths, CoordinateCheckConfig.DefaultParameterizations);
        var cmd = new Command("coord-check",
            "Coordinate check (microsoft/mup style): RMS of pre-activations at init, of the hidden-feature change Δh and the output change Δφ after a few " +
            "steps, against width, for standard, NTK and μP, with SGD and Adam; log-log slopes (μP: all ≈ 0).");
        var widths = new Option<string>("--widths") { Description = "Widths: a list 64,128,… or a doubling range 64-4096.", DefaultValueFactory = _ => "64-4096" };
        var param = new Option<string>("--param") { Description = $"Parameterizations, comma-separated: {string.Join(", ", AbcdParameterization.ValidNames)}.", DefaultValueFactory = _ => "standard,ntk,mup" };
        var steps = new Option<int>("--steps") { Description = "Training steps t (Δh, Δφ after each; slopes after the last).", DefaultValueFactory = _ => d.Steps };
        var depth = new Option<int>("--hidden-layers") { Description = "Hidden layers.", DefaultValueFactory = _ => d.HiddenLayers };
        var batch = new Option<int>("--batch") { Description = "Size of the fixed training batch.", DefaultValueFactory = _ => d.Batch };
        var lr = new Option<double>("--lr") { Description = "SGD base learning rate η₀.", DefaultValueFactory = _ => d.SgdLearningRate };
        var adamLr = new Option<double>("--adam-lr") { Description = "Adam base learning rate η₀.", DefaultValueFactory = _ => d.AdamLearningRate };
        var noAdam = new Option<bool>("--no-adam") { Description = "Skip the Adam set." };
        var activation = new Option<string>("--activation") { Description = "σ: relu, tanh, erf, sigmoid, identity.", DefaultValueFactory = _ => "relu" };
        var seeds = new Option<int>("--seeds") { Description = "Initializations averaged per width.", DefaultValueFactory = _ => d.Seeds };
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out("coord-check");
        foreach (var o in new Option[] { widths, param, steps, depth, batch, lr, adamLr, noAdam, activation, seeds, seed, output }) cmd.Options.Add(o);

        CommandRunner.SetAction(cmd, async (parse, ct) =>
        {
            var config = new CoordinateCheckConfig(Widths(parse.GetValue(widths)!, "--widths"), Names(parse.GetValue(param)!),
                parse.GetValue(steps), parse.GetValue(depth), d.InputDimension, parse.GetValue(batch), ActivationFunctions.Parse(parse.GetValue(activation)!),
                parse.GetValue(lr), parse.GetValue(adamLr), !parse.GetValue(noAdam), parse.GetValue(seeds), parse.GetValue(seed));
            config.Validate();
            var outDir = parse.GetValue(output) ?? CommonOptions.DefaultRunDirectory("coord-check");
            var result = await ProgressDisplay.RunAsync("mup coord-check", 1.0, p => Task.Run(() => CoordinateCheckRun.Run(config, outDir, p, ct), ct));
            foreach (var c in result.Curves)
                ProgressDisplay.Log($"{c.Optimizer,-4} {c.Parameterization,-8} slopes: pre-activation {S(result, c, CoordinateQuantity.Preactivation)}, " +
                                    $"Δh {S(result, c, CoordinateQuantity.FeatureChange)}, Δφ {S(result, c, CoordinateQuantity.OutputChange)}");
            ProgressDisplay.Log($"report: {Path.Combine(result.RunDirectory!, "report.md")}");
            var json = new JsonObject { ["run_directory"] = result.RunDirectory };
            foreach (var (k, v) in result.Metrics) json[k] = double.IsFinite(v) ? v : null;
            return json;
        });
        return cmd;
    }

    static string S(CoordinateCheckResult r, CoordinateCheckCurves c, CoordinateQuantity q) => Math.Round(r.Slope(c.Parameterization, c.Optimizer, q), 2).ToString("+0.00;-0.00;0.00");
}
