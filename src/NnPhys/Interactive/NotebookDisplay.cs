using System.Globalization;
using System.Net;
using System.Text;
using NnPhys.Ensembles.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.FokkerPlanck.Pde;
using NnPhys.Numerics;
using NnPhys.Plotting;
using NnPhys.Runs;
using ScottPlot;

namespace NnPhys.Interactive;

/// <summary>
/// HTML renderings of the types people look at in a notebook: matrices, density fields, ScottPlot figures (inline PNG),
/// correlator tables and run manifests. The package's .NET Interactive extension (<c>Interactive/extension.dib</c>,
/// packed under <c>interactive-extensions/dotnet/</c>) registers them as formatters, so a cell that returns one of these
/// shows it; outside notebooks they are plain strings. This folder sits above the paper folders (like the CLI).
/// </summary>
public static class NotebookDisplay
{
    /// <summary>Largest number of rows or columns a matrix table shows (the rest is elided with "…").</summary>
    public const int MaxCells = 12;

    /// <summary>A matrix as an HTML table with its shape; large matrices show their corners.</summary>
    public static string Html(Matrix<double> m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var sb = new StringBuilder($"<div><b>Matrix</b> {m.Rows}×{m.Cols}<table style=\"font-family:monospace\">");
        foreach (int i in Indices(m.Rows))
        {
            sb.Append("<tr>");
            foreach (int j in Indices(m.Cols))
                sb.Append(i < 0 || j < 0 ? "<td>…</td>" : $"<td>{m[i, j].ToString("G5", CultureInfo.InvariantCulture)}</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</table></div>").ToString();
    }

    /// <summary>A single-precision matrix, as <see cref="Html(Matrix{double})"/>.</summary>
    public static string Html(Matrix<float> m)
    {
        var d = new Matrix<double>(m.Rows, m.Cols);
        for (int i = 0; i < m.Data.Length; i++) d.Data[i] = m.Data[i];
        return Html(d).Replace("<b>Matrix</b>", "<b>Matrix (float)</b>");
    }

    /// <summary>A ScottPlot figure as an inline PNG.</summary>
    public static string Html(Plot plot, int width = 640, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(plot);
        byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
        return $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" width=\"{width}\" height=\"{height}\"/>";
    }

    /// <summary>A 2-d density on its grid: mass, mean, variance and a heat map.</summary>
    public static string Html(DensityField p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var g = p.Grid;
        var (mx, my) = p.Mean();
        var (vx, vy) = p.Variance();
        var plot = Charts.Heatmap($"P(w), {g.Nx}×{g.Ny} grid", p.Values, g.Nx, g.Ny, g.XMin, g.XMax, g.YMin, g.YMax, "density");
        return Invariant($"<div><b>DensityField</b> {g.Nx}×{g.Ny} on [{g.XMin:G4}, {g.XMax:G4}]×[{g.YMin:G4}, {g.YMax:G4}]; mass {p.Mass():G6}, mean ({mx:G4}, {my:G4}), variance ({vx:G4}, {vy:G4})<br/>")
            + Html(plot, 480, 400) + "</div>";
    }

    /// <summary>Correlators of an ensemble run: every tuple's estimate, closed form and pull.</summary>
    public static string Html(CorrelatorResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder($"<div><b>{Encode(r.Ensemble)}</b>: {r.Samples} networks" + (r.NeuronSamples > 0 ? $", {r.NeuronSamples} single neurons" : "") + "<table>");
        sb.Append("<tr><th>correlator</th><th>estimate</th><th>estimator</th><th>closed form</th><th>pull</th></tr>");
        foreach (var row in r.Rows)
            sb.Append(Invariant($"<tr><td>{Encode(row.Label)}</td><td>{row.Estimate}</td><td>{Encode(row.Estimator)}</td><td>{(double.IsFinite(row.ClosedForm) ? row.ClosedForm.ToString("G6", CultureInfo.InvariantCulture) : "—")}</td><td>{(row.Pull is { } pull ? pull.ToString("F2", CultureInfo.InvariantCulture) : "—")}</td></tr>"));
        sb.Append("</table>");
        foreach (var w in r.Warnings) sb.Append($"<div style=\"color:#a40\">warning: {Encode(w)}</div>");
        return sb.Append($"<div>run directory <code>{Encode(r.RunDirectory)}</code></div></div>").ToString();
    }

    /// <summary>A run's manifest: command, status, seed, timings and headline metrics.</summary>
    public static string Html(RunManifest m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var sb = new StringBuilder($"<div><b>{Encode(m.Command)}</b> — {m.Status.ToString().ToLowerInvariant()}, seed {m.Seed}, nnphys {Encode(m.NnPhysVersion)}<table>");
        foreach (var (k, v) in m.Metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append($"<tr><td>{Encode(k)}</td><td>{v.ToString("G6", CultureInfo.InvariantCulture)}</td></tr>");
        foreach (var (k, v) in m.TimingsSeconds.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append($"<tr><td>time: {Encode(k)}</td><td>{v.ToString("F2", CultureInfo.InvariantCulture)} s</td></tr>");
        return sb.Append("</table></div>").ToString();
    }

    /// <summary>The PNG figures of a run directory (<c>figures/PATTERN.png</c>) as inline images, each with its file name.</summary>
    /// <exception cref="DirectoryNotFoundException">The run has no figures folder.</exception>
    public static string FiguresHtml(string runDirectory, string pattern = "*", int width = 560)
    {
        var dir = Path.Combine(runDirectory, "figures");
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"'{runDirectory}' has no figures/ folder: is it an nnphys run directory?");
        var sb = new StringBuilder("<div>");
        foreach (var png in Directory.GetFiles(dir, pattern + ".png").OrderBy(f => f, StringComparer.Ordinal))
            sb.Append($"<figure style=\"display:inline-block\"><img src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(png))}\" width=\"{width}\"/><figcaption>{Encode(Path.GetFileName(png))}</figcaption></figure>");
        return sb.Append("</div>").ToString();
    }

    /// <summary>Headline metrics (name → value) as a two-column table, names containing <paramref name="filter"/> only.</summary>
    public static string MetricsHtml(IReadOnlyDictionary<string, double> metrics, string filter = "")
    {
        var sb = new StringBuilder("<table><tr><th>metric</th><th>value</th></tr>");
        foreach (var (k, v) in metrics.Where(kv => kv.Key.Contains(filter, StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append($"<tr><td>{Encode(k)}</td><td>{v.ToString("G5", CultureInfo.InvariantCulture)}</td></tr>");
        return sb.Append("</table>").ToString();
    }

    // first and last MaxCells/2 indices, with −1 marking the elided middle
    static IEnumerable<int> Indices(int n)
    {
        if (n <= MaxCells) { for (int i = 0; i < n; i++) yield return i; yield break; }
        for (int i = 0; i < MaxCells / 2; i++) yield return i;
        yield return -1;
        for (int i = n - MaxCells / 2; i < n; i++) yield return i;
    }

    static string Encode(string s) => WebUtility.HtmlEncode(s);
    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
