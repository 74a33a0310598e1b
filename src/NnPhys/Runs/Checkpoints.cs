using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NnPhys.Data;
using NnPhys.IO;

namespace NnPhys.Runs;

/// <summary>A checkpoint as loaded: its epoch, its arrays, and its small JSON object of scalars (step counts, RNG state, losses).</summary>
/// <param name="Notice">Set when a damaged newer checkpoint was skipped: what was wrong and which epoch is used instead.</param>
public sealed record Checkpoint(int Epoch, Dictionary<string, NpyArray> Arrays, JsonObject State, string? Notice = null);

/// <summary>
/// Per-epoch checkpoints in a run's <c>checkpoints/</c> directory. Saving epoch N writes, each atomically and in
/// this order, <c>epoch-000N.npz</c> (the arrays), <c>epoch-000N.json</c> (the scalars), and last
/// <c>latest.json</c>, a pointer <c>{"epoch": N, ...}</c>. A checkpoint exists only once the pointer names it, so a
/// process killed mid-save leaves the previous checkpoint as the latest one.
/// </summary>
public sealed class Checkpoints
{
    private const string LatestFileName = "latest.json";

    /// <summary>The checkpoints directory (created on first save).</summary>
    public string Directory { get; }

    private readonly Action<string>? _onNotice;

    /// <summary>Checkpoints kept in <paramref name="directory"/>.</summary>
    /// <param name="directory">The checkpoints directory.</param>
    /// <param name="onNotice">Told when <see cref="LoadLatest"/> skips a damaged checkpoint (the run directory records it in the manifest and the log).</param>
    public Checkpoints(string directory, Action<string>? onNotice = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _onNotice = onNotice;
    }

    /// <summary>Path of the arrays of <paramref name="epoch"/>: <c>epoch-0005.npz</c>.</summary>
    public string ArraysPath(int epoch) => Path.Combine(Directory, $"epoch-{epoch.ToString("D4", CultureInfo.InvariantCulture)}.npz");

    /// <summary>Path of the scalars of <paramref name="epoch"/>: <c>epoch-0005.json</c>.</summary>
    public string StatePath(int epoch) => Path.Combine(Directory, $"epoch-{epoch.ToString("D4", CultureInfo.InvariantCulture)}.json");

    /// <summary>Path of the pointer to the latest complete checkpoint.</summary>
    public string LatestPath => Path.Combine(Directory, LatestFileName);

    /// <summary>
    /// Saves the checkpoint of <paramref name="epoch"/> (arrays, then scalars, then the <c>latest.json</c> pointer),
    /// each file atomically. Saving an epoch again replaces it. The pointer records the SHA-256 of both files, and
    /// the same for the older checkpoints still on disk (newest first), so that a damaged newest checkpoint can be
    /// detected and an intact older one used instead.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public void Save(int epoch, IReadOnlyDictionary<string, NpyArray> arrays, JsonObject? state = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentNullException.ThrowIfNull(arrays);
        List<JsonObject> older = ReadPointerEntries().Where(e => EntryEpoch(e) != epoch && EntryFilesExist(e)).ToList();
        Npz.Write(ArraysPath(epoch), arrays);
        AtomicFile.WriteAllText(StatePath(epoch), (state ?? new JsonObject()).ToJsonString(RunManifest.JsonOptions));
        JsonObject pointer = Entry(epoch);
        var previous = new JsonArray();
        foreach (JsonObject entry in older.OrderByDescending(EntryEpoch))
        {
            var copy = (JsonObject)entry.DeepClone();
            copy.Remove("previous"); // flat entries only: the pointer read back lists itself first, with its own "previous"
            previous.Add(copy);
        }
        pointer["previous"] = previous;
        AtomicFile.WriteAllText(LatestPath, pointer.ToJsonString(RunManifest.JsonOptions)); // written last: commits the checkpoint
    }

    /// <summary>
    /// The epoch of the newest intact checkpoint (files present, SHA-256 as recorded, zip CRCs correct), or null when
    /// no checkpoint was completed.
    /// </summary>
    /// <exception cref="DataFileException">The pointer is unreadable, or no recorded checkpoint is intact.</exception>
    public int? LatestEpoch() => FindIntact()?.Epoch;

    /// <summary>
    /// The newest intact checkpoint, or null when there is none. When the newest one is damaged (altered bytes, a
    /// truncated or missing file) an older intact one is loaded and <see cref="Checkpoint.Notice"/> says so.
    /// </summary>
    /// <exception cref="DataFileException">The pointer is unreadable, or every recorded checkpoint is damaged.</exception>
    public Checkpoint? LoadLatest()
    {
        if (FindIntact() is not { } found) return null;
        Checkpoint checkpoint = Load(found.Epoch);
        if (found.Notice is null) return checkpoint;
        _onNotice?.Invoke(found.Notice);
        return checkpoint with { Notice = found.Notice };
    }

    /// <summary>Walks the pointer's checkpoints newest first and returns the first intact one, with a notice when it is not the newest.</summary>
    private (int Epoch, string? Notice)? FindIntact()
    {
        List<JsonObject> entries = ReadPointerEntries();
        if (entries.Count == 0) return null;
        var problems = new List<string>();
        foreach (JsonObject entry in entries)
        {
            int epoch = EntryEpoch(entry);
            string? sha(string key) => entry["sha256"]?[key]?.GetValue<string>();
            string? problem = CheckpointVerifier.Problem(ArraysPath(epoch), sha("arrays"), isZip: true)
                ?? CheckpointVerifier.Problem(StatePath(epoch), sha("state"), isZip: false);
            if (problem is null)
                return (epoch, problems.Count == 0 ? null
                    : $"Checkpoint damaged — {string.Join("; ", problems)}. Resuming from the newest intact checkpoint, epoch {epoch}.");
            problems.Add($"epoch {epoch}: {problem}");
        }
        throw new DataFileException(
            $"No intact checkpoint in '{Directory}' ({string.Join("; ", problems)}). The run directory was damaged or modified; start a new run in another directory.");
    }

    private JsonObject Entry(int epoch) => new()
    {
        ["epoch"] = epoch,
        ["arrays"] = Path.GetFileName(ArraysPath(epoch)),
        ["state"] = Path.GetFileName(StatePath(epoch)),
        ["sha256"] = new JsonObject
        {
            ["arrays"] = CheckpointVerifier.Sha256(ArraysPath(epoch)),
            ["state"] = CheckpointVerifier.Sha256(StatePath(epoch)),
        },
    };

    private static int EntryEpoch(JsonObject entry) => entry["epoch"]!.GetValue<int>();

    private bool EntryFilesExist(JsonObject entry) => File.Exists(ArraysPath(EntryEpoch(entry))) && File.Exists(StatePath(EntryEpoch(entry)));

    /// <summary>The pointer's checkpoint entries, newest first (the pointer itself, then its "previous" list); empty when there is no pointer.</summary>
    private List<JsonObject> ReadPointerEntries()
    {
        if (!File.Exists(LatestPath)) return [];
        try
        {
            JsonObject pointer = JsonNode.Parse(File.ReadAllText(LatestPath)) as JsonObject
                ?? throw new DataFileException($"Checkpoint pointer '{LatestPath}' is not a JSON object. Delete it to restart from scratch, or start a new run.");
            if (pointer["epoch"] is null)
                throw new DataFileException($"Checkpoint pointer '{LatestPath}' has no epoch. Delete it to restart from scratch, or start a new run.");
            var entries = new List<JsonObject> { pointer };
            if (pointer["previous"] is JsonArray previous) entries.AddRange(previous.OfType<JsonObject>());
            foreach (JsonObject entry in entries) EntryEpoch(entry); // validates every epoch field
            return entries;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NullReferenceException)
        {
            throw new DataFileException($"Checkpoint pointer '{LatestPath}' is not valid ({e.Message}). Delete it to restart from scratch, or start a new run.", e);
        }
    }

    /// <summary>Loads the arrays and scalars saved for <paramref name="epoch"/>.</summary>
    /// <exception cref="DataFileException">A file is missing or corrupt.</exception>
    public Checkpoint Load(int epoch)
    {
        Dictionary<string, NpyArray> arrays = Npz.Read(ArraysPath(epoch));
        string statePath = StatePath(epoch);
        if (!File.Exists(statePath))
            throw new DataFileException($"Checkpoint state '{statePath}' is missing. The run directory was modified; start a new run.");
        JsonObject state;
        try
        {
            state = JsonNode.Parse(File.ReadAllText(statePath)) as JsonObject
                ?? throw new DataFileException($"Checkpoint state '{statePath}' is not a JSON object. Start a new run.");
        }
        catch (JsonException e)
        {
            throw new DataFileException($"Checkpoint state '{statePath}' is not valid JSON ({e.Message}). Start a new run.", e);
        }
        return new Checkpoint(epoch, arrays, state);
    }
}
