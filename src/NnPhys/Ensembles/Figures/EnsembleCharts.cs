using ScottPlot;

namespace NnPhys.Ensembles.Figures;

/// <summary>ScottPlot building blocks for ensemble figures: Monte Carlo points with error bars, reference curves, log axes.</summary>
public static class EnsembleCharts
{
    static readonly Color[] Palette = [Color.FromHex("#1f77b4"), Color.FromHex("#d62728"), Color.FromHex("#2ca02c"), Color.FromHex("#ff7f0e"), Color.FromHex("#9467bd"), Color.FromHex("#8c564b")];

    /// <summary>Colour k of a qualitative palette.</summary>
    public static Color ColorOf(int k) => Palette[((k % Palette.Length) + Palette.Length) % Palette.Length];

    /// <summary>A new plot with title and axis labels.</summary>
    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title); plot.XLabel(xLabel); plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>Monte Carlo estimates as markers with ±1 standard-error bars.</summary>
    public static void Estimates(Plot plot, string label, double[] x, double[] y, double[] errors, int color)
    {
        var keep = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i]) && double.IsFinite(errors[i])).ToArray();
        x = keep.Select(i => x[i]).ToArray(); y = keep.Select(i => y[i]).ToArray(); errors = keep.Select(i => errors[i]).ToArray();
        if (x.Length == 0) return;
        var bars = plot.Add.ErrorBar(x, y, errors);
        bars.Color = ColorOf(color);
        var points = plot.Add.ScatterPoints(x, y, ColorOf(color));
        points.MarkerSize = 7; points.LegendText = label;
    }

    /// <summary>Reference values as open markers, unjoined (points that are not ordered along a coordinate).</summary>
    public static void Markers(Plot plot, string label, double[] x, double[] y, int color)
    {
        var keep = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])).ToArray();
        if (keep.Length == 0) return;
        var points = plot.Add.ScatterPoints(keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray(), ColorOf(color));
        points.MarkerShape = MarkerShape.OpenDiamond; points.MarkerSize = 11; points.LegendText = label;
    }

    /// <summary>A reference curve (closed form, prediction) as a line.</summary>
    public static void Curve(Plot plot, string label, double[] x, double[] y, int color, bool dashed = false)
    {
        var keep = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])).ToArray();
        x = keep.Select(i => x[i]).ToArray(); y = keep.Select(i => y[i]).ToArray();
        if (x.Length == 0) return;
        var line = plot.Add.ScatterLine(x, y, ColorOf(color));
        line.LineWidth = 2; line.LegendText = label;
        if (dashed) line.LinePattern = LinePattern.Dashed;
    }

    /// <summary>A horizontal or vertical guide line.</summary>
    public static void Guide(Plot plot, double value, bool vertical, string label)
    {
        if (vertical) { var l = plot.Add.VerticalLine(value); l.LineColor = Colors.Gray; l.LinePattern = LinePattern.Dotted; l.LegendText = label; }
        else { var l = plot.Add.HorizontalLine(value); l.LineColor = Colors.Gray; l.LinePattern = LinePattern.Dotted; l.LegendText = label; }
    }

    /// <summary>Labels a log10-valued axis with 10^k values.</summary>
    public static void LogAxes(Plot plot, bool logX, bool logY)
    {
        string Format(double v) => Math.Pow(10, v).ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
        if (logX) plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Format, MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator() };
        if (logY) plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Format, MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator() };
    }

    /// <summary>log10|v| with the standard error carried to log space, se/(|v| ln 10); NaN where |v| ≤ se (not resolved).</summary>
    public static (double[] logValue, double[] logError) ToLog(IReadOnlyList<CorrelatorEstimate> estimates)
    {
        var v = new double[estimates.Count]; var e = new double[estimates.Count];
        for (int i = 0; i < v.Length; i++)
        {
            double a = Math.Abs(estimates[i].Value), se = estimates[i].StandardError;
            v[i] = a > se ? Math.Log10(a) : double.NaN;
            e[i] = a > se ? se / (a * Math.Log(10)) : double.NaN;
        }
        return (v, e);
    }

    /// <summary>Shows the legend in the given corner.</summary>
    public static void Legend(Plot plot, Alignment where = Alignment.UpperRight) => plot.ShowLegend(where);
}
