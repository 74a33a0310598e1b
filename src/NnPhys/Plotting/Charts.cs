using ScottPlot;

namespace NnPhys.Plotting;

/// <summary>Small builders for the chart types nnphys draws often: line charts, class-coloured scatters, heatmaps with arrows.</summary>
public static class Charts
{
    /// <summary>A qualitative 10-colour palette (Tableau 10), one colour per MNIST digit.</summary>
    public static readonly Color[] DigitColors =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"), Color.FromHex("#9467bd"),
        Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"), Color.FromHex("#bcbd22"), Color.FromHex("#17becf"),
    ];

    /// <summary>A line chart of several named series over a shared or own x axis.</summary>
    public static Plot Lines(string title, string xLabel, string yLabel, IEnumerable<(string label, double[] x, double[] y)> series, bool logY = false)
    {
        var plot = new Plot();
        int k = 0;
        foreach (var (label, x, y) in series)
        {
            if (x.Length != y.Length) throw new ArgumentException($"Series '{label}': x has {x.Length} points, y has {y.Length}.");
            var ys = logY ? y.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray() : y;
            var s = plot.Add.Scatter(x, ys, DigitColors[k++ % DigitColors.Length]);
            s.LegendText = label;
            s.MarkerSize = x.Length <= 40 ? 5 : 0;
            s.LineWidth = 2;
        }
        if (logY)
        {
            var ticks = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => $"{Math.Pow(10, v):G3}", MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator() };
            plot.Axes.Left.TickGenerator = ticks;
        }
        plot.Title(title); plot.XLabel(xLabel); plot.YLabel(yLabel);
        if (k > 1) plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>A scatter of 2-D points coloured by an integer class (e.g. digit), one legend entry per class.</summary>
    public static Plot ScatterByClass(string title, ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<int> classes, string xLabel = "z₁", string yLabel = "z₂", float markerSize = 2)
    {
        if (x.Length != y.Length || x.Length != classes.Length) throw new ArgumentException($"Scatter needs equal lengths: x {x.Length}, y {y.Length}, classes {classes.Length}.");
        var plot = new Plot();
        var groups = new SortedDictionary<int, (List<double> xs, List<double> ys)>();
        for (int i = 0; i < x.Length; i++)
        {
            if (!groups.TryGetValue(classes[i], out var g)) groups[classes[i]] = g = ([], []);
            g.xs.Add(x[i]); g.ys.Add(y[i]);
        }
        foreach (var (c, (xs, ys)) in groups)
        {
            var s = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), DigitColors[((c % 10) + 10) % 10]);
            s.MarkerSize = markerSize; s.LegendText = c.ToString();
        }
        plot.Title(title); plot.XLabel(xLabel); plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>
    /// A heatmap of a field given row-major as values[iy*nx+ix] on the box [xMin,xMax]×[yMin,yMax] (iy=0 at yMin),
    /// with a colour bar. NaN cells are drawn transparent.
    /// </summary>
    public static Plot Heatmap(string title, double[] values, int nx, int ny, double xMin, double xMax, double yMin, double yMax, string colorLabel = "", IColormap? colormap = null)
    {
        if (values.Length != nx * ny) throw new ArgumentException($"Heatmap has {values.Length} values for a {nx}×{ny} grid.");
        var grid = new double[ny, nx];
        for (int iy = 0; iy < ny; iy++)
            for (int ix = 0; ix < nx; ix++)
                grid[ny - 1 - iy, ix] = values[iy * nx + ix]; // ScottPlot draws row 0 at the top
        var plot = new Plot();
        var hm = plot.Add.Heatmap(grid);
        hm.Colormap = colormap ?? new ScottPlot.Colormaps.Viridis();
        hm.Extent = new CoordinateRect(xMin, xMax, yMin, yMax);
        var cb = plot.Add.ColorBar(hm);
        cb.Label = colorLabel;
        plot.Title(title);
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        return plot;
    }

    /// <summary>Adds arrows (a vector field) at the given points to an existing plot, scaled so the longest arrow has length <paramref name="maxLength"/>.</summary>
    public static void AddArrows(Plot plot, ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> u, ReadOnlySpan<double> v, double maxLength, Color? color = null)
    {
        double longest = 0;
        for (int i = 0; i < u.Length; i++) longest = Math.Max(longest, Math.Sqrt(u[i] * u[i] + v[i] * v[i]));
        if (longest == 0 || !double.IsFinite(longest)) return;
        double scale = maxLength / longest;
        for (int i = 0; i < x.Length; i++)
        {
            var a = plot.Add.Arrow(new Coordinates(x[i], y[i]), new Coordinates(x[i] + scale * u[i], y[i] + scale * v[i]));
            a.ArrowFillColor = color ?? Colors.White; a.ArrowLineColor = color ?? Colors.White;
            a.ArrowWidth = 1.2f; a.ArrowheadWidth = 5; a.ArrowheadLength = 5; a.ArrowheadAxisLength = 5;
        }
    }
}
