using NnPhys.Experiments;
using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.FokkerPlanck;

/// <summary>
/// The weight-space box of one bottleneck layer: the bounding box of its rows over all epochs used, plus a margin of
/// <see cref="FokkerPlanckOptions.GridMargin"/> × (larger side) on every side, split into GridSize × GridSize cells with
/// zero-flux walls.
/// </summary>
public static class LayerGrid
{
    /// <summary>The finest grid <see cref="FokkerPlanckOptions.AutoRefineGrid"/> chooses by itself.</summary>
    public const int MaxAutoGridSize = 2048;

    /// <summary>
    /// Builds the grid and checks it resolves the rows: for B1, the spread of the rows at epoch 0 must cover at least
    /// MinCellsPerRowSpread cells per standard deviation. When it does not and <see cref="FokkerPlanckOptions.AutoRefineGrid"/>
    /// is set, the grid is refined to the size that does (a multiple of 16, at most <see cref="MaxAutoGridSize"/>).
    /// </summary>
    /// <exception cref="InvalidConfigException">The grid is too coarse and may not (or cannot) be refined; the message gives the GridSize that would do.</exception>
    public static Grid2D For(BottleneckTrajectory trajectory, BottleneckLayer layer, int epochs, FokkerPlanckOptions options)
    {
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        for (int t = 0; t <= epochs; t++)
        {
            var w = trajectory.Layer(layer, t).Weights;   // (rows, 2)
            for (int r = 0; r < w.Length / 2; r++)
            {
                xMin = Math.Min(xMin, w[2 * r]); xMax = Math.Max(xMax, w[2 * r]);
                yMin = Math.Min(yMin, w[2 * r + 1]); yMax = Math.Max(yMax, w[2 * r + 1]);
            }
        }
        double side = Math.Max(Math.Max(xMax - xMin, yMax - yMin), 1e-6);
        double margin = options.GridMargin * side;
        int n = options.GridSize;
        var grid = new Grid2D(xMin - margin, xMax + margin, n, yMin - margin, yMax + margin, n);
        if (layer == BottleneckLayer.B1)
        {
            var w0 = trajectory.Layer(layer, 0).Weights;
            var (sx, sy) = Spread(w0);
            double cellsX = sx / grid.Dx, cellsY = sy / grid.Dy, worst = Math.Min(cellsX, cellsY);
            if (worst < options.MinCellsPerRowSpread)
            {
                int needed = (int)Math.Ceiling(n * options.MinCellsPerRowSpread / Math.Max(worst, 1e-9));
                int refined = (needed + 15) / 16 * 16;
                if (options.AutoRefineGrid && refined <= MaxAutoGridSize)
                    return new Grid2D(grid.XMin, grid.XMax, refined, grid.YMin, grid.YMax, refined);
                throw new InvalidConfigException(
                    $"The weight-space grid is too coarse for the spread of B1's rows: at epoch 0 their standard deviations are ({sx:G3}, {sy:G3}) " +
                    $"but a cell is {grid.Dx:G3} × {grid.Dy:G3} (the box [{grid.XMin:G3}, {grid.XMax:G3}] × [{grid.YMin:G3}, {grid.YMax:G3}] covers the rows of all {epochs} epochs), " +
                    $"so the initial density would span only {worst:G2} cells per standard deviation (need {options.MinCellsPerRowSpread}). " +
                    $"Use GridSize ≥ {needed}" + (needed > 2048 ? ", or fewer epochs (MaxEpochs), since the rows spread far over training." : "."));
            }
        }
        return grid;
    }

    static (double X, double Y) Spread(double[] rows)
    {
        int n = rows.Length / 2;
        double mx = 0, my = 0, vx = 0, vy = 0;
        for (int r = 0; r < n; r++) { mx += rows[2 * r]; my += rows[2 * r + 1]; }
        mx /= n; my /= n;
        for (int r = 0; r < n; r++) { vx += Math.Pow(rows[2 * r] - mx, 2); vy += Math.Pow(rows[2 * r + 1] - my, 2); }
        return (Math.Sqrt(vx / n), Math.Sqrt(vy / n));
    }
}
