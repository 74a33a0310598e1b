using System.Text.Json.Nodes;
using NnPhys.Runs;

namespace NnPhys.Cosmology.Experiments;

/// <summary>Config of <c>nnphys cosmology homogeneous</c> (issue 16 item 2).</summary>
/// <param name="Network">The network.</param>
/// <param name="Power">Loss power p ∈ {2, 4, …}.</param>
/// <param name="LearningRate">η of the headline comparison.</param>
/// <param name="Momentum">μ.</param>
/// <param name="Seeds">Networks (seeds Seed..Seed+Seeds−1) averaged over.</param>
/// <param name="Seed">First seed.</param>
/// <param name="Input">The single input x.</param>
/// <param name="TargetOffset">y − f(x; θ₀).</param>
/// <param name="LearningRateScan">The η values of the matching scan (max_matching_lr).</param>
/// <param name="MaxSteps">Cap on steps per training run.</param>
public sealed record HomogeneousConfig(ScalarNetworkSpec Network, int Power = 2, double LearningRate = 0.01, double Momentum = 0.9, int Seeds = 3, ulong Seed = 0,
    double Input = 1.0, double TargetOffset = 1.0, double[]? LearningRateScan = null, int MaxSteps = 200_000) : NnPhys.Runs.IExperimentConfig
{
    /// <summary>The default η scan: 1e-3 … 0.3.</summary>
    public static readonly double[] DefaultScan = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1];
    /// <summary>The scan actually used.</summary>
    public double[] Scan => LearningRateScan ?? DefaultScan;
    /// <summary>Whole-trajectory error at or below which the mapping "holds" (issue 16).</summary>
    public const double MatchThreshold = 0.05;

    /// <summary>Settings of one run at learning rate η.</summary>
    public HomogeneousSettings At(double learningRate) => new(Network, Power, learningRate, Momentum, Input, TargetOffset, MaxSteps);

    /// <summary>Throws on any invalid field, before anything is written.</summary>
    public void Validate()
    {
        At(LearningRate).Validate();
        if (Seeds <= 0) throw new InvalidConfigException($"Seeds = {Seeds} must be a positive integer, e.g. --seeds 3.");
        if (Scan.Length == 0) throw new InvalidConfigException("The learning-rate scan is empty; pass e.g. --lr-scan 0.001 0.01 0.1.");
        foreach (var eta in Scan) HeavyBallMapping.Check(eta, Momentum);
    }
}

/// <summary>Mean scores over seeds at one learning rate.</summary>
public sealed record LearningRateScanPoint(double LearningRate, double LeadingMaxError, double CorrectedMaxError, double GradientFlowMaxError, double NoMotionMaxError, int Diverged, int NotConverged);

/// <summary>Result of <see cref="HomogeneousExperiment"/>.</summary>
public sealed record HomogeneousResult(HomogeneousConfig Config, IReadOnlyList<HomogeneousRun> Runs, IReadOnlyList<LearningRateScanPoint> Scan, double MaxMatchingLearningRate, double MaxMatchingLearningRateCorrected)
{
    static double Mean(IEnumerable<double> v) { var a = v.ToArray(); return a.Length == 0 || a.Any(double.IsNaN) ? double.NaN : a.Average(); }
    /// <summary>Mean over seeds of |f_pred(T) − f(T)| / |f(T) − f(0)|, leading order.</summary>
    public double RelativeEndError => Mean(Runs.Select(r => r.LeadingError.EndError));
    /// <summary>The same, corrected mapping.</summary>
    public double RelativeEndErrorCorrected => Mean(Runs.Select(r => r.CorrectedError.EndError));
    /// <summary>Mean over seeds of max_{s≤T} |f_pred(s) − f(s)| / |f(T) − f(0)|, leading order.</summary>
    public double MaxTrajectoryError => Mean(Runs.Select(r => r.LeadingError.MaxError));
    /// <summary>The same, corrected mapping.</summary>
    public double MaxTrajectoryErrorCorrected => Mean(Runs.Select(r => r.CorrectedError.MaxError));
}

/// <summary>
/// <c>nnphys cosmology homogeneous</c>: homogeneous networks (one input point) trained by heavy-ball against the
/// mean-field FLRW equation with the NTK at initialisation, at leading and corrected order, beside two nulls; then a
/// learning-rate scan for the largest η at which the leading-order mapping still holds (error ≤ 5 %).
/// </summary>
public static class HomogeneousExperiment
{
    /// <summary>Runs every seed at η and the η scan.</summary>
    public static HomogeneousResult Run(HomogeneousConfig config, IProgress<ProgressTick>? progress = null, CancellationToken cancel = default)
    {
        config.Validate();
        var etas = config.Scan.Append(config.LearningRate).Distinct().OrderBy(x => x).ToArray();
        int total = etas.Length * config.Seeds, done = 0;
        var byEta = new Dictionary<double, List<HomogeneousRun>>();
        foreach (var eta in etas)
        {
            var runs = new List<HomogeneousRun>();
            for (int i = 0; i < config.Seeds; i++)
            {
                cancel.ThrowIfCancellationRequested();
                runs.Add(HomogeneousRun.Execute(config.At(eta), config.Seed + (ulong)i));
                progress?.Report(new ProgressTick(++done / (double)total, $"η = {eta:G3}, seed {i}"));
            }
            byEta[eta] = runs;
        }
        var scan = config.Scan.OrderBy(x => x).Select(eta =>
        {
            var r = byEta[eta];
            static double M(IEnumerable<double> v) { var a = v.ToArray(); return a.Any(double.IsNaN) ? double.NaN : a.Average(); }
            return new LearningRateScanPoint(eta, M(r.Select(x => x.LeadingError.MaxError)), M(r.Select(x => x.CorrectedError.MaxError)),
                M(r.Select(x => x.GradientFlowError.MaxError)), M(r.Select(x => x.NoMotionError.MaxError)),
                r.Count(x => x.Training.DivergedAtStep is not null), r.Count(x => x.Training.DivergedAtStep is null && !x.Training.ReachedHorizon));
        }).ToArray();
        return new HomogeneousResult(config, byEta[config.LearningRate], scan, LargestMatching(scan, p => p.LeadingMaxError), LargestMatching(scan, p => p.CorrectedMaxError));
    }

    /// <summary>The largest η whose error is ≤ 5 % (NaN if none): errors at larger η than a failing one do not count only if they also pass.</summary>
    static double LargestMatching(IEnumerable<LearningRateScanPoint> scan, Func<LearningRateScanPoint, double> error)
    {
        var ok = scan.Where(p => error(p) <= HomogeneousConfig.MatchThreshold).Select(p => p.LearningRate).ToArray();
        return ok.Length == 0 ? double.NaN : ok.Max();
    }

    /// <summary>Writes the run directory and returns the --json metrics.</summary>
    public static JsonObject Write(HomogeneousResult result, string outputDirectory) =>
        CosmologyRun.Write(outputDirectory, "cosmology homogeneous", result.Config, result.Config.Seed, run => HomogeneousReport.Write(result, run));
}
