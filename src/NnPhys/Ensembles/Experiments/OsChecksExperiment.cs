using NnPhys.Ensembles.Figures;
using NnPhys.Plotting;
using NnPhys.Runs;

namespace NnPhys.Ensembles.Experiments;

/// <summary>Configuration of <c>nnphys ensemble os-checks</c>: the width of every architecture and which architectures to check.</summary>
public sealed record OsCheckConfig(int Width = 4, long Samples = 60_000, ulong Seed = 0, string[]? Architectures = null)
{
    /// <summary>The architectures the checks make sense for, each with the settings it runs at.</summary>
    public static readonly string[] Supported = ["cos-net", "gauss-net", "scalar-net", "mlp"];
    /// <summary>The architectures run.</summary>
    public string[] ResolvedArchitectures => Architectures ?? Supported;
}

/// <summary>One architecture's verdicts: reflection positivity of the 2- and 4-point matrices and the cluster series.</summary>
/// <param name="Architecture">The architecture's name.</param>
/// <param name="ReflectionPositivity">λ_min of the reflected two- and four-point matrices.</param>
/// <param name="Cluster">G4_c as the pair (x3, x4) moves away.</param>
/// <param name="ClusterClosedFormFar">Closed-form G4_c at the largest separation (NaN where unknown).</param>
/// <param name="Clusters">The verdict: G4_c → 0 with the separation.</param>
/// <param name="ClusterNote">Why the cluster verdict comes from the closed form (the Monte Carlo SE is meaningless for heavy tails), or null.</param>
public sealed record OsCheckArchitecture(string Architecture, IReadOnlyList<ReflectionPositivityResult> ReflectionPositivity, IReadOnlyList<ClusterPoint> Cluster,
    double ClusterClosedFormFar, bool Clusters, string? ClusterNote);

/// <summary>Result of <c>nnphys ensemble os-checks</c>.</summary>
public sealed record OsCheckResult(string RunDirectory, IReadOnlyList<OsCheckArchitecture> Architectures);

/// <summary>
/// <c>nnphys ensemble os-checks</c>: per architecture (Cos-net, Gauss-net, Scalar-net, tanh MLP), reflection positivity
/// (eq. (133)) as the smallest eigenvalue of the reflected two- and four-point matrices, and cluster decomposition as
/// G4_c(x1, x2, x3 + L e, x4 + L e) against L.
/// </summary>
public static class OsChecksExperiment
{
    /// <summary>The settings each architecture is checked at (d = 2).</summary>
    public static EnsembleSpec SpecOf(string architecture, int width) => architecture switch
    {
        "cos-net" => new EnsembleSpec("cos-net", 2, width),
        "gauss-net" => new EnsembleSpec("gauss-net", 2, width, SigmaB0: 0.3),
        "scalar-net" => new EnsembleSpec("scalar-net", 2, width, Cutoff: 20),
        "mlp" => new EnsembleSpec("mlp", 2, width, SigmaW0: 1.5, SigmaB0: 0.1, Depth: 2),
        _ => throw new InvalidConfigException($"os-checks runs {string.Join(", ", OsCheckConfig.Supported)}, not '{architecture}'."),
    };

    /// <summary>Runs the checks.</summary>
    public static OsCheckResult Run(OsCheckConfig options, string outputDirectory, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        Check.Positive(options.Width, "The width N", "--width 100");
        Check.Positive(options.Samples, "The number of samples", "--samples 10000");
        var specs = options.ResolvedArchitectures.Distinct().Select(a => SpecOf(a, options.Width)).ToArray();
        if (specs.Length == 0) throw new InvalidConfigException($"--archs needs at least one of {string.Join(", ", OsCheckConfig.Supported)}.");
        RunDirectory.CheckOutputPath(outputDirectory);
        return ExperimentRun.Run(outputDirectory, "ensemble os-checks", options, options.Seed, run =>
        {
            var results = new List<OsCheckArchitecture>();
            double[][] half = [[0.2, 0.0], [0.5, 0.3], [0.9, -0.2], [1.4, 0.1]];
            double[][] basePoints = [[0.0, 0.0], [0.3, 0.0], [0.0, 0.3], [0.3, 0.3]];
            double[] separations = [0, 0.5, 1, 2, 3, 5, 8];
            var rows = new List<IReadOnlyList<string>>();
            var plot = EnsembleCharts.New($"Cluster decomposition, N = {options.Width}: G4c(x1, x2, x3 + L e, x4 + L e) / G4c at L = 0", "L", "G4c(L) / G4c(0)");
            for (int a = 0; a < specs.Length; a++)
            {
                cancellation.ThrowIfCancellationRequested();
                var e = specs[a].Build();
                var rp = OsterwalderSchraderChecks.ReflectionPositivity(e, half, options.Seed + (ulong)a, options.Samples);
                var cluster = OsterwalderSchraderChecks.ClusterDecomposition(e, basePoints, [1.0, 0.0], separations, options.Seed + 50 + (ulong)a, options.Samples);
                var last = cluster[^1].ConnectedFourPoint;
                bool clusters = Math.Abs(last.Pull(0)) < 3;
                string note = "";
                string? clusterNote = null;
                double far = double.NaN;
                if (specs[a].HasClosedForms)
                {
                    // the closed form decides; a Monte Carlo estimate far from it is flagged, never silently trusted
                    double L = separations[^1], near = specs[a].AnalyticConnectedFourPoint([basePoints[0], basePoints[1], basePoints[2], basePoints[3]]);
                    far = specs[a].AnalyticConnectedFourPoint([basePoints[0], basePoints[1], [basePoints[2][0] + L, basePoints[2][1]], [basePoints[3][0] + L, basePoints[3][1]]]);
                    clusters = Math.Abs(far) < 1e-3 * Math.Abs(near);
                    // issue 13 item 6: no pull is printed where the SE is meaningless (heavy-tailed products: the sample misses the rare
                    // huge terms, so the SE is far too small and a pull of 1e10 says nothing)
                    double pull = last.Pull(far);
                    if (Math.Abs(pull) > CorrelatorAnalysis.PullLimit)
                    {
                        clusterNote = $"Monte Carlo {ExperimentRun.Format(last)} disagrees with the closed form {far:G3}; its terms are heavy-tailed (rare huge samples carry the mean), so its SE is not meaningful and no pull is given; verdict from the closed form";
                        note = " — " + clusterNote;
                    }
                    else note = $" (closed form {far:G3}, pull {pull:F1})";
                    ExperimentRun.Metric(run, $"{specs[a].Architecture}_cluster_g4c_far_closed_form", far);
                }
                foreach (var r in rp)
                    rows.Add([specs[a].Architecture, r.Matrix, ExperimentRun.Format(r.MinEigenvalue), ExperimentRun.Format(r.ErrorScale, "G2"), r.PositiveWithinErrors ? "yes" : "NO (violated)"]);
                rows.Add([specs[a].Architecture, $"cluster: G4c at L = {separations[^1]}", ExperimentRun.Format(last), "", (clusters ? "→ 0 (clusters)" : "≠ 0 (fails at finite N)") + note]);
                ExperimentRun.Metric(run, $"{specs[a].Architecture}_rp_two_point_min_eigenvalue", rp[0].MinEigenvalue);
                ExperimentRun.Metric(run, $"{specs[a].Architecture}_rp_four_point_min_eigenvalue", rp[1].MinEigenvalue);
                ExperimentRun.Metric(run, $"{specs[a].Architecture}_cluster_g4c_far", last.Value);
                results.Add(new OsCheckArchitecture(specs[a].Architecture, rp, cluster, far, clusters, clusterNote));
                ExperimentRun.Estimates(run, $"cluster_{specs[a].Architecture}", cluster.Select(c => c.ConnectedFourPoint).ToArray());
                // normalised by G4c at L = 0 (closed form where one exists) so that all architectures share one axis
                double scale = specs[a].HasClosedForms ? Math.Abs(specs[a].AnalyticConnectedFourPoint(basePoints)) : Math.Abs(cluster[0].ConnectedFourPoint.Value);
                EnsembleCharts.Estimates(plot, specs[a].Architecture, separations, cluster.Select(c => c.ConnectedFourPoint.Value / scale).ToArray(), cluster.Select(c => c.ConnectedFourPoint.StandardError / scale).ToArray(), a);
                if (specs[a].HasClosedForms)
                {
                    var fine = Enumerable.Range(0, 100).Select(i => i * separations[^1] / 99).ToArray();
                    EnsembleCharts.Curve(plot, specs[a].Architecture + " closed form", fine, fine.Select(L => specs[a].AnalyticConnectedFourPoint(
                        [basePoints[0], basePoints[1], [basePoints[2][0] + L, basePoints[2][1]], [basePoints[3][0] + L, basePoints[3][1]]]) / scale).ToArray(), a, dashed: true);
                }
                progress?.Report(new ProgressTick((a + 1.0) / specs.Length, specs[a].Architecture));
            }
            EnsembleCharts.Guide(plot, 0, vertical: false, "");
            plot.Axes.SetLimitsY(-0.5, 3.5); // Gauss-net's closed form keeps growing beyond the top
            EnsembleCharts.Legend(plot);
            ExperimentRun.Array(run, "separations", separations);
            Figure.Save(plot, run.FiguresDirectory, "cluster_decomposition", 900, 600);
            new ReportWriter().Heading("Osterwalder–Schrader checks per architecture (§5.1)")
                .Paragraph($"Reflection x₀ → −x₀. Reflection positivity (eq. (133)): the matrices M_ij = G2(x_i, Rx_j) and M_(ab)(cd) = G4(x_a, x_b, Rx_c, Rx_d) over points with x₀ > 0 must be positive semidefinite; λ_min's standard error comes from 8 independent batches. {options.Samples} networks, N = {options.Width}.")
                .Table(["architecture", "check", "λ_min / value", "SE", "verdict"], rows)
                .Paragraph("Gaussian-kernel networks (Cos-net, Gauss-net) violate reflection positivity already in G2: on the time axis G2(x, Rx') ∝ exp(−s(τ+τ')²/2), whose 2×2 minors are negative. Their connected four-point functions do not cluster at finite N: terms like exp(−s|x1 − x2 + x3 − x4|²/2) in eq. (71) do not depend on the separation, and in Gauss-net (64) the first term even grows like exp(s·a·L) for pairs with a net offset a along the separation (the lognormal products behind it are so heavy-tailed that plain Monte Carlo misses them at large L). Both failures are 1/N effects that vanish in the GP limit.")
                .Figure("figures/cluster_decomposition.png", "G4_c as the pair (x3, x4) moves a distance L from (x1, x2), with closed forms for Cos-net and Gauss-net.")
                .Save(run.ReportPath);
            return new OsCheckResult(run.Root, results);
        });
    }
}
