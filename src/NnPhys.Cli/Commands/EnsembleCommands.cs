using System.CommandLine;
using System.Text.Json.Nodes;
using NnPhys.Ensembles;
using NnPhys.Ensembles.Experiments;
using NnPhys.Runs;
using Spectre.Console;
using NnPhys.Numerics.Sampling;
using NnPhys.Cli.ScaleOut;

namespace NnPhys.Cli.Commands;

/// <summary>
/// <c>nnphys ensemble correlators|scaling|symmetry|free-scalar|os-checks|phi4|merge</c>: network ensembles as field theories
/// (SPEC §2). Each command writes a run directory (manifest, arrays, figures, report.md); --json prints the metrics.
/// Also registers the <c>ensemble</c> suite of <c>nnphys bench</c> (Cos-net neuron evaluations per second).
/// </summary>
public static class EnsembleCommands
{
    static readonly Option<string> Arch = new("--arch") { Description = "Architecture: " + string.Join(", ", EnsembleSpec.Names) + ".", DefaultValueFactory = _ => "cos-net" };
    static readonly Option<int> Dim = new("--dim") { Description = "Input dimension d.", DefaultValueFactory = _ => 2 };
    static readonly Option<int> Width = new("--width") { Description = "Width N.", DefaultValueFactory = _ => 10 };
    static readonly Option<double> SigmaW0 = new("--sigma-w0") { Description = "σ_w0 (input weights ~ N(0, σ_w0²/d); σ_w for single-layer/mlp).", DefaultValueFactory = _ => 1.0 };
    static readonly Option<double> SigmaB0 = new("--sigma-b0") { Description = "σ_b0 (Gauss-net bias; σ_b for single-layer/mlp).", DefaultValueFactory = _ => 0.5 };
    static readonly Option<double> SigmaW1 = new("--sigma-w1") { Description = "σ_w1: output weights w₁ ~ N(0, σ_w1²/(2N)) for gauss-net (paper eq. 61), N(0, σ_w1²/N) for the others (eq. 69); see --w1-variance.", DefaultValueFactory = _ => 1.0 };
    static readonly Option<double> Mass = new("--mass") { Description = "Scalar-net mass m.", DefaultValueFactory = _ => 1.0 };
    static readonly Option<double> Cutoff = new("--cutoff") { Description = "Scalar-net momentum cutoff Λ.", DefaultValueFactory = _ => 10.0 };
    static readonly Option<int> Depth = new("--depth") { Description = "MLP hidden layers L.", DefaultValueFactory = _ => 2 };
    static readonly Option<string> Activation = new("--activation") { Description = "Activation of single-layer and mlp: " + string.Join(", ", NnPhys.Architectures.Activation.ValidNames) + " (alias linear = identity).", DefaultValueFactory = _ => "tanh" };
    static readonly Option<string> OutputWeights = new("--output-weights") { Description = "Output-weight law of the neuron-sum architectures: gaussian, or uniform on [−a, a] with the same variance (non-Gaussian P(w)).", DefaultValueFactory = _ => "gaussian" };
    static readonly Option<string> OutputVariance = new("--w1-variance") { Description = "Var(w₁) = σ_w1²/D: paper (D = 2N for gauss-net, N otherwise), N, or 2N.", DefaultValueFactory = _ => "paper" };
    static readonly Option<string> Param = new("--param") { Description = "MLP parameterization: standard or ntk.", DefaultValueFactory = _ => "standard" };

    public static Command Create()
    {
        BenchCommand.Register("ensemble", Bench);
        var ensemble = new Command("ensemble", "Network ensembles as field theories: correlators, non-Gaussianity, symmetries, free scalar, OS checks, φ⁴, sharded runs.");
        ensemble.Subcommands.Add(Correlators());
        ensemble.Subcommands.Add(Scaling());
        ensemble.Subcommands.Add(Symmetry());
        ensemble.Subcommands.Add(FreeScalar());
        ensemble.Subcommands.Add(OsChecks());
        ensemble.Subcommands.Add(Phi4());
        ensemble.Subcommands.Add(Merge());
        return ensemble;
    }

    static void AddArchitecture(Command c, bool width = true)
    {
        foreach (var o in new Option[] { Arch, Dim, SigmaW0, SigmaB0, SigmaW1, Mass, Cutoff, Depth, Activation, Param, OutputWeights, OutputVariance }) c.Options.Add(o);
        if (width) c.Options.Add(Width);
    }

    static EnsembleSpec Spec(ParseResult p) => new(p.GetValue(Arch)!, p.GetValue(Dim), p.GetValue(Width), p.GetValue(SigmaW0), p.GetValue(SigmaB0), p.GetValue(SigmaW1),
        p.GetValue(Mass), p.GetValue(Cutoff), p.GetValue(Depth), p.GetValue(Activation)!, p.GetValue(Param)!, p.GetValue(OutputWeights)!, p.GetValue(OutputVariance)!);

    static Option<long> Samples(long fallback) => new("--samples") { Description = "Sampled networks (random streams 0..samples−1).", DefaultValueFactory = _ => fallback };

    // every experiment runs the one shape: config → Run(config, out, IProgress<ProgressTick>, token) → typed result, off the console thread
    static Task<T> RunWithProgress<T>(string title, CancellationToken ct, Func<IProgress<ProgressTick>, T> work) =>
        ProgressDisplay.RunAsync(title, 1.0, prog => Task.Run(() => work(prog), ct));

    static Command Correlators()
    {
        var cmd = new Command("correlators", "Correlators at user-given points and tuples: direct Monte Carlo with heavy-tail diagnostics, exact-in-N reduction, closed forms. --shard k/n writes a mergeable shard.");
        AddArchitecture(cmd);
        var points = new Option<string?>("--points") { Description = "Points as x1,x2;y1,y2;… (default: 8 points spaced 0.25 on the first axis)." };
        var pointsFile = new Option<string?>("--points-file") { Description = "Points from a file: .npy of shape (P, d), or CSV with one point per line." };
        var tuples = new Option<string?>("--tuples") { Description = "Explicit tuples of point indices, e.g. \"0,1;0,1,2,3\": order 1–3 → raw G1–G3, 4–6 → connected G4_c–G6_c (default: [0,k] and [0,0,k,k] for every k)." };
        var sixPoint = new Option<bool>("--six-point") { Description = "Add G6_c(x0,x0,x0,x_k,x_k,x_k) to the default scan (costs most; off by default)." };
        var samples = Samples(100_000);
        var neuronSamples = new Option<long>("--neuron-samples") { Description = "Single neurons for the exact-in-N reduction (importance-sampled for gauss-net).", DefaultValueFactory = _ => 1_000_000L };
        var shard = new Option<string?>("--shard") { Description = "Run only shard k of n (e.g. 0/4) of the streams and write a shard file for `ensemble merge`." };
        var seed = CommonOptions.Seed(); var output = CommonOptions.Out("ensemble-correlators");
        foreach (var o in new Option[] { points, pointsFile, tuples, sixPoint, samples, neuronSamples, shard, seed, output }) cmd.Options.Add(o);
        ScaleOutCommand.AddTo(cmd);
        CommandRunner.SetAction(cmd, async (p, ct) =>
        {
            var spec = Spec(p);
            if (p.GetValue(points) is not null && p.GetValue(pointsFile) is not null) throw new InvalidConfigException("Give --points or --points-file, not both.");
            var pts = p.GetValue(points) is { } text ? PointSetParser.Parse(text, spec.InputDimension)
                : p.GetValue(pointsFile) is { } file ? PointSetParser.Load(file, spec.InputDimension) : null;
            var config = new CorrelatorConfig(spec, pts, p.GetValue(tuples) is { } t ? PointSetParser.ParseTuples(t) : null, p.GetValue(sixPoint),
                p.GetValue(samples), p.GetValue(neuronSamples), p.GetValue(seed), p.GetValue(shard) is { } s ? StreamRange.ParseShard(s) : null);
            var outDir = p.GetValue(output) ?? CommonOptions.DefaultRunDirectory("ensemble-correlators");
            if (ScaleOutCommand.Requested(p)) // the options above are parsed and checked before anything is submitted
                return await ScaleOutCommand.Run(p, ["ensemble", "correlators"], outDir,
                    (files, dir) => EnsembleJson.Merge(MergeExperiment.Run(new MergeConfig(files), dir)), ct);
            var result = await RunWithProgress("correlators", ct, prog => CorrelatorExperiment.Run(config, outDir, prog, ct));
            foreach (var w in result.Warnings) ProgressDisplay.Log("warning: " + w);
            if (result.ShardFile is not null) ProgressDisplay.Log($"shard streams {result.ShardStreams}: {result.ShardFile}");
            else ProgressDisplay.Log($"{result.Rows.Count} correlators, {result.Rows.Count(r => r.DirectTails?.HeavyTailed == true)} heavy-tailed; max |pull| vs closed form {(result.MaxPullVsClosedForm is { } m ? m.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "—")}; run directory {result.RunDirectory}");
            return EnsembleJson.Correlators(result);
        });
        return cmd;
    }

    static Command Scaling()
    {
        var cmd = new Command("scaling", "Cumulant scaling κ_r ∝ N^{1−r/2} (G4_c ∝ 1/N, κ4 ∝ 1/N, κ6 ∝ 1/N²) of the chosen architecture with fits and closed forms over --widths, and its NNGP action's finite-N deviation.");
        AddArchitecture(cmd, width: false); // the widths come from --widths
        var widths = new Option<int[]>("--widths") { Description = "Widths N to measure.", DefaultValueFactory = _ => [1, 2, 4, 8, 16, 32], AllowMultipleArgumentsPerToken = true };
        var samples = Samples(200_000);
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "ensemble-scaling", "measuring cumulants over widths", [widths, samples, seed], p => new ScalingConfig(Spec(p), p.GetValue(widths)!, p.GetValue(samples), p.GetValue(seed)), (config, outDir, prog, ct) =>
        {
            var r = ScalingExperiment.Run(config, outDir, prog, ct);
            foreach (var s in new[] { r.G4c, r.Kappa4, r.Kappa6 })
                ProgressDisplay.Log(s.Fit is { } f ? $"{s.Label}: exponent {f.Exponent:F3} ± {f.ExponentError:F3} (predicted {s.PredictedExponent})" : $"{s.Label}: {s.Note}");
            if (r.ActionNote is not null) ProgressDisplay.Log(r.ActionNote);
            ProgressDisplay.Log($"run directory {r.RunDirectory}");
            return EnsembleJson.Scaling(r);
        });
        return cmd;
    }

    static Command Symmetry()
    {
        var cmd = new Command("symmetry", "ℤ₂ (odd correlators vanish for even P(w)) and Euclidean invariance of G4_c: Cos-net at every N, Gauss-net only as N → ∞ (d = 2, fixed points).");
        var widths = new Option<int[]>("--widths") { Description = "Widths N.", DefaultValueFactory = _ => [1, 2, 4, 8, 16], AllowMultipleArgumentsPerToken = true };
        var sigmaB0 = new Option<double>("--sigma-b0") { Description = "Gauss-net σ_b0.", DefaultValueFactory = _ => 0.3 };
        var samples = Samples(100_000);
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "ensemble-symmetry", "measuring symmetries", [widths, SigmaW0, sigmaB0, SigmaW1, samples, seed], p => new SymmetryConfig(p.GetValue(widths)!, p.GetValue(samples), p.GetValue(seed), p.GetValue(SigmaW0), p.GetValue(sigmaB0), p.GetValue(SigmaW1)), (config, outDir, prog, ct) =>
        {
            var r = SymmetryExperiment.Run(config, outDir, prog, ct);
            foreach (var s in r.Invariance) ProgressDisplay.Log($"{s.Architecture}, {s.Motion}: max |pull| of ΔG4_c {s.MaxAbsPull:F1}");
            ProgressDisplay.Log($"run directory {r.RunDirectory}");
            return EnsembleJson.Symmetry(r);
        });
        return cmd;
    }

    static Command FreeScalar()
    {
        var cmd = new Command("free-scalar", "Scalar-net power spectrum G2(p) = 1/(p² + m²) in d = 1, 2, 3 from sampled networks, cutoff Λ visible.");
        foreach (var o in new Option[] { Width, Mass, Cutoff }) cmd.Options.Add(o);
        var window = new Option<double>("--window") { Description = "Gaussian window width W (momentum resolution ≈ 0.7/W); 0 picks 12, 6, 4 for d = 1, 2, 3.", DefaultValueFactory = _ => 0.0 };
        var dims = new Option<int[]>("--dims") { Description = "Euclidean dimensions to run (among 1, 2, 3).", DefaultValueFactory = _ => [1, 2, 3], AllowMultipleArgumentsPerToken = true };
        var samples = Samples(4000);
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "ensemble-free-scalar", "estimating power spectra", [window, dims, samples, seed], p => new FreeScalarConfig(p.GetValue(Width), p.GetValue(Mass), p.GetValue(Cutoff), p.GetValue(window), p.GetValue(samples), p.GetValue(seed), p.GetValue(dims)), (config, outDir, prog, ct) =>
        {
            var r = FreeScalarExperiment.Run(config, outDir, prog, ct);
            foreach (var d in r.Dimensions) ProgressDisplay.Log($"d = {d.Dimension}: mean squared pull {d.MeanSquaredPull:F2} (≈ 1 expected)");
            ProgressDisplay.Log($"run directory {r.RunDirectory}");
            return EnsembleJson.FreeScalar(r);
        });
        return cmd;
    }

    static Command OsChecks()
    {
        var cmd = new Command("os-checks", "Osterwalder–Schrader checks per architecture (d = 2, fixed points): reflection positivity (PSD reflected matrices) and cluster decomposition.");
        var widthOption = new Option<int>("--width") { Description = "Width N of every architecture.", DefaultValueFactory = _ => 4 };
        var archs = new Option<string[]>("--archs") { Description = "Architectures to check: " + string.Join(", ", OsCheckConfig.Supported) + " (each at fixed settings, listed in the report).", DefaultValueFactory = _ => OsCheckConfig.Supported, AllowMultipleArgumentsPerToken = true };
        var samples = Samples(60_000);
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "ensemble-os-checks", "checking OS axioms", [widthOption, archs, samples, seed], p => new OsCheckConfig(p.GetValue(widthOption), p.GetValue(samples), p.GetValue(seed), p.GetValue(archs)), (config, outDir, prog, ct) =>
        {
            var r = OsChecksExperiment.Run(config, outDir, prog, ct);
            foreach (var a in r.Architectures)
                ProgressDisplay.Log($"{a.Architecture}: λ_min(G2 reflected) {a.ReflectionPositivity[0].MinEigenvalue:G3}, clusters: {(a.Clusters ? "yes" : "no")}{(a.ClusterNote is null ? "" : " — " + a.ClusterNote)}");
            ProgressDisplay.Log($"run directory {r.RunDirectory}");
            return EnsembleJson.OsChecks(r);
        });
        return cmd;
    }

    static Command Phi4()
    {
        var cmd = new Command("phi4", "φ⁴ by operator insertion: reweight Scalar-net by exp(−λ∫φ⁴) on a box; G2, G4_c vs λ vs first-order perturbation theory; effective sample size.");
        var dim = new Option<int>("--dim") { Description = "Euclidean dimension d of the box (1, 2 or 3).", DefaultValueFactory = _ => 1 };
        foreach (var o in new Option[] { dim, Mass, Cutoff }) cmd.Options.Add(o);
        var widthOption = new Option<int>("--width") { Description = "Width N (large: near the free field).", DefaultValueFactory = _ => 500 };
        var couplings = new Option<double[]>("--couplings") { Description = "Couplings λ.", DefaultValueFactory = _ => [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2], AllowMultipleArgumentsPerToken = true };
        var box = new Option<double>("--box") { Description = "Box size L of [−L/2, L/2]^d.", DefaultValueFactory = _ => 2.0 };
        var grid = new Option<int>("--grid") { Description = "Quadrature points per axis of the box.", DefaultValueFactory = _ => 16 };
        var separation = new Option<double>("--separation") { Description = "Distance r of the second observation point (G2(0, r), G4_c(0, r, 0, r)).", DefaultValueFactory = _ => 0.5 };
        var samples = Samples(20_000);
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "ensemble-phi4", "reweighting", [widthOption, couplings, box, grid, separation, samples, seed], p => new Phi4Config(p.GetValue(dim), p.GetValue(widthOption), p.GetValue(Mass), p.GetValue(Cutoff), p.GetValue(box), p.GetValue(grid), p.GetValue(couplings)!, p.GetValue(samples), p.GetValue(seed), p.GetValue(separation)), (config, outDir, prog, ct) =>
        {
            var r = Phi4Experiment.Run(config, outDir, prog, ct);
            foreach (var w in r.Warnings) ProgressDisplay.Log("warning: " + w);
            ProgressDisplay.Log($"run directory {r.RunDirectory}");
            return EnsembleJson.Phi4(r);
        });
        return cmd;
    }

    static Command Merge()
    {
        var cmd = new Command("merge", "Merge shard files of one `ensemble correlators --shard k/n` run; refuses different configurations or overlapping streams; compares with closed forms and the reduction.");
        var files = new Argument<string[]>("shards") { Description = "Shard files (shard-K-of-N.json).", Arity = ArgumentArity.OneOrMore };
        var output = CommonOptions.Out("ensemble-merge");
        var allowPartial = new Option<bool>("--allow-partial") { Description = "Merge even when shards of the split are missing; the report and --json name the missing ones." };
        cmd.Arguments.Add(files); cmd.Options.Add(output); cmd.Options.Add(allowPartial);
        CommandRunner.SetAction(cmd, async (p, ct) =>
        {
            var outDir = p.GetValue(output) ?? CommonOptions.DefaultRunDirectory("ensemble-merge");
            var config = new MergeConfig(p.GetValue(files)!, p.GetValue(allowPartial));
            var m = await RunWithProgress("merging", ct, prog => MergeExperiment.Run(config, outDir, prog, ct));
            foreach (var w in m.Correlators.Warnings) ProgressDisplay.Log("warning: " + w);
            ProgressDisplay.Log($"merged {m.Shards} shards, {m.Correlators.Samples} samples, streams {m.StreamRanges}; run directory {m.Correlators.RunDirectory}");
            return EnsembleJson.Merge(m);
        });
        return cmd;
    }

    static void Bench(JsonObject metrics, ParseResult parse)
    {
        long samples = long.TryParse(Environment.GetEnvironmentVariable("NNPHYS_ENSEMBLE_BENCH_SAMPLES"), out var n) && n > 0 ? n : 2000;
        ProgressDisplay.Log($"ensemble: Cos-net N = 1000, d = 2, 256 points, {samples} networks on {Environment.ProcessorCount} threads ...");
        var r = EnsembleBenchmark.CosNetNeuronEvaluationsPerSecond(1000, 2, 16, samples);
        var table = new Table().AddColumns("neuron evals/s (wall)", "per CPU-second", "threads", "seconds", "managed MB").Title("Cos-net ensemble sampling (SPEC §2)");
        table.AddRow($"{r.NeuronEvaluationsPerSecond:E3}", $"{r.NeuronEvaluationsPerCpuSecond:E3}", r.Threads.ToString(), $"{r.Seconds:F2}", $"{r.ManagedMegabytes:F1}");
        BenchCommand.Print(table);
        metrics["ensemble_cosnet_neuron_evals_per_second"] = r.NeuronEvaluationsPerSecond;
        metrics["ensemble_cosnet_neuron_evals_per_cpu_second"] = r.NeuronEvaluationsPerCpuSecond;
    }
}
