using NnPhys.Runs;
using ScottPlot;
using NnPhys.IO;

namespace NnPhys.Plotting;

/// <summary>
/// Saves ScottPlot figures as a PNG and an SVG side by side, each written atomically (temp file + rename), so a
/// killed run never leaves half a figure. Figures are rendered headless (SkiaSharp), no display needed.
/// </summary>
public static class Figure
{
    /// <summary>Default figure size in pixels.</summary>
    public const int DefaultWidth = 800, DefaultHeight = 600;

    /// <summary>Writes <c>{name}.png</c> and <c>{name}.svg</c> into <paramref name="directory"/>; returns the PNG's path.</summary>
    public static string Save(Plot plot, string directory, string name, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Figure size {width}×{height} must be positive.");
        var png = Path.Combine(directory, name + ".png");
        AtomicFile.WriteAllBytes(png, plot.GetImageBytes(width, height, ImageFormat.Png));
        AtomicFile.WriteAllBytes(Path.Combine(directory, name + ".svg"), System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height)));
        return png;
    }

    /// <summary>
    /// Saves several plots as one figure of panels laid out row by row in <paramref name="columns"/> columns, each panel
    /// <paramref name="panelWidth"/>×<paramref name="panelHeight"/> pixels; PNG composed with SkiaSharp, SVG by nesting.
    /// </summary>
    public static string SavePanels(IReadOnlyList<Plot> panels, int columns, string directory, string name, int panelWidth = 520, int panelHeight = 420)
    {
        if (panels.Count == 0) throw new ArgumentException("A panel figure needs at least one plot.", nameof(panels));
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns), "Columns must be positive.");
        int rows = (panels.Count + columns - 1) / columns;
        int width = columns * panelWidth, height = rows * panelHeight;
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SkiaSharp.SKColors.White);
        var svg = new System.Text.StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\">");
        for (int i = 0; i < panels.Count; i++)
        {
            int x = (i % columns) * panelWidth, y = (i / columns) * panelHeight;
            using var bitmap = SkiaSharp.SKBitmap.Decode(panels[i].GetImageBytes(panelWidth, panelHeight, ImageFormat.Png));
            canvas.DrawBitmap(bitmap, x, y);
            var inner = panels[i].GetSvgXml(panelWidth, panelHeight);
            int open = inner.IndexOf("<svg", StringComparison.Ordinal);
            svg.Append($"<g transform=\"translate({x},{y})\">").Append(open >= 0 ? inner[open..] : inner).Append("</g>");
        }
        svg.Append("</svg>");
        using var image = surface.Snapshot();
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        var png = Path.Combine(directory, name + ".png");
        AtomicFile.WriteAllBytes(png, data.ToArray());
        AtomicFile.WriteAllBytes(Path.Combine(directory, name + ".svg"), System.Text.Encoding.UTF8.GetBytes(svg.ToString()));
        return png;
    }
}
