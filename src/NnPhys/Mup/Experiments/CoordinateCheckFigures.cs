using NnPhys.Plotting;
using NnPhys.Runs;
using ScottPlot;

namespace NnPhys.Mup.Experiments;

/// <summary>
/// Coordinate-check figures after microsoft/mup's: one figure per optimizer, a row per parameterization and a column per
/// quantity, each panel the RMS size against width on log-log axes — pre-activations one line per hidden layer, Δh of
/// the last hidden layer and Δφ one line per step t. Flat lines are the goal; the title gives the fitted slope and theory's.
/// </summary>
public static class CoordinateCheckFigures
{
    /// <summary>Writes figures/coord_check_sgd and (if run) figures/coord_check_adam.</summary>
    public static void Write(RunDirectory run, CoordinateCheckResult result)
    {
        var log2Widths = result.Config.Widths.Select(w => Math.Log2(w)).ToArray();
        foreach (var optimizer in result.Curves.Select(c => c.Optimizer).Distinct())
        {
            var panels = new List<Plot>();
            foreach (var c in result.Curves.Where(c => c.Optimizer == optimizer))
            {
                panels.Add(Panel(result, c, CoordinateQuantity.Preactivation, "pre-activation z at init",
                    c.Preactivation.Select((s, l) => ($"layer {l + 1}", log2Widths, s))));
                panels.Add(Panel(result, c, CoordinateQuantity.FeatureChange, "Δh (last hidden layer)",
                    c.FeatureChange.Select((s, t) => ($"t = {t + 1}", log2Widths, s[^1]))));
                panels.Add(Panel(result, c, CoordinateQuantity.OutputChange, "Δφ (output)",
                    c.OutputChange.Select((s, t) => ($"t = {t + 1}", log2Widths, s))));
            }
            Figure.SavePanels(panels, 3, run.FiguresDirectory, $"coord_check_{(optimizer == MupOptimizer.Adam ? "adam" : "sgd")}");
        }
    }

    static Plot Panel(CoordinateCheckResult result, CoordinateCheckCurves c, CoordinateQuantity q, string what,
        IEnumerable<(string, double[], double[])> series)
    {
        double slope = result.Slope(c.Parameterization, c.Optimizer, q);
        var theory = CoordinateCheck.TheorySlope(c.Parameterization, c.Optimizer, q);
        string title = $"{c.Parameterization} {(c.Optimizer == MupOptimizer.Adam ? "Adam" : "SGD")}: {what}\nslope {Math.Round(slope, 2):+0.00;-0.00;0.00}" +
                       (theory is double t ? $" (theory {t:+0.0;-0.0;0})" : "");
        return Charts.Lines(title, "log₂ width", "RMS over coordinates", series.ToList(), logY: true);
    }
}
