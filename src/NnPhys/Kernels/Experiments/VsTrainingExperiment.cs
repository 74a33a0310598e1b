using System.Numerics.Tensors;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Runs;

namespace NnPhys.Kernels.Experiments;

/// <summary>Configuration of <c>nnphys kernel vs-training</c>.</summary>
/// <param name="Architecture">Architecture text (<see cref="KernelArchitecture.Parse"/>).</param>
/// <param name="Widths">Hidden widths N of the trained networks.</param>
/// <param name="Seeds">Networks per width (≥ 2).</param>
/// <param name="TrainPoints">Training points on the unit circle (angles evenly spaced, jittered by the seed).</param>
/// <param name="TestPoints">Test points (angles evenly spaced over the circle).</param>
/// <param name="LearningRate">η of full-batch gradient descent on L = (1/2n)Σ(f − y)².</param>
/// <param name="Steps">Gradient-descent steps.</param>
/// <param name="Seed">Master seed: network s of width N uses stream s of seed + N; the jitter uses stream 2⁶³ of seed.</param>
public sealed record VsTrainingConfig(string Architecture = "dense(1.4142135623730951,0.1)-relu-dense(1.4142135623730951,0.1)",
    int[]? Widths = null, int Seeds = 10, int TrainPoints = 10, int TestPoints = 60, double LearningRate = 1.0, int Steps = 400, ulong Seed = 0) : NnPhys.Runs.IExperimentConfig
{
    /// <summary>Widths, default 64 … 4096 in factors of 2.</summary>
    public int[] WidthList => Widths ?? [64, 128, 256, 512, 1024, 2048, 4096];

    /// <summary>Throws on invalid values (learning-rate stability is checked once the kernel is known).</summary>
    void NnPhys.Runs.IExperimentConfig.Validate() => Validate();

    public NnPhys.Architectures.LayerStack Validate()
    {
        var stack = KernelArchitecture.ParseForWidths(Architecture, 2, WidthList);
        if (Seeds < 2) throw new InvalidConfigException($"--seeds must be ≥ 2 to measure a spread, got {Seeds}.");
        if (TrainPoints < 2 || TestPoints < 2) throw new InvalidConfigException($"--train-points and --test-points must be ≥ 2, got {TrainPoints} and {TestPoints}.");
        if (!double.IsFinite(LearningRate) || LearningRate <= 0) throw new InvalidConfigException($"--lr must be a positive finite number, got {LearningRate}.");
        if (Steps < 1) throw new InvalidConfigException($"--steps must be ≥ 1, got {Steps}.");
        return stack;
    }

    /// <summary>The regression target y(a) = sin 2a + 0.5 cos a at angle a.</summary>
    public static double Target(double angle) => Math.Sin(2 * angle) + 0.5 * Math.Cos(angle);
}

/// <summary>One width of <see cref="VsTrainingExperiment"/>.</summary>
/// <param name="Width">N.</param>
/// <param name="TestPredictions">Final test predictions, one row per network (seeds × test points).</param>
/// <param name="LinearisedDeviation">RMS over networks and test points of f_network − f_frozen-NTK(own f₀).</param>
/// <param name="NoMotionDeviation">Null model: RMS of f_network − f₀ (the network did not move).</param>
/// <param name="MeanDeviation">RMS over test points of (mean over networks) − frozen-NTK mean prediction.</param>
/// <param name="MeanNoiseFloor">√(mean predicted variance / seeds): the RMS that the mean of that many exact samples would show.</param>
/// <param name="SpreadRatio">√(mean sample variance over networks) / √(mean frozen-NTK ensemble variance).</param>
/// <param name="KernelMotion">Mean over networks of ‖Θ̂_T − Θ̂_0‖_F/‖Θ̂_0‖_F on train ∪ test.</param>
/// <param name="KernelMotionSe">Its standard error.</param>
/// <param name="TestRmse">RMS error of the network ensemble mean against the true function on the test points.</param>
/// <param name="Loss">Mean training loss over networks at each checkpoint step.</param>
/// <param name="OwnKernelDeviation">RMS of f_network − f_linear(own f₀, own empirical Θ̂_0): only the kernel's motion during training
/// (predicted ∝ N^(−3/4) for ReLU from units whose pre-activation crosses the kink, N^(−1) for smooth activations).</param>
/// <param name="FluctuationDeviation">RMS of f_linear(own f₀, Θ̂_0) − f_linear(own f₀, analytic Θ): the initial kernel's finite-width
/// fluctuation propagated through training (predicted ∝ N^(−1/2)).</param>
/// <param name="LinearisedLoss">Mean over networks of the frozen-NTK training loss from each network's own f₀.</param>
public sealed record VsTrainingWidth(int Width, Matrix<double> TestPredictions, double LinearisedDeviation, double NoMotionDeviation, double MeanDeviation, double MeanNoiseFloor,
    double SpreadRatio, double KernelMotion, double KernelMotionSe, double TestRmse, double[] Loss, double[] LinearisedLoss,
    double OwnKernelDeviation, double FluctuationDeviation);

/// <summary>Result of <see cref="VsTrainingExperiment"/>: the kernel predictions and one row per width.</summary>
public sealed record VsTrainingResult(VsTrainingConfig Config, double[] TrainAngles, double[] Targets, double[] TestAngles, double[] TestTruth,
    double[] FrozenMean, double[] FrozenVariance, double[] NngpMean, double[] NngpVariance, double[] ConvergedMean, double MaxStableLearningRate,
    int[] Checkpoints, IReadOnlyList<VsTrainingWidth> Widths, PowerLaw DeviationFit, PowerLaw MotionFit, double Seconds,
    PowerLaw DeviationFitWide, PowerLaw OwnKernelFit, PowerLaw FluctuationFit, PowerLaw OwnKernelFitWide, PowerLaw FluctuationFitWide, PowerLaw MotionFitWide)
{
    /// <summary>Smallest width of <see cref="DeviationFitWide"/>.</summary>
    public const int WideFrom = 512;
}

/// <summary>
/// <c>nnphys kernel vs-training</c>: trains finite networks of the stack (widths 64 … 4096, several seeds each) by full-batch
/// gradient descent on a small regression task on the unit circle and compares them with the frozen-NTK solution
/// (eqs. (95)–(99), in its discrete-step form, the same steps and η): each network against the linearised prediction from
/// its own initial outputs, the ensemble mean and spread against the frozen-NTK mean and trained-ensemble variance, and
/// the kernel's motion ‖Θ_t − Θ_0‖/‖Θ_0‖ against width.
/// </summary>
public static partial class VsTrainingExperiment
{
    /// <summary>Trains the networks and computes the kernel predictions (no files written).</summary>
    /// <exception cref="InvalidConfigException">Invalid config, or η above the stability bound 2n/λ_max of the analytic NTK.</exception>
    public static VsTrainingResult Run(VsTrainingConfig config, IProgress<ProgressTick>? progress = null, CancellationToken cancel = default)
    {
        var stack = config.Validate();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var jitter = new RandomStream(config.Seed, 1UL << 63);
        var trainAngles = Enumerable.Range(0, config.TrainPoints).Select(i => 2 * Math.PI * (i + 0.3 * (jitter.NextDouble() - 0.5)) / config.TrainPoints).ToArray();
        var testAngles = Enumerable.Range(0, config.TestPoints).Select(i => 2 * Math.PI * i / config.TestPoints).ToArray();
        var y = trainAngles.Select(VsTrainingConfig.Target).ToArray();
        var truth = testAngles.Select(VsTrainingConfig.Target).ToArray();
        var xTrain = KernelPoints.OnCircle(trainAngles);
        var xTest = KernelPoints.OnCircle(testAngles);
        var xAll = KernelPoints.Stack(xTrain, xTest);

        var kernel = new AnalyticKernel(stack);
        var trainGram = kernel.Gram(xTrain);
        var testCross = kernel.Cross(xTest, xTrain);
        var testDiagonal = kernel.Diagonal(xTest).Nngp;
        var predictor = new FrozenNtkPredictor(trainGram, testCross, testDiagonal, y, config.LearningRate);
        predictor.RequireStableLearningRate();
        var frozenMean = predictor.MeanAfterSteps(config.Steps).Test;
        var frozenVariance = predictor.TrainedEnsembleVariance(double.NaN, config.Steps);
        var (nngpMean, nngpVariance) = predictor.NngpPosterior();
        var converged = predictor.Mean(double.PositiveInfinity).Test;
        int every = Math.Max(1, config.Steps / 50);
        var checkpoints = Enumerable.Range(0, config.Steps / every + 1).Select(k => k * every).Where(k => k <= config.Steps).ToArray();

        var rows = new List<VsTrainingWidth>();
        var widths = config.WidthList;
        for (int w = 0; w < widths.Length; w++)
        {
            int n = widths[w];
            var architecture = KernelArchitecture.WithWidth(stack, n).ToArchitecture();
            var predictions = new Matrix<double>(config.Seeds, config.TestPoints);
            double linSq = 0, staticSq = 0, ownSq = 0, flucSq = 0;
            var motion = new double[config.Seeds];
            var loss = new double[checkpoints.Length];
            var linLoss = new double[checkpoints.Length];
            for (int s = 0; s < config.Seeds; s++)
            {
                cancel.ThrowIfCancellationRequested();
                var network = new Network<double>(architecture, new RandomStream(config.Seed + (ulong)n, (ulong)s));
                var f0Train = network.Predict(xTrain).Data;
                var f0Test = network.Predict(xTest).Data;
                var theta0 = EmpiricalNtk.Compute(network, xAll);
                var curve = Train(network, xTrain, y, config.LearningRate, config.Steps, checkpoints, cancel);
                var fTest = network.Predict(xTest).Data;
                var thetaT = EmpiricalNtk.Compute(network, xAll);
                var linear = predictor.Linearised(f0Train, f0Test, double.NaN, config.Steps).Test;
                // the same linear model with this network's own initial kernel Θ̂_0 (train ∪ test blocks of theta0)
                var own = new FrozenNtkPredictor(new KernelPair(trainGram.Nngp, Block(theta0, 0, 0, xTrain.Rows, xTrain.Rows)),
                    new KernelPair(testCross.Nngp, Block(theta0, xTrain.Rows, 0, xTest.Rows, xTrain.Rows)), testDiagonal, y, config.LearningRate)
                    .Linearised(f0Train, f0Test, double.NaN, config.Steps).Test;
                for (int i = 0; i < fTest.Length; i++)
                {
                    predictions[s, i] = fTest[i];
                    linSq += Math.Pow(fTest[i] - linear[i], 2);
                    staticSq += Math.Pow(fTest[i] - f0Test[i], 2);
                    ownSq += Math.Pow(fTest[i] - own[i], 2);
                    flucSq += Math.Pow(own[i] - linear[i], 2);
                }
                motion[s] = Distance(thetaT, theta0) / Distance(theta0, null);
                for (int c = 0; c < checkpoints.Length; c++)
                {
                    loss[c] += curve[c] / config.Seeds;
                    var f = predictor.Linearised(f0Train, f0Test, double.NaN, checkpoints[c]).Train;
                    linLoss[c] += f.Zip(y, (a, b) => (a - b) * (a - b)).Sum() / (2 * y.Length) / config.Seeds;
                }
                progress?.Report(new ProgressTick((w + (s + 1.0) / config.Seeds) / widths.Length, $"width {n}, network {s + 1}/{config.Seeds}"));
            }
            rows.Add(Summarise(n, predictions, linSq, staticSq, motion, loss, linLoss, frozenMean, frozenVariance, truth, config.Seeds) with
            {
                OwnKernelDeviation = Math.Sqrt(ownSq / (config.Seeds * config.TestPoints)),
                FluctuationDeviation = Math.Sqrt(flucSq / (config.Seeds * config.TestPoints)),
            });
        }
        var ws = rows.Select(r => (double)r.Width).ToArray();
        return new VsTrainingResult(config, trainAngles, y, testAngles, truth, frozenMean, frozenVariance, nngpMean, nngpVariance, converged,
            predictor.MaxStableLearningRate, checkpoints, rows, PowerLaw.Fit(ws, rows.Select(r => r.LinearisedDeviation).ToArray()),
            PowerLaw.Fit(ws, rows.Select(r => r.KernelMotion).ToArray()), clock.Elapsed.TotalSeconds,
            PowerLaw.Fit(ws.Where(x => x >= VsTrainingResult.WideFrom).ToArray(), rows.Where(r => r.Width >= VsTrainingResult.WideFrom).Select(r => r.LinearisedDeviation).ToArray()),
            PowerLaw.Fit(ws, rows.Select(r => r.OwnKernelDeviation).ToArray()),
            PowerLaw.Fit(ws, rows.Select(r => r.FluctuationDeviation).ToArray()),
            Wide(rows, r => r.OwnKernelDeviation), Wide(rows, r => r.FluctuationDeviation), Wide(rows, r => r.KernelMotion));
    }

    /// <summary>Full-batch gradient descent on L = (1/2n)Σ(f − y)²; returns L at each checkpoint step.</summary>
    static double[] Train(Network<double> network, Matrix<double> x, double[] y, double learningRate, int steps, int[] checkpoints, CancellationToken cancel)
    {
        int n = y.Length, next = 0;
        var losses = new double[checkpoints.Length];
        var gradient = new double[n];
        var values = network.Parameters.Values;
        var grads = network.Parameters.Gradients;
        for (int step = 0; step <= steps; step++)
        {
            var f = network.Forward(x.Data, n);
            double loss = 0;
            for (int i = 0; i < n; i++) { double r = f[i] - y[i]; loss += r * r / (2 * n); gradient[i] = r / n; } // ∂L/∂f = (f − y)/n
            if (next < checkpoints.Length && checkpoints[next] == step) losses[next++] = loss;
            if (step == steps) break;
            if ((step & 63) == 0) cancel.ThrowIfCancellationRequested();
            network.Parameters.ZeroGradients();
            network.Backward(gradient);
            TensorPrimitives.MultiplyAdd(grads, -learningRate, values, values); // θ ← θ − η ∂L/∂θ
        }
        return losses;
    }

    static VsTrainingWidth Summarise(int width, Matrix<double> predictions, double linSq, double staticSq, double[] motion, double[] loss, double[] linLoss,
        double[] frozenMean, double[] frozenVariance, double[] truth, int seeds)
    {
        int m = truth.Length;
        double meanSq = 0, sampleVar = 0, rmse = 0;
        for (int i = 0; i < m; i++)
        {
            double mean = 0;
            for (int s = 0; s < seeds; s++) mean += predictions[s, i] / seeds;
            double v = 0;
            for (int s = 0; s < seeds; s++) v += Math.Pow(predictions[s, i] - mean, 2) / (seeds - 1);
            meanSq += Math.Pow(mean - frozenMean[i], 2) / m;
            sampleVar += v / m;
            rmse += Math.Pow(mean - truth[i], 2) / m;
        }
        double predictedVar = frozenVariance.Average();
        double avgMotion = motion.Average();
        double motionSe = Math.Sqrt(motion.Sum(v => (v - avgMotion) * (v - avgMotion)) / (seeds - 1) / seeds);
        return new VsTrainingWidth(width, predictions, Math.Sqrt(linSq / (seeds * m)), Math.Sqrt(staticSq / (seeds * m)), Math.Sqrt(meanSq),
            Math.Sqrt(predictedVar / seeds), Math.Sqrt(sampleVar / predictedVar), avgMotion, motionSe, Math.Sqrt(rmse), loss, linLoss, double.NaN, double.NaN);
    }

    /// <summary>Power-law fit over the widths N ≥ <see cref="VsTrainingResult.WideFrom"/> (the asymptotic regime).</summary>
    static PowerLaw Wide(List<VsTrainingWidth> rows, Func<VsTrainingWidth, double> value)
    {
        var wide = rows.Where(r => r.Width >= VsTrainingResult.WideFrom).ToArray();
        return PowerLaw.Fit(wide.Select(r => (double)r.Width).ToArray(), wide.Select(value).ToArray());
    }

    static Matrix<double> Block(Matrix<double> a, int row0, int col0, int rows, int cols)
    {
        var b = new Matrix<double>(rows, cols);
        for (int i = 0; i < rows; i++) a.Row(row0 + i).Slice(col0, cols).CopyTo(b.Row(i));
        return b;
    }

    static double Distance(Matrix<double> a, Matrix<double>? b)
    {
        double s = 0;
        for (int i = 0; i < a.Data.Length; i++) { double d = a.Data[i] - (b?.Data[i] ?? 0); s += d * d; }
        return Math.Sqrt(s);
    }
}
