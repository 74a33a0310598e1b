using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace NnPhys.Runs;

/// <summary>
/// The contents of a run's <c>manifest.json</c>: what was run (command, full config, seed), on what (nnphys, .NET,
/// OS, git commit, BLAS), how it went (status, timings) and its headline metrics. Serialized with System.Text.Json,
/// camelCase, indented.
/// </summary>
public sealed class RunManifest
{
    /// <summary>Serializer settings for manifests and configs: camelCase names, indented, enums as camelCase strings.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateOptions();

    /// <summary>The command that produced the run, e.g. <c>nnphys train mnist --width 512</c>.</summary>
    public string Command { get; set; } = "";

    /// <summary>The full configuration as JSON; resuming requires the same config.</summary>
    public JsonNode? Config { get; set; }

    /// <summary>Master seed of the run's random streams.</summary>
    public ulong Seed { get; set; }

    /// <summary>Version of the nnphys library that wrote the run.</summary>
    public string NnPhysVersion { get; set; } = "";

    /// <summary>.NET runtime description, e.g. <c>.NET 10.0.0</c>.</summary>
    public string DotNetVersion { get; set; } = "";

    /// <summary>Operating system and architecture.</summary>
    public string OperatingSystem { get; set; } = "";

    /// <summary>Git commit of the nnphys source the program was built from, or null when not available.</summary>
    public string? GitCommit { get; set; }

    /// <summary>Which BLAS computed the products (as described by the caller), or null.</summary>
    public string? Blas { get; set; }

    /// <summary>The data files the run read (directory, SHA-256 of each, whether checksums were verified), or null.</summary>
    public NnPhys.Data.DataProvenance? Data { get; set; }

    /// <summary>When the run was first created (UTC).</summary>
    public DateTimeOffset StartedUtc { get; set; }

    /// <summary>When the run completed or failed (UTC); null while running.</summary>
    public DateTimeOffset? FinishedUtc { get; set; }

    /// <summary>How many times the run was resumed from a checkpoint.</summary>
    public int ResumeCount { get; set; }

    /// <summary>Running, complete, or failed.</summary>
    public RunStatus Status { get; set; } = RunStatus.Running;

    /// <summary>Why the run failed (null otherwise).</summary>
    public string? StatusMessage { get; set; }

    /// <summary>Things the user must know about how the run went (a skipped damaged checkpoint, an adjusted value), oldest first.</summary>
    public List<string> Notes { get; set; } = [];

    /// <summary>Named durations in seconds, summed over resumed sessions.</summary>
    public Dictionary<string, double> TimingsSeconds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Headline results, name → value (finite).</summary>
    public Dictionary<string, double> Metrics { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The manifest as indented JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses manifest JSON; <paramref name="source"/> names the file in errors.</summary>
    /// <exception cref="DataFileException">The text is not a valid manifest.</exception>
    public static RunManifest FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<RunManifest>(json, JsonOptions)
                ?? throw new DataFileException($"Run manifest '{source}' is empty (null). The run directory is damaged; start a new run.");
        }
        catch (JsonException e)
        {
            throw new DataFileException($"Run manifest '{source}' is not valid JSON ({e.Message}). The run directory is damaged; start a new run in another directory.", e);
        }
    }

    /// <summary>
    /// Converts a config to a JSON tree: a <see cref="JsonNode"/> is copied, a string is parsed as JSON text, anything
    /// else is serialized with <see cref="JsonOptions"/> (camelCase property names).
    /// </summary>
    /// <exception cref="InvalidConfigException">A string config is not valid JSON.</exception>
    public static JsonNode? ConfigToJson(object? config)
    {
        switch (config)
        {
            case null: return null;
            case JsonNode node: return node.DeepClone();
            case JsonElement element: return JsonNode.Parse(element.GetRawText());
            case string text:
                try { return JsonNode.Parse(text); }
                catch (JsonException e) { throw new InvalidConfigException($"The run config is not valid JSON ({e.Message}); pass an object, a JsonNode, or JSON text."); }
            default: return JsonSerializer.SerializeToNode(config, config.GetType(), JsonOptions);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
