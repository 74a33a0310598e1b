using NnPhys.Runs;

namespace NnPhys.Ensembles.Experiments;

/// <summary>Configuration of <c>nnphys ensemble correlators</c>.</summary>
/// <param name="Spec">Architecture and hyperparameters.</param>
/// <param name="Points">Points; null means a line of 8 points spaced 0.25 along the first axis.</param>
/// <param name="Tuples">Explicit point-index tuples (orders 1–6); null means the default scan [0,k] and [0,0,k,k] for every k
/// (and [0,0,0,k,k,k] with <paramref name="SixPoint"/>).</param>
/// <param name="SixPoint">Add the six-point scan to the default tuples (six-point functions cost most; computed only when asked).</param>
/// <param name="Samples">Sampled networks.</param>
/// <param name="NeuronSamples">Single-neuron samples for the exact-in-N reduction (neuron-sum architectures).</param>
/// <param name="Seed">Random seed.</param>
/// <param name="Shard">(k, n) to run only shard k of n and write a mergeable shard file, or null for a whole run.</param>
public sealed record CorrelatorConfig(EnsembleSpec Spec, PointSet? Points = null, IReadOnlyList<int[]>? Tuples = null, bool SixPoint = false,
    long Samples = 100_000, long NeuronSamples = 1_000_000, ulong Seed = 0, (int k, int n)? Shard = null)
{
    /// <summary>The points measured.</summary>
    public PointSet ResolvedPoints => Points ?? PointSetParser.Line(Spec.InputDimension, 8, 0.25);

    /// <summary>True when the tuples are the default scan around x0 (plotted against |x_k − x0|).</summary>
    public bool IsDefaultScan => Tuples is null;

    /// <summary>The tuples measured, in order.</summary>
    public int[][] ResolvedTuples => Tuples?.Select(t => (int[])t.Clone()).ToArray() ?? DefaultTuples(ResolvedPoints.Count, SixPoint);

    /// <summary>The default scan for P points: per k, [0,k], then [0,0,k,k], then (six-point) [0,0,0,k,k,k].</summary>
    public static int[][] DefaultTuples(int pointCount, bool sixPoint)
    {
        var tuples = new List<int[]>();
        for (int k = 0; k < pointCount; k++) tuples.Add([0, k]);
        for (int k = 0; k < pointCount; k++) tuples.Add([0, 0, k, k]);
        if (sixPoint) for (int k = 0; k < pointCount; k++) tuples.Add([0, 0, 0, k, k, k]);
        return [.. tuples];
    }

    /// <summary>Raw moments for orders 1–3 (G1, G2, G3; eq. (27)), connected correlators from order 4 on (G4_c, eq. (49)).</summary>
    public static bool IsConnected(int order) => order >= 4;

    /// <summary>"G2", "G3", "G4_c", "G6_c", …</summary>
    public static string NameOf(int order) => IsConnected(order) ? $"G{order}_c" : $"G{order}";

    /// <summary>Checks everything before a run directory is created.</summary>
    /// <exception cref="InvalidConfigException">Bad architecture, points, tuples, sample counts or shard.</exception>
    public INetworkEnsemble Validate()
    {
        var ensemble = Spec.Build();
        ResolvedPoints.RequireDimension(ensemble.InputDimension, $"--arch {Spec.Architecture} with --dim {Spec.InputDimension}");
        _ = new CorrelatorAccumulator(ResolvedTuples, ResolvedPoints.Count); // tuple orders and indices
        Check.Positive(Samples, "The number of samples", "--samples 10000");
        if (ensemble is NeuronSumEnsemble) Check.Positive(NeuronSamples, "The number of samples", "--samples 10000");
        if (Tuples is not null && SixPoint) throw new InvalidConfigException("--six-point adds the default six-point scan; with explicit --tuples list the six-point tuples themselves.");
        if (Shard is { } s && (s.n < 1 || s.k < 0 || s.k >= s.n)) throw new InvalidConfigException($"--shard {s.k}/{s.n}: need 0 ≤ k < n.");
        return ensemble;
    }
}

/// <summary>One requested correlator: every estimator's value beside the closed form, and which one is reported.</summary>
/// <param name="Tuple">Point indices.</param>
/// <param name="Name">"G2", "G4_c", …</param>
/// <param name="Direct">Direct parameter-space Monte Carlo over networks (eqs. (27), (49)).</param>
/// <param name="DirectTails">Tail diagnostics of the direct estimator's terms (null when unknown, e.g. after a merge).</param>
/// <param name="Reduction">Exact-in-N single-neuron reduction (importance-sampled for Gauss-net), or null.</param>
/// <param name="ReductionMethod">How the reduction was estimated, or null.</param>
/// <param name="ClosedForm">Closed form, NaN when none is known.</param>
/// <param name="Estimate">The reported value.</param>
/// <param name="Estimator">"direct" or the reduction's method.</param>
/// <param name="Warning">Why the direct estimate was replaced or cannot be trusted, or null.</param>
public sealed record CorrelatorRow(int[] Tuple, string Name, CorrelatorEstimate Direct, TailDiagnostics? DirectTails, CorrelatorEstimate? Reduction, string? ReductionMethod,
    double ClosedForm, CorrelatorEstimate Estimate, string Estimator, string? Warning)
{
    /// <summary>Pull of the reported estimate against the closed form; null when there is no closed form or no meaningful SE.</summary>
    public double? Pull => PullOf(Estimate);
    /// <summary>Pull of the direct estimate against the closed form.</summary>
    public double? DirectPull => PullOf(Direct);
    /// <summary>Pull of the reduction against the closed form.</summary>
    public double? ReductionPull => Reduction is { } r ? PullOf(r) : null;

    double? PullOf(CorrelatorEstimate e) => double.IsFinite(ClosedForm) && e.StandardError > 0 && double.IsFinite(e.Value) ? e.Pull(ClosedForm) : null;

    /// <summary>"G4_c(0,0,3,3)".</summary>
    public string Label => $"{Name}({string.Join(",", Tuple)})";
}

/// <summary>Result of <c>nnphys ensemble correlators</c> (or of a merge of its shards).</summary>
/// <param name="RunDirectory">Where the run was written.</param>
/// <param name="Ensemble">The ensemble's description.</param>
/// <param name="OutputWeightConvention">How w₁ was drawn.</param>
/// <param name="Samples">Networks sampled.</param>
/// <param name="NeuronSamples">Single neurons sampled for the reduction (0 when none).</param>
/// <param name="Rows">Every requested correlator, in request order (empty for a shard).</param>
/// <param name="Warnings">Heavy-tail and closed-form disagreements, one line each.</param>
/// <param name="ShardFile">The shard file written with --shard, else null.</param>
/// <param name="ShardStreams">The streams of that shard.</param>
public sealed record CorrelatorResult(string RunDirectory, string Ensemble, string OutputWeightConvention, long Samples, long NeuronSamples,
    IReadOnlyList<CorrelatorRow> Rows, IReadOnlyList<string> Warnings, string? ShardFile = null, Numerics.Sampling.StreamRange? ShardStreams = null)
{
    /// <summary>Largest |pull| of the reported estimates against closed forms, null when no correlator has one.</summary>
    public double? MaxPullVsClosedForm => Rows.Select(r => r.Pull).Where(p => p is not null).Select(p => Math.Abs(p!.Value)).DefaultIfEmpty(double.NaN).Max() is var m && double.IsFinite(m) ? m : null;
    /// <summary>Largest |pull| of the direct Monte Carlo estimates against closed forms.</summary>
    public double? MaxDirectPullVsClosedForm => Rows.Select(r => r.DirectPull).Where(p => p is not null).Select(p => Math.Abs(p!.Value)).DefaultIfEmpty(double.NaN).Max() is var m && double.IsFinite(m) ? m : null;
}
