using NnPhys.Runs;

namespace NnPhys.Ensembles.Experiments;

/// <summary>
/// Turns direct Monte Carlo moments into <see cref="CorrelatorRow"/>s: adds the exact-in-N reduction (importance-sampled
/// for Gauss-net, whose lognormal products are heavy-tailed), the closed form where the single-neuron moments are known,
/// and decides per correlator which estimate is reported. The direct estimate is replaced — with a warning — when its terms
/// are heavy-tailed (<see cref="TailDiagnostics.HeavyTailed"/>) or when it sits more than <see cref="PullLimit"/> standard
/// errors from a closed form; it is kept, flagged as unreliable, when no reduction exists.
/// </summary>
internal static class CorrelatorAnalysis
{
    /// <summary>|pull| against a closed form beyond which the direct estimate is not trusted (p ≈ 6e−7 for a Gaussian estimator).</summary>
    public const double PullLimit = 5;

    public static (CorrelatorRow[] Rows, string[] Warnings) Analyse(INetworkEnsemble ensemble, PointSet points, int[][] tuples, CorrelatorAccumulator direct, TailMonitor? tails,
        long neuronSamples, ulong seed, IProgress<double>? progress, CancellationToken cancellation)
    {
        var connected = tuples.Select(t => CorrelatorConfig.IsConnected(t.Length)).ToArray();
        CorrelatorEstimate[]? reduced = null;
        string? method = null;
        if (ensemble is NeuronSumEnsemble sum && neuronSamples > 0)
        {
            if (sum.Neuron is GaussNeuron)
            {
                reduced = GaussNetImportanceReduction.Estimate(sum, points, tuples, connected, seed + 1, neuronSamples, 0, progress, cancellation);
                method = "importance-sampled reduction";
            }
            else
            {
                var neurons = Correlators.SampleNeurons(sum.Neuron, points, tuples, seed + 1, neuronSamples);
                reduced = tuples.Select((t, i) => connected[i] ? SingleNeuronReduction.Connected(neurons, i, sum) : SingleNeuronReduction.Moment(neurons, i, sum)).ToArray();
                method = "exact-in-N reduction";
            }
        }
        var rows = new CorrelatorRow[tuples.Length];
        var warnings = new List<string>();
        for (int t = 0; t < tuples.Length; t++)
        {
            var x = tuples[t].Select(points.Point).ToArray();
            double closed = ensemble is NeuronSumEnsemble e ? (connected[t] ? NeuronMomentClosedForms.Connected(e, x) : NeuronMomentClosedForms.Moment(e, x)) : double.NaN;
            var d = connected[t] ? CorrelatorEstimators.Connected(direct, t) : CorrelatorEstimators.Moment(direct, t);
            var tail = tails?.Diagnose(t);
            var row = new CorrelatorRow(tuples[t], CorrelatorConfig.NameOf(tuples[t].Length), d, tail, reduced?[t], method, closed, d, "direct", null);
            var reasons = new List<string>();
            if (tail is { HeavyTailed: true } tl) reasons.Add($"its terms are heavy-tailed ({tl})");
            if (row.DirectPull is { } pull && Math.Abs(pull) > PullLimit) reasons.Add(FormattableString.Invariant($"it is {pull:G3} SE from the closed form {closed:G4}"));
            if (reasons.Count > 0)
            {
                string what = $"{row.Label}: direct Monte Carlo {ExperimentRun.Format(d)} is not trustworthy: {string.Join("; ", reasons)}";
                if (reduced is not null)
                {
                    row = row with { Estimate = reduced[t], Estimator = method!, Warning = $"{what}. Reported instead: the {method} {ExperimentRun.Format(reduced[t])}." };
                }
                else row = row with { Warning = $"{what}. No heavy-tail-safe estimator exists for {ensemble.Name}: treat it as unreliable (more samples, or points nearer the origin)." };
                warnings.Add(row.Warning!);
            }
            if (row.Estimator != "direct" && row.Pull is { } p2 && Math.Abs(p2) > PullLimit)
                warnings.Add(FormattableString.Invariant($"{row.Label}: the {method} is {p2:G3} SE from the closed form {closed:G4} as well."));
            rows[t] = row;
        }
        return (rows, [.. warnings]);
    }
}
