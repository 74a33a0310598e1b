using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NnPhys.Runs;

/// <summary>
/// One key whose value differs between two JSON configs: its path (<c>optimizer.learningRate</c>, <c>widths[2]</c>),
/// and both values as compact JSON (null when the key is absent on that side).
/// </summary>
public sealed record ConfigDifference(string Key, string? Saved, string? Current)
{
    /// <summary>E.g. <c>optimizer.learningRate (saved 0.1, now 0.2)</c>.</summary>
    public override string ToString() => $"{Key} (saved {Saved ?? "absent"}, now {Current ?? "absent"})";

    /// <summary>
    /// Every leaf key whose value differs between <paramref name="saved"/> and <paramref name="current"/>, in path order.
    /// Objects are compared key by key (order ignored), arrays element by element, numbers by value (1 equals 1.0).
    /// </summary>
    public static List<ConfigDifference> Compare(JsonNode? saved, JsonNode? current)
    {
        var differences = new List<ConfigDifference>();
        CompareAt("", saved, current, differences);
        return differences;
    }

    private static void CompareAt(string path, JsonNode? saved, JsonNode? current, List<ConfigDifference> differences)
    {
        if (saved is JsonObject savedObject && current is JsonObject currentObject)
        {
            var keys = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var pair in savedObject) keys.Add(pair.Key);
            foreach (var pair in currentObject) keys.Add(pair.Key);
            foreach (string key in keys)
            {
                string childPath = path.Length == 0 ? key : path + "." + key;
                bool inSaved = savedObject.TryGetPropertyValue(key, out JsonNode? savedChild);
                bool inCurrent = currentObject.TryGetPropertyValue(key, out JsonNode? currentChild);
                if (!inSaved) differences.Add(new ConfigDifference(childPath, null, Text(currentChild)));
                else if (!inCurrent) differences.Add(new ConfigDifference(childPath, Text(savedChild), null));
                else CompareAt(childPath, savedChild, currentChild, differences);
            }
            return;
        }
        if (saved is JsonArray savedArray && current is JsonArray currentArray)
        {
            int common = Math.Min(savedArray.Count, currentArray.Count);
            for (int i = 0; i < common; i++) CompareAt($"{path}[{i}]", savedArray[i], currentArray[i], differences);
            if (savedArray.Count != currentArray.Count)
                differences.Add(new ConfigDifference($"{path}.length", savedArray.Count.ToString(CultureInfo.InvariantCulture), currentArray.Count.ToString(CultureInfo.InvariantCulture)));
            return;
        }
        if (!LeafEquals(saved, current))
            differences.Add(new ConfigDifference(path.Length == 0 ? "(config)" : path, Text(saved), Text(current)));
    }

    private static bool LeafEquals(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is JsonValue va && b is JsonValue vb
            && va.GetValueKind() == JsonValueKind.Number && vb.GetValueKind() == JsonValueKind.Number)
        {
            string textA = va.ToJsonString(), textB = vb.ToJsonString();
            if (decimal.TryParse(textA, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal x)
                && decimal.TryParse(textB, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal y))
                return x == y; // exact for the decimal numbers configs hold
            return double.Parse(textA, NumberStyles.Float, CultureInfo.InvariantCulture)
                == double.Parse(textB, NumberStyles.Float, CultureInfo.InvariantCulture); // out of decimal range
        }
        return JsonNode.DeepEquals(a, b);
    }

    private static string Text(JsonNode? node) => node is null ? "null" : node.ToJsonString();
}
