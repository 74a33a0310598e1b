using System.Text.Json.Nodes;
using NnPhys.Ensembles.Figures;
using NnPhys.Plotting;
using NnPhys.Runs;
using NnPhys.Numerics.Sampling;

namespace NnPhys.Ensembles.Experiments;

/// <summary>Options of <c>nnphys ensemble correlators</c>.</summary>
/// <param name="Spec">Architecture and hyperparameters.</param>
/// <param name="Points">Points; null means a line of 8 points spaced 0.25 along the first axis.</param>
/// <param name="Samples">Sampled networks.</param>
/// <param name="NeuronSamples">Single-neuron samples for the exact-in-N reduction (neuron-sum architectures).</param>
/// <param name="Seed">Random seed.</param>
/// <param name="Shard">(k, n) to run only shard k of n and write a mergeable shard file, or null for a whole run.</param>
public sealed record CorrelatorOptions(EnsembleSpec Spec, PointSet? Points = null, long Samples = 100_000, long NeuronSamples = 1_000_000, ulong Seed = 0, (int k, int n)? Shard = null);

/// <summary>
/// <c>nnphys ensemble correlators</c>: G2(x0, x_k), G4_c(x0, x0, x_k, x_k) and G6_c(x0, x0, x0, x_k, x_k, x_k) by direct parameter-space
/// Monte Carlo (eqs. (27), (45)–(49)), by the exact-in-N single-neuron reduction (eqs. (39), (50)–(51)) and in closed form
/// (eqs. (62), (64), (70), (71)) where one exists, against the distance |x_k − x0|.
/// </summary>
public static class CorrelatorExperiment
{
    /// <summary>The tuples measured for P points: per k, [0,k], [0,0,k,k], [0,0,0,k,k,k].</summary>
    public static int[][] Tuples(int pointCount)
    {
        var tuples = new List<int[]>();
        for (int k = 0; k < pointCount; k++) tuples.Add([0, k]);
        for (int k = 0; k < pointCount; k++) tuples.Add([0, 0, k, k]);
        for (int k = 0; k < pointCount; k++) tuples.Add([0, 0, 0, k, k, k]);
        return [.. tuples];
    }

    /// <summary>Runs the experiment into <paramref name="outputDirectory"/> and returns its headline metrics.</summary>
    public static JsonObject Run(CorrelatorOptions options, string outputDirectory, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var ensemble = options.Spec.Build();
        var points = options.Points ?? PointSetParser.Line(options.Spec.InputDimension, 8, 0.25);
        points.RequireDimension(ensemble.InputDimension, $"--arch {options.Spec.Architecture} with --dim {options.Spec.InputDimension}");
        var tuples = Tuples(points.Count);
        if (options.Shard is { } requested) StreamRange.Shard(requested.k, requested.n, options.Samples); // validated before the run folder exists
        var config = new { options.Spec, points = points.ToRows(), options.Samples, options.NeuronSamples, options.Seed, shard = options.Shard is { } s ? $"{s.k}/{s.n}" : null };
        return ExperimentRun.Execute(outputDirectory, "ensemble correlators", config, options.Seed, run =>
        {
            if (options.Shard is { } shard)
            {
                var piece = EnsembleShard.Run(ensemble, points, tuples, options.Seed, shard.k, shard.n, options.Samples, 0, progress, cancellation);
                var file = Path.Combine(run.Root, $"shard-{shard.k}-of-{shard.n}.json");
                piece.Save(file);
                new ReportWriter().Heading($"Correlator shard {shard.k} of {shard.n}")
                    .Paragraph($"{ensemble.Description}: streams {piece.Streams[0]} of {options.Samples}, accumulator in `{Path.GetFileName(file)}`. Combine all shards with `nnphys ensemble merge`.")
                    .Save(run.ReportPath);
                return new JsonObject { ["shard_file"] = file, ["stream_first"] = piece.Streams[0].First, ["stream_count"] = piece.Streams[0].Count };
            }
            var direct = Correlators.SampleNetworks(ensemble, points, tuples, options.Seed, new StreamRange(0, options.Samples), 0, progress, cancellation);
            CorrelatorAccumulator? neurons = ensemble is NeuronSumEnsemble sum
                ? Correlators.SampleNeurons(sum.Neuron, points, tuples, options.Seed + 1, options.NeuronSamples) : null;
            int p = points.Count;
            var r = Enumerable.Range(0, p).Select(k => Distance(points.Point(0), points.Point(k))).ToArray();
            var result = new JsonObject { ["ensemble"] = ensemble.Description, ["samples"] = options.Samples };
            var report = new ReportWriter().Heading($"Correlators of {options.Spec.Architecture}, N = {options.Spec.Width}, d = {options.Spec.InputDimension}")
                .Paragraph($"{ensemble.Description}; {options.Samples} sampled networks (streams 0..{options.Samples - 1}, seed {options.Seed})" +
                           (neurons is null ? "." : $"; exact-in-N reduction from {options.NeuronSamples} single neurons."));
            var panels = new List<ScottPlot.Plot>();
            string[] names = ["G2", "G4c", "G6c"];
            double worstPull = 0;
            for (int order = 0; order < 3; order++)
            {
                var directEst = new CorrelatorEstimate[p]; var reduced = new CorrelatorEstimate[p]; var analytic = new double[p];
                for (int k = 0; k < p; k++)
                {
                    int t = order * p + k;
                    directEst[k] = order == 0 ? CorrelatorEstimators.Moment(direct, t) : CorrelatorEstimators.Connected(direct, t);
                    reduced[k] = neurons is null ? new(double.NaN, double.NaN)
                        : order == 0 ? SingleNeuronReduction.Moment(neurons, t, (NeuronSumEnsemble)ensemble) : SingleNeuronReduction.Connected(neurons, t, (NeuronSumEnsemble)ensemble);
                    var x = tuples[t].Select(points.Point).ToArray();
                    analytic[k] = order == 0 ? options.Spec.AnalyticTwoPoint(x[0], x[1]) : order == 1 ? options.Spec.AnalyticConnectedFourPoint(x) : double.NaN;
                    if (!double.IsNaN(analytic[k])) worstPull = Math.Max(worstPull, Math.Abs(directEst[k].Pull(analytic[k])));
                }
                ExperimentRun.Estimates(run, names[order] + "_direct", directEst);
                ExperimentRun.Estimates(run, names[order] + "_reduction", reduced);
                ExperimentRun.Array(run, names[order] + "_analytic", analytic);
                var plot = EnsembleCharts.New($"{names[order]} vs distance", "|x_k − x_0|", names[order]);
                EnsembleCharts.Estimates(plot, "direct Monte Carlo", r, directEst.Select(e => e.Value).ToArray(), directEst.Select(e => e.StandardError).ToArray(), 0);
                if (neurons is not null) EnsembleCharts.Curve(plot, "exact-in-N reduction", r, reduced.Select(e => e.Value).ToArray(), 2, dashed: true);
                if (analytic.Any(double.IsFinite)) EnsembleCharts.Curve(plot, "closed form", r, analytic, 1);
                EnsembleCharts.Legend(plot);
                panels.Add(plot);
                report.Table(["|x_k − x0|", "direct MC", "reduction", "closed form"], Enumerable.Range(0, p).Select(k =>
                    (IReadOnlyList<string>)[ExperimentRun.Format(r[k], "F3"), ExperimentRun.Format(directEst[k]), neurons is null ? "—" : ExperimentRun.Format(reduced[k]), ExperimentRun.Format(analytic[k])]));
                result[names[order] + "_at_x0"] = ExperimentRun.Number(directEst[0].Value);
            }
            ExperimentRun.Array(run, "distance", r);
            Figure.SavePanels(panels, 3, run.FiguresDirectory, "correlators");
            report.Figure("figures/correlators.png", "G2(x0, x_k), G4_c(x0, x0, x_k, x_k), G6_c(x0, x0, x0, x_k, x_k, x_k): direct Monte Carlo (±1 SE), exact-in-N reduction, closed form.");
            report.Save(run.ReportPath);
            result["max_pull_vs_closed_form"] = options.Spec.HasClosedForms || options.Spec.Architecture == "scalar-net" ? worstPull : null;
            return result;
        });
    }

    static double Distance(double[] x, double[] y)
    {
        double s = 0;
        for (int j = 0; j < x.Length; j++) s += (x[j] - y[j]) * (x[j] - y[j]);
        return Math.Sqrt(s);
    }
}
