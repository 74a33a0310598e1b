using System.CommandLine;
using NnPhys.Ensembles;
using NnPhys.Ensembles.Experiments;
using NnPhys.Runs;

namespace NnPhys.Tests.Ensembles;

/// <summary>Every ensemble experiment runs end to end at small sizes and leaves a complete run directory with its figures.</summary>
public sealed class ExperimentTests : IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), "nnphys-ens-exp-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { if (Directory.Exists(_root)) Directory.Delete(_root, true); }

    void AssertComplete(string dir, params string[] figures)
    {
        Assert.Equal(RunStatus.Complete, RunDirectory.ReadManifest(dir).Status);
        Assert.True(File.Exists(Path.Combine(dir, "report.md")));
        foreach (var f in figures)
        {
            Assert.True(new FileInfo(Path.Combine(dir, "figures", f + ".png")).Length > 1000, $"{f}.png missing or empty");
            Assert.True(File.Exists(Path.Combine(dir, "figures", f + ".svg")));
            Assert.Contains($"figures/{f}.png", File.ReadAllText(Path.Combine(dir, "report.md")));
        }
    }

    [Fact]
    public void CorrelatorsShardsAndMergeWriteRunDirectories()
    {
        var spec = new EnsembleSpec("cos-net", 2, 3);
        var whole = CorrelatorExperiment.Run(new CorrelatorConfig(spec, null, null, true, 2000, 2000, 1), Path.Combine(_root, "corr"));
        AssertComplete(Path.Combine(_root, "corr"), "correlators");
        double pull = whole.MaxPullVsClosedForm!.Value;
        Assert.True(pull < 5, $"max pull {pull}");
        Assert.Equal(24, whole.Rows.Count); // G2, G4_c and (asked for) G6_c at 8 points, every one with a closed form
        Assert.All(whole.Rows, r => Assert.True(double.IsFinite(r.ClosedForm), r.Label));
        foreach (var heading in new[] { "## G2", "## G4_c", "## G6_c" }) Assert.Contains(heading, File.ReadAllText(Path.Combine(_root, "corr", "report.md")));
        var files = new List<string>();
        for (int k = 0; k < 2; k++)
        {
            var m = CorrelatorExperiment.Run(new CorrelatorConfig(spec, null, null, true, 2000, 2000, 1, (k, 2)), Path.Combine(_root, $"shard{k}"));
            files.Add(m.ShardFile!);
        }
        var merged = MergeExperiment.Run(new MergeConfig(files), Path.Combine(_root, "merged"));
        AssertComplete(Path.Combine(_root, "merged"), "correlators");
        Assert.Equal(2000, merged.Correlators.Samples);
        Assert.True(merged.Contiguous);
        Assert.True(merged.SpecFound);
        // the merged G2(x0, x0) is the whole run's (same streams), and the merge compares with the same closed forms and reduction
        Assert.Equal(whole.Rows[0].Direct.Value, merged.Raw[0].Value, 10);
        Assert.Equal(EnsembleJson.Correlators(whole)["G2_at_x0"]!.GetValue<double>(), merged.Raw[0].Value, 10);
        for (int t = 0; t < whole.Rows.Count; t++)
        {
            Assert.Equal(whole.Rows[t].ClosedForm, merged.Correlators.Rows[t].ClosedForm, 12);
            Assert.Equal(whole.Rows[t].Reduction!.Value.Value, merged.Correlators.Rows[t].Reduction!.Value.Value, 10);
            Assert.Equal(whole.Rows[t].Direct.Value, merged.Correlators.Rows[t].Direct.Value, 9);
        }
    }

    [Fact]
    public void ScalingSymmetryFreeScalarOsChecksAndPhi4WriteTheirFigures()
    {
        var scaling = ScalingExperiment.Run(new ScalingConfig(new EnsembleSpec("cos-net", 2, 1), [1, 2, 4], 6000, 2), Path.Combine(_root, "scaling"));
        AssertComplete(Path.Combine(_root, "scaling"), "cumulant_scaling", "nngp_action_deviation", "nngp_action_distribution");
        Assert.InRange(scaling.Kappa4.Fit!.Exponent, -1.5, -0.5);
        Assert.Null(scaling.Kappa6.Fit); // Cos-net's κ6 vanishes identically: reported, not fitted
        Assert.Contains("vanishes identically", scaling.Kappa6.Note);
        var sj = EnsembleJson.Scaling(scaling); // the --json view carries the typed numbers under their documented keys
        Assert.Equal(scaling.Kappa4.Fit.Exponent, sj["kappa4_exponent"]!.GetValue<double>());
        Assert.Equal(scaling.Kappa4.Fit.ExponentError, sj["kappa4_exponent_se"]!.GetValue<double>());
        Assert.Equal(-1.0, sj["kappa4_predicted_exponent"]!.GetValue<double>());
        Assert.Equal(-2.0, sj["kappa6_predicted_exponent"]!.GetValue<double>());
        Assert.Null(sj["kappa6_exponent"]);
        Assert.Equal(scaling.Kappa6.Note, sj["kappa6_note"]!.GetValue<string>());
        Assert.Equal("cos-net", sj["architecture"]!.GetValue<string>());
        Assert.Equal(Path.Combine(_root, "scaling"), sj["run_directory"]!.GetValue<string>());
        var action = sj["action_variance_excess"]!.AsArray();
        Assert.Equal(scaling.Action.Count, action.Count);
        Assert.Equal(scaling.Action[^1].Width, action[^1]!["width"]!.GetValue<int>());
        Assert.Equal(scaling.Action[0].ExcessVariance.Value, action[0]!["value"]!.GetValue<double>());
        Assert.Equal(scaling.Action[0].ExcessVariance.StandardError, action[0]!["se"]!.GetValue<double>());
        Assert.Equal(scaling.Action[0].PredictedExcess, action[0]!["predicted"]!.GetValue<double>());

        var symmetry = SymmetryExperiment.Run(new SymmetryConfig([1, 2], 3000, 3), Path.Combine(_root, "symmetry"));
        AssertComplete(Path.Combine(_root, "symmetry"), "euclidean_invariance");
        Assert.Equal(4, symmetry.Invariance.Count);
        var yj = EnsembleJson.Symmetry(symmetry);
        foreach (var inv in symmetry.Invariance) Assert.Equal(inv.MaxAbsPull, yj[$"max_abs_pull_{inv.Architecture}_{inv.Kind}"]!.GetValue<double>());
        Assert.Equal(symmetry.EvenWeights.Max(m => Math.Abs(m.Estimate.Pull(0))), yj["z2_even_max_abs_pull"]!.GetValue<double>());
        Assert.Equal(symmetry.ShiftedWeights.Max(m => Math.Abs(m.Estimate.Pull(0))), yj["z2_shifted_max_abs_pull"]!.GetValue<double>());

        var spectrum = FreeScalarExperiment.Run(new FreeScalarConfig(Width: 40, Samples: 300, Dimensions: [1, 2]), Path.Combine(_root, "free"));
        AssertComplete(Path.Combine(_root, "free"), "power_spectrum");
        Assert.Equal([1, 2], spectrum.Dimensions.Select(d => d.Dimension));
        Assert.InRange(spectrum.Dimensions[0].MeanSquaredPull, 0, 5);
        var fj = EnsembleJson.FreeScalar(spectrum);
        Assert.Equal(spectrum.Dimensions[1].MeanSquaredPull, fj["d2_mean_squared_pull"]!.GetValue<double>());

        var os = OsChecksExperiment.Run(new OsCheckConfig(3, 2000, 4), Path.Combine(_root, "os"));
        AssertComplete(Path.Combine(_root, "os"), "cluster_decomposition");
        Assert.True(os.Architectures[0].ReflectionPositivity[0].MinEigenvalue < 0);
        // Gauss-net's far cluster value is a heavy-tailed estimate: no pull is printed for it, the closed form decides
        var gauss = os.Architectures.Single(a => a.Architecture == "gauss-net");
        Assert.NotNull(gauss.ClusterNote);
        Assert.False(gauss.Clusters);
        var oj = EnsembleJson.OsChecks(os);
        foreach (var a in os.Architectures)
        {
            Assert.Equal(a.ReflectionPositivity[0].MinEigenvalue, oj[$"{a.Architecture}_rp_two_point_min_eigenvalue"]!.GetValue<double>());
            Assert.Equal(a.ReflectionPositivity[1].MinEigenvalue, oj[$"{a.Architecture}_rp_four_point_min_eigenvalue"]!.GetValue<double>());
            Assert.Equal(a.Cluster[^1].ConnectedFourPoint.Value, oj[$"{a.Architecture}_cluster_g4c_far"]!.GetValue<double>());
            Assert.Equal(a.Clusters, oj[$"{a.Architecture}_clusters"]!.GetValue<bool>());
            Assert.Equal(a.ClusterNote, oj[$"{a.Architecture}_cluster_note"]?.GetValue<string>());
        }
        Assert.Equal(gauss.ClusterClosedFormFar, oj["gauss-net_cluster_g4c_far_closed_form"]!.GetValue<double>());
        Assert.DoesNotContain("SE from the closed form", File.ReadAllText(Path.Combine(_root, "os", "report.md")));

        var phi4 = Phi4Experiment.Run(new Phi4Config(1, 40, Grid: 8, Couplings: [0.01, 1e4], Samples: 2000), Path.Combine(_root, "phi4"));
        AssertComplete(Path.Combine(_root, "phi4"), "phi4");
        Assert.Single(phi4.Warnings); // λ = 1e4 collapses the effective sample size and says so
        var pj = EnsembleJson.Phi4(phi4);
        Assert.Single(pj["warnings"]!.AsArray());
        Assert.Equal(0.01, pj["smallest_coupling"]!.GetValue<double>());
        Assert.Equal(phi4.SmallestCoupling.Shifts[1].Value, pj["g2_shift_at_smallest_coupling"]!.GetValue<double>());
        Assert.Equal(phi4.SmallestCoupling.Shifts[1].StandardError, pj["g2_shift_se_at_smallest_coupling"]!.GetValue<double>());
        Assert.Equal(phi4.SmallestCoupling.FirstOrder[1], pj["g2_first_order_wick_at_smallest_coupling"]!.GetValue<double>());
        Assert.Equal(phi4.SmallestCoupling.SampleFirstOrder[1].Value, pj["g2_first_order_same_samples_at_smallest_coupling"]!.GetValue<double>());
        Assert.Equal(phi4.Points.Min(p => p.EffectiveSampleSize), pj["min_effective_sample_size"]!.GetValue<double>());
        Assert.Contains("WARNING", File.ReadAllText(Path.Combine(_root, "phi4", "report.md")));
    }

    [Fact]
    public void CommandLineRunsACommandAndRejectsBadInputWithExitCode2()
    {
        var root = new RootCommand();
        root.Options.Add(NnPhys.Cli.CommonOptions.Json);
        root.Subcommands.Add(NnPhys.Cli.Commands.EnsembleCommands.Create());
        var dir = Path.Combine(_root, "cli");
        Assert.Equal(0, root.Parse(["ensemble", "correlators", "--samples", "500", "--neuron-samples", "500", "--points", "0,0;0.5,0", "--out", dir]).Invoke());
        AssertComplete(dir, "correlators");
        Assert.Equal(2, root.Parse(["ensemble", "correlators", "--points", "0,0;1", "--out", Path.Combine(_root, "bad")]).Invoke());
        Assert.Equal(2, root.Parse(["ensemble", "merge", Path.Combine(_root, "missing.json"), "--out", Path.Combine(_root, "bad2")]).Invoke());
        Assert.Equal(2, root.Parse(["ensemble", "correlators", "--tuples", "0,7", "--points", "0,0;1,0", "--out", Path.Combine(_root, "bad3")]).Invoke());
        Assert.Equal(2, root.Parse(["ensemble", "correlators", "--arch", "single-layer", "--activation", "swoosh", "--out", Path.Combine(_root, "bad4")]).Invoke());
        Assert.False(Directory.Exists(Path.Combine(_root, "bad3")) && File.Exists(Path.Combine(_root, "bad3", "manifest.json")), "nothing half-written on bad input");
        Assert.NotEqual(0, root.Parse(["ensemble", "scaling", "--width", "3", "--out", Path.Combine(_root, "bad5")]).Invoke()); // refused: widths come from --widths
        var tuplesDir = Path.Combine(_root, "cli-tuples");
        Assert.Equal(0, root.Parse(["ensemble", "correlators", "--arch", "single-layer", "--activation", "erf", "--samples", "500", "--neuron-samples", "500", "--points", "0,0;0.5,0;0,1", "--tuples", "0,1;0,1,2;0,1,2,2", "--out", tuplesDir]).Invoke());
        AssertComplete(tuplesDir, "correlators");
    }
}
