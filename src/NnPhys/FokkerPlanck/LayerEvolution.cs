using NnPhys.Experiments;
using NnPhys.FokkerPlanck.Pde;
using NnPhys.Numerics;

namespace NnPhys.FokkerPlanck;

/// <summary>
/// Runs the Fokker–Planck theory for one layer: each epoch t → t+1 it regresses the row drift and diffusion onto the grid
/// (Nadaraya–Watson; refreshed DriftRefreshesPerEpoch times at the rows' straight-line positions within the epoch), advances
/// P by one unit of time (≥ MinSubstepsPerEpoch explicit substeps), carries the theoretical rows
/// along the probability-flow velocity (or samples them from P), and, optionally, advances V = −log P by the KPZ equation.
/// </summary>
public static class LayerEvolution
{
    // Kernel regression of the row drift and diffusion at the given row positions onto the grid. A diffusion that is the
    // same for every row (eq. 12) is used as a constant field directly.
    // A constant diffusion field (the same for every refresh of the epoch) is passed in and shared, read-only.
    static (DriftField Drift, double[] X, double[] Y, DiffusionField Diffusion) FieldsOnGrid(Grid2D grid, double[] positions, RowDrift rowDrift, KernelBandwidth bandwidth,
                                                                                          DiffusionField? constantDiffusion)
    {
        var (driftX, driftY) = NadarayaWatsonRegression.RegressOnGrid(grid, positions, rowDrift.Velocities, bandwidth);
        DiffusionField diffusion;
        if (constantDiffusion is not null) diffusion = constantDiffusion;
        else
        {
            var (sigmaX, sigmaY) = NadarayaWatsonRegression.RegressOnGrid(grid, positions, rowDrift.Diffusion, bandwidth);
            diffusion = new DiffusionField(grid, sigmaX, sigmaY);
        }
        return (DriftField.FromCellValues(grid, driftX, driftY), driftX, driftY, diffusion);
    }

    static EvolutionReport Combine(List<EvolutionReport> parts)
    {
        int substeps = 0, minimum = 0; double dt = double.PositiveInfinity, rate = 0; bool refined = false;
        foreach (var p in parts) { substeps += p.Substeps; minimum += p.MinimumSubsteps; dt = Math.Min(dt, p.TimeStep); rate = Math.Max(rate, p.StabilityRate); refined |= p.RefinedForStability; }
        return new EvolutionReport(parts[0].StartTime, parts[^1].EndTime, substeps, dt, minimum, rate, refined);
    }

    /// <summary>Evolves <paramref name="layer"/> over epochs 0..epochs in <paramref name="mode"/>.</summary>
    public static LayerEvolutionResult Run(BottleneckTrajectory trajectory, BottleneckLayer layer, DriftMode mode, Grid2D grid, int epochs,
                                           FokkerPlanckOptions options, Action<int>? epochDone = null, CancellationToken cancel = default)
    {
        var settings = new PdeSolverSettings(MinSubstepsPerUnitTime: options.MinSubstepsPerEpoch);
        var empirical0 = trajectory.Layer(layer, 0).Weights;
        var density = RowDensity.Estimate(grid, empirical0, options.BandwidthScale);
        var rows = (double[])empirical0.Clone();
        var potential = options.RunKpz ? KpzOperator.PotentialFromDensity(density) : [];
        var random = new RandomStream(options.Seed, (ulong)layer * 7919 + (ulong)mode * 104729 + 1);

        var densities = new List<double[]> { (double[])density.Values.Clone() };
        var rowList = new List<double[]> { (double[])rows.Clone() };
        var potentials = new List<double[]>();
        var gaps = new List<KpzGap?>();
        if (options.RunKpz) { potentials.Add((double[])potential.Clone()); gaps.Add(KpzGap.Compare(potential, density, options.KpzThreshold)); }
        else gaps.Add(null);
        var drifts = new List<(double[], double[])>();
        var reports = new List<EvolutionReport>();
        var gates = new List<bool>();
        var bandwidths = new List<KernelBandwidth>();
        double massDrift = 0, minDensity = double.PositiveInfinity;
        bool runKpz = options.RunKpz;
        string? kpzFailure = null;
        RowDrift? firstDrift = null;

        for (int t = 0; t < epochs; t++)
        {
            cancel.ThrowIfCancellationRequested();
            if (options.Start == TheoryStart.FromPreviousEpoch && t > 0)
            {
                var empirical = trajectory.Layer(layer, t).Weights;
                density = RowDensity.Estimate(grid, empirical, options.BandwidthScale);
                if (options.Rows == TheoreticalRows.Transport) rows = (double[])empirical.Clone();
                if (runKpz) potential = KpzOperator.PotentialFromDensity(density);
            }
            // Drift and diffusion at the rows (eqs. 8, 9, 12), then on the grid by kernel regression, refreshed K times in
            // the epoch at the rows' straight-line positions w_r + τ·F_r (τ = sub-interval midpoint): the drift field moves
            // with the rows instead of staying where they were at the epoch's start.
            // free_running sees epoch 0 only: the first epoch's drift, regressed once at its midpoints and held fixed in w
            bool fixedField = options.Start == TheoryStart.FreeRunning;
            var rowDrift = fixedField && firstDrift is not null ? firstDrift
                         : TrainingDrift.ForEpoch(trajectory, layer, t, mode, options.Diffusion, options.PredictedForecast);
            firstDrift ??= rowDrift;
            int refreshes = fixedField ? 1 : options.DriftRefreshesPerEpoch;
            var invariants = new InvariantsTracker(interval: 10);
            var subReports = new List<EvolutionReport>();
            var positions = new double[rowDrift.Positions.Length];
            // One bandwidth per epoch: cross-validated on the rows' mid-epoch positions, or Scott's rule.
            for (int c = 0; c < positions.Length; c++) positions[c] = rowDrift.Positions[c] + 0.5 * rowDrift.Velocities[c];
            var bandwidth = fixedField && t > 0 ? bandwidths[0]
                : options.CrossValidateBandwidth
                ? NadarayaWatsonRegression.CrossValidatedBandwidth(positions, rowDrift.Velocities, 1.5 * grid.Dx, 1.5 * grid.Dy).Bandwidth
                : NadarayaWatsonRegression.ScottBandwidth(positions, options.BandwidthScale, 1.5 * grid.Dx, 1.5 * grid.Dy);
            bandwidths.Add(bandwidth);
            bool constant = true;
            for (int c = 2; c < rowDrift.Diffusion.Length; c++) constant &= rowDrift.Diffusion[c] == rowDrift.Diffusion[c % 2];
            var constantDiffusion = constant ? DiffusionField.Diagonal(grid, rowDrift.Diffusion[0], rowDrift.Diffusion[1]) : null;
            var subSettings = settings with { MinSubstepsPerUnitTime = Math.Max(1, (int)Math.Ceiling((double)options.MinSubstepsPerEpoch / refreshes)) * refreshes };
            for (int k = 0; k < refreshes; k++)
            {
                double tau = (k + 0.5) / refreshes, start = t + (double)k / refreshes;
                for (int c = 0; c < positions.Length; c++) positions[c] = rowDrift.Positions[c] + tau * rowDrift.Velocities[c];
                var (drift, driftX, driftY, diffusion) = FieldsOnGrid(grid, positions, rowDrift, bandwidth, constantDiffusion);
                var op = new FokkerPlanckOperator(drift, diffusion);
                var trackers = new List<IPdeTracker<DensityField>> { invariants };
                if (options.Rows == TheoreticalRows.Transport)
                    trackers.Add(new RowTransportTracker(new ProbabilityFlowVelocity(grid, driftX, driftY, diffusion), rows));
                subReports.Add(PdeSolver.Evolve(density, op, start, 1.0 / refreshes, subSettings, trackers));
                if (runKpz)
                {
                    // KPZ is a diagnostic beside the Fokker–Planck solve: its instability ends the KPZ series, not the run
                    try { PdeSolver.Evolve(new ScalarField(grid, potential), new KpzOperator(drift, diffusion), start, 1.0 / refreshes, subSettings); }
                    catch (NumericalInstabilityException e)
                    {
                        runKpz = false;
                        kpzFailure = $"KPZ evolution of {layer} ({mode}) stopped in epoch {t + 1}: {e.Message} The KPZ gap is undefined (NaN) from that epoch on; the Fokker–Planck solution is unaffected.";
                    }
                }
                if (options.RecordDriftFields && k == refreshes / 2) drifts.Add((driftX, driftY));
            }
            var report = Combine(subReports);
            if (options.Rows == TheoreticalRows.Sample) rows = DensitySampler.Sample(density, rows.Length / 2, random);
            if (runKpz)
            {
                potentials.Add((double[])potential.Clone());
                gaps.Add(KpzGap.Compare(potential, density, options.KpzThreshold));
            }
            else
            {
                if (options.RunKpz) potentials.Add(Enumerable.Repeat(double.NaN, grid.CellCount).ToArray()); // keep one entry per epoch
                gaps.Add(null);
            }

            massDrift = Math.Max(massDrift, invariants.MaxRelativeMassDrift);
            minDensity = Math.Min(minDensity, invariants.MinDensity);
            densities.Add((double[])density.Values.Clone());
            rowList.Add((double[])rows.Clone());
            reports.Add(report); gates.Add(rowDrift.GateOpen);
            epochDone?.Invoke(t + 1);
        }
        return new LayerEvolutionResult
        {
            Layer = layer, Mode = mode, Grid = grid, Densities = densities, Rows = rowList, KpzPotentials = potentials, KpzGaps = gaps,
            DriftFields = drifts, Bandwidths = bandwidths, Reports = reports, GateOpen = gates, MaxRelativeMassDrift = massDrift, MinDensity = minDensity,
            KpzFailure = kpzFailure,
        };
    }
}
