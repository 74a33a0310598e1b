using System.CommandLine;
using System.Text.Json.Nodes;
using NnPhys.Dmft;
using NnPhys.Dmft.Experiments;
using NnPhys.Runs;
using Spectre.Console;

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
        BenchCommand.Register("dmft", Bench);
        var dmft = new Command("dmft", "DMFT of random recurrent networks with correlated couplings: SCS theory, DMFT solver, network simulation, chaos, FDT.");
        dmft.Subcommands.Add(Scs());
        dmft.Subcommands.Add(Solve());
        dmft.Subcommands.Add(Transient());
        dmft.Subcommands.Add(Simulate());
        dmft.Subcommands.Add(Compare());
        dmft.Subcommands.Add(Lyapunov());
        dmft.Subcommands.Add(Fdt());
        dmft.Subcommands.Add(Spectrum());
        return dmft;
    }

    static Option<double> Gain(double fallback) => new("--g") { Description = "Coupling gain g > 0.", DefaultValueFactory = _ => fallback };
    static Option<double> Eta() => new("--eta") { Description = "Coupling correlation η = N·Cov(J_ij, J_ji) ∈ [−1, 1].", DefaultValueFactory = _ => 0.0 };
    static Option<double> Sigma() => new("--sigma") { Description = "Noise amplitude σ ≥ 0.", DefaultValueFactory = _ => 0.0 };
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
        CommandRunner.SetExperiment(cmd, "dmft-scs", "solving SCS theory", [g, act, maxLag, lagStep, order], p => new ScsConfig(p.GetValue(g), p.GetValue(act)!, p.GetValue(maxLag), p.GetValue(lagStep), p.GetValue(order)), (config, outDir, prog, ct) =>
        {
            var metrics = ScsExperiment.RunAndWrite(config, outDir, prog, ct);
            ProgressDisplay.Log($"Δ₀ = {metrics["delta0"]}, τ_half = {metrics["tau_half"]} (shooting: {metrics["delta0_shooting"]}, {metrics["tau_half_shooting"]}); run directory {metrics["run_directory"]}");
            return metrics;
        });
        return cmd;
    }

    static Command Solve()
    {
        var cmd = new Command("solve", "Stationary DMFT: Monte Carlo over effective single-site paths with the η-dependent memory term, damped self-consistent iteration of C_φ and R_φ; residual every iteration.");
        var g = Gain(2); var eta = Eta(); var sigma = Sigma(); var act = ActivationOption("tanh");
        var d = new StationaryDmftConfig();
        var dt = new Option<double>("--dt") { Description = "Step of the effective process.", DefaultValueFactory = _ => d.Step };
        var maxLag = new Option<double>("--max-lag") { Description = "Memory/response horizon.", DefaultValueFactory = _ => d.MaxLag };
        var horizon = new Option<double>("--correlation-horizon") { Description = "Lags of the measured C_φ.", DefaultValueFactory = _ => d.CorrelationHorizon };
        var burn = new Option<double>("--burn-in") { Description = "Burn-in of each effective path.", DefaultValueFactory = _ => d.BurnIn };
        var window = new Option<double>("--window") { Description = "Measured time per path.", DefaultValueFactory = _ => d.Window };
        var paths = new Option<int>("--paths") { Description = "Effective paths per iteration.", DefaultValueFactory = _ => 2 * d.PathPairs };
        var damping = new Option<double>("--damping") { Description = "Weight of the old iterate in the update.", DefaultValueFactory = _ => d.Damping };
        var tol = new Option<double>("--tolerance") { Description = "Residual tolerance.", DefaultValueFactory = _ => d.Tolerance };
        var maxIt = new Option<int>("--max-iterations") { Description = "Iteration limit.", DefaultValueFactory = _ => d.MaxIterations };
        var anderson = new Option<int>("--anderson") { Description = "Anderson acceleration depth (0: plain damped iteration).", DefaultValueFactory = _ => d.AndersonDepth };
        var allow = new Option<bool>("--allow-unconverged") { Description = "Write the last iterate (marked unconverged) instead of failing." };
        var continuation = new Option<int>("--continuation-steps") { Description = "Start from the SCS solution (η = 0, σ = 0, odd bounded φ) and reach --eta in this many steps, each seeded by the last (0: cold start from a Gaussian guess).", DefaultValueFactory = _ => 4 };
        var method = new Option<string>("--method") { Description = "newton: Jacobian-free Newton–Krylov on C − F[C] with the Monte Carlo map (converges to the unstable physical branch); gaussian: Newton–Krylov on the exact Gaussian closure (η = 0, σ = 0 only); damped: damped + Anderson iteration (the old solver).", DefaultValueFactory = _ => "newton" };
        var cvOption = new Option<bool>("--no-control-variate") { Description = "Newton: turn off the memory-free twin paths (control variate; on by default for tanh/erf)." };
        var seed = CommonOptions.Seed(); var output = CommonOptions.Out("dmft-solve");
        foreach (var o in new Option[] { g, eta, sigma, act, dt, maxLag, horizon, burn, window, paths, damping, tol, maxIt, anderson, allow, continuation, method, cvOption, seed, output }) cmd.Options.Add(o);
        CommandRunner.SetAction(cmd, async (p, ct) =>
        {
            var config = new StationaryDmftConfig(p.GetValue(g), p.GetValue(eta), p.GetValue(act)!, p.GetValue(sigma), p.GetValue(dt), p.GetValue(maxLag),
                p.GetValue(horizon), p.GetValue(burn), p.GetValue(window), p.GetValue(paths) / 2, p.GetValue(damping), p.GetValue(tol), p.GetValue(maxIt), p.GetValue(anderson), p.GetValue(seed));
            string m = p.GetValue(method)!;
            if (m == "newton" && !p.GetValue(cvOption) && ScsTheory.Supports(DmftActivations.Parse(config.Activation))) config = config with { ControlVariate = true };
            config.Validate();
            var outDir = p.GetValue(output) ?? CommonOptions.DefaultRunDirectory("dmft-solve");
            var metrics = await WithProgress("solving DMFT", prog => SolveExperiment.RunAndWrite(config, p.GetValue(allow), outDir,
                new Progress<ProgressTick>(t => { prog.Report(t); if (t.Status is { } s) ProgressDisplay.Log(s); }), ct, p.GetValue(continuation), m));
            ProgressDisplay.Log($"converged = {metrics!["converged"]}, residual {metrics["residual"]} after {metrics["iterations"]} iterations, C_x(0) = {metrics["c0"] ?? metrics["delta0"]}, τ_half = {metrics["tau_half"]}; run directory {metrics["run_directory"]}");
            return metrics;
        });
        return cmd;
    }

    static Command Transient()
    {
        var cmd = new Command("transient", "Causal two-time DMFT from an initial condition (C(t,t′), R(t,t′), m(t)) by Monte Carlo over effective paths, self-consistent step by step; its late-time part is the stationary solution.");
        var d = new TwoTimeDmftConfig();
        var g = Gain(d.Gain); var eta = Eta(); var sigma = Sigma(); var act = ActivationOption("tanh");
        var dt = new Option<double>("--dt") { Description = "Time step.", DefaultValueFactory = _ => d.Step };
        var duration = new Option<double>("--duration") { Description = "Final time T (T/dt + 1 time points).", DefaultValueFactory = _ => d.Duration };
        var paths = new Option<int>("--paths") { Description = "Effective paths (Monte Carlo error ~1/√paths).", DefaultValueFactory = _ => d.Paths };
        var initial = new Option<string>("--initial") { Description = "x(0): gaussian (N(0, --initial-variance)) or uniform (U(0,1)).", DefaultValueFactory = _ => d.Initial };
        var initialVar = new Option<double>("--initial-variance") { Description = "Variance of the Gaussian x(0).", DefaultValueFactory = _ => d.InitialVariance };
        var memory = new Option<double>("--memory-horizon") { Description = "R_φ(t, s) kept for t − s ≤ this (default: the whole history).", DefaultValueFactory = _ => d.MemoryHorizon };
        var burn = new Option<double>("--burn-in") { Description = "Start of the stationary part.", DefaultValueFactory = _ => 20.0 };
        var maxLag = new Option<double>("--max-lag") { Description = "Largest lag of the stationary part.", DefaultValueFactory = _ => 20.0 };
        var seed = CommonOptions.Seed(); var output = CommonOptions.Out("dmft-transient");
        foreach (var o in new Option[] { g, eta, sigma, act, dt, duration, paths, initial, initialVar, memory, burn, maxLag, seed, output }) cmd.Options.Add(o);
        CommandRunner.SetAction(cmd, async (p, ct) =>
        {
            var config = new TwoTimeDmftConfig(p.GetValue(g), p.GetValue(eta), p.GetValue(act)!, p.GetValue(sigma), p.GetValue(dt), p.GetValue(duration), p.GetValue(paths),
                p.GetValue(initial)!, p.GetValue(initialVar), p.GetValue(memory), p.GetValue(seed));
            config.Validate();
            var outDir = p.GetValue(output) ?? CommonOptions.DefaultRunDirectory("dmft-transient");
            var metrics = await WithProgress("solving two-time DMFT", prog => TransientExperiment.RunAndWrite(config, p.GetValue(burn), p.GetValue(maxLag), outDir, prog, ct));
            ProgressDisplay.Log($"{metrics!["time_points"]} time points in {metrics["seconds"]} s; stationary C(0) = {metrics["c0"]}, τ_half = {metrics["tau_half"]}; max |C − Δ_SCS|/Δ₀ = {metrics["max_dev_scs"]}; run directory {metrics["run_directory"]}");
            return metrics;
        });
        return cmd;
    }

    static Command Simulate()
    {
        var cmd = new Command("simulate", "Finite networks ẋ = −x + gJφ(x) + σξ (trials batched into GEMMs) vs the mean-field theory (SCS or stationary DMFT) and null models: C(τ), R(τ), m(t).");
        var d = new NetworkSimulationConfig();
        var n = new Option<int>("--n") { Description = "Neurons N.", DefaultValueFactory = _ => d.Size };
        var g = Gain(2); var eta = Eta(); var sigma = Sigma(); var act = ActivationOption("tanh");
        var burn = new Option<double>("--burn-in") { Description = "Time discarded before recording.", DefaultValueFactory = _ => d.BurnIn };
        var duration = new Option<double>("--duration") { Description = "Recorded time.", DefaultValueFactory = _ => d.Duration };
        var dt = new Option<double>("--dt") { Description = "Output step Δ.", DefaultValueFactory = _ => d.OutputStep };
        var maxLag = new Option<double>("--max-lag") { Description = "Largest lag of C(τ), R(τ).", DefaultValueFactory = _ => d.MaxLag };
        var networks = new Option<int>("--networks") { Description = "Coupling matrices J.", DefaultValueFactory = _ => d.Networks };
        var trials = new Option<int>("--trials") { Description = "Trials per J (batched into one GEMM).", DefaultValueFactory = _ => d.TrialsPerNetwork };
        var recorded = new Option<int>("--recorded-neurons") { Description = "Neurons per trial used for C(τ).", DefaultValueFactory = _ => d.RecordedNeurons };
        var initial = new Option<string>("--initial") { Description = "x(0): gaussian or uniform (U(0,1)).", DefaultValueFactory = _ => d.Initial };
        var euler = new Option<double>("--euler-step") { Description = "Euler–Maruyama step (σ > 0).", DefaultValueFactory = _ => d.EulerStep };
        var tol = new Option<double>("--tolerance") { Description = "Adaptive integrator tolerance (σ = 0).", DefaultValueFactory = _ => d.Tolerance };
        var noResponse = new Option<bool>("--no-response") { Description = "Skip the tangent columns (R(τ)): half the GEMM width, C(τ) only." };
        var noTheory = new Option<bool>("--no-theory") { Description = "The network alone (no SCS / DMFT solve); `dmft compare --from` brings its own theory." };
        var seed = CommonOptions.Seed();
        bool skipTheory = false;
        CommandRunner.SetExperiment(cmd, "dmft-simulate", "simulating networks", [n, g, eta, sigma, act, burn, duration, dt, maxLag, networks, trials, recorded, initial, euler, tol, noResponse, noTheory, seed], p => { skipTheory = p.GetValue(noTheory); return Read(p); }, (config, outDir, prog, ct) =>
        {
            var metrics = SimulateExperiment.RunAndWrite(config, outDir, prog, ct, !skipTheory);
            ProgressDisplay.Log($"C(0): network {metrics["c0_network"]}, theory ({metrics["theory"]}) {metrics["c0_theory"]}; max deviation {metrics["max_dev_theory"]} (nulls: persistence {metrics["max_dev_null_persistence"]}, leaky {metrics["max_dev_null_leaky"]}); {metrics["multiply_adds_per_second"]} multiply-adds/s; run directory {metrics["run_directory"]}");
            return metrics;
        });
        return cmd;
        NetworkSimulationConfig Read(ParseResult p) => new NetworkSimulationConfig(p.GetValue(n), p.GetValue(g), p.GetValue(eta), p.GetValue(act)!, p.GetValue(sigma), p.GetValue(burn), p.GetValue(duration),
                p.GetValue(dt), p.GetValue(maxLag), p.GetValue(networks), p.GetValue(trials), p.GetValue(recorded), p.GetValue(initial)!, p.GetValue(euler), p.GetValue(tol), p.GetValue(seed), !p.GetValue(noResponse));
    }

    static Command Compare()
    {
        var cmd = new Command("compare", "Finite networks vs the N → ∞ stationary theory over (N, g, η): max over τ of |C_network − C_theory|/C(0) with the verdict (SCS at η = 0, Newton–Krylov stationary DMFT otherwise); network runs cached.");
        var d = new CompareConfig([2000], [1.5, 2], [-0.5, 0, 0.5]);
        var sizes = new Option<int[]>("--sizes") { Description = "Network sizes N (verdict at the largest).", DefaultValueFactory = _ => [2000], AllowMultipleArgumentsPerToken = true };
        var gains = new Option<double[]>("--gains") { Description = "Gains g.", DefaultValueFactory = _ => [1.5, 2], AllowMultipleArgumentsPerToken = true };
        var etas = new Option<double[]>("--etas") { Description = "Correlations η.", DefaultValueFactory = _ => [-0.5, 0, 0.5], AllowMultipleArgumentsPerToken = true };
        var networks = new Option<int>("--networks") { Description = "Coupling matrices per point.", DefaultValueFactory = _ => d.Networks };
        var trials = new Option<int>("--trials") { Description = "Trials per J.", DefaultValueFactory = _ => d.TrialsPerNetwork };
        var burn = new Option<double>("--burn-in") { Description = "Network time discarded.", DefaultValueFactory = _ => d.BurnIn };
        var duration = new Option<double>("--duration") { Description = "Network time recorded.", DefaultValueFactory = _ => d.Duration };
        var dt = new Option<double>("--dt") { Description = "Lag spacing.", DefaultValueFactory = _ => d.OutputStep };
        var maxLag = new Option<double>("--max-lag") { Description = "τ range of the comparison.", DefaultValueFactory = _ => d.MaxLag };
        var recorded = new Option<int>("--recorded-neurons") { Description = "Neurons per trial in C(τ).", DefaultValueFactory = _ => d.RecordedNeurons };
        var paths = new Option<int>("--theory-paths") { Description = "Effective paths of the Monte Carlo DMFT (η ≠ 0).", DefaultValueFactory = _ => d.TheoryPaths };
        var threshold = new Option<double>("--threshold") { Description = "Verdict threshold on max |ΔC|/C(0).", DefaultValueFactory = _ => d.Threshold };
        var cache = new Option<string?>("--cache") { Description = "Directory of cached network runs (reused when the config matches; default: <out>/networks)." };
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "dmft-compare", "comparing networks with DMFT", [sizes, gains, etas, networks, trials, burn, duration, dt, maxLag, recorded, paths, threshold, cache, seed],
            p => new CompareConfig(p.GetValue(sizes)!, p.GetValue(gains)!, p.GetValue(etas)!, p.GetValue(networks), p.GetValue(trials), p.GetValue(burn), p.GetValue(duration), p.GetValue(dt),
                p.GetValue(maxLag), p.GetValue(recorded), p.GetValue(paths), p.GetValue(threshold), p.GetValue(cache), p.GetValue(seed)), (config, outDir, prog, ct) =>
        {
            var metrics = CompareExperiment.RunAndWrite(config, outDir, prog, ct);
            foreach (var row in metrics["points"]!.AsArray())
                ProgressDisplay.Log($"N = {row!["n"]}, g = {row["g"]}, η = {row["eta"]}: max |ΔC|/C(0) = {(double)row["max_dev_over_c0"]!:G3} (network SE {(double)row["network_se_max_over_c0"]!:G2}, null η=0 {(double)row["null_eta0_theory_max_dev"]!:G3}) — {((bool)row["met"]! ? "met" : "NOT met")} [{row["theory"]}]");
            ProgressDisplay.Log($"all met at N = {metrics["largest_n"]}: {metrics["all_met_at_largest_n"]}; run directory {metrics["run_directory"]}");
            return metrics;
        });
        return cmd;
    }

    static Command Lyapunov()
    {
        var cmd = new Command("lyapunov", "Largest Lyapunov exponent (tangent dynamics with renormalisation) over a (g, η) grid: chaos phase diagram with the fixed-point line g(1+η) = 1.");
        var gains = new Option<double[]>("--gains") { Description = "Gains g.", DefaultValueFactory = _ => [0.5, 0.8, 1.2, 1.6, 2.0], AllowMultipleArgumentsPerToken = true };
        var etas = new Option<double[]>("--etas") { Description = "Correlations η.", DefaultValueFactory = _ => [-0.5, 0, 0.5], AllowMultipleArgumentsPerToken = true };
        var n = new Option<int>("--n") { Description = "Neurons N.", DefaultValueFactory = _ => 300 };
        var act = ActivationOption("tanh");
        var trials = new Option<int>("--trials") { Description = "Trials per point.", DefaultValueFactory = _ => 4 };
        var burn = new Option<double>("--burn-in") { Description = "Burn-in time.", DefaultValueFactory = _ => 50.0 };
        var duration = new Option<double>("--duration") { Description = "Averaging time.", DefaultValueFactory = _ => 100.0 };
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "dmft-lyapunov", "measuring Lyapunov exponents", [gains, etas, n, act, trials, burn, duration, seed], p => new LyapunovConfig(p.GetValue(gains)!, p.GetValue(etas)!, p.GetValue(n), p.GetValue(act)!, p.GetValue(trials), p.GetValue(burn), p.GetValue(duration), p.GetValue(seed)), (config, outDir, prog, ct) =>
        {
            var metrics = LyapunovExperiment.RunAndWrite(config, outDir, prog, ct);
            ProgressDisplay.Log($"λ_max = {metrics["lambda_max"]!.ToJsonString()}; run directory {metrics["run_directory"]}");
            return metrics;
        });
        return cmd;
    }

    static Command Fdt()
    {
        var cmd = new Command("fdt", "Fluctuation–dissipation with noise: R(τ) vs −(2/σ²) dC/dτ at several η (holds at η = 1 for the equilibrium linear network), scalar violation vs η.");
        var d = new FdtConfig([1]);
        var etas = new Option<double[]>("--etas") { Description = "Correlations η.", DefaultValueFactory = _ => [-0.5, 0, 0.5, 1], AllowMultipleArgumentsPerToken = true };
        var n = new Option<int>("--n") { Description = "Neurons N.", DefaultValueFactory = _ => d.Size };
        var g = Gain(d.Gain); var act = ActivationOption(d.Activation);
        var sigma = new Option<double>("--sigma") { Description = "Noise σ > 0.", DefaultValueFactory = _ => d.Noise };
        var duration = new Option<double>("--duration") { Description = "Recorded time per η.", DefaultValueFactory = _ => d.Duration };
        var maxLag = new Option<double>("--max-lag") { Description = "Largest lag.", DefaultValueFactory = _ => d.MaxLag };
        var euler = new Option<double>("--euler-step") { Description = "Euler–Maruyama step.", DefaultValueFactory = _ => d.EulerStep };
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "dmft-fdt", "simulating noisy networks", [etas, n, g, act, sigma, duration, maxLag, euler, seed], p => new FdtConfig(p.GetValue(etas)!, p.GetValue(n), p.GetValue(g), p.GetValue(act)!, p.GetValue(sigma), d.BurnIn, p.GetValue(duration), p.GetValue(maxLag), d.Networks, d.Trials, p.GetValue(euler), p.GetValue(seed)), (config, outDir, prog, ct) =>
        {
            var metrics = FdtExperiment.RunAndWrite(config, outDir, prog, ct);
            ProgressDisplay.Log($"FDT violation per η: {metrics["fdt_violation"]!.ToJsonString()}; run directory {metrics["run_directory"]}");
            return metrics;
        });
        return cmd;
    }

    static Command Spectrum()
    {
        var cmd = new Command("spectrum", "Eigenvalues of gJ (dgeev) against the elliptic law (semi-axes g(1+η), g(1−η)); stability of x = 0.");
        var d = new SpectrumConfig();
        var n = new Option<int>("--n") { Description = "Neurons N.", DefaultValueFactory = _ => d.Size };
        var g = Gain(d.Gain); var eta = new Option<double>("--eta") { Description = "Coupling correlation η ∈ [−1, 1].", DefaultValueFactory = _ => d.Eta };
        var seed = CommonOptions.Seed(); var output = CommonOptions.Out("dmft-spectrum");
        foreach (var o in new Option[] { n, g, eta, seed, output }) cmd.Options.Add(o);
        CommandRunner.SetAction(cmd, (p, ct) =>
        {
            var config = new SpectrumConfig(p.GetValue(n), p.GetValue(g), p.GetValue(eta), p.GetValue(seed));
            config.Validate();
            var metrics = SpectrumExperiment.RunAndWrite(config, p.GetValue(output) ?? CommonOptions.DefaultRunDirectory("dmft-spectrum"));
            ProgressDisplay.Log($"max Re λ = {metrics["max_real"]} (elliptic law {metrics["predicted_max_real"]}), max Im λ = {metrics["max_imag"]} ({metrics["predicted_max_imag"]}); run directory {metrics["run_directory"]}");
            return Task.FromResult<JsonObject?>(metrics);
        });
        return cmd;
    }

    /// <summary>Bench suite "dmft": right-hand sides of a 2000-neuron network, 20 trials + 20 tangents in one GEMM each.</summary>
    static void Bench(JsonObject metrics, ParseResult parse)
    {
        const int n = 2000, trials = 20, reps = 30;
        var network = new RecurrentNetwork(CouplingMatrix.Sample(n, 0.5, new NnPhys.Numerics.RandomStream(1)), n, 2, NnPhys.Architectures.Activation.Tanh, trials, tangents: true);
        var y = new double[n * network.Width]; var dy = new double[y.Length];
        new NnPhys.Numerics.RandomStream(2).FillNormal(y);
        network.Derivative(y, dy); // warm-up
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int r = 0; r < reps; r++) network.Derivative(y, dy);
        double seconds = watch.Elapsed.TotalSeconds, rate = reps * network.MultiplyAddsPerEvaluation / seconds;
        var table = new Table().AddColumns("N", "columns (trials + tangents)", "multiply-adds/s", "seconds").Title("DMFT network simulation right-hand side (SPEC §4)");
        table.AddRow(n.ToString(), network.Width.ToString(), $"{rate:E3}", $"{seconds:F2}");
        BenchCommand.Print(table);
        metrics["dmft_network_multiply_adds_per_second"] = rate;
    }
}
