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
    /// <param name="progress">Progress per stage (reported from several threads when run concurrently).</param>
    /// <param name="cancel">Cancels.</param>
    /// <param name="grids">The weight-space grids of b1 and b2 to use instead of <see cref="LayerGrid.For"/>'s (a grid-convergence
    /// check refines the cells of the same box), or null.</param>
    /// <param name="maxDegreeOfParallelism">How many of the independent pieces (empirical densities per epoch, the
    /// evolutions of each drift mode × layer, the comparisons per epoch) run at once: 1 serially, −1 (default) on all
    /// processors. The result is the same bit for bit either way (<see cref="TheoryParallel"/>).</param>
    /// <param name="timing">Receives the wall time of each phase ("empirical_densities", "evolutions", "comparisons"), or null.</param>
    /// <exception cref="InvalidConfigException">Bad options, or a grid too coarse for the rows' spread (with the GridSize to use).</exception>
    /// <exception cref="NumericalInstabilityException">A drift too large for the grid even after refining substeps.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static FokkerPlanckReproductionResult Run(BottleneckTrajectory trajectory, FokkerPlanckOptions? options = null,
                                                     IProgress<FokkerPlanckProgress>? progress = null, CancellationToken cancel = default,
                                                     (Grid2D B1, Grid2D B2)? grids = null, int maxDegreeOfParallelism = TheoryParallel.Default,
                                                     Action<string, TimeSpan>? timing = null)
    {
        options ??= new FokkerPlanckOptions();
        options.Validate();
        int epochs = Math.Min(trajectory.EpochCount, options.MaxEpochs ?? int.MaxValue);
        var gridB1 = grids?.B1 ?? LayerGrid.For(trajectory, BottleneckLayer.B1, epochs, options);
        var gridB2 = grids?.B2 ?? LayerGrid.For(trajectory, BottleneckLayer.B2, epochs, options);
        int parallel = maxDegreeOfParallelism;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        int densitiesDone = 0;
        var empirical = TheoryParallel.Map(epochs + 1, t =>
        {
            var pair = (RowDensity.Estimate(gridB1, trajectory.Epochs[t].B1.Weights, options.BandwidthScale).Values,
                        RowDensity.Estimate(gridB2, trajectory.Epochs[t].B2.Weights, options.BandwidthScale).Values);
            progress?.Report(new("empirical densities", Interlocked.Increment(ref densitiesDone), epochs + 1));
            return pair;
        }, parallel, cancel);
        var empiricalB1 = empirical.Select(e => e.Item1).ToList(); var empiricalB2 = empirical.Select(e => e.Item2).ToList();
        timing?.Invoke("empirical_densities", clock.Elapsed);

        var notes = new List<string>();
        foreach (var (name, grid) in new[] { ("B1", gridB1), ("B2", gridB2) })
            if (grids is null && grid.Nx != options.GridSize)
                notes.Add($"{name}'s grid was refined from {options.GridSize} to {grid.Nx} cells per side so that the rows' initial spread covers at least {options.MinCellsPerRowSpread} cells per standard deviation over the box of all {epochs} epochs.");

        // every drift mode × layer evolves independently: index 2·m + l (l = 0 for B1, 1 for B2)
        clock.Restart();
        var modeList = options.Modes.ToArray();
        var evolutions = TheoryParallel.Map(2 * modeList.Length, index =>
        {
            var mode = modeList[index / 2];
            var (layer, grid, name) = index % 2 == 0 ? (BottleneckLayer.B1, gridB1, "B1") : (BottleneckLayer.B2, gridB2, "B2");
            return LayerEvolution.Run(trajectory, layer, mode, grid, epochs, options, e => progress?.Report(new($"{mode} {name}", e, epochs)), cancel);
        }, parallel, cancel);
        timing?.Invoke("evolutions", clock.Elapsed);

        clock.Restart();
        var modes = new List<DriftModeResult>();
        for (int m = 0; m < modeList.Length; m++)
        {
            var mode = modeList[m];
            var (b1, b2) = (evolutions[2 * m], evolutions[2 * m + 1]);
            foreach (var layer in new[] { b1, b2 })
                foreach (var report in layer.Reports)
                    if (report.RefinedForStability) notes.Add($"{mode} {layer.Layer} {report}");
            foreach (var layer in new[] { b1, b2 })
                if (layer.KpzFailure is not null) notes.Add(layer.KpzFailure);

            int compared = 0;
            var perEpoch = TheoryParallel.Map(epochs + 1, t =>
            {
                var record = trajectory.Epochs[t];
                var z1 = LatentMaps.Apply(record.B1Inputs, trajectory.EvalCount, b1.Rows[t], trajectory.B1Rows);   // (E, 2)
                var z2 = LatentMaps.Apply(z1, trajectory.EvalCount, b2.Rows[t], 2);                                  // (E, 2)
                var c1 = LatentDensityComparison.Compare(record.B1Outputs, z1, options.KdeGridSize);
                var c2 = LatentDensityComparison.Compare(record.B2Outputs, z2, options.KdeGridSize);
                bool refined = t > 0 && (b1.Reports[t - 1].RefinedForStability || b2.Reports[t - 1].RefinedForStability);
                double fve1 = t > 0 ? WeightFve.Of(b1.Rows[t], record.B1.Weights, trajectory.Epochs[t - 1].B1.Weights) : double.NaN;
                double fve2 = t > 0 ? WeightFve.Of(b2.Rows[t], record.B2.Weights, trajectory.Epochs[t - 1].B2.Weights) : double.NaN;
                var metric = new EpochMetrics(t, c1.Mse, c1.Pearson, c2.Mse, c2.Pearson,
                    b1.KpzGaps[t]?.Rms ?? double.NaN, b2.KpzGaps[t]?.Rms ?? double.NaN,
                    t > 0 ? b1.Reports[t - 1].Substeps : 0, refined, t == 0 || b1.GateOpen[t - 1], fve1, fve2);
                progress?.Report(new($"{mode} comparison", Interlocked.Increment(ref compared), epochs + 1));
                return (z1, z2, c1, c2, metric);
            }, parallel, cancel);
            modes.Add(new DriftModeResult
            {
                Mode = mode, Metrics = perEpoch.Select(e => e.metric).ToList(), B1 = b1, B2 = b2,
                TheoreticalOutputsB1 = perEpoch.Select(e => e.z1).ToList(), TheoreticalOutputsB2 = perEpoch.Select(e => e.z2).ToList(),
                ComparisonsB1 = perEpoch.Select(e => e.c1).ToList(), ComparisonsB2 = perEpoch.Select(e => e.c2).ToList(),
                TerminalB1 = TerminalEpochAnalysis.Of(b1.Densities, gridB1.CellArea, options),
            });
        }
        timing?.Invoke("comparisons", clock.Elapsed);
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
