using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using NnPhys.Data;
using NnPhys.IO;

namespace NnPhys.Runs;

/// <summary>
/// The directory one experiment writes everything into:
/// <code>
/// manifest.json      command, config, seed, versions, git commit, BLAS, status, timings, metrics
/// report.md          human-readable report embedding the figures (see ReportWriter)
/// arrays/NAME.npy    results, readable with numpy.load
/// figures/NAME.png   figures (and .svg)
/// checkpoints/       epoch-NNNN.npz + epoch-NNNN.json per checkpoint, latest.json pointer
/// </code>
/// The manifest says <c>"status": "running"</c> from the moment the run is created; only <see cref="Complete"/>
/// changes it to <c>"complete"</c>, so an interrupted run never looks finished. Every file is written atomically.
/// One writer per run: <see cref="Create"/> and <see cref="OpenForResume"/> take the directory's <see cref="RunLock"/>
/// (an OS file lock that dies with the process) and keep it until <see cref="Complete"/>, <see cref="Fail"/> or
/// <see cref="Dispose"/>; a second writer is refused with the holder's PID.
/// </summary>
public sealed partial class RunDirectory : IDisposable
{
    private const string ManifestFileName = "manifest.json";

    /// <summary>Full path of the run directory.</summary>
    public string Root { get; }

    /// <summary>The manifest as last written (or about to be written by <see cref="SaveManifest"/>).</summary>
    public RunManifest Manifest { get; }

    /// <summary>The run's checkpoints, in <see cref="CheckpointsDirectory"/>.</summary>
    public Checkpoints Checkpoints { get; }

    /// <summary><c>Root/manifest.json</c>.</summary>
    public string ManifestPath => Path.Combine(Root, ManifestFileName);
    /// <summary><c>Root/report.md</c>.</summary>
    public string ReportPath => Path.Combine(Root, "report.md");
    /// <summary><c>Root/arrays</c>.</summary>
    public string ArraysDirectory => Path.Combine(Root, "arrays");
    /// <summary><c>Root/figures</c>.</summary>
    public string FiguresDirectory => Path.Combine(Root, "figures");
    /// <summary><c>Root/checkpoints</c>.</summary>
    public string CheckpointsDirectory => Path.Combine(Root, "checkpoints");

    private RunLock? _lock;
    private readonly OpenRunScope? _scope;

    private RunDirectory(string root, RunManifest manifest, RunLock runLock)
    {
        Root = root;
        Manifest = manifest;
        _lock = runLock;
        _scope = OpenRunScope.Register(this);
        Checkpoints = new Checkpoints(CheckpointsDirectory, Notify);
    }

    /// <summary>True while this object holds the run's writer lock (from creation or resume until complete/failed/disposed).</summary>
    public bool IsLocked => _lock is not null;

    /// <summary>
    /// Records something the user must know about this run (e.g. a damaged checkpoint was skipped) in the manifest's
    /// <c>notes</c> and passes it to the command's log (<see cref="OpenRunScope.Notice"/>).
    /// </summary>
    public void Notify(string message)
    {
        Manifest.Notes.Add(message);
        SaveManifest();
        _scope?.Notify(message);
    }

    /// <summary>Releases the writer lock without changing the status (a run disposed while "running" can be resumed).</summary>
    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
        _scope?.Remove(this);
    }

    /// <summary>
    /// Creates a new run at <paramref name="path"/> (directories are created as needed) and writes its manifest with
    /// status "running", the full config, the seed, and the environment (nnphys/.NET/OS versions, git commit, BLAS).
    /// </summary>
    /// <param name="path">The run directory; may exist if it holds no previous run.</param>
    /// <param name="command">The command line or experiment name.</param>
    /// <param name="config">Any object System.Text.Json can serialize, a <see cref="JsonNode"/>, or JSON text as a string.</param>
    /// <param name="seed">Master seed.</param>
    /// <param name="blasDescription">Which BLAS is in use (e.g. from <c>BlasProvider</c>), or null.</param>
    /// <param name="data">The data files the run reads (recorded in the manifest; a resume on different data is refused), or null.</param>
    /// <exception cref="DataFileException">The path is an existing file, or the directory already holds a run.</exception>
    /// <exception cref="RunLockedException">Another process is writing the directory.</exception>
    public static RunDirectory Create(string path, string command, object? config, ulong seed, string? blasDescription, DataProvenance? data = null)
    {
        string root = CheckOutputPath(path);
        Directory.CreateDirectory(root);
        RunLock runLock = RunLock.Acquire(root);
        try
        {
            string manifestPath = Path.Combine(root, ManifestFileName);
            if (File.Exists(manifestPath))
                throw new DataFileException(
                    $"Run directory '{root}' already holds a run ({ManifestFileName} exists). Resume it with --resume, or choose another output directory.");
            RunDirectoryContents.RemoveStaleTemporaryFiles(root);
            return CreateLocked(root, runLock, command, config, seed, blasDescription, data);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    private static RunDirectory CreateLocked(string root, RunLock runLock, string command, object? config, ulong seed, string? blasDescription, DataProvenance? data)
    {
        var manifest = new RunManifest
        {
            Command = command ?? "",
            Config = RunManifest.ConfigToJson(config),
            Seed = seed,
            NnPhysVersion = RunEnvironment.NnPhysVersion,
            DotNetVersion = RunEnvironment.DotNetVersion,
            OperatingSystem = RunEnvironment.OperatingSystem,
            GitCommit = RunEnvironment.GitCommit,
            Blas = blasDescription,
            Data = data,
            StartedUtc = DateTimeOffset.UtcNow,
            Status = RunStatus.Running,
        };
        var run = new RunDirectory(root, manifest, runLock);
        Directory.CreateDirectory(run.ArraysDirectory);
        Directory.CreateDirectory(run.FiguresDirectory);
        Directory.CreateDirectory(run.CheckpointsDirectory);
        run.SaveManifest();
        return run;
    }

    /// <summary>
    /// Reopens an interrupted (or finished) run to continue it. The saved config must equal <paramref name="config"/>
    /// (an object, a <see cref="JsonNode"/>, or JSON text as a string)
    /// (numbers by value, object key order ignored) and, when given, the saved seed must equal <paramref name="seed"/>.
    /// The manifest is set back to "running" and its resume count incremented; load the state with <see cref="Checkpoints"/>.
    /// </summary>
    /// <exception cref="DataFileException">The directory or its manifest is missing or unreadable.</exception>
    /// <exception cref="InvalidConfigException">The config or seed differs; the message lists every differing key with both values.</exception>
    /// <param name="data">The data files this session read; when the run recorded its data, files whose SHA-256 differs are refused.</param>
    /// <exception cref="RunLockedException">Another process is writing the directory (e.g. the run is still going).</exception>
    public static RunDirectory OpenForResume(string path, object? config, ulong? seed = null, DataProvenance? data = null)
    {
        string root = CheckOutputPath(path);
        string manifestPath = Path.Combine(root, ManifestFileName);
        if (!File.Exists(manifestPath))
            throw new DataFileException($"Cannot resume: '{root}' holds no {ManifestFileName}. Check the path, or start a new run there without --resume.");
        RunLock runLock = RunLock.Acquire(root);
        try { return OpenLocked(root, manifestPath, runLock, config, seed, data); }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    private static RunDirectory OpenLocked(string root, string manifestPath, RunLock runLock, object? config, ulong? seed, DataProvenance? data)
    {
        RunManifest manifest = RunManifest.FromJson(File.ReadAllText(manifestPath), manifestPath);

        List<ConfigDifference> differences = ConfigDifference.Compare(manifest.Config, RunManifest.ConfigToJson(config));
        if (seed is ulong newSeed && newSeed != manifest.Seed)
            differences.Insert(0, new ConfigDifference("seed", manifest.Seed.ToString(), newSeed.ToString()));
        if (differences.Count > 0)
            throw new InvalidConfigException(
                $"Cannot resume the run in '{root}': the config differs from the saved one in {differences.Count} key(s): " +
                string.Join("; ", differences) +
                ". Resume with the original options, or start a new run in another directory.");
        if (data is not null && manifest.Data is { } savedData && data.DifferencesFrom(savedData) is { Count: > 0 } changed)
            throw new InvalidConfigException(
                $"Cannot resume the run in '{root}': it was trained on other data ({savedData.Directory}) — {string.Join("; ", changed)}. " +
                "Resume with --data pointing to the original files, or start a new run in another directory.");
        if (data is not null) manifest.Data = data;

        manifest.Status = RunStatus.Running;
        manifest.StatusMessage = null;
        manifest.FinishedUtc = null;
        manifest.ResumeCount++;
        var run = new RunDirectory(root, manifest, runLock);
        run.SaveManifest();
        var (files, bytes) = RunDirectoryContents.RemoveStaleTemporaryFiles(root);
        if (files > 0)
            run.Notify($"removed {files} temporary file(s) ({bytes / 1e6:F1} MB) left in the run directory by an interrupted session.");
        return run;
    }

    /// <summary>Path of array <paramref name="name"/>: <c>arrays/NAME.npy</c>.</summary>
    public string ArrayPath(string name) => Path.Combine(ArraysDirectory, CheckedFileName(name) + ".npy");

    /// <summary>Path of figure file <paramref name="fileName"/> (with extension): <c>figures/FILE</c>.</summary>
    public string FigurePath(string fileName) => Path.Combine(FiguresDirectory, CheckedFileName(fileName));

    /// <summary>
    /// Writes <paramref name="array"/> to <c>arrays/NAME.npy</c> atomically and returns the path. Floating-point arrays
    /// holding NaN or ±∞ are refused unless <paramref name="allowNonFinite"/> is true, so NaN never lands in results silently.
    /// </summary>
    /// <exception cref="NumericalInstabilityException">The array has a non-finite value and <paramref name="allowNonFinite"/> is false.</exception>
    public string WriteArray(string name, NpyArray array, bool allowNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (!allowNonFinite) RejectNonFinite(name, array);
        string path = ArrayPath(name);
        Npy.Write(path, array);
        return path;
    }

    /// <summary>Serializes <paramref name="value"/> as indented camelCase JSON to <c>Root/RELATIVE</c> atomically and returns the path.</summary>
    public string WriteJson(string relativePath, object? value)
    {
        string path = ResolveInside(relativePath);
        AtomicFile.WriteAllText(path, RunManifest.ConfigToJson(value)?.ToJsonString(RunManifest.JsonOptions) ?? "null");
        return path;
    }

    /// <summary>Adds <paramref name="duration"/> to the named timing (timings accumulate over resumed sessions).</summary>
    public void AddTiming(string name, TimeSpan duration)
    {
        Manifest.TimingsSeconds.TryGetValue(name, out double seconds);
        Manifest.TimingsSeconds[name] = seconds + duration.TotalSeconds;
    }

    /// <summary>Times a block: <c>using (run.Time("training")) { ... }</c> adds the elapsed time to that timing when disposed.</summary>
    public IDisposable Time(string name) => new TimingScope(this, name);

    /// <summary>Records a headline metric (overwrites an earlier value of the same name).</summary>
    /// <exception cref="NumericalInstabilityException"><paramref name="value"/> is NaN or infinite.</exception>
    public void RecordMetric(string name, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!double.IsFinite(value))
            throw new NumericalInstabilityException($"Metric '{name}' is {value}; the computation diverged. Reduce the learning rate or time step and run again.");
        Manifest.Metrics[name] = value;
    }

    /// <summary>Writes the manifest atomically (status unchanged).</summary>
    public void SaveManifest() => AtomicFile.WriteAllText(ManifestPath, Manifest.ToJson());

    /// <summary>Marks the run complete, writes the manifest and releases the lock. Call only after every result file is written.</summary>
    public void Complete()
    {
        Manifest.Status = RunStatus.Complete;
        Manifest.StatusMessage = null;
        Manifest.FinishedUtc = DateTimeOffset.UtcNow;
        try { SaveManifest(); }
        finally { Dispose(); }
    }

    /// <summary>Marks the run failed with <paramref name="message"/>, writes the manifest and releases the lock.</summary>
    public void Fail(string message)
    {
        Manifest.Status = RunStatus.Failed;
        Manifest.StatusMessage = message;
        Manifest.FinishedUtc = DateTimeOffset.UtcNow;
        try { SaveManifest(); }
        catch (IOException e) when (StorageFailure.Describe(e) is not null && File.Exists(ManifestPath))
        {
            // A full device refuses the temporary file of an atomic write; the old manifest's own blocks can usually be
            // rewritten in place, which is worth the (small) risk of a torn manifest for a run that has failed anyway.
            using var stream = new FileStream(ManifestPath, FileMode.Open, FileAccess.Write, FileShare.None);
            byte[] bytes = new System.Text.UTF8Encoding(false).GetBytes(Manifest.ToJson());
            stream.Write(bytes);
            stream.SetLength(bytes.Length);
        }
        finally { Dispose(); }
    }

    /// <summary>Reads the manifest of the run at <paramref name="path"/> without opening it for writing.</summary>
    /// <exception cref="DataFileException">No manifest, or it is not valid JSON.</exception>
    public static RunManifest ReadManifest(string path)
    {
        string manifestPath = Path.Combine(Path.GetFullPath(path), ManifestFileName);
        if (!File.Exists(manifestPath))
            throw new DataFileException($"'{path}' is not a run directory: it has no {ManifestFileName}.");
        return RunManifest.FromJson(File.ReadAllText(manifestPath), manifestPath);
    }

    private sealed class TimingScope(RunDirectory run, string name) : IDisposable
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            run.AddTiming(name, _watch.Elapsed);
        }
    }
}
