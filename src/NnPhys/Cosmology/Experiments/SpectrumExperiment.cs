using System.Text.Json.Nodes;
using NnPhys.Plotting;
using NnPhys.Runs;
using static NnPhys.Cosmology.Experiments.CosmologyRun;

namespace NnPhys.Cosmology.Experiments;

/// <summary>Config of <c>nnphys cosmology spectrum</c> (the paper's Fig. 4).</summary>
/// <param name="Network">Architecture of every network.</param>
/// <param name="Networks">Random networks R (seeds Seed..Seed+R−1).</param>
/// <param name="Points">Inputs N, equally spaced on [−a, a] (as <c>cosmology modes</c>).</param>
/// <param name="HalfWidth">a.</param>
/// <param name="Input">The single input x₀ of the homogeneous comparison (default 0, the centre of the interval).</param>
/// <param name="Seed">First seed.</param>
public sealed record SpectrumConfig(ScalarNetworkSpec Network, int Networks = 200, int Points = 32, double HalfWidth = 1.0, double Input = 0.0, ulong Seed = 0) : NnPhys.Runs.IExperimentConfig
{
    /// <summary>Throws on an invalid field before anything is written.</summary>
    public void Validate()
    {
        Network.Validate();
        if (Networks < 2) throw new InvalidConfigException($"--networks {Networks} is too few for a distribution; use at least 2, e.g. --networks 200.");
        if (Points < 2) throw new InvalidConfigException($"--points {Points} must be at least 2 (an interval of inputs), e.g. --points 32.");
        if (!(HalfWidth > 0) || !double.IsFinite(HalfWidth)) throw new InvalidConfigException($"--half-width {HalfWidth} must be a positive number, e.g. --half-width 1.");
        if (!double.IsFinite(Input)) throw new InvalidConfigException($"--input {Input} must be finite, e.g. --input 1.");
    }

    /// <summary>The N equally spaced inputs on [−a, a].</summary>
    public double[] Inputs() => Enumerable.Range(0, Points).Select(i => -HalfWidth + 2 * HalfWidth * i / (Points - 1)).ToArray();
}

/// <summary>Per network r: λ_max of the N × N empirical NTK, its top eigenvector's overlap with the uniform vector,
/// the second eigenvalue, and Θ̄ = Θ(x₀, x₀) of the same network evaluated at one input.</summary>
public sealed record SpectrumResult(SpectrumConfig Config, double[] LargestEigenvalues, double[] SecondEigenvalues, double[] UniformOverlaps, double[] HomogeneousNtk)
{
    /// <summary>λ_max / N: for a constant kernel Θᵢⱼ = Θ̄ the top eigenvalue is exactly N·Θ̄, so this is the scale comparable with Θ̄.</summary>
    public double[] LargestPerPoint => LargestEigenvalues.Select(l => l / Config.Points).ToArray();
}

/// <summary>
/// The distribution over random networks of the largest empirical-NTK eigenvalue of input-dependent networks
/// (nn-cosmology-duality §3, Fig. 4: "very similar to the distribution of Θ̄ observed in the uniform networks"),
/// beside Θ̄ of one-input networks, compared by quantiles and the two-sample Kolmogorov–Smirnov distance.
/// </summary>
public static class SpectrumExperiment
{
    /// <summary>Samples R networks and decomposes each one's NTK.</summary>
    public static SpectrumResult Run(SpectrumConfig config, IProgress<ProgressTick>? progress = null, CancellationToken cancel = default)
    {
        config.Validate();
        int r = config.Networks;
        double[] top = new double[r], second = new double[r], overlap = new double[r], theta = new double[r];
        var inputs = config.Inputs();
        for (int i = 0; i < r; i++)
        {
            cancel.ThrowIfCancellationRequested();
            ulong seed = config.Seed + (ulong)i;
            var modes = ModeDecomposition.Of(new ScalarNetwork(config.Network, inputs, seed).Ntk());
            top[i] = modes.Eigenvalues[0]; second[i] = modes.Eigenvalues[1]; overlap[i] = modes.UniformOverlap(0);
            theta[i] = new ScalarNetwork(config.Network, [config.Input], seed).Ntk()[0, 0]; // the same parameters, one input
            progress?.Report(new ProgressTick((i + 1.0) / r, $"network {i + 1} of {r}: λ_max/N = {top[i] / config.Points:G4}, Θ̄ = {theta[i]:G4}"));
        }
        return new SpectrumResult(config, top, second, overlap, theta);
    }

    /// <summary>Two-sample Kolmogorov–Smirnov distance sup |F_a − F_b| of the empirical CDFs.</summary>
    public static double KolmogorovSmirnov(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var x = a.Order().ToArray(); var y = b.Order().ToArray();
        int i = 0, j = 0; double d = 0;
        while (i < x.Length && j < y.Length)
        {
            double v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= v) i++;
            while (j < y.Length && y[j] <= v) j++;
            d = Math.Max(d, Math.Abs(i / (double)x.Length - j / (double)y.Length));
        }
        return d;
    }

    static double Quantile(double[] v, double q) { var s = v.Order().ToArray(); double pos = q * (s.Length - 1); int lo = (int)Math.Floor(pos); int hi = Math.Min(lo + 1, s.Length - 1); return s[lo] + (pos - lo) * (s[hi] - s[lo]); }
    static double Std(double[] v) { double m = v.Average(); return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1)); }

    /// <summary>Writes arrays, the ECDF figure, report.md; returns the metrics.</summary>
    public static JsonObject Write(SpectrumResult result, string outputDirectory) =>
        CosmologyRun.Write(outputDirectory, "cosmology spectrum", result.Config, result.Config.Seed, run =>
        {
            var c = result.Config;
            var perPoint = result.LargestPerPoint;
            Array(run, "largest_eigenvalue", result.LargestEigenvalues);
            Array(run, "second_eigenvalue", result.SecondEigenvalues);
            Array(run, "top_mode_uniform_overlap", result.UniformOverlaps);
            Array(run, "homogeneous_ntk", result.HomogeneousNtk);
            static double[] Cdf(int n) => Enumerable.Range(0, n).Select(i => (i + 0.5) / n).ToArray();
            var ecdf = CosmologyCharts.Lines($"Fig. 4: largest NTK eigenvalue over {c.Networks} networks", "value", "fraction of networks ≤ value",
                [new("λ_max / N (input-dependent, N = " + c.Points + ")", perPoint.Order().ToArray(), Cdf(c.Networks)),
                 new($"Θ̄ = Θ(x₀, x₀), one input x₀ = {F(c.Input)}", result.HomogeneousNtk.Order().ToArray(), Cdf(c.Networks), Dashed: true)],
                legend: ScottPlot.Alignment.LowerRight);
            Figure.Save(ecdf, run.FiguresDirectory, "largest_eigenvalue_distribution");
            double ks = KolmogorovSmirnov(perPoint, result.HomogeneousNtk);
            double hierarchy = result.LargestEigenvalues.Zip(result.SecondEigenvalues, (a, b) => a / b).Order().ElementAt(c.Networks / 2);
            string Row(double[] v) => $"{F(v.Average())} | {F(Std(v))} | {F(Quantile(v, 0.05))} | {F(Quantile(v, 0.5))} | {F(Quantile(v, 0.95))}";
            new ReportWriter().Heading("Distribution of the largest NTK eigenvalue over random networks (nn-cosmology-duality Fig. 4)")
                .Paragraph($"{c.Networks} networks {c.Network} (NTK parameterization), seeds {c.Seed}…{c.Seed + (ulong)c.Networks - 1}. Input-dependent: the empirical NTK on N = {c.Points} equally spaced inputs on [−{F(c.HalfWidth)}, {F(c.HalfWidth)}], eigendecomposed. Homogeneous: the same networks at the single input x₀ = {F(c.Input)}. A constant kernel Θ̄ would give λ_max = N·Θ̄ exactly, so λ_max/N is compared with Θ̄.")
                .Table(["quantity", "mean", "std", "5 %", "median", "95 %"],
                    [(IReadOnlyList<string>)["λ_max / N", .. Row(perPoint).Split(" | ")], ["Θ̄ (one input)", .. Row(result.HomogeneousNtk).Split(" | ")], ["λ_max / λ₂", .. Row(result.LargestEigenvalues.Zip(result.SecondEigenvalues, (a, b) => a / b).ToArray()).Split(" | ")], ["top-mode overlap with uniform", .. Row(result.UniformOverlaps).Split(" | ")]])
                .Figure("figures/largest_eigenvalue_distribution.png", "Empirical CDFs of λ_max/N (input-dependent networks) and of Θ̄ (the same networks at one input).")
                .Paragraph($"Two-sample Kolmogorov–Smirnov distance between the two distributions: {F(ks)} (for two samples of {c.Networks} drawn from one distribution, the 5 % critical value is ≈ {F(1.358 * Math.Sqrt(2.0 / c.Networks))}). Median λ_max/λ₂ = {F(hierarchy)}.")
                .Save(run.ReportPath);
            return new JsonObject
            {
                ["largest_eigenvalues"] = new JsonArray(result.LargestEigenvalues.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                ["largest_eigenvalue_mean"] = result.LargestEigenvalues.Average(),
                ["largest_eigenvalue_std"] = Std(result.LargestEigenvalues),
                ["largest_eigenvalue_per_point_mean"] = perPoint.Average(),
                ["largest_eigenvalue_per_point_std"] = Std(perPoint),
                ["homogeneous_ntk_mean"] = result.HomogeneousNtk.Average(),
                ["homogeneous_ntk_std"] = Std(result.HomogeneousNtk),
                ["ks_distance"] = ks,
                ["ks_critical_5pct"] = 1.358 * Math.Sqrt(2.0 / c.Networks),
                ["median_top_to_second_ratio"] = hierarchy,
                ["top_mode_uniform_overlap_mean"] = result.UniformOverlaps.Average(),
            };
        });
}
