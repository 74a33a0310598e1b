using System.Text.Json.Nodes;
using NnPhys.Data;
using NnPhys.Runs;
using NnPhys.IO;

namespace NnPhys.Tests.Runs;

public class RunDirectoryTests
{
    private sealed record TrainConfig(double LearningRate, int[] Widths, string Optimizer);

    private static readonly TrainConfig Config = new(0.1, [784, 512, 10], "sgd");

    [Fact]
    public void Create_WritesARunningManifestWithConfigSeedAndEnvironment()
    {
        using var dir = new TempDirectory();
        string root = dir.Combine("runs", "r1");

        RunDirectory run = RunDirectory.Create(root, "nnphys train mnist", Config, seed: 42, blasDescription: "OpenBLAS 0.3.21");

        Assert.True(Directory.Exists(run.ArraysDirectory));
        Assert.True(Directory.Exists(run.FiguresDirectory));
        Assert.True(Directory.Exists(run.CheckpointsDirectory));
        JsonNode manifest = JsonNode.Parse(File.ReadAllText(run.ManifestPath))!;
        Assert.Equal("running", manifest["status"]!.GetValue<string>());
        Assert.Equal("nnphys train mnist", manifest["command"]!.GetValue<string>());
        Assert.Equal(42UL, manifest["seed"]!.GetValue<ulong>());
        Assert.Equal(0.1, manifest["config"]!["learningRate"]!.GetValue<double>());
        Assert.Equal(512, manifest["config"]!["widths"]![1]!.GetValue<int>());
        Assert.Equal("OpenBLAS 0.3.21", manifest["blas"]!.GetValue<string>());
        Assert.StartsWith(".NET", manifest["dotNetVersion"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(manifest["nnPhysVersion"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(manifest["operatingSystem"]!.GetValue<string>()));
        string? commit = manifest["gitCommit"]?.GetValue<string>();
        Assert.True(commit is null || (commit.Length == 40 && commit.All(Uri.IsHexDigit)), commit);
        Assert.Contains("\n  \"command\"", File.ReadAllText(run.ManifestPath)); // indented
    }

    [Fact]
    public void StatusIsCompleteOnlyAfterComplete_AndFailedKeepsTheMessage()
    {
        using var dir = new TempDirectory();
        RunDirectory run = RunDirectory.Create(dir.Combine("ok"), "cmd", Config, 1, null);
        run.RecordMetric("test_accuracy", 0.987);
        run.AddTiming("training", TimeSpan.FromSeconds(1.5));
        run.AddTiming("training", TimeSpan.FromSeconds(2.0));
        run.SaveManifest();
        Assert.Equal(RunStatus.Running, RunDirectory.ReadManifest(run.Root).Status);

        run.Complete();
        RunManifest done = RunDirectory.ReadManifest(run.Root);
        Assert.Equal(RunStatus.Complete, done.Status);
        Assert.Equal(0.987, done.Metrics["test_accuracy"]);
        Assert.Equal(3.5, done.TimingsSeconds["training"], 12);
        Assert.NotNull(done.FinishedUtc);

        RunDirectory failing = RunDirectory.Create(dir.Combine("bad"), "cmd", Config, 1, null);
        failing.Fail("loss became NaN at step 17");
        RunManifest failed = RunDirectory.ReadManifest(failing.Root);
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal("loss became NaN at step 17", failed.StatusMessage);
        Assert.Contains("\"status\": \"failed\"", File.ReadAllText(failing.ManifestPath));
    }

    [Fact]
    public void TimeScope_AddsElapsedTime()
    {
        using var dir = new TempDirectory();
        RunDirectory run = RunDirectory.Create(dir.Path, "cmd", null, 1, null);
        using (run.Time("sleep")) Thread.Sleep(30);
        Assert.InRange(run.Manifest.TimingsSeconds["sleep"], 0.025, 5.0);
    }

    [Fact]
    public void OutputPathThatIsAFile_IsAClearError()
    {
        using var dir = new TempDirectory();
        string file = dir.Combine("results.txt");
        File.WriteAllText(file, "not a directory");

        var e = Assert.Throws<DataFileException>(() => RunDirectory.Create(file, "cmd", Config, 1, null));
        Assert.Contains(file, e.Message);
        Assert.Contains("existing file", e.Message);
        Assert.Equal("not a directory", File.ReadAllText(file));

        var nested = Assert.Throws<DataFileException>(() => RunDirectory.Create(Path.Combine(file, "run"), "cmd", Config, 1, null));
        Assert.Contains("which is a file", nested.Message);
    }

    [Fact]
    public void Resume_AcceptsTheConfigAsJsonText()
    {
        using var dir = new TempDirectory();
        RunDirectory.Create(dir.Path, "cmd", Config, 7, null).Dispose();
        RunDirectory.OpenForResume(dir.Path, """{"learningRate": 0.1, "widths": [784, 512, 10], "optimizer": "sgd"}""").Dispose();
        var e = Assert.Throws<InvalidConfigException>(() => RunDirectory.OpenForResume(dir.Path, """{"learningRate": 0.1, "widths": [784, 512, 10], "optimizer": "adam"}"""));
        Assert.Contains("optimizer (saved \"sgd\", now \"adam\")", e.Message);
    }

    [Fact]
    public void CreatingOverAnExistingRun_IsRefused()
    {
        using var dir = new TempDirectory();
        RunDirectory.Create(dir.Path, "cmd", Config, 1, null).Dispose();
        var e = Assert.Throws<DataFileException>(() => RunDirectory.Create(dir.Path, "cmd", Config, 1, null));
        Assert.Contains("--resume", e.Message);
    }

    [Fact]
    public void WriteArray_WritesNpy_AndRefusesNaNUnlessAllowed()
    {
        using var dir = new TempDirectory();
        RunDirectory run = RunDirectory.Create(dir.Path, "cmd", Config, 1, null);

        string path = run.WriteArray("loss", NpyArray.Of(new[] { 1.0, 0.5 }));
        Assert.Equal(Path.Combine(run.ArraysDirectory, "loss.npy"), path);
        Assert.Equal([1.0, 0.5], Npy.Read(path).As<double>());

        var e = Assert.Throws<NumericalInstabilityException>(() => run.WriteArray("bad", NpyArray.Of(new[] { 1f, float.NaN })));
        Assert.Contains("flat index 1", e.Message);
        Assert.False(File.Exists(run.ArrayPath("bad")));
        run.WriteArray("masked", NpyArray.Of(new[] { 1f, float.NaN }), allowNonFinite: true);
        Assert.True(File.Exists(run.ArrayPath("masked")));

        Assert.Throws<NumericalInstabilityException>(() => run.RecordMetric("loss", double.PositiveInfinity));
    }

    [Fact]
    public void WriteJson_StaysInsideTheRun()
    {
        using var dir = new TempDirectory();
        RunDirectory run = RunDirectory.Create(dir.Combine("run"), "cmd", Config, 1, null);
        string path = run.WriteJson("summary/spectrum.json", new { TopEigenvalue = 3.25 });
        Assert.Equal(3.25, JsonNode.Parse(File.ReadAllText(path))!["topEigenvalue"]!.GetValue<double>());
        Assert.Throws<ArgumentException>(() => run.WriteJson("../escape.json", 1));
    }

    [Fact]
    public void Resume_WithTheSameConfig_SetsRunningAgainAndCountsResumes()
    {
        using var dir = new TempDirectory();
        RunDirectory first = RunDirectory.Create(dir.Path, "cmd", Config, 7, null);
        first.RecordMetric("partial", 1.0);
        first.SaveManifest(); // the process is then killed: status stays "running" and the OS drops its lock
        first.Dispose();

        JsonNode sameConfigOtherOrder = JsonNode.Parse("""{"optimizer": "sgd", "widths": [784, 512, 10], "learningRate": 0.10}""")!;
        RunDirectory resumed = RunDirectory.OpenForResume(dir.Path, sameConfigOtherOrder, seed: 7);

        Assert.Equal(1, resumed.Manifest.ResumeCount);
        Assert.Equal(RunStatus.Running, RunDirectory.ReadManifest(dir.Path).Status);
        Assert.Equal(1.0, resumed.Manifest.Metrics["partial"]);
    }

    [Fact]
    public void Resume_WithADifferentConfig_ListsEveryDifferingKey()
    {
        using var dir = new TempDirectory();
        RunDirectory.Create(dir.Path, "cmd", Config, 7, null).Dispose();

        var e = Assert.Throws<InvalidConfigException>(() =>
            RunDirectory.OpenForResume(dir.Path, new TrainConfig(0.2, [784, 256, 10], "sgd"), seed: 8));

        Assert.Contains("3 key(s)", e.Message);
        Assert.Contains("seed (saved 7, now 8)", e.Message);
        Assert.Contains("learningRate (saved 0.1, now 0.2)", e.Message);
        Assert.Contains("widths[1] (saved 512, now 256)", e.Message);
        Assert.DoesNotContain("optimizer", e.Message);
    }

    [Fact]
    public void Resume_WithoutARun_IsAClearError()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<DataFileException>(() => RunDirectory.OpenForResume(dir.Path, Config));
        Assert.Contains("manifest.json", e.Message);
    }
}
