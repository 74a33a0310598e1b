using System.CommandLine;
using System.Text.Json.Nodes;
using NnPhys.Kan.Experiments;

namespace NnPhys.Cli.Commands;

/// <summary><c>nnphys kan fit</c>: Kolmogorov–Arnold networks with B-spline edges, L-BFGS and grid extension.</summary>
public static class KanCommands
{
    public static Command Create()
    {
        var kan = new Command("kan", "Kolmogorov–Arnold networks (tasi-physics-for-ml eq. 25): learnable B-spline activations on the edges.");
        var cmd = new Command("fit", "Fit exp(sin(πx₁) + x₂²) with a KAN on a schedule of grids (grid extension), report test RMSE vs G and the fitted power law, plot every edge.");
        var shape = new Option<string>("--shape") { Description = "Widths, e.g. 2,5,1 or 2,1,1.", DefaultValueFactory = _ => "2,5,1" };
        var grids = new Option<string>("--grids") { Description = "Grid sizes G, comma-separated.", DefaultValueFactory = _ => "5,10,20,50" };
        var order = new Option<int>("--order") { Description = "Spline order k (3 = cubic).", DefaultValueFactory = _ => 3 };
        var steps = new Option<int>("--steps") { Description = "L-BFGS iterations per grid.", DefaultValueFactory = _ => 200 };
        var train = new Option<int>("--train-samples") { Description = "Training points.", DefaultValueFactory = _ => 1000 };
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out("kan");
        foreach (var o in new Option[] { shape, grids, order, steps, train, seed, output }) cmd.Options.Add(o);
        CommandRunner.SetAction(cmd, async (parse, ct) =>
        {
            int[] Ints(string spec, string option) => spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, out var v) ? v : throw new InvalidConfigException($"{option} '{spec}' is not a list of integers; e.g. 3,5,10.")).ToArray();
            var config = new KanFitConfig(Ints(parse.GetValue(shape)!, "--shape"), Ints(parse.GetValue(grids)!, "--grids"), parse.GetValue(order),
                parse.GetValue(steps), parse.GetValue(train), 1000, parse.GetValue(seed));
            config.Validate();
            var outDir = parse.GetValue(output) ?? CommonOptions.DefaultRunDirectory("kan");
            var result = await ProgressDisplay.RunAsync("kan fit", 1.0, p => Task.Run(() => KanFitRun.Run(config, outDir, p, ct), ct));
            foreach (var s in result.Stages) ProgressDisplay.Log($"G = {s.GridSize,3}: train RMSE {s.TrainRmse:E2}, test RMSE {s.TestRmse:E2}");
            ProgressDisplay.Log($"slope of test RMSE vs G over the first {result.SlopePoints} grids: {result.GridSlope:F2} (cubic splines: −4)");
            ProgressDisplay.Log($"report: {Path.Combine(result.RunDirectory!, "report.md")}");
            var json = new JsonObject { ["run_directory"] = result.RunDirectory };
            foreach (var (k, v) in result.Metrics) json[k] = double.IsFinite(v) ? v : null;
            return json;
        });
        kan.Subcommands.Add(cmd);
        return kan;
    }
}
