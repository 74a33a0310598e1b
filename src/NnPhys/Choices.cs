using System.Globalization;

namespace NnPhys;

/// <summary>
/// The one name parser (issue 7 item 6): a table of names → values, read case-insensitively with '-' and '_' alike and
/// spaces ignored, with aliases; an unknown name fails with one message shape that lists the valid names —
/// "<c>'{text}' is not {what}; use one of: a, b, c.</c>" (prefixed by the option when one is given).
/// Parametric names such as <c>leaky_relu(s)</c> or <c>power(p)</c> are read with <see cref="TryCall(string, string, out double)"/> before the table.
/// </summary>
/// <typeparam name="T">What a name stands for.</typeparam>
public sealed class Choices<T>
{
    readonly Dictionary<string, T> _table = new(StringComparer.Ordinal);

    /// <summary>A table: each entry's first name is canonical (listed in errors), the others are aliases.</summary>
    /// <param name="what">What the names are, with article: "an activation", "a loss".</param>
    /// <param name="entries">Names (canonical first) and the value they stand for.</param>
    /// <param name="extraNames">Forms listed in errors that the table itself does not hold (parametric names such as "power(p)").</param>
    public Choices(string what, IEnumerable<(string[] Names, T Value)> entries, IEnumerable<string>? extraNames = null)
    {
        What = what;
        var listed = new List<string>();
        foreach (var (names, value) in entries)
        {
            if (names.Length == 0) throw new ArgumentException("Every entry needs at least one name.", nameof(entries));
            listed.Add(names[0]);
            foreach (var name in names)
                if (!_table.TryAdd(Normalize(name), value)) throw new ArgumentException($"The name '{name}' appears twice.", nameof(entries));
        }
        if (extraNames is not null) listed.AddRange(extraNames);
        Names = listed;
    }

    /// <summary>What the names are ("an activation").</summary>
    public string What { get; }

    /// <summary>The canonical names, in table order (plus the parametric forms), as listed in errors.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The value named <paramref name="text"/>, or false.</summary>
    public bool TryParse(string? text, out T value)
    {
        value = default!;
        return text is not null && _table.TryGetValue(Normalize(text), out value!);
    }

    /// <summary>The value named <paramref name="text"/>.</summary>
    /// <param name="text">The name as the user wrote it.</param>
    /// <param name="option">The option it came from (e.g. "--activation"), named in the error.</param>
    /// <exception cref="InvalidConfigException">An unknown name; the message lists <see cref="Names"/>.</exception>
    public T Parse(string? text, string? option = null) =>
        TryParse(text, out var value) ? value : throw Unknown(text, option);

    /// <summary>The error for an unknown name, listing the valid ones (for callers that try parametric forms first).</summary>
    public InvalidConfigException Unknown(string? text, string? option = null) =>
        new($"{(option is null ? "" : option + " ")}'{text}' is not {What}; use one of: {string.Join(", ", Names)}.");

    /// <summary>The key a name is looked up by: trimmed, lower case, spaces removed, '-' read as '_'.</summary>
    public static string Normalize(string text) => text.Trim().ToLowerInvariant().Replace(" ", "").Replace('-', '_');

    /// <summary>Reads a parametric name <c>head(argument)</c> (the head compared after <see cref="Normalize"/>): true with the argument text.</summary>
    public static bool TryCall(string text, string head, out string argument)
    {
        argument = "";
        string s = text.Trim().ToLowerInvariant().Replace(" ", "");
        int open = s.IndexOf('(');
        if (open < 0 || !s.EndsWith(')') || Normalize(s[..open]) != Normalize(head)) return false;
        argument = s[(open + 1)..^1]; // the argument keeps its '-' (a negative slope)
        return true;
    }

    /// <summary>Reads <c>head(number)</c> with a finite invariant-culture number.</summary>
    public static bool TryCall(string text, string head, out double argument)
    {
        argument = double.NaN;
        return TryCall(text, head, out string s)
            && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out argument) && double.IsFinite(argument);
    }
}
