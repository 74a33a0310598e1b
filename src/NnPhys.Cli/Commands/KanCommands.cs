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
        var cmd = new Command("fit", "Fit exp(sin(πx₁) + x₂²) with a KAN on a schedule of grids (grid extension), report test RMSE vs G and the fitted power law, plot every edge; optionally prune (--prune) and snap edges to symbolic functions (--symbolic).");
        var shape = new Option<string>("--shape") { Description = "Widths, e.g. 2,5,1 or 2,1,1.", DefaultValueFactory = _ => "2,5,1" };
        var grids = new Option<string>("--grids") { Description = "Grid sizes G, comma-separated.", DefaultValueFactory = _ => "5,10,20,50" };
        var order = new Option<int>("--order") { Description = "Spline order k (3 = cubic).", DefaultValueFactory = _ => 3 };
        var steps = new Option<int>("--steps") { Description = "L-BFGS iterations per grid.", DefaultValueFactory = _ => 1000 };
        var train = new Option<int>("--train-samples") { Description = "Training points.", DefaultValueFactory = _ => 1000 };
        var test = new Option<int>("--test-samples") { Description = "Test points.", DefaultValueFactory = _ => 1000 };
        var prune = new Option<bool>("--prune") { Description = "Train the first grid with an L1 sparsity penalty, prune weak edges and nodes, retrain, then extend the grid." };
        var lambda = new Option<double>("--lambda") { Description = "Weight of the L1 sparsity penalty used before pruning.", DefaultValueFactory = _ => 1e-3 };
        var threshold = new Option<double>("--prune-threshold") { Description = "Edge and node score threshold for pruning (score = ⟨|φ|⟩ over the data).", DefaultValueFactory = _ => 1e-2 };
        var symbolic = new Option<bool>("--symbolic") { Description = "Snap every edge of the final network to x, x², x³, x⁴, 1/x, √, exp, log, sin, tanh, 0 with affine parameters; print and refine the formula." };
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out("kan");
        foreach (var o in new Option[] { shape, grids, order, steps, train, test, prune, lambda, threshold, symbolic, seed, output }) cmd.Options.Add(o);
        CommandRunner.SetAction(cmd, async (parse, ct) =>
        {
            var config = new KanFitConfig(CommonOptions.Integers(parse.GetValue(shape)!, "--shape", "2,5,1"), CommonOptions.Integers(parse.GetValue(grids)!, "--grids", "5,10,20,40"), parse.GetValue(order),
                parse.GetValue(steps), parse.GetValue(train), parse.GetValue(test), parse.GetValue(seed),
                parse.GetValue(prune), parse.GetValue(lambda), parse.GetValue(threshold), parse.GetValue(symbolic));
            config.Validate();
            var outDir = parse.GetValue(output) ?? CommonOptions.DefaultRunDirectory("kan");
            var result = await ProgressDisplay.RunAsync("kan fit", 1.0, p => Task.Run(() => KanFitRun.Run(config, outDir, p, ct), ct));
            foreach (var s in result.Stages) ProgressDisplay.Log($"G = {s.GridSize,3}: train RMSE {s.TrainRmse:E2}, test RMSE {s.TestRmse:E2}");
            ProgressDisplay.Log($"slope of test RMSE vs G over the first {result.SlopePoints} grids: {result.GridSlope:F2} (cubic splines: −4)");
            if (result.Pruning is { } pruning)
                ProgressDisplay.Log($"pruned {pruning.PrunedEdges.Count} edges; active shape [{string.Join(",", pruning.ActiveShape)}]");
            if (result.Formula is { } formula)
            {
                foreach (var e in result.Snapped!.Edges)
                    ProgressDisplay.Log($"layer {e.Layer + 1} edge {e.From}→{e.To}: {string.Join(", ", e.Candidates.Take(3).Select(c => $"{c.Function.Name} R² {c.R2:F6} (1−R² {Math.Max(0, 1 - c.R2):G2})"))} → {e.Chosen.Function.Name}");
                foreach (var line in formula.Text()) ProgressDisplay.Log(line);
                ProgressDisplay.Log($"formula test RMSE {result.Metrics["formula_rmse_test"]:E2} (as snapped {result.Metrics["snapped_rmse_test"]:E2})");
            }
            ProgressDisplay.Log($"report: {Path.Combine(result.RunDirectory!, "report.md")}");
            var json = new JsonObject { ["run_directory"] = result.RunDirectory };
            foreach (var (k, v) in result.Metrics) json[k] = double.IsFinite(v) ? v : null;
            if (result.Pruning is { } p2) json["active_shape"] = string.Join(",", p2.ActiveShape);
            if (result.Formula is { } f2)
            {
                json["formula"] = string.Join("; ", f2.Text());
                json["formula_snapped"] = string.Join("; ", result.Snapped!.Text());
                json["symbolic_functions"] = string.Join(",", result.Snapped!.Edges.Select(e => $"{e.Layer + 1}:{e.From}->{e.To}:{e.Chosen.Function.Name}"));
            }
            return json;
        });
        kan.Subcommands.Add(cmd);
        return kan;
    }
}
