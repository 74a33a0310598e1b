using System.CommandLine;
using System.Text.Json.Nodes;
using NnPhys.Dmft;
using NnPhys.Dmft.Experiments;
using NnPhys.Runs;

namespace NnPhys.Cli.Commands;

/// <summary>
/// <c>nnphys dmft scs|solve|simulate|lyapunov|fdt|spectrum</c>: dynamical mean-field theory of random recurrent networks with
/// correlated couplings (SPEC §4, issue 11). Each command writes a run directory (manifest, arrays, figures, report.md);
/// --json prints the headline metrics as one JSON object.
/// </summary>
public static class DmftCommands
{
    public static Command Create()
    {
        var dmft = new Command("dmft", "DMFT of random recurrent networks with correlated couplings: SCS theory, DMFT solver, network simulation, chaos, FDT.");
        dmft.Subcommands.Add(Scs());
        return dmft;
    }

    static Option<double> Gain(double fallback) => new("--g") { Description = "Coupling gain g > 0.", DefaultValueFactory = _ => fallback };
    static Option<string> ActivationOption(string fallback) => new("--activation") { Description = "φ: " + string.Join(", ", DmftActivations.Names) + ".", DefaultValueFactory = _ => fallback };

    static async Task<JsonObject?> WithProgress(string title, Func<IProgress<ProgressTick>, JsonObject> work) =>
        await ProgressDisplay.RunAsync(title, 1.0, p => Task.Run(() => work(p)));

    static Command Scs()
    {
        var cmd = new Command("scs", "Sompolinsky–Crisanti–Sommers stationary theory (η = 0, σ = 0): Δ₀ and τ_half from the classical-particle energy method, checked by shooting; the full Δ(τ).");
        var g = Gain(2); var act = ActivationOption("tanh");
        var maxLag = new Option<double>("--max-lag") { Description = "Largest lag of the Δ(τ) curve.", DefaultValueFactory = _ => 30.0 };
        var lagStep = new Option<double>("--lag-step") { Description = "Lag spacing.", DefaultValueFactory = _ => 0.05 };
        var order = new Option<double>("--quadrature-step") { Description = "Trapezoid node spacing of each Gaussian integral (z ∈ [−8.5, 8.5]).", DefaultValueFactory = _ => 0.125 };
        var output = CommonOptions.Out("dmft-scs");
        foreach (var o in new Option[] { g, act, maxLag, lagStep, order, output }) cmd.Options.Add(o);
        CommandRunner.SetAction(cmd, async (p, ct) =>
        {
            var config = new ScsConfig(p.GetValue(g), p.GetValue(act)!, p.GetValue(maxLag), p.GetValue(lagStep), p.GetValue(order));
            config.Validate();
            var outDir = p.GetValue(output) ?? CommonOptions.DefaultRunDirectory("dmft-scs");
            var metrics = await WithProgress("solving SCS theory", prog => ScsExperiment.RunAndWrite(config, outDir, prog, ct));
            ProgressDisplay.Log($"Δ₀ = {metrics!["delta0"]}, τ_half = {metrics["tau_half"]} (shooting: {metrics["delta0_shooting"]}, {metrics["tau_half_shooting"]}); run directory {metrics["run_directory"]}");
            return metrics;
        });
        return cmd;
    }
}
