using NnPhys.Ensembles;
using NnPhys.Ensembles.Figures;
using ScottPlot.Plottables;

namespace NnPhys.Tests.Ensembles;

/// <summary>
/// The figure helpers' behaviour that a picture hides: log-space error propagation by hand, non-finite points dropped
/// (and no empty series added), the palette wrapping, closed forms as open markers and predictions dashed, and the
/// log-axis tick labels 10^v.
/// </summary>
public class EnsembleChartsTests
{
    static int Points(Scatter s) => s.Data.GetScatterPoints().Count;

    [Fact]
    public void ToLogCarriesTheStandardErrorAndDropsUnresolvedValues()
    {
        var (v, e) = EnsembleCharts.ToLog([new(100, 5), new(-0.01, 0.001), new(0.5, 0.5), new(0.1, 0.2)]);
        Assert.Equal(2, v[0], 14);
        Assert.Equal(5 / (100 * Math.Log(10)), e[0], 14);
        Assert.Equal(-2, v[1], 14);                       // |v| is used: negative estimates plot by magnitude
        Assert.Equal(0.001 / (0.01 * Math.Log(10)), e[1], 12);
        Assert.True(double.IsNaN(v[2]) && double.IsNaN(e[2])); // |v| = se: not resolved
        Assert.True(double.IsNaN(v[3]) && double.IsNaN(e[3]));
    }

    [Fact]
    public void SeriesKeepOnlyFinitePointsAndSkipEmptyOnes()
    {
        var plot = EnsembleCharts.New("t", "x", "y");
        EnsembleCharts.Estimates(plot, "mc", [0, 1, 2, double.NaN], [1, double.PositiveInfinity, 3, 4], [0.1, 0.1, double.NaN, 0.1], 0);
        var mc = Assert.Single(plot.GetPlottables().OfType<Scatter>());
        Assert.Equal(1, Points(mc));                      // only (0, 1 ± 0.1) is finite in x, y and error
        Assert.Equal("mc", mc.LegendText);
        Assert.Single(plot.GetPlottables().OfType<ErrorBar>());
        EnsembleCharts.Estimates(plot, "none", [double.NaN], [1], [1], 1);
        EnsembleCharts.Markers(plot, "none", [0, 1], [double.NaN, double.NaN], 1);
        EnsembleCharts.Curve(plot, "none", [double.NaN], [1], 1);
        Assert.Single(plot.GetPlottables().OfType<Scatter>());
        Assert.Single(plot.GetPlottables().OfType<ErrorBar>());

        EnsembleCharts.Markers(plot, "closed form", [0, 1, 2], [1, double.NaN, 2], 1);
        EnsembleCharts.Curve(plot, "prediction", [0, double.NaN, 2, 3], [1, 1, 2, 3], 2, dashed: true);
        EnsembleCharts.Curve(plot, "solid", [0, 1], [1, 1], 3);
        var all = plot.GetPlottables().OfType<Scatter>().ToArray();
        Assert.Equal(4, all.Length);
        Assert.Equal(2, Points(all[1]));
        Assert.Equal(ScottPlot.MarkerShape.OpenDiamond, all[1].MarkerShape);
        Assert.Equal(3, Points(all[2]));
        Assert.Equal(ScottPlot.LinePattern.Dashed, all[2].LinePattern);
        Assert.Equal("prediction", all[2].LegendText);
        Assert.NotEqual(ScottPlot.LinePattern.Dashed, all[3].LinePattern);
        Assert.Equal(EnsembleCharts.ColorOf(2), all[2].LineColor);
    }

    [Fact]
    public void PaletteWrapsBothWaysAndGuidesAndLogAxesAreAdded()
    {
        Assert.Equal(EnsembleCharts.ColorOf(0), EnsembleCharts.ColorOf(6));
        Assert.Equal(EnsembleCharts.ColorOf(5), EnsembleCharts.ColorOf(-1));
        Assert.Equal(6, Enumerable.Range(0, 6).Select(EnsembleCharts.ColorOf).Distinct().Count());

        var plot = EnsembleCharts.New("t", "x", "y");
        EnsembleCharts.Guide(plot, 1.5, vertical: true, "v");
        EnsembleCharts.Guide(plot, 2.5, vertical: false, "h");
        Assert.Equal("v", Assert.Single(plot.GetPlottables().OfType<VerticalLine>()).LegendText);
        Assert.Equal("h", Assert.Single(plot.GetPlottables().OfType<HorizontalLine>()).LegendText);

        EnsembleCharts.LogAxes(plot, logX: false, logY: true);
        if (plot.Axes.Bottom.TickGenerator is ScottPlot.TickGenerators.NumericAutomatic b0 && b0.LabelFormatter is { } f0)
            Assert.NotEqual("1E+03", f0(3)); // x is left linear
        var y = Assert.IsType<ScottPlot.TickGenerators.NumericAutomatic>(plot.Axes.Left.TickGenerator);
        Assert.Equal("100", y.LabelFormatter!(2));
        Assert.Equal("0.01", y.LabelFormatter(-2));
        EnsembleCharts.LogAxes(plot, logX: true, logY: false);
        var x = Assert.IsType<ScottPlot.TickGenerators.NumericAutomatic>(plot.Axes.Bottom.TickGenerator);
        Assert.Equal("1E+03", x.LabelFormatter!(3));
    }
}
