using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NnPhys.Data;
using NnPhys.IO;

namespace NnPhys.Runs;

/// <summary>A checkpoint as loaded: its epoch, its arrays, and its small JSON object of scalars (step counts, RNG state, losses).</summary>
public sealed record Checkpoint(int Epoch, Dictionary<string, NpyArray> Arrays, JsonObject State);

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

    /// <summary>Checkpoints kept in <paramref name="directory"/>.</summary>
    public Checkpoints(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>Path of the arrays of <paramref name="epoch"/>: <c>epoch-0005.npz</c>.</summary>
    public string ArraysPath(int epoch) => Path.Combine(Directory, $"epoch-{epoch.ToString("D4", CultureInfo.InvariantCulture)}.npz");

    /// <summary>Path of the scalars of <paramref name="epoch"/>: <c>epoch-0005.json</c>.</summary>
    public string StatePath(int epoch) => Path.Combine(Directory, $"epoch-{epoch.ToString("D4", CultureInfo.InvariantCulture)}.json");

    /// <summary>Path of the pointer to the latest complete checkpoint.</summary>
    public string LatestPath => Path.Combine(Directory, LatestFileName);

    /// <summary>
    /// Saves the checkpoint of <paramref name="epoch"/> (arrays, then scalars, then the <c>latest.json</c> pointer),
    /// each file atomically. Saving an epoch again replaces it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public void Save(int epoch, IReadOnlyDictionary<string, NpyArray> arrays, JsonObject? state = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentNullException.ThrowIfNull(arrays);
        Npz.Write(ArraysPath(epoch), arrays);
        AtomicFile.WriteAllText(StatePath(epoch), (state ?? new JsonObject()).ToJsonString(RunManifest.JsonOptions));
        var pointer = new JsonObject
        {
            ["epoch"] = epoch,
            ["arrays"] = Path.GetFileName(ArraysPath(epoch)),
            ["state"] = Path.GetFileName(StatePath(epoch)),
        };
        AtomicFile.WriteAllText(LatestPath, pointer.ToJsonString(RunManifest.JsonOptions)); // written last: commits the checkpoint
    }

    /// <summary>The epoch named by <c>latest.json</c>, or null when no checkpoint was completed.</summary>
    /// <exception cref="DataFileException">The pointer is unreadable or names files that are missing.</exception>
    public int? LatestEpoch()
    {
        if (!File.Exists(LatestPath)) return null;
        int epoch;
        try
        {
            JsonNode? pointer = JsonNode.Parse(File.ReadAllText(LatestPath));
            epoch = pointer?["epoch"]?.GetValue<int>()
                ?? throw new DataFileException($"Checkpoint pointer '{LatestPath}' has no epoch. Delete it to restart from scratch, or start a new run.");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new DataFileException($"Checkpoint pointer '{LatestPath}' is not valid ({e.Message}). Delete it to restart from scratch, or start a new run.", e);
        }
        if (!File.Exists(ArraysPath(epoch)) || !File.Exists(StatePath(epoch)))
            throw new DataFileException($"Checkpoint pointer '{LatestPath}' names epoch {epoch}, but {Path.GetFileName(ArraysPath(epoch))} or {Path.GetFileName(StatePath(epoch))} is missing. The run directory was modified; start a new run.");
        return epoch;
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

    /// <summary>The latest complete checkpoint, or null when there is none.</summary>
    public Checkpoint? LoadLatest() => LatestEpoch() is int epoch ? Load(epoch) : null;
}
