using ScottPlot;

namespace NnPhys.Kernels.Experiments;

/// <summary>ScottPlot building blocks for the kernel figures: markers with error bars, lines, bands, log10 axes.</summary>
internal static class KernelCharts
{
    static readonly Color[] Palette = [Color.FromHex("#1f77b4"), Color.FromHex("#d62728"), Color.FromHex("#2ca02c"), Color.FromHex("#ff7f0e"), Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#7f7f7f")];

    public static Color ColorOf(int k) => Palette[((k % Palette.Length) + Palette.Length) % Palette.Length];

    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title); plot.XLabel(xLabel); plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>Markers with ±error bars (errors may be null).</summary>
    public static void Points(Plot plot, string label, double[] x, double[] y, double[]? errors, int color)
    {
        if (errors is not null) { var bars = plot.Add.ErrorBar(x, y, errors); bars.Color = ColorOf(color); }
        var points = plot.Add.ScatterPoints(x, y, ColorOf(color));
        points.MarkerSize = 7; points.LegendText = label;
    }

    public static void Line(Plot plot, string label, double[] x, double[] y, int color, bool dashed = false, float width = 2)
    {
        var line = plot.Add.ScatterLine(x, y, ColorOf(color));
        line.LineWidth = width; line.LegendText = label;
        if (dashed) line.LinePattern = LinePattern.Dashed;
    }

    /// <summary>A shaded band between lower and upper.</summary>
    public static void Band(Plot plot, string label, double[] x, double[] lower, double[] upper, int color)
    {
        var fill = plot.Add.FillY(x, lower, upper);
        fill.FillColor = ColorOf(color).WithAlpha(0.2); fill.LineWidth = 0; fill.LegendText = label;
    }

    /// <summary>Labels log10-valued axes with 10^k values.</summary>
    public static void LogAxes(Plot plot, bool logX, bool logY)
    {
        string Format(double v) => Math.Pow(10, v).ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
        if (logX) plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Format, MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator() };
        if (logY) plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Format, MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator() };
    }
}
