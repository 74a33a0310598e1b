using System.CommandLine;
using System.Text.Json.Nodes;
using NnPhys.Uat.Experiments;

namespace NnPhys.Cli.Commands;

/// <summary><c>nnphys uat bumps</c>: Cybenko's sigmoid-bump construction and its error against width and steepness.</summary>
public static class UatCommands
{
    public static Command Create()
    {
        var uat = new Command("uat", "The universal approximation theorem made explicit (tasi-physics-for-ml eqs. 21–24).");
        var cmd = new Command("bumps", "Approximate a 1-D function by sigmoid bumps (eq. 21 with σ of eq. 23): sup and L2 error vs width N with fitted rates, " +
                                       "the steepness/width trade-off, and a figure of target, approximation and bumps.");
        var target = new Option<string>("--target") { Description = $"Target: {string.Join(", ", UatTarget.ValidNames)}.", DefaultValueFactory = _ => "sin" };
        var bumps = new Option<string>("--bumps") { Description = "Bump counts M (width N = M − 1): a list or a doubling range like 8-1024.", DefaultValueFactory = _ => "8-1024" };
        var kappas = new Option<string>("--steepness") { Description = "Relative steepnesses κ (s = κ/Δ), comma-separated.", DefaultValueFactory = _ => "0.5,1,2,4,8,16,64" };
        var headline = new Option<double>("--headline-steepness") { Description = "κ of the headline rates and the bump figure.", DefaultValueFactory = _ => 4 };
        var output = CommonOptions.Out("uat");
        foreach (var o in new Option[] { target, bumps, kappas, headline, output }) cmd.Options.Add(o);
        CommandRunner.SetAction(cmd, async (parse, ct) =>
        {
            var ks = CommonOptions.Numbers(parse.GetValue(kappas)!, "--steepness", "1,4,16");
            var config = new UatConfig(parse.GetValue(target)!, CommonOptions.Sizes(parse.GetValue(bumps)!, "--bumps"), ks, parse.GetValue(headline));
            config.Validate();
            var outDir = parse.GetValue(output) ?? CommonOptions.DefaultRunDirectory("uat");
            var result = await ProgressDisplay.RunAsync("uat bumps", 1.0, p => Task.Run(() => UatRun.Run(config, outDir, p, ct), ct));
            var m = result.Metrics;
            ProgressDisplay.Log($"κ = {config.HeadlineSteepness}: sup error ∝ N^{m["sup_error_rate"]:F2}, L2 ∝ N^{m["l2_error_rate"]:F2}; " +
                                $"staircase sup ∝ N^{m["staircase_sup_error_rate"]:F2}, piecewise-linear ∝ N^{m["piecewise_linear_sup_error_rate"]:F2}");
            ProgressDisplay.Log($"report: {Path.Combine(result.RunDirectory!, "report.md")}");
            var json = new JsonObject { ["run_directory"] = result.RunDirectory };
            foreach (var (k, v) in m) json[k] = double.IsFinite(v) ? v : null;
            return json;
        });
        uat.Subcommands.Add(cmd);
        return uat;
    }
}
