using ScottPlot;
using NnPhys.Plotting;

namespace NnPhys.Cosmology.Experiments;

/// <summary>One curve of a <see cref="CosmologyCharts"/> chart: dashed, or markers only.</summary>
internal sealed record ChartSeries(string Label, double[] X, double[] Y, bool Dashed = false, bool MarkersOnly = false);

/// <summary>Line and scatter charts with optional log axes (log₁₀ of the data, labelled with the original values) and guide lines.</summary>
internal static class CosmologyCharts
{
    public static Plot Lines(string title, string xLabel, string yLabel, IEnumerable<ChartSeries> series, bool logX = false, bool logY = false, Alignment legend = Alignment.UpperRight)
    {
        var plot = new Plot();
        int k = 0;
        static double Log(double v) => v > 0 ? Math.Log10(v) : double.NaN;
        foreach (var s in series)
        {
            var xs = logX ? s.X.Select(Log).ToArray() : s.X;
            var ys = logY ? s.Y.Select(Log).ToArray() : s.Y;
            var keep = Enumerable.Range(0, xs.Length).Where(i => double.IsFinite(xs[i]) && double.IsFinite(ys[i])).ToArray();
            if (keep.Length == 0) { k++; continue; }
            var line = plot.Add.Scatter(keep.Select(i => xs[i]).ToArray(), keep.Select(i => ys[i]).ToArray(), Charts.DigitColors[k++ % Charts.DigitColors.Length]);
            line.LegendText = s.Label;
            line.LineWidth = s.MarkersOnly ? 0 : 2;
            line.MarkerSize = s.MarkersOnly ? 7 : keep.Length <= 12 ? 5 : 0;
            if (s.Dashed) line.LinePattern = LinePattern.Dashed;
        }
        if (logX) plot.Axes.Bottom.TickGenerator = LogTicks();
        if (logY) plot.Axes.Left.TickGenerator = LogTicks();
        plot.Title(title); plot.XLabel(xLabel); plot.YLabel(yLabel);
        if (k > 1) plot.ShowLegend(legend);
        return plot;
    }

    static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        LabelFormatter = v => $"{Math.Pow(10, v):G4}",
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
    };

    /// <summary>A horizontal guide at y (given in data units; pass log₁₀ y yourself on a log axis).</summary>
    public static void HorizontalGuide(Plot plot, double y, string label)
    {
        var line = plot.Add.HorizontalLine(y);
        line.LinePattern = LinePattern.Dotted; line.Color = Colors.Gray; line.LegendText = label;
    }

    /// <summary>A vertical guide at x.</summary>
    public static void VerticalGuide(Plot plot, double x, string label)
    {
        var line = plot.Add.VerticalLine(x);
        line.LinePattern = LinePattern.Dotted; line.Color = Colors.Gray; line.LegendText = label;
    }
}
