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
        var scaling = ScalingExperiment.Run(new ScalingOptions(new EnsembleSpec("cos-net", 2, 1), [1, 2, 4], 6000, 2), Path.Combine(_root, "scaling"));
        AssertComplete(Path.Combine(_root, "scaling"), "cumulant_scaling", "nngp_action_deviation", "nngp_action_distribution");
        Assert.InRange(scaling["kappa4_exponent"]!.GetValue<double>(), -1.5, -0.5);

        SymmetryExperiment.Run(new SymmetryOptions([1, 2], 3000, 3), Path.Combine(_root, "symmetry"));
        AssertComplete(Path.Combine(_root, "symmetry"), "euclidean_invariance");

        var spectrum = FreeScalarExperiment.Run(new FreeScalarOptions(Width: 40, Samples: 300), Path.Combine(_root, "free"));
        AssertComplete(Path.Combine(_root, "free"), "power_spectrum");
        Assert.InRange(spectrum["d1_mean_squared_pull"]!.GetValue<double>(), 0, 5);

        var os = OsChecksExperiment.Run(new OsCheckOptions(3, 2000, 4), Path.Combine(_root, "os"));
        AssertComplete(Path.Combine(_root, "os"), "cluster_decomposition");
        Assert.True(os["cos-net_rp_two_point_min_eigenvalue"]!.GetValue<double>() < 0);

        var phi4 = Phi4Experiment.Run(new Phi4Options(1, 40, Grid: 8, Couplings: [0.01, 1e4], Samples: 2000), Path.Combine(_root, "phi4"));
        AssertComplete(Path.Combine(_root, "phi4"), "phi4");
        Assert.Single(phi4["warnings"]!.AsArray()); // λ = 1e4 collapses the effective sample size and says so
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
    }
}
