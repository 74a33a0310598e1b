using NnPhys.Experiments;
using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.FokkerPlanck;

/// <summary>Progress of <see cref="FokkerPlanckReproduction.Run"/>.</summary>
/// <param name="Stage">What is running, e.g. "empirical densities", "Measured B1", "Measured comparison".</param>
/// <param name="Done">Units done in this stage.</param>
/// <param name="Total">Units in this stage.</param>
public readonly record struct FokkerPlanckProgress(string Stage, int Done, int Total);

/// <summary>
/// The Fokker–Planck reproduction of fokker-planck-to-callan-symanzik (SPEC §1) on a recorded training run: for each drift
/// mode, evolve the row densities of B1 and B2 by eq. (11), carry theoretical rows, push the recorded B1 inputs through the
/// theoretical matrices, and compare the latent-output KDEs with the empirical ones (eq. 28) every epoch; evolve the KPZ
/// potential alongside (eqs. 13–14); analyse the terminal epoch (eq. 21) of the empirical and theoretical densities.
/// Pure library: no console, no files, no plots.
/// </summary>
public static class FokkerPlanckReproduction
{
    /// <summary>Runs the reproduction.</summary>
    /// <param name="trajectory">The recorded training run.</param>
    /// <param name="options">Settings (defaults when null).</param>
    /// <param name="progress">Progress per stage.</param>
    /// <param name="cancel">Cancels.</param>
    /// <param name="grids">The weight-space grids of b1 and b2 to use instead of <see cref="LayerGrid.For"/>'s (a grid-convergence
    /// check refines the cells of the same box), or null.</param>
    /// <exception cref="InvalidConfigException">Bad options, or a grid too coarse for the rows' spread (with the GridSize to use).</exception>
    /// <exception cref="NumericalInstabilityException">A drift too large for the grid even after refining substeps.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static FokkerPlanckReproductionResult Run(BottleneckTrajectory trajectory, FokkerPlanckOptions? options = null,
                                                     IProgress<FokkerPlanckProgress>? progress = null, CancellationToken cancel = default,
                                                     (Grid2D B1, Grid2D B2)? grids = null)
    {
        options ??= new FokkerPlanckOptions();
        options.Validate();
        int epochs = Math.Min(trajectory.EpochCount, options.MaxEpochs ?? int.MaxValue);
        var gridB1 = grids?.B1 ?? LayerGrid.For(trajectory, BottleneckLayer.B1, epochs, options);
        var gridB2 = grids?.B2 ?? LayerGrid.For(trajectory, BottleneckLayer.B2, epochs, options);

        var empiricalB1 = new List<double[]>(); var empiricalB2 = new List<double[]>();
        for (int t = 0; t <= epochs; t++)
        {
            empiricalB1.Add(RowDensity.Estimate(gridB1, trajectory.Epochs[t].B1.Weights, options.BandwidthScale).Values);
            empiricalB2.Add(RowDensity.Estimate(gridB2, trajectory.Epochs[t].B2.Weights, options.BandwidthScale).Values);
            progress?.Report(new("empirical densities", t + 1, epochs + 1));
        }

        var notes = new List<string>();
        foreach (var (name, grid) in new[] { ("B1", gridB1), ("B2", gridB2) })
            if (grids is null && grid.Nx != options.GridSize)
                notes.Add($"{name}'s grid was refined from {options.GridSize} to {grid.Nx} cells per side so that the rows' initial spread covers at least {options.MinCellsPerRowSpread} cells per standard deviation over the box of all {epochs} epochs.");
        var modes = new List<DriftModeResult>();
        foreach (var mode in options.Modes)
        {
            var b1 = LayerEvolution.Run(trajectory, BottleneckLayer.B1, mode, gridB1, epochs, options, e => progress?.Report(new($"{mode} B1", e, epochs)), cancel);
            var b2 = LayerEvolution.Run(trajectory, BottleneckLayer.B2, mode, gridB2, epochs, options, e => progress?.Report(new($"{mode} B2", e, epochs)), cancel);
            foreach (var layer in new[] { b1, b2 })
                foreach (var report in layer.Reports)
                    if (report.RefinedForStability) notes.Add($"{mode} {layer.Layer} {report}");
            foreach (var layer in new[] { b1, b2 })
                if (layer.KpzFailure is not null) notes.Add(layer.KpzFailure);

            var outputsB1 = new List<double[]>(); var outputsB2 = new List<double[]>();
            var comparisonsB1 = new List<LatentDensityComparison>(); var comparisonsB2 = new List<LatentDensityComparison>();
            var metrics = new List<EpochMetrics>();
            for (int t = 0; t <= epochs; t++)
            {
                cancel.ThrowIfCancellationRequested();
                var record = trajectory.Epochs[t];
                var z1 = LatentMaps.Apply(record.B1Inputs, trajectory.EvalCount, b1.Rows[t], trajectory.B1Rows);   // (E, 2)
                var z2 = LatentMaps.Apply(z1, trajectory.EvalCount, b2.Rows[t], 2);                                  // (E, 2)
                var c1 = LatentDensityComparison.Compare(record.B1Outputs, z1, options.KdeGridSize);
                var c2 = LatentDensityComparison.Compare(record.B2Outputs, z2, options.KdeGridSize);
                outputsB1.Add(z1); outputsB2.Add(z2); comparisonsB1.Add(c1); comparisonsB2.Add(c2);
                bool refined = t > 0 && (b1.Reports[t - 1].RefinedForStability || b2.Reports[t - 1].RefinedForStability);
                double fve1 = t > 0 ? WeightFve.Of(b1.Rows[t], record.B1.Weights, trajectory.Epochs[t - 1].B1.Weights) : double.NaN;
                double fve2 = t > 0 ? WeightFve.Of(b2.Rows[t], record.B2.Weights, trajectory.Epochs[t - 1].B2.Weights) : double.NaN;
                metrics.Add(new EpochMetrics(t, c1.Mse, c1.Pearson, c2.Mse, c2.Pearson,
                    b1.KpzGaps[t]?.Rms ?? double.NaN, b2.KpzGaps[t]?.Rms ?? double.NaN,
                    t > 0 ? b1.Reports[t - 1].Substeps : 0, refined, t == 0 || b1.GateOpen[t - 1], fve1, fve2));
                progress?.Report(new($"{mode} comparison", t + 1, epochs + 1));
            }
            modes.Add(new DriftModeResult
            {
                Mode = mode, Metrics = metrics, B1 = b1, B2 = b2, TheoreticalOutputsB1 = outputsB1, TheoreticalOutputsB2 = outputsB2,
                ComparisonsB1 = comparisonsB1, ComparisonsB2 = comparisonsB2,
                TerminalB1 = TerminalEpochAnalysis.Of(b1.Densities, gridB1.CellArea, options),
            });
        }
        return new FokkerPlanckReproductionResult
        {
            Options = options, Epochs = epochs, GridB1 = gridB1, GridB2 = gridB2,
            EmpiricalDensitiesB1 = empiricalB1, EmpiricalDensitiesB2 = empiricalB2,
            EmpiricalTerminalB1 = TerminalEpochAnalysis.Of(empiricalB1, gridB1.CellArea, options),
            EmpiricalTerminalB2 = TerminalEpochAnalysis.Of(empiricalB2, gridB2.CellArea, options),
            Modes = modes, Notes = notes,
        };
    }
}
