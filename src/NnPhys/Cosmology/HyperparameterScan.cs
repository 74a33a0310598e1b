namespace NnPhys.Cosmology;

/// <summary>One job of a hyperparameter scan: a homogeneous comparison at one setting and seed.</summary>
public sealed record ScanJob(int Index, HomogeneousSettings Settings, ulong Seed);

/// <summary>One finished job, flat for tables and shard files.</summary>
public sealed record ScanRow(int Job, int Width, int Depth, string Activation, double SigmaW, double SigmaB, int Power, double LearningRate, double Momentum, ulong Seed,
    double Ntk, int HorizonStep, double LeadingMaxError, double CorrectedMaxError, double GradientFlowMaxError, double LeadingEndError, double CorrectedEndError, int? DivergedAtStep)
{
    /// <summary>Runs a job.</summary>
    public static ScanRow Run(ScanJob job)
    {
        var r = HomogeneousRun.Execute(job.Settings, job.Seed);
        var s = job.Settings; var n = s.Network;
        return new ScanRow(job.Index, n.Width, n.Depth, n.Activation, n.SigmaW, n.SigmaB, s.Power, s.LearningRate, s.Momentum, job.Seed, r.NtkAtInit, r.Training.HorizonStep,
            r.LeadingError.MaxError, r.CorrectedError.MaxError, r.GradientFlowError.MaxError, r.LeadingError.EndError, r.CorrectedError.EndError, r.Training.DivergedAtStep);
    }
}

/// <summary>
/// The default hyperparameter scan of issue 16 item 2 as a list of independent jobs: one-at-a-time variations of depth,
/// activation, σ_w, μ and p around a base setting (1×1024 relu, σ_w = 1, p = 2, η = 0.01, μ = 0.9), plus the full
/// width × η grid for the largest matching η at each width. <c>--shard k/n</c> takes jobs j ≡ k (mod n).
/// </summary>
public static class HyperparameterScan
{
    /// <summary>Widths of the width × η grid.</summary>
    public static readonly int[] Widths = [128, 256, 512, 1024, 2048, 4096];
    /// <summary>Learning rates of the width × η grid.</summary>
    public static readonly double[] LearningRates = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1];
    /// <summary>The base setting the one-at-a-time axes vary.</summary>
    public static HomogeneousSettings Base => new(new ScalarNetworkSpec(1024, 1, "relu", 1.0, 0.0), 2, 0.01, 0.9);

    /// <summary>The distinct settings of the scan, in a fixed order: the width × η grid (default <see cref="Widths"/> ×
    /// <see cref="LearningRates"/>, or the given ones), then, unless <paramref name="gridOnly"/>, the one-at-a-time axes.</summary>
    /// <exception cref="InvalidConfigException">A width that is not positive or an η that is not positive.</exception>
    public static IReadOnlyList<HomogeneousSettings> Settings(IReadOnlyList<int>? widths = null, IReadOnlyList<double>? learningRates = null, bool gridOnly = false)
    {
        var b = Base;
        widths ??= Widths; learningRates ??= LearningRates;
        if (widths.Count == 0 || widths.Any(w => w <= 0)) throw new InvalidConfigException($"Scan widths [{string.Join(", ", widths)}] must be positive integers, e.g. --widths 128 1024.");
        if (learningRates.Count == 0 || learningRates.Any(e => !(e > 0) || !double.IsFinite(e))) throw new InvalidConfigException($"Scan learning rates [{string.Join(", ", learningRates)}] must be positive, e.g. --lrs 0.01 0.1.");
        var list = new List<HomogeneousSettings>();
        foreach (var w in widths) foreach (var eta in learningRates) list.Add(b with { Network = b.Network with { Width = w }, LearningRate = eta });
        if (gridOnly) return list.Distinct().ToArray();
        foreach (var d in new[] { 2, 3 }) list.Add(b with { Network = b.Network with { Depth = d } });
        list.Add(b with { Network = b.Network with { Activation = "erf" } });
        foreach (var sw in new[] { 0.5, 1.5, 2.0 }) list.Add(b with { Network = b.Network with { SigmaW = sw } });
        foreach (var mu in new[] { 0.0, 0.5, 0.8, 0.95 }) list.Add(b with { Momentum = mu });
        list.Add(b with { Power = 4 });
        list.Add(b with { Power = 4, Network = b.Network with { Activation = "erf" } });
        return list.Distinct().ToArray();
    }

    /// <summary>All jobs: every setting × seeds Seed..Seed+seeds−1.</summary>
    public static IReadOnlyList<ScanJob> Jobs(int seeds, ulong seed, IReadOnlyList<int>? widths = null, IReadOnlyList<double>? learningRates = null, bool gridOnly = false)
    {
        if (seeds <= 0) throw new InvalidConfigException($"Seeds = {seeds} must be a positive integer, e.g. --seeds 2.");
        var s = Settings(widths, learningRates, gridOnly);
        return Enumerable.Range(0, s.Count * seeds).Select(j => new ScanJob(j, s[j / seeds], seed + (ulong)(j % seeds))).ToArray();
    }

    /// <summary>The jobs of shard k of n (j ≡ k mod n).</summary>
    /// <exception cref="InvalidConfigException">n ≤ 0 or k outside [0, n).</exception>
    public static IReadOnlyList<ScanJob> Shard(IReadOnlyList<ScanJob> jobs, int k, int n)
    {
        if (n <= 0 || k < 0 || k >= n) throw new InvalidConfigException($"--shard {k}/{n} is invalid; k must lie in 0..n−1 and n ≥ 1, e.g. --shard 0/4.");
        return jobs.Where(j => j.Index % n == k).ToArray();
    }

    /// <summary>A fingerprint of the job list, so merge refuses shards of different scans.</summary>
    public static string Fingerprint(IReadOnlyList<ScanJob> jobs)
    {
        var text = string.Join(";", jobs.Select(j => $"{j.Index}:{j.Settings}:{j.Seed}"));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
    }
}
