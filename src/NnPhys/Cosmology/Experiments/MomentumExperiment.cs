using System.Text.Json.Nodes;
using NnPhys.Runs;
using NnPhys.Training;

namespace NnPhys.Cosmology.Experiments;

/// <summary>Config of <c>nnphys cosmology momentum</c> (issue 16 item 4): p = 2, one input point.</summary>
/// <param name="Network">The network.</param>
/// <param name="LearningRate">η.</param>
/// <param name="GridStep">Spacing of the μ grid 0, step, …, ≤ MaxMomentum.</param>
/// <param name="MaxMomentum">Largest μ of the grid (&lt; 1).</param>
/// <param name="LossFraction">Target: the loss stays below this fraction of its initial value.</param>
/// <param name="Seeds">Networks per μ.</param>
/// <param name="Seed">First seed.</param>
/// <param name="TargetOffset">y − f(x; θ₀).</param>
/// <param name="MaxSteps">Cap on steps per run.</param>
public sealed record MomentumConfig(ScalarNetworkSpec Network, double LearningRate = 0.01, double GridStep = 0.02, double MaxMomentum = 0.98, double LossFraction = 1e-4,
    int Seeds = 2, ulong Seed = 0, double TargetOffset = 1.0, int MaxSteps = 100_000) : NnPhys.Runs.IExperimentConfig
{
    /// <summary>The μ grid.</summary>
    public double[] Grid => Enumerable.Range(0, (int)Math.Floor(MaxMomentum / GridStep + 1e-9) + 1).Select(i => Math.Round(i * GridStep, 10)).ToArray();

    /// <summary>Throws on an invalid field before anything is written.</summary>
    public void Validate()
    {
        Network.Validate();
        HeavyBallMapping.Check(LearningRate, 0);
        if (!(GridStep > 0) || GridStep >= 1) throw new InvalidConfigException($"μ grid step {GridStep} must lie in (0, 1), e.g. --grid-step 0.02.");
        HeavyBallMapping.Check(LearningRate, MaxMomentum);
        if (!(LossFraction > 0 && LossFraction < 1)) throw new InvalidConfigException($"Target loss fraction {LossFraction} must lie in (0, 1), e.g. --loss-fraction 1e-4.");
        if (Seeds <= 0) throw new InvalidConfigException($"Seeds = {Seeds} must be a positive integer.");
        if (!double.IsFinite(TargetOffset) || TargetOffset == 0) throw new InvalidConfigException($"Target offset {TargetOffset} must be finite and non-zero.");
        if (MaxSteps <= 0) throw new InvalidConfigException($"Max steps {MaxSteps} must be positive.");
    }
}

/// <summary>Steps to target at one μ: observed (mean over seeds) and predicted before training.</summary>
public sealed record MomentumPoint(double Momentum, double Observed, double PredictedCorrected, double PredictedLeading, double PredictedGradientFlow, int Diverged);

/// <summary>Result of <see cref="MomentumExperiment"/>.</summary>
public sealed record MomentumResult(MomentumConfig Config, double Ntk, IReadOnlyList<MomentumPoint> Points,
    double CriticalCorrected, double CriticalLeading, double CriticalExactDiscrete, double ObservedOptimum, double PredictedOptimum, double GradientFlowOptimum)
{
    /// <summary>|μ*_predicted (argmin of the steps predicted from the NTK, corrected mapping) − μ*_observed| in grid steps.</summary>
    public double GridStepsApart => Math.Abs(PredictedOptimum - ObservedOptimum) / Config.GridStep;
    /// <summary>|μ_c (critical damping, corrected) − μ*_observed| in grid steps.</summary>
    public double CriticalGridStepsApart => Math.Abs(CriticalCorrected - ObservedOptimum) / Config.GridStep;
}

/// <summary>
/// <c>nnphys cosmology momentum</c>: from the NTK at initialisation alone, predict the steps to a target loss for every μ
/// and the momentum μ* that critically damps the (single, homogeneous) mode; then train at every μ of the grid and compare.
/// Null: the overdamped flow (plain gradient flow with rate η/(1 − μ)), which predicts "more momentum is always faster".
/// </summary>
public static class MomentumExperiment
{
    /// <summary>Runs the grid.</summary>
    public static MomentumResult Run(MomentumConfig config, IProgress<ProgressTick>? progress = null, CancellationToken cancel = default)
    {
        config.Validate();
        var loss = InflatonPotential.Loss(2);
        var grid = config.Grid;
        var ntks = new double[config.Seeds];
        for (int i = 0; i < config.Seeds; i++) ntks[i] = new ScalarNetwork(config.Network, [1.0], config.Seed + (ulong)i).Ntk().Data[0];
        double kappa = ntks.Average();
        var points = new List<MomentumPoint>();
        int done = 0;
        foreach (var mu in grid)
        {
            var mapping = new HeavyBallMapping(config.LearningRate, mu);
            var observed = new List<double>(); int diverged = 0;
            double pc = 0, pl = 0, pf = 0;
            for (int i = 0; i < config.Seeds; i++)
            {
                cancel.ThrowIfCancellationRequested();
                var network = new ScalarNetwork(config.Network, [1.0], config.Seed + (ulong)i);
                double f0 = network.Outputs()[0], y = f0 + config.TargetOffset;
                int steps = ObservedSteps(network, mapping, loss, y, config, ntks[i]);
                if (steps < 0) diverged++; else observed.Add(steps);
                pc += CriticalMomentum.PredictedSteps(mapping, ntks[i], -config.TargetOffset, config.LossFraction, MappingOrder.Corrected, config.MaxSteps);
                pl += CriticalMomentum.PredictedSteps(mapping, ntks[i], -config.TargetOffset, config.LossFraction, MappingOrder.Leading, config.MaxSteps);
                pf += CriticalMomentum.PredictedSteps(mapping, ntks[i], -config.TargetOffset, config.LossFraction, null, config.MaxSteps);
                progress?.Report(new ProgressTick(++done / (double)(grid.Length * config.Seeds), $"μ = {mu:F2}"));
            }
            points.Add(new MomentumPoint(mu, observed.Count == 0 ? double.NaN : observed.Average(), pc / config.Seeds, pl / config.Seeds, pf / config.Seeds, diverged));
        }
        static double ArgMin(IEnumerable<MomentumPoint> p, Func<MomentumPoint, double> v) => p.Where(x => double.IsFinite(v(x))).MinBy(v)?.Momentum ?? double.NaN;
        return new MomentumResult(config, kappa, points,
            CriticalMomentum.Corrected(config.LearningRate, kappa), CriticalMomentum.Leading(config.LearningRate, kappa), CriticalMomentum.ExactDiscrete(config.LearningRate, kappa),
            ArgMin(points, p => p.Observed), ArgMin(points, p => p.PredictedCorrected), ArgMin(points, p => p.PredictedGradientFlow));
    }

    /// <summary>
    /// Trains until the loss has stayed below the target for a window longer than the mode's half-period (and ≥ 300 steps);
    /// returns one step after the last step above target, or −1 if the run diverged or never settled.
    /// </summary>
    static int ObservedSteps(ScalarNetwork network, HeavyBallMapping mapping, PowerLoss loss, double y, MomentumConfig config, double ntk)
    {
        var optimizer = network.CreateOptimizer(mapping);
        int window = Math.Max(300, (int)Math.Ceiling(2 * Math.PI / Math.Sqrt(mapping.LearningRate * ntk)));
        double l0 = double.NaN; int last = 0;
        for (int t = 0; t <= config.MaxSteps; t++)
        {
            var (_, l) = network.Step(optimizer, loss, [y]);
            if (t == 0) l0 = l;
            if (!double.IsFinite(l) || l > 1e6 * l0) return -1;
            if (l > config.LossFraction * l0) last = t;
            else if (t - last >= window) return last + 1;
        }
        return -1;
    }

    /// <summary>Writes the run directory and returns the --json metrics.</summary>
    public static JsonObject Write(MomentumResult result, string outputDirectory) =>
        CosmologyRun.Write(outputDirectory, "cosmology momentum", result.Config, result.Config.Seed, run => MomentumReport.Write(result, run));
}
