using NnPhys.Ensembles;
using NnPhys.Ensembles.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.FokkerPlanck.Pde;
using NnPhys.Interactive;
using NnPhys.Numerics;

namespace NnPhys.Tests.Interactive;

/// <summary>The notebook renderings show the numbers they are given (not just "some HTML").</summary>
public class NotebookDisplayTests
{
    [Fact]
    public void MatrixTableShowsShapeValuesAndElidesTheMiddleOfLargeMatrices()
    {
        var small = new Matrix<double>(2, 3, [1, 2, 3, 4, 5, 6.25]);
        string html = NotebookDisplay.Html(small);
        Assert.Contains("2×3", html);
        Assert.Contains("<td>6.25</td>", html);
        Assert.DoesNotContain("…", html);
        var big = new Matrix<double>(30, 30);
        big[29, 29] = 7.5; big[15, 15] = 99;
        string bigHtml = NotebookDisplay.Html(big);
        Assert.Contains("<td>7.5</td>", bigHtml);      // a corner is shown
        Assert.DoesNotContain("<td>99</td>", bigHtml); // the middle is elided
        Assert.Equal(NotebookDisplay.MaxCells + 1, bigHtml.Split("<tr>").Length - 1);
    }

    [Fact]
    public void PlotBecomesAnInlinePng()
    {
        var plot = new ScottPlot.Plot();
        plot.Add.Scatter(new double[] { 0, 1, 2 }, new double[] { 1, 0, 1 });
        string html = NotebookDisplay.Html(plot, 200, 100);
        string b64 = html.Split("base64,")[1].Split('"')[0];
        var png = Convert.FromBase64String(b64);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }

    [Fact]
    public void DensityFieldShowsItsMassAndMean()
    {
        var grid = new Grid2D(-3, 3, 64, -3, 3, 64);
        var p = DensityField.Gaussian(grid, 0.5, -0.25, 0.3, 0.2);
        string html = NotebookDisplay.Html(p);
        Assert.Contains("64×64", html);
        Assert.Contains("mass 1", html);
        Assert.Contains("mean (0.5", html);
    }

    [Fact]
    public void CorrelatorTableListsEveryRowWithItsPull()
    {
        var row = new CorrelatorRow([0, 1], "G2", new CorrelatorEstimate(0.52, 0.01), null, null, null, 0.5, new CorrelatorEstimate(0.52, 0.01), "direct", null);
        var r = new CorrelatorResult("/tmp/run", "gauss-net N=3", "", 1000, 0, [row], ["heavy tail in G4_c(0,0,1,1)"]);
        string html = NotebookDisplay.Html(r);
        Assert.Contains("G2(0,1)", html);
        Assert.Contains("<td>2.00</td>", html);  // pull (0.52 − 0.5)/0.01
        Assert.Contains("heavy tail", html);
    }
}
