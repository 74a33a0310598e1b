using NnPhys.Cli;
using NnPhys.Tests.Cli;
using NnPhys.Cli.ScaleOut;
using NnPhys.Cosmology.Experiments;
using NnPhys.IO;

namespace NnPhys.Tests.Cosmology;

/// <summary>
/// <c>cosmology scan --slurm N</c> end to end with a local stand-in for the scheduler that runs the generated array
/// script with bash (as ScaleOutTests does for ensembles): the 3-task array merged equals the unsharded scan exactly
/// (every job is an independent deterministic run; the merge only reorders rows), and a partial set is refused.
/// </summary>
[Collection("Console")]
public sealed class CosmologyScaleOutTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "nnphys cosmo scale " + Guid.NewGuid().ToString("N")[..8]);
    public CosmologyScaleOutTests() => Directory.CreateDirectory(_dir);
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    static readonly string[] Scan = ["cosmology", "scan"];
    static readonly string[] Options = ["--widths", "16", "32", "--lrs", "0.01", "0.1", "--grid-only", "--seeds", "1", "--seed", "3"];
    static IReadOnlyList<string> Cli => ["dotnet", Path.Combine(AppContext.BaseDirectory, "NnPhys.Cli.dll")];



    [Fact]
    public void ThreeTaskSlurmArrayMergedEqualsTheUnshardedScanAndAPartialSetIsRefused()
    {
        string single = Path.Combine(_dir, "single");
        var (code, _, err) = CliHarness.Run([.. Scan, .. Options, "--out", single]);
        Assert.True(code == 0, err);

        var plan = ShardPlan.FromCommandLine([.. Scan, .. Options, "--slurm", "3", "--json"], Scan, 3, Path.Combine(_dir, "array run"));
        Assert.Equal(["cosmology", "scan", .. Options, "--shard", "1/3", "--out", plan.ShardDirectory(1)], plan.TaskArguments("1"));
        var metrics = new ScaleOutRunner(new LocalBashSlurm(), Cli).Run(plan, new SlurmRequest(null, false, false, 0.01), (files, dir) => ScanMerge.Merge(files, dir));
        Assert.Equal(4, (int)metrics["jobs"]!);
        for (int k = 0; k < 3; k++) Assert.True(File.Exists(plan.ShardFile(k)), $"shard file {k}");

        var names = Directory.GetFiles(Path.Combine(single, "arrays"), "*.npy").Select(Path.GetFileName).ToList();
        Assert.Contains("ntk.npy", names);
        foreach (var name in names)
        {
            var a = Npy.Read(Path.Combine(single, "arrays", name!)).Data.Cast<object>().Select(Convert.ToDouble).ToArray();
            var b = Npy.Read(Path.Combine(plan.RunDirectory, "arrays", name!)).Data.Cast<object>().Select(Convert.ToDouble).ToArray();
            Assert.Equal(a.Length, b.Length);
            for (int i = 0; i < a.Length; i++)
                Assert.True(a[i].Equals(b[i]) || Math.Abs(a[i] - b[i]) <= 1e-12 * Math.Max(1, Math.Abs(a[i])), $"{name}[{i}]: {a[i]} vs {b[i]}");
        }

        // two of three shard files: the merge names the missing shard and writes nothing
        string partial = Path.Combine(_dir, "partial");
        var refused = Assert.Throws<InvalidConfigException>(() => ScanMerge.Merge([plan.ShardFile(0), plan.ShardFile(2)], partial));
        Assert.Contains("1/3", refused.Message);
        Assert.False(File.Exists(Path.Combine(partial, "manifest.json")));
    }
}
