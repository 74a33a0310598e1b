using System.Diagnostics;
using System.Text.Json.Nodes;
using NnPhys.Cli;
using NnPhys.Cli.ScaleOut;
using NnPhys.Ensembles.Experiments;
using NnPhys.IO;

namespace NnPhys.Tests.Cli;

/// <summary>
/// The Slurm scale-out end to end with a local stand-in for the scheduler that runs the generated array script with bash
/// (the real single-node cluster is scripts/slurm-test.sh): shards merged equal one process; a failed index is reported
/// with its log tail and only it is resubmitted; the script survives spaces in paths; the Kubernetes manifest has what
/// a batch/v1 Indexed Job requires.
/// </summary>
[Collection("Console")]
public sealed class ScaleOutTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "nnphys scale out " + Guid.NewGuid().ToString("N")[..8]);
    public ScaleOutTests() => Directory.CreateDirectory(_dir);
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    static readonly string[] Correlators = ["ensemble", "correlators"];
    static readonly string[] Options = ["--arch", "gauss-net", "--width", "3", "--samples", "4000", "--neuron-samples", "2000", "--seed", "5"];
    static IReadOnlyList<string> Cli => ["dotnet", Path.Combine(AppContext.BaseDirectory, "NnPhys.Cli.dll")];



    static void AssertSameArrays(string expectedRun, string actualRun, double relativeTolerance)
    {
        var names = Directory.GetFiles(Path.Combine(expectedRun, "arrays"), "*.npy").Select(Path.GetFileName).ToList();
        Assert.Contains("connected.npy", names);
        foreach (var name in names)
        {
            var a = Npy.Read(Path.Combine(expectedRun, "arrays", name!)).Data.Cast<object>().Select(Convert.ToDouble).ToArray();
            var b = Npy.Read(Path.Combine(actualRun, "arrays", name!)).Data.Cast<object>().Select(Convert.ToDouble).ToArray();
            Assert.Equal(a.Length, b.Length);
            double scale = a.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max() + 1e-300;
            // standard errors come from differences of summed moments (cancellation): 1e-9 there
            double tolerance = name!.EndsWith("_se.npy", StringComparison.Ordinal) ? Math.Max(relativeTolerance, 1e-9) : relativeTolerance;
            for (int i = 0; i < a.Length; i++)
                if (double.IsFinite(a[i])) Assert.True(Math.Abs(a[i] - b[i]) <= tolerance * scale, $"{name}[{i}]: {a[i]} vs {b[i]}");
        }
    }

    [Fact]
    public void ShardPlanDropsScaleOutOptionsAndGivesEachTaskItsShardAndFolder()
    {
        var plan = ShardPlan.FromCommandLine(["--json", "ensemble", "correlators", "--width", "3", "--slurm", "4", "--out=/x/run", "--no-wait", "--slurm-args", "--mem=1G"],
            Correlators, 4, "/x/run");
        Assert.Equal(["--width", "3"], plan.Arguments);
        Assert.Equal(["ensemble", "correlators", "--width", "3", "--shard", "2/4", "--out", "/x/run/shards/shard-2"], plan.TaskArguments("2"));
        Assert.Equal("/x/run/shards/shard-2/shard-2-of-4.json", plan.ShardFile(2));
        Assert.Throws<InvalidConfigException>(() => ShardPlan.FromCommandLine(["ensemble"], Correlators, 4, "/x"));
        Assert.Throws<InvalidConfigException>(() => ShardPlan.FromCommandLine(["ensemble", "correlators"], Correlators, 0, "/x"));
        Assert.Equal(["--time=01:00:00", "--mem 4G"], SlurmScript.SplitArguments(" --time=01:00:00 --mem 4G "));
        Assert.Throws<InvalidConfigException>(() => SlurmScript.SplitArguments("oops"));
    }

    [Fact]
    public void ArrayScriptPassesArgumentsWithSpacesAndQuotesIntactAndRecordsExitCodes()
    {
        var plan = new ShardPlan(Correlators, ["--points", "0,1;2 3", "--note", "it's"], 3, Path.Combine(_dir, "run one"));
        Directory.CreateDirectory(plan.ScaleOutDirectory);
        string script = Path.Combine(plan.ScaleOutDirectory, "array.sbatch");
        File.WriteAllText(script, SlurmScript.Render(plan, ["printf", "[%s]\\n"], "--mem=1G"));
        Assert.Contains("#SBATCH --array=0-2", File.ReadAllText(script));
        Assert.Contains("#SBATCH --mem=1G", File.ReadAllText(script));
        new LocalBashSlurm().Submit(script);
        var log = File.ReadAllLines(plan.TaskLog(1));
        Assert.Equal(["[ensemble]", "[correlators]", "[--points]", "[0,1;2 3]", "[--note]", "[it's]", "[--shard]", "[1/3]", "[--out]", $"[{plan.ShardDirectory(1)}]"], log);
        Assert.Equal("0", File.ReadAllText(plan.TaskExitFile(1)).Trim());
    }

    [Fact]
    public void FourShardsMergedEqualOneProcessAndAFailedIndexIsReportedAndResubmittedAlone()
    {
        // the one-process reference: all streams as a single shard (0 of 1), merged the same way
        string single = Path.Combine(_dir, "single"), singleMerged = Path.Combine(_dir, "single merged");
        var (code, _, err) = CliHarness.Run([.. Correlators, .. Options, "--shard", "0/1", "--out", single]);
        Assert.True(code == 0, err);
        MergeExperiment.Run(new MergeConfig([Path.Combine(single, "shard-0-of-1.json")]), singleMerged);

        // a wrapper that fails shard 2 only, as a node that dies would
        string flaky = Path.Combine(_dir, "flaky.sh");
        File.WriteAllText(flaky, "#!/usr/bin/env bash\nfor a in \"$@\"; do [ \"$a\" = 2/4 ] && { echo 'node lost: simulated failure' >&2; exit 7; }; done\nexec \"$@\"\n");
        var slurm = new LocalBashSlurm();
        var plan = ShardPlan.FromCommandLine([.. Correlators, .. Options, "--slurm", "4"], Correlators, 4, Path.Combine(_dir, "array run"));
        var merge = (IReadOnlyList<string> files, string dir) => EnsembleJson.Merge(MergeExperiment.Run(new MergeConfig(files), dir));
        var failure = Assert.Throws<ScaleOutFailedException>(() =>
            new ScaleOutRunner(slurm, ["bash", flaky, .. Cli]).Run(plan, new SlurmRequest(null, false, false, 0.01), merge));
        Assert.Contains("1 of 4 array tasks failed: 2.", failure.Message);
        Assert.Contains("exit code 7", failure.Message);
        Assert.Contains("node lost: simulated failure", failure.Message); // the log tail
        Assert.Contains("--slurm-resubmit-failed", failure.Message);
        Assert.False(File.Exists(Path.Combine(plan.RunDirectory, "manifest.json"))); // nothing merged from a partial set

        var metrics = new ScaleOutRunner(slurm, Cli).Run(plan, new SlurmRequest(null, false, true, 0.01), merge);
        Assert.Equal([2], slurm.Submitted[^1]);               // only the failed index ran again
        Assert.Equal(1, (int)metrics["scale_out_resubmitted_tasks"]!);
        AssertSameArrays(singleMerged, plan.RunDirectory, 1e-12);
    }

    [Fact]
    public void KubernetesManifestIsAnIndexedBatchV1JobWithEveryRequiredField()
    {
        var plan = new ShardPlan(Correlators, ["--width", "3"], 8, "/home/u/runs/big");
        var job = JsonNode.Parse(KubernetesIndexedJob.Render(plan, "registry.example/nnphys:0.1.0", "runs-pvc", 4))!.AsObject();
        // batch/v1 Job: apiVersion, kind, metadata.name (DNS-1123), spec.template.spec.containers[*].{name,image};
        // Indexed mode needs completions; a Job's restartPolicy must be Never or OnFailure; backoffLimitPerIndex needs Indexed.
        Assert.Equal("batch/v1", (string)job["apiVersion"]!);
        Assert.Equal("Job", (string)job["kind"]!);
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", (string)job["metadata"]!["name"]!);
        var spec = job["spec"]!.AsObject();
        Assert.Equal("Indexed", (string)spec["completionMode"]!);
        Assert.Equal(8, (int)spec["completions"]!);
        Assert.Equal(4, (int)spec["parallelism"]!);
        var pod = spec["template"]!["spec"]!.AsObject();
        Assert.Contains((string)pod["restartPolicy"]!, new[] { "Never", "OnFailure" });
        var container = pod["containers"]!.AsArray().Single()!.AsObject();
        Assert.Equal("registry.example/nnphys:0.1.0", (string)container["image"]!);
        string shell = (string)container["args"]![0]!;
        Assert.Contains("--shard \"$JOB_COMPLETION_INDEX\"/8", shell);
        Assert.Contains("--out /runs/big/shards/shard-\"$JOB_COMPLETION_INDEX\"", shell);
        Assert.Equal("runs-pvc", (string)pod["volumes"]![0]!["persistentVolumeClaim"]!["claimName"]!);
        Assert.Equal((string)pod["volumes"]![0]!["name"]!, (string)container["volumeMounts"]![0]!["name"]!);
        Assert.Throws<InvalidConfigException>(() => KubernetesIndexedJob.Render(plan, " ", null, null));
    }

    [Fact]
    public void ScaleOutOptionsAreCheckedBeforeAnythingIsWritten()
    {
        string run = Path.Combine(_dir, "never");
        var (code, _, err) = CliHarness.Run([.. Correlators, "--no-wait", "--out", run]);
        Assert.Equal(2, code); Assert.Contains("go with --slurm", err);
        (code, _, err) = CliHarness.Run([.. Correlators, "--slurm", "4", "--shard", "0/4", "--out", run]);
        Assert.Equal(2, code); Assert.Contains("drop --shard", err);
        (code, _, err) = CliHarness.Run([.. Correlators, "--slurm", "4", "--slurm-args", "bad", "--out", run]);
        Assert.Equal(2, code); Assert.Contains("not an sbatch option", err);
        Assert.False(Directory.Exists(run));
    }
}
