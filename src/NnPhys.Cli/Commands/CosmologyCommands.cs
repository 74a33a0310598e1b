using System.CommandLine;
using System.Text.Json.Nodes;
using NnPhys.Cli.ScaleOut;
using NnPhys.Cosmology;
using NnPhys.Cosmology.Experiments;
using NnPhys.Numerics.Sampling;
using NnPhys.Runs;

namespace NnPhys.Cli.Commands;

/// <summary>
/// <c>nnphys cosmology mapping|homogeneous|modes|momentum|scan|merge</c>: training as cosmology (SPEC §5,
/// nn-cosmology-duality). Each command writes a run directory (manifest, arrays, figures, report.md); --json prints the metrics.
/// </summary>
public static class CosmologyCommands
{
    static readonly Option<int> Width = new("--width") { Description = "Hidden width n.", DefaultValueFactory = _ => 1024 };
    static readonly Option<int> Depth = new("--depth") { Description = "Hidden layers.", DefaultValueFactory = _ => 1 };
    static readonly Option<string> Act = new("--activation") { Description = "Activation: relu, erf, tanh, … (any name nnphys knows).", DefaultValueFactory = _ => "relu" };
    static readonly Option<double> SigmaW = new("--sigma-w") { Description = "Weight scale σ_w (NTK parameterization).", DefaultValueFactory = _ => 1.0 };
    static readonly Option<double> SigmaB = new("--sigma-b") { Description = "Bias scale σ_b.", DefaultValueFactory = _ => 0.0 };
    static readonly Option<int> Power = new("--p") { Description = "Loss power p (even): (1/p)(f − y)^p.", DefaultValueFactory = _ => 2 };
    static readonly Option<double> Lr = new("--lr") { Description = "Learning rate η.", DefaultValueFactory = _ => 0.01 };
    static readonly Option<double> Momentum = new("--momentum") { Description = "Heavy-ball momentum μ ∈ [0, 1).", DefaultValueFactory = _ => 0.9 };
    static readonly Option<int> Seeds = new("--seeds") { Description = "Networks (seeds) averaged over.", DefaultValueFactory = _ => 3 };
    static readonly Option<int> MaxSteps = new("--max-steps") { Description = "Cap on training steps per run.", DefaultValueFactory = _ => 200_000 };

    public static Command Create()
    {
        var cosmology = new Command("cosmology", "Training as cosmology (nn-cosmology-duality): heavy-ball ↔ scalar field in a vacuum-dominated universe; mapping, homogeneous and input-dependent networks, momentum from the NTK, scans.");
        cosmology.Subcommands.Add(Mapping());
        cosmology.Subcommands.Add(Homogeneous());
        cosmology.Subcommands.Add(Modes());
        cosmology.Subcommands.Add(Spectrum());
        cosmology.Subcommands.Add(Momentum_());
        cosmology.Subcommands.Add(Scan());
        cosmology.Subcommands.Add(Merge());
        return cosmology;
    }

    static ScalarNetworkSpec Network(ParseResult p) => new(p.GetValue(Width), p.GetValue(Depth), p.GetValue(Act)!, p.GetValue(SigmaW), p.GetValue(SigmaB));

    static JsonObject Done(JsonObject metrics)
    {
        ProgressDisplay.Log($"done: run directory {metrics["run_directory"]}");
        return metrics;
    }

    static Command Mapping()
    {
        var cmd = new Command("mapping", "Discrete heavy-ball vs the continuum field equation as η → 0 at fixed 3H, quadratic and quartic loss: fitted orders (leading ½, corrected 1).");
        var lrs = new Option<double[]>("--lrs") { Description = "Learning rates (default 0.01·2^−k, k = 0..5).", AllowMultipleArgumentsPerToken = true };
        var friction = new Option<double>("--friction") { Description = "3H = (1 − μ)/√η, held fixed.", DefaultValueFactory = _ => 1.0 };
        var horizon = new Option<double>("--horizon") { Description = "Compare up to time s = S.", DefaultValueFactory = _ => 8.0 };
        CommandRunner.SetExperiment(cmd, "cosmology-mapping", "heavy-ball vs field equation", [lrs, friction, horizon], p =>
        {
            var v = p.GetValue(lrs);
            return new MappingConfig(v is { Length: > 0 } ? v : null, p.GetValue(friction), p.GetValue(horizon));
        }, (config, outDir, prog, ct) =>
        {
            var m = MappingExperiment.Write(config, MappingExperiment.Run(config, prog, ct), outDir);
            ProgressDisplay.Log($"orders in η: quadratic leading {m["quadratic_order_leading"]} corrected {m["quadratic_order_corrected"]}; quartic leading {m["quartic_order_leading"]} corrected {m["quartic_order_corrected"]}");
            return Done(m);
        });
        return cmd;
    }

    static Command Homogeneous()
    {
        var cmd = new Command("homogeneous", "One-input networks trained by heavy-ball vs the FLRW mean-field equation with the NTK at init (leading and corrected), nulls, and the largest η that still matches.");
        var input = new Option<double>("--input") { Description = "The single input x.", DefaultValueFactory = _ => 1.0 };
        var offset = new Option<double>("--target-offset") { Description = "y − f(x; θ₀): where the potential's minimum sits.", DefaultValueFactory = _ => 1.0 };
        var scan = new Option<double[]>("--lr-scan") { Description = "η values for max_matching_lr (default 0.001 0.003 0.01 0.03 0.1 0.3).", AllowMultipleArgumentsPerToken = true };
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "cosmology-homogeneous", "training homogeneous networks", [Width, Depth, Act, SigmaW, SigmaB, Power, Lr, Momentum, Seeds, input, offset, scan, MaxSteps, seed], p =>
        {
            var v = p.GetValue(scan);
            return new HomogeneousConfig(Network(p), p.GetValue(Power), p.GetValue(Lr), p.GetValue(Momentum), p.GetValue(Seeds), p.GetValue(seed),
                p.GetValue(input), p.GetValue(offset), v is { Length: > 0 } ? v : null, p.GetValue(MaxSteps));
        }, (config, outDir, prog, ct) =>
        {
            var m = HomogeneousExperiment.Write(HomogeneousExperiment.Run(config, prog, ct), outDir);
            ProgressDisplay.Log($"max trajectory error: leading {m["max_trajectory_error"]}, corrected {m["max_trajectory_error_corrected"]}; max matching η {m["max_matching_lr"]}");
            return Done(m);
        });
        return cmd;
    }

    static Command Modes()
    {
        var cmd = new Command("modes", "1-D inputs: empirical NTK modes (mean field + perturbations), eigenvalue hierarchy, predicted vs actual mode amplitudes, freezing, per-mode end error vs the no-motion null.");
        var points = new Option<int>("--points") { Description = "Training inputs N, equally spaced on [−a, a].", DefaultValueFactory = _ => 32 };
        var half = new Option<double>("--half-width") { Description = "Half-width a of the input interval.", DefaultValueFactory = _ => 1.0 };
        var offset = new Option<double>("--target-offset") { Description = "Mean displacement of the targets from f₀.", DefaultValueFactory = _ => 1.0 };
        var ripple = new Option<double>("--ripple") { Description = "Input-dependent part of the displacement: y = f₀ + offset(1 + ripple·sin(πx/a)).", DefaultValueFactory = _ => 0.3 };
        var sigmaB = new Option<double>("--sigma-b") { Description = "Bias scale σ_b (input dependence).", DefaultValueFactory = _ => 1.0 };
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "cosmology-modes", "training input-dependent networks", [Width, Depth, Act, SigmaW, sigmaB, Power, Lr, Momentum, Seeds, points, half, offset, ripple, MaxSteps, seed], p =>
        {
            var net = new ScalarNetworkSpec(p.GetValue(Width), p.GetValue(Depth), p.GetValue(Act)!, p.GetValue(SigmaW), p.GetValue(sigmaB));
            return new ModesConfig(new ModeSettings(net, p.GetValue(points), p.GetValue(half), p.GetValue(Power), p.GetValue(Lr), p.GetValue(Momentum),
                p.GetValue(offset), p.GetValue(ripple), p.GetValue(MaxSteps)), p.GetValue(Seeds), p.GetValue(seed));
        }, (config, outDir, prog, ct) =>
        {
            var m = ModesExperiment.Write(ModesExperiment.Run(config, prog, ct), outDir);
            ProgressDisplay.Log($"mean-mode end error: leading {m["mean_mode_relative_end_error"]}, corrected {m["mean_mode_relative_end_error_corrected"]}; perturbations beating the no-motion null: {m["perturbation_modes_beating_null"]} of {m["perturbation_modes"]}");
            return Done(m);
        });
        return cmd;
    }

    static Command Spectrum()
    {
        var cmd = new Command("spectrum", "Fig. 4: distribution over random networks of the largest empirical-NTK eigenvalue on a 1-D input interval, beside Θ̄ of the same networks at one input (quantiles, KS distance).");
        var networks = new Option<int>("--networks") { Description = "Random networks R.", DefaultValueFactory = _ => 200 };
        var points = new Option<int>("--points") { Description = "Inputs N, equally spaced on [−a, a].", DefaultValueFactory = _ => 32 };
        var half = new Option<double>("--half-width") { Description = "Half-width a of the input interval.", DefaultValueFactory = _ => 1.0 };
        var input = new Option<double>("--input") { Description = "The single input x₀ of the homogeneous comparison (default: the interval centre).", DefaultValueFactory = _ => 0.0 };
        var sigmaB = new Option<double>("--sigma-b") { Description = "Bias scale σ_b (input dependence).", DefaultValueFactory = _ => 1.0 };
        var width = new Option<int>("--width") { Description = "Hidden width n.", DefaultValueFactory = _ => 256 };
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "cosmology-spectrum", "NTK spectra of random networks", [width, Depth, Act, SigmaW, sigmaB, networks, points, half, input, seed], p =>
        {
            var net = new ScalarNetworkSpec(p.GetValue(width), p.GetValue(Depth), p.GetValue(Act)!, p.GetValue(SigmaW), p.GetValue(sigmaB));
            return new SpectrumConfig(net, p.GetValue(networks), p.GetValue(points), p.GetValue(half), p.GetValue(input), p.GetValue(seed));
        }, (config, outDir, prog, ct) =>
        {
            var m = SpectrumExperiment.Write(SpectrumExperiment.Run(config, prog, ct), outDir);
            ProgressDisplay.Log($"λ_max/N: mean {m["largest_eigenvalue_per_point_mean"]} ± {m["largest_eigenvalue_per_point_std"]}; Θ̄ at one input: {m["homogeneous_ntk_mean"]} ± {m["homogeneous_ntk_std"]}; KS distance {m["ks_distance"]} (5 % critical {m["ks_critical_5pct"]})");
            return Done(m);
        });
        return cmd;
    }

    static Command Momentum_()
    {
        var cmd = new Command("momentum", "Predict from the NTK alone the steps to a target loss for every μ and the critically damping μ*; confirm with training over a μ grid (p = 2, one input).");
        var step = new Option<double>("--grid-step") { Description = "Spacing of the μ grid.", DefaultValueFactory = _ => 0.02 };
        var max = new Option<double>("--max-momentum") { Description = "Largest μ of the grid.", DefaultValueFactory = _ => 0.98 };
        var fraction = new Option<double>("--loss-fraction") { Description = "Target: loss stays below this fraction of L₀.", DefaultValueFactory = _ => 1e-4 };
        var seeds = new Option<int>("--seeds") { Description = "Networks per μ.", DefaultValueFactory = _ => 2 };
        var offset = new Option<double>("--target-offset") { Description = "y − f(x; θ₀).", DefaultValueFactory = _ => 1.0 };
        var maxSteps = new Option<int>("--max-steps") { Description = "Cap on steps per run.", DefaultValueFactory = _ => 100_000 };
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "cosmology-momentum", "training over the momentum grid", [Width, Depth, Act, SigmaW, SigmaB, Lr, step, max, fraction, seeds, offset, maxSteps, seed], p =>
        {
            return new MomentumConfig(Network(p), p.GetValue(Lr), p.GetValue(step), p.GetValue(max), p.GetValue(fraction), p.GetValue(seeds), p.GetValue(seed), p.GetValue(offset), p.GetValue(maxSteps));
        }, (config, outDir, prog, ct) =>
        {
            var m = MomentumExperiment.Write(MomentumExperiment.Run(config, prog, ct), outDir);
            ProgressDisplay.Log($"μ* predicted {m["mu_star_predicted"]}, observed {m["mu_star_observed"]} ({m["mu_star_grid_steps_apart"]} grid steps apart)");
            return Done(m);
        });
        return cmd;
    }

    static Command Scan()
    {
        var cmd = new Command("scan", "Hyperparameter scan of the homogeneous mapping (width × η grid; depth, activation, σ_w, μ, p axes) as independent jobs; --shard k/n runs one shard for `cosmology merge`.");
        var seeds = new Option<int>("--seeds") { Description = "Seeds per setting.", DefaultValueFactory = _ => 2 };
        var shard = new Option<string?>("--shard") { Description = "Run only shard k of n (jobs j ≡ k mod n), e.g. 0/4, and write shard-K-of-N.json for `cosmology merge`." };
        var widths = new Option<int[]>("--widths") { Description = "Widths of the width × η grid (default 128 256 512 1024 2048 4096).", AllowMultipleArgumentsPerToken = true };
        var lrs = new Option<double[]>("--lrs") { Description = "η values of the grid (default 0.001 0.003 0.01 0.03 0.1 0.3).", AllowMultipleArgumentsPerToken = true };
        var gridOnly = new Option<bool>("--grid-only") { Description = "Only the width × η grid, without the depth/activation/σ_w/μ/p axes." };
        var seed = CommonOptions.Seed(); var output = CommonOptions.Out("cosmology-scan");
        foreach (var o in new Option[] { seeds, shard, widths, lrs, gridOnly, seed, output }) cmd.Options.Add(o);
        ScaleOutCommand.AddTo(cmd);
        CommandRunner.SetAction(cmd, async (p, ct) =>
        {
            (int k, int n)? sh = p.GetValue(shard) is { } text ? StreamRange.ParseShard(text) : null;
            var w = p.GetValue(widths); var e = p.GetValue(lrs);
            var config = new ScanConfig(p.GetValue(seeds), p.GetValue(seed), sh?.k, sh?.n ?? 1,
                w is { Length: > 0 } ? w : null, e is { Length: > 0 } ? e : null, p.GetValue(gridOnly));
            config.Validate();
            var outDir = RunDirectory.CheckOutputPath(p.GetValue(output) ?? CommonOptions.DefaultRunDirectory("cosmology-scan"));
            if (ScaleOutCommand.Requested(p)) // the options above are parsed and checked before anything is submitted
                return await ScaleOutCommand.Run(p, ["cosmology", "scan"], outDir, (files, dir) => ScanMerge.Merge(files, dir), ct);
            return Done(await ProgressDisplay.RunAsync("hyperparameter scan", 1.0, prog => Task.Run(() => ScanExperiment.Write(config, ScanExperiment.Run(config, prog, ct), outDir), ct)));
        });
        return cmd;
    }

    static Command Merge()
    {
        var cmd = new Command("merge", "Merge the shard files of one `cosmology scan --shard k/n` run into one table, figure and report; refuses different scans, overlaps and gaps.");
        var files = new Argument<string[]>("shards") { Description = "Shard files (shard-K-of-N.json).", Arity = ArgumentArity.OneOrMore };
        var output = CommonOptions.Out("cosmology-merge");
        cmd.Arguments.Add(files); cmd.Options.Add(output);
        CommandRunner.SetAction(cmd, (p, ct) =>
        {
            var outDir = RunDirectory.CheckOutputPath(p.GetValue(output) ?? CommonOptions.DefaultRunDirectory("cosmology-merge"));
            var metrics = ScanMerge.Merge(p.GetValue(files)!, outDir);
            ProgressDisplay.Log($"merged {metrics["jobs"]} jobs; run directory {metrics["run_directory"]}");
            return Task.FromResult<JsonObject?>(metrics);
        });
        return cmd;
    }
}
