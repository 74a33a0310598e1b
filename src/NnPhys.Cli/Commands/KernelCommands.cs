using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NnPhys.Kernels;
using NnPhys.Kernels.Experiments;
using NnPhys.Numerics;
using NnPhys.Runs;
using Spectre.Console;

namespace NnPhys.Cli.Commands;

/// <summary>
/// <c>nnphys kernel gram|predict|empirical|vs-training</c>: analytic NNGP/NTK of a layer stack, the frozen-NTK predictor,
/// the empirical NTK against width, and the frozen-NTK solution against real gradient-descent training (SPEC §3).
/// Also registers the <c>kernel</c> suite of <c>nnphys bench</c>.
/// </summary>
public static class KernelCommands
{
    static readonly Option<string> Arch = new("--arch")
    {
        Description = "Layers joined by '-': dense(W_std,b_std) (NTK parameterisation, W, b ~ N(0,1)) and activations by name (relu, leaky(0.1), abs, erf, tanh, sigmoid, gelu, identity, sin, cos, silu, softplus).",
        DefaultValueFactory = _ => "dense(1,0)-relu-dense(1,0)",
    };

    public static Command Create()
    {
        BenchCommand.Register("kernel", Bench);
        var kernel = new Command("kernel", "Infinite-width kernels: analytic NNGP/NTK, frozen-NTK predictions, empirical NTK vs width, frozen NTK vs real training.");
        kernel.Subcommands.Add(Gram());
        kernel.Subcommands.Add(Predict());
        kernel.Subcommands.Add(Empirical());
        kernel.Subcommands.Add(VsTraining());
        return kernel;
    }

    static Command Gram()
    {
        var cmd = new Command("gram", "NNGP and NTK Gram matrices of a layer stack on given points (float64; input kernel x·x′/d).");
        var points = new Option<string>("--points") { Description = "Points as x1,x2;y1,y2;…", Required = true };
        var quadrature = new Option<bool>("--quadrature") { Description = "Use the polar Gauss–Legendre quadrature for every activation, even where a closed form exists (a check)." };
        cmd.Options.Add(Arch); cmd.Options.Add(points); cmd.Options.Add(quadrature);
        CommandRunner.SetAction(cmd, (p, ct) =>
        {
            var x = KernelPoints.Parse(p.GetValue(points)!, "--points");
            var stack = KernelArchitecture.Parse(p.GetValue(Arch)!, x.Cols);
            SayHowExpectationsAreComputed(stack, p.GetValue(quadrature));
            var gram = new AnalyticKernel(stack, p.GetValue(quadrature)).Gram(x);
            if (!p.GetValue(CommonOptions.Json))
            {
                PrintMatrix("NNGP K", gram.Nngp);
                PrintMatrix("NTK Θ", gram.Ntk);
            }
            return Task.FromResult<JsonObject?>(new JsonObject
            {
                ["architecture"] = KernelArchitecture.Format(stack),
                ["nngp"] = KernelJson.Matrix(gram.Nngp),
                ["ntk"] = KernelJson.Matrix(gram.Ntk),
                ["closed_form"] = KernelArchitecture.IsClosedForm(stack) && !p.GetValue(quadrature),
            });
        });
        return cmd;
    }

    static Command Predict()
    {
        var cmd = new Command("predict", "Frozen-NTK prediction (eqs. 95–99) after gradient flow for --time on L = (1/2n)Σ(f − y)², the NNGP posterior, and the stability bound.");
        var train = new Option<string>("--train") { Description = "Training points x1,x2;y1,y2;…", Required = true };
        var targets = new Option<string>("--targets") { Description = "One target per training point: 1;-1", Required = true };
        var test = new Option<string>("--test") { Description = "Test points x1,x2;y1,y2;…", Required = true };
        var time = new Option<string>("--time") { Description = "Gradient-flow time t (in units of steps), or inf for the converged predictor.", DefaultValueFactory = _ => "inf" };
        var lr = new Option<double>("--lr") { Description = "Learning rate η (ḟ = −(η/n)Θ(f − y)).", DefaultValueFactory = _ => 1.0 };
        var ridge = new Option<double>("--ridge") { Description = "Ridge added to the kernel diagonal for t = ∞ and the NNGP posterior.", DefaultValueFactory = _ => 0.0 };
        foreach (var o in new Option[] { Arch, train, targets, test, time, lr, ridge }) cmd.Options.Add(o);
        CommandRunner.SetAction(cmd, (p, ct) =>
        {
            var xTrain = KernelPoints.Parse(p.GetValue(train)!, "--train");
            var stack = KernelArchitecture.Parse(p.GetValue(Arch)!, xTrain.Cols);
            var xTest = KernelPoints.Parse(p.GetValue(test)!, "--test", xTrain.Cols);
            var y = KernelPoints.Targets(p.GetValue(targets)!, xTrain.Rows);
            double t = ParseTime(p.GetValue(time)!);
            SayHowExpectationsAreComputed(stack, false);
            var kernel = new AnalyticKernel(stack);
            var predictor = new FrozenNtkPredictor(kernel.Gram(xTrain), kernel.Cross(xTest, xTrain), kernel.Diagonal(xTest).Nngp, y, p.GetValue(lr), p.GetValue(ridge));
            predictor.RequireStableLearningRate();
            var f = predictor.Mean(t);
            var (mean, variance) = predictor.NngpPosterior();
            var ntkVariance = predictor.TrainedEnsembleVariance(t);
            if (!p.GetValue(CommonOptions.Json))
            {
                var table = new Table().AddColumns("test point", "f_test (frozen NTK)", "NTK ensemble variance", "NNGP mean", "NNGP variance").Title($"t = {t}, η = {p.GetValue(lr)}");
                for (int i = 0; i < xTest.Rows; i++)
                    table.AddRow(string.Join(",", xTest.Row(i).ToArray().Select(v => v.ToString("G4", CultureInfo.InvariantCulture))), F(f.Test[i]), F(ntkVariance[i]), F(mean[i]), F(variance[i]));
                AnsiConsole.Write(table);
                Console.WriteLine($"max stable learning rate 2n/λ_max = {predictor.MaxStableLearningRate:G6}");
            }
            return Task.FromResult<JsonObject?>(new JsonObject
            {
                ["time"] = double.IsPositiveInfinity(t) ? "inf" : t,
                ["lr"] = p.GetValue(lr),
                ["f_train"] = KernelJson.Array(f.Train),
                ["f_test"] = KernelJson.Array(f.Test),
                ["ntk_ensemble_variance"] = KernelJson.Array(ntkVariance),
                ["nngp_mean"] = KernelJson.Array(mean),
                ["nngp_variance"] = KernelJson.Array(variance),
                ["max_stable_lr"] = predictor.MaxStableLearningRate,
                ["ntk_eigenvalue_min"] = predictor.SmallestEigenvalue,
                ["ntk_eigenvalue_max"] = predictor.LargestEigenvalue,
            });
        });
        return cmd;
    }

    static Command Empirical()
    {
        var cmd = new Command("empirical", "Empirical NTK (eq. 82) of finite networks against the analytic NTK as the width grows; figure of relative error vs width with fitted slope.");
        var arch = new Option<string>("--arch") { Description = Arch.Description, DefaultValueFactory = _ => new EmpiricalNtkConfig().Architecture };
        var widths = new Option<int[]>("--widths") { Description = "Hidden widths N.", DefaultValueFactory = _ => new EmpiricalNtkConfig().WidthList, AllowMultipleArgumentsPerToken = true };
        var inits = new Option<int>("--inits") { Description = "Networks per width.", DefaultValueFactory = _ => 10 };
        var count = new Option<int>("--n-points") { Description = "Points on the unit circle (angles evenly spaced in [0, π]).", DefaultValueFactory = _ => 6 };
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "kernel-empirical", "empirical NTK over widths", [arch, widths, inits, count, seed], p => new EmpiricalNtkConfig(p.GetValue(arch)!, p.GetValue(widths), p.GetValue(inits), p.GetValue(count), p.GetValue(seed)), (config, outDir, prog, ct) =>
        {
            var result = EmpiricalNtkExperiment.Run(config, prog, ct);
            var metrics = EmpiricalNtkExperiment.Write(result, outDir);
            var last = result.Widths[^1];
            ProgressDisplay.Log($"N = {last.Width}: mean of {config.Initialisations} empirical NTKs within {last.MeanRelativeError:P2} of the analytic NTK; one network {last.SingleNetworkRelativeError:P2}; slope {result.SingleFit}");
            ProgressDisplay.Log($"done: run directory {metrics["run_directory"]}");
            return metrics;
        });
        return cmd;
    }

    static Command VsTraining()
    {
        var cmd = new Command("vs-training", "Frozen-NTK solution against full-batch gradient-descent training of finite networks (widths 64 … 4096, several seeds); deviation and kernel motion vs width.");
        var d = new VsTrainingConfig();
        var arch = new Option<string>("--arch") { Description = Arch.Description + " ", DefaultValueFactory = _ => d.Architecture };
        var widths = new Option<int[]>("--widths") { Description = "Hidden widths N.", DefaultValueFactory = _ => d.WidthList, AllowMultipleArgumentsPerToken = true };
        var seeds = new Option<int>("--seeds") { Description = "Networks per width.", DefaultValueFactory = _ => d.Seeds };
        var trainPoints = new Option<int>("--train-points") { Description = "Training points on the unit circle.", DefaultValueFactory = _ => d.TrainPoints };
        var testPoints = new Option<int>("--test-points") { Description = "Test points on the unit circle.", DefaultValueFactory = _ => d.TestPoints };
        var lr = new Option<double>("--lr") { Description = "Learning rate η of full-batch gradient descent on L = (1/2n)Σ(f − y)².", DefaultValueFactory = _ => d.LearningRate };
        var steps = new Option<int>("--steps") { Description = "Gradient-descent steps.", DefaultValueFactory = _ => d.Steps };
        var seed = CommonOptions.Seed();
        CommandRunner.SetExperiment(cmd, "kernel-vs-training", "training networks", [arch, widths, seeds, trainPoints, testPoints, lr, steps, seed], p => new VsTrainingConfig(p.GetValue(arch)!, p.GetValue(widths), p.GetValue(seeds), p.GetValue(trainPoints), p.GetValue(testPoints), p.GetValue(lr), p.GetValue(steps), p.GetValue(seed)), (config, outDir, prog, ct) =>
        {
            var result = VsTrainingExperiment.Run(config, prog, ct);
            var metrics = VsTrainingExperiment.Write(result, outDir);
            var wide = result.Widths[^1];
            ProgressDisplay.Log($"N = {wide.Width}: network − frozen NTK {wide.LinearisedDeviation:G3} (no-motion null {wide.NoMotionDeviation:G3}); exponent {result.DeviationFit} (N ≥ {VsTrainingResult.WideFrom}: {result.DeviationFitWide}); split: own-Θ̂_0 linear model {result.OwnKernelFit} (N ≥ {VsTrainingResult.WideFrom}: {result.OwnKernelFitWide}; predicted −3/4 ReLU, −1 smooth), Θ̂_0 − Θ fluctuation {result.FluctuationFit} (N ≥ {VsTrainingResult.WideFrom}: {result.FluctuationFitWide}; predicted −1/2); kernel motion {wide.KernelMotion:G3}, exponent {result.MotionFit} (N ≥ {VsTrainingResult.WideFrom}: {result.MotionFitWide}; predicted −3/4 ReLU, −1 smooth)");
            ProgressDisplay.Log($"done: run directory {metrics["run_directory"]}");
            return metrics;
        });
        return cmd;
    }

    static void SayHowExpectationsAreComputed(NnPhys.Architectures.LayerStack stack, bool forced)
    {
        if (forced) { ProgressDisplay.Log($"kernel: polar Gauss–Legendre quadrature ({4 * PolarQuadrature.AngleOrder}×{PolarQuadrature.RadiusOrder} points) for every activation."); return; }
        foreach (var a in stack.Layers.OfType<NnPhys.Architectures.ActivationSpec>().Select(l => l.Activation).Distinct())
            if (!KernelActivations.HasClosedForm(a))
                ProgressDisplay.Log($"kernel: {a} has no closed-form Gaussian expectations; using 2-d Gauss–Hermite quadrature of order {NnPhys.Architectures.Activation.QuadratureOrder} per dimension.");
    }

    static double ParseTime(string text)
    {
        if (text.Trim().ToLowerInvariant() is "inf" or "infinity" or "∞") return double.PositiveInfinity;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double t) && t >= 0 && double.IsFinite(t)) return t;
        throw new InvalidConfigException($"--time '{text}' is not a time; give a number ≥ 0 or inf.");
    }

    static void PrintMatrix(string title, Matrix<double> m)
    {
        var table = new Table().Title(title);
        table.AddColumn("");
        for (int j = 0; j < m.Cols; j++) table.AddColumn(j.ToString());
        for (int i = 0; i < m.Rows; i++)
            table.AddRow([i.ToString(), .. m.Row(i).ToArray().Select(v => F(v))]);
        AnsiConsole.Write(table);
    }

    static string F(double v) => v.ToString("G10", CultureInfo.InvariantCulture);

    static void Bench(JsonObject metrics, ParseResult parse)
    {
        ProgressDisplay.Log($"kernel: NNGP + NTK Gram of 2000 points, d = 10, depth-3 ReLU stack, float64, {Environment.ProcessorCount} threads ...");
        var r = KernelBenchmark.Run(2000, 10, 3);
        var table = new Table().AddColumns("points", "depth", "wall seconds (best)", "median", "CPU seconds (all threads)", "pairs/s").Title("Analytic NNGP + NTK Gram (SPEC §3)");
        table.AddRow(r.Points.ToString(), r.Depth.ToString(), $"{r.BestSeconds:F4}", $"{r.MedianSeconds:F4}", $"{r.CpuSeconds:F4}", $"{r.PairsPerSecond:E3}");
        BenchCommand.Print(table);
        metrics["kernel_gram_seconds"] = r.BestSeconds;
        metrics["kernel_gram_median_seconds"] = r.MedianSeconds;
        metrics["kernel_gram_cpu_seconds"] = r.CpuSeconds;
        metrics["kernel_gram_points"] = r.Points;
    }
}
