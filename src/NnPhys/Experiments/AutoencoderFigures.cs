using NnPhys.Plotting;
using NnPhys.Runs;

namespace NnPhys.Experiments;

/// <summary>Figures of a training run: the loss curve, and the latent outputs after b1 and b2 coloured by digit (paper Fig. 3 d, e).</summary>
public static class AutoencoderFigures
{
    /// <summary>Writes <c>figures/loss.*</c>, <c>figures/latent.*</c> (b1 and b2 panels at the last epoch) and <c>figures/b1_rows.*</c>.</summary>
    public static void Write(RunDirectory run, IReadOnlyList<double> epochLosses, byte[] evalLabels)
    {
        var epochs = Enumerable.Range(1, epochLosses.Count).Select(e => (double)e).ToArray();
        var loss = Charts.Lines("Training loss (MSE)", "epoch", "mean loss over the epoch", [("train", epochs, epochLosses.ToArray())], logY: true);
        Figure.Save(loss, run.FiguresDirectory, "loss");

        var trajectory = BottleneckTrajectoryFiles.Load(BottleneckRecorder.TrajectoryDirectory(run.Root));
        int last = trajectory.EpochCount;
        var labels = evalLabels.Select(b => (int)b).ToArray();
        var panels = new List<ScottPlot.Plot>();
        foreach (var (layer, z) in new[] { ("b1", trajectory.Epochs[last].B1Outputs), ("b2", trajectory.Epochs[last].B2Outputs) })
        {
            var (x, y) = Columns(z);
            panels.Add(Charts.ScatterByClass($"Output of {layer}, epoch {last}", x, y, labels, "z₁", "z₂", 3));
        }
        Figure.SavePanels(panels, 2, run.FiguresDirectory, "latent");

        var rowPanels = new List<ScottPlot.Plot>();
        foreach (int epoch in new[] { 0, last })
        {
            var (x, y) = Columns(trajectory.Epochs[epoch].B1.Weights);
            var p = Charts.ScatterByClass($"Rows of b1 (200×2), epoch {epoch}", x, y, new int[x.Length], "w₁", "w₂", 4);
            p.HideLegend();
            rowPanels.Add(p);
        }
        Figure.SavePanels(rowPanels, 2, run.FiguresDirectory, "b1_rows");
    }

    /// <summary>Splits an (n, 2) row-major array into its two columns.</summary>
    internal static (double[] x, double[] y) Columns(double[] pairs)
    {
        var x = new double[pairs.Length / 2]; var y = new double[pairs.Length / 2];
        for (int i = 0; i < x.Length; i++) { x[i] = pairs[2 * i]; y[i] = pairs[2 * i + 1]; }
        return (x, y);
    }
}
