using System.Globalization;
using System.Text;
using NnPhys.IO;

namespace NnPhys.Runs;

/// <summary>
/// Builds a run's <c>report.md</c> (GitHub-flavoured Markdown): headings, paragraphs, tables, code blocks and
/// figures embedded by path relative to the report. Methods return the writer so calls chain;
/// <see cref="Save"/> writes the file atomically.
/// </summary>
public sealed class ReportWriter
{
    private readonly StringBuilder _text = new();

    /// <summary>Appends <c>## text</c> at the given level (1–6).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside 1–6.</exception>
    public ReportWriter Heading(string text, int level = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 6);
        BeginBlock();
        _text.Append('#', level).Append(' ').Append(SingleLine(text)).Append('\n');
        return this;
    }

    /// <summary>Appends a paragraph of text (Markdown allowed).</summary>
    public ReportWriter Paragraph(string text)
    {
        BeginBlock();
        _text.Append(text.Trim()).Append('\n');
        return this;
    }

    /// <summary>
    /// Appends a table. Cells containing <c>|</c> are escaped and newlines become spaces.
    /// </summary>
    /// <exception cref="ArgumentException">A row has a different number of cells than <paramref name="headers"/>.</exception>
    public ReportWriter Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (headers.Count == 0) throw new ArgumentException("A table needs at least one column.", nameof(headers));
        BeginBlock();
        AppendRow(headers);
        _text.Append('|');
        for (int c = 0; c < headers.Count; c++) _text.Append(" --- |");
        _text.Append('\n');
        int rowIndex = 0;
        foreach (IReadOnlyList<string> row in rows)
        {
            if (row.Count != headers.Count)
                throw new ArgumentException($"Table row {rowIndex} has {row.Count} cells but there are {headers.Count} columns.", nameof(rows));
            AppendRow(row);
            rowIndex++;
        }
        return this;
    }

    /// <summary>Appends a two-column name/value table of numbers, formatted with <paramref name="format"/> (invariant culture).</summary>
    public ReportWriter Table(string nameHeader, string valueHeader, IEnumerable<KeyValuePair<string, double>> values, string format = "G6")
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var pair in values) rows.Add([pair.Key, pair.Value.ToString(format, CultureInfo.InvariantCulture)]);
        return Table([nameHeader, valueHeader], rows);
    }

    /// <summary>
    /// Embeds an image: <c>![caption](figures/loss.png)</c>, with the caption repeated below in italics.
    /// <paramref name="relativePath"/> is relative to the report (use '/' separators; '\' is converted).
    /// </summary>
    /// <exception cref="ArgumentException">The path is absolute.</exception>
    public ReportWriter Figure(string relativePath, string caption)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        if (Path.IsPathRooted(relativePath))
            throw new ArgumentException($"Figure path '{relativePath}' must be relative to the report so the run directory can be moved.", nameof(relativePath));
        string link = relativePath.Replace('\\', '/').Replace(" ", "%20", StringComparison.Ordinal);
        BeginBlock();
        _text.Append("![").Append(SingleLine(caption).Replace("]", "\\]", StringComparison.Ordinal)).Append("](").Append(link).Append(")\n\n");
        _text.Append('*').Append(SingleLine(caption)).Append("*\n");
        return this;
    }

    /// <summary>Appends a fenced code block (e.g. the command that reproduces the run).</summary>
    public ReportWriter Code(string code, string language = "")
    {
        BeginBlock();
        _text.Append("```").Append(language).Append('\n').Append(code.TrimEnd('\n')).Append("\n```\n");
        return this;
    }

    /// <summary>Appends a bulleted list.</summary>
    public ReportWriter Bullets(IEnumerable<string> items)
    {
        BeginBlock();
        foreach (string item in items) _text.Append("- ").Append(SingleLine(item)).Append('\n');
        return this;
    }

    /// <summary>The Markdown built so far.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>Writes the Markdown to <paramref name="path"/> atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToString());

    private void BeginBlock()
    {
        if (_text.Length > 0) _text.Append('\n'); // blank line between blocks
    }

    private void AppendRow(IReadOnlyList<string> cells)
    {
        _text.Append('|');
        foreach (string cell in cells) _text.Append(' ').Append(SingleLine(cell).Replace("|", "\\|", StringComparison.Ordinal)).Append(" |");
        _text.Append('\n');
    }

    private static string SingleLine(string text) => (text ?? "").ReplaceLineEndings(" ").Trim();
}
