using NnPhys.Experiments;
using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.FokkerPlanck;

/// <summary>
/// Forecasts that see only the past (issue 8 §2): from every start epoch s ≥ 1 the rows W_s and their KDE are evolved by the
/// Fokker–Planck equation (11) with a drift (and diffusion) fitted on the displacements of epochs before s only, the rows
/// carried along the probability-flow velocity, for k = 1..max horizon epochs; at each horizon the predicted rows are scored
/// like the theory (eq. 28 on X_{s+k}·Ŵ, weight FVE relative to W_s) beside persistence Ŵ = W_s + k(W_s − W_{s−1}) and no
/// motion Ŵ = W_s. What a forecast sees: rows up to epoch s. (Scoring uses the network's b1 inputs X_{s+k} at the target,
/// for every model alike, and the grid box covers all epochs' rows, as in the reproduction.)
/// </summary>
public static class PastOnlyForecast
{
    /// <summary>Runs every forecast and baseline on the given grids.</summary>
    /// <param name="closedLoop">The closed-loop rows per start epoch (<see cref="ClosedLoopForecast.Run"/>), needed when
    /// <see cref="PastOnlyForecastOptions.Methods"/> holds <see cref="ForecastMethod.ClosedLoop"/>.</param>
    /// <remarks>The (method, start epoch) forecasts run in parallel (<see cref="PastOnlyForecastOptions.MaxDegreeOfParallelism"/>);
    /// each writes only its own slot and the slots are concatenated in the serial order, so the scores and notes are the
    /// same bit for bit as a serial run's.</remarks>
    /// <exception cref="InvalidConfigException">Bad options (naming the command-line option), or a non-finite fitted field.</exception>
    /// <exception cref="NumericalInstabilityException">A fitted field too large for the grid even after refining substeps.</exception>
    public static PastOnlyForecastResult Run(BottleneckTrajectory trajectory, int epochs, Grid2D gridB1, Grid2D gridB2, FokkerPlanckOptions theory,
        PastOnlyForecastOptions options, IProgress<FokkerPlanckProgress>? progress = null, CancellationToken cancel = default, ClosedLoopRows? closedLoop = null)
    {
        options.Validate(epochs);
        if (options.Methods.Any(PastOnlyForecastOptions.IsClosedLoop) && closedLoop is null)
            throw new InvalidConfigException("--forecast-methods closed-loop and closed-loop-mean need the training images and the run's config (reproduce fokker-planck supplies them); leave it out to forecast from the recording alone.");
        int maxHorizon = options.Horizons.Max();
        var horizons = options.Horizons.Distinct().Order().ToArray();
        double epsilonSigma2 = Math.Pow(trajectory.Adam.Epsilon * trajectory.Adam.LearningRate, 2);   // eq. (12)
        var jobs = (from method in options.Methods
                    from s in Enumerable.Range(1, epochs - 1)
                    where horizons.Any(k => k <= Math.Min(maxHorizon, epochs - s))
                    select (Method: method, Start: s)).ToArray();
        var jobRows = new (IReadOnlyList<double[]> B1, IReadOnlyList<double[]> B2)[jobs.Length];
        var jobNotes = new List<string>[jobs.Length];
        int done = 0;
        var parallel = new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        Parallel.For(0, jobs.Length, parallel, j =>
        {
            var (method, s) = jobs[j];
            int steps = Math.Min(maxHorizon, epochs - s);
            var notes = new List<string>();
            if (PastOnlyForecastOptions.IsClosedLoop(method))
            {
                if (!closedLoop!.Rows.TryGetValue((method, s), out var rows) || rows.Count < steps)
                    throw new InvalidConfigException($"The closed-loop rows from start epoch {s} cover {rows?.Count ?? 0} epochs; the forecast needs {steps}. Compute them with the same horizons.");
                jobRows[j] = (rows.Take(steps).Select(r => r.B1).ToList(), rows.Take(steps).Select(r => r.B2).ToList());
            }
            else
                jobRows[j] = (Evolve(trajectory, BottleneckLayer.B1, gridB1, s, steps, method, theory, options, epsilonSigma2, notes),
                              Evolve(trajectory, BottleneckLayer.B2, gridB2, s, steps, method, theory, options, epsilonSigma2, notes));
            jobNotes[j] = notes;
            progress?.Report(new($"forecast {PastOnlyForecastOptions.Name(method)}", Interlocked.Increment(ref done), jobs.Length));
        });
        // the calibrated variants: Ŵ = W_s + λ_s (R − W_s), λ_s from the same method's one-epoch forecasts that ended by epoch s
        var index = jobs.Select((job, j) => (job, j)).ToDictionary(x => x.job, x => x.j);
        var calibration = new List<ForecastCalibration>();
        var calibratedRows = new (IReadOnlyList<double[]> B1, IReadOnlyList<double[]> B2)[options.Calibrate ? jobs.Length : 0];
        for (int j = 0; j < calibratedRows.Length; j++)
        {
            var (method, s) = jobs[j];
            var past = Enumerable.Range(Math.Max(1, s - options.Window), Math.Max(0, s - Math.Max(1, s - options.Window)))
                .Select(u => (Start: u, Rows: jobRows[index[(method, u)]])).ToList();
            double l1 = Shrinkage(trajectory, BottleneckLayer.B1, past.Select(p => (p.Start, p.Rows.B1[0])));
            double l2 = Shrinkage(trajectory, BottleneckLayer.B2, past.Select(p => (p.Start, p.Rows.B2[0])));
            calibration.Add(new ForecastCalibration(PastOnlyForecastOptions.Name(method), s, l1, l2, past.Count));
            calibratedRows[j] = (Shrunk(trajectory.Epochs[s].B1.Weights, jobRows[j].B1, l1), Shrunk(trajectory.Epochs[s].B2.Weights, jobRows[j].B2, l2));
        }
        var scoreJobs = jobs.Select((job, j) => (Name: PastOnlyForecastOptions.Name(job.Method), job.Start, Rows: jobRows[j]))
            .Concat(jobs.Take(calibratedRows.Length).Select((job, j) => (Name: PastOnlyForecastOptions.CalibratedName(job.Method), job.Start, Rows: calibratedRows[j]))).ToArray();
        var jobScores = new List<ForecastScore>[scoreJobs.Length];
        Parallel.For(0, scoreJobs.Length, parallel, j =>
        {
            var (name, s, rows) = scoreJobs[j];
            var scores = new List<ForecastScore>();
            foreach (int k in horizons.Where(k => k <= rows.B1.Count))
            {
                var (b1, b2) = ModelScoring.Score(trajectory, s + k, s, rows.B1[k - 1], rows.B2[k - 1], theory.KdeGridSize);
                scores.Add(new ForecastScore(name, s, k, b1, b2) { MFve = ProductFve(trajectory, s, k, rows.B1[k - 1], rows.B2[k - 1]) });
            }
            jobScores[j] = scores;
        });
        var all = jobScores.SelectMany(x => x).ToList();
        var allNotes = (closedLoop?.Notes ?? []).Concat(jobNotes.SelectMany(x => x)).ToList();
        for (int s = 1; s < epochs; s++)
            foreach (int k in horizons.Where(k => s + k <= epochs))
            {
                cancel.ThrowIfCancellationRequested();
                var (p1, p2) = ModelScoring.Score(trajectory, s + k, s, Persistence(trajectory, BottleneckLayer.B1, s, k), Persistence(trajectory, BottleneckLayer.B2, s, k), theory.KdeGridSize);
                all.Add(new ForecastScore("persistence", s, k, p1, p2)
                    { MFve = ProductFve(trajectory, s, k, Persistence(trajectory, BottleneckLayer.B1, s, k), Persistence(trajectory, BottleneckLayer.B2, s, k)) });
                var (n1, n2) = ModelScoring.Score(trajectory, s + k, s, trajectory.Epochs[s].B1.Weights, trajectory.Epochs[s].B2.Weights, theory.KdeGridSize);
                all.Add(new ForecastScore("no_motion", s, k, n1, n2) { MFve = ProductFve(trajectory, s, k, trajectory.Epochs[s].B1.Weights, trajectory.Epochs[s].B2.Weights) });
            }
        return new PastOnlyForecastResult { Options = options, Scores = all, Epochs = epochs, Notes = allNotes.Distinct().Take(20).ToList(), Calibration = calibration };
    }

    /// <summary>
    /// The least-squares scale of past one-epoch forecasts, λ = Σ_u ⟨R_u − W_u, W_{u+1} − W_u⟩ / Σ_u ‖R_u − W_u‖² over the given
    /// (start u, forecast rows R_u of epoch u+1), clamped to [0, <see cref="MaxShrinkage"/>]; 1 without past forecasts or motion.
    /// </summary>
    public static double Shrinkage(BottleneckTrajectory trajectory, BottleneckLayer layer, IEnumerable<(int Start, double[] Rows)> past)
    {
        double cross = 0, norm = 0;
        foreach (var (u, rows) in past)
        {
            var from = trajectory.Layer(layer, u).Weights; var to = trajectory.Layer(layer, u + 1).Weights;
            for (int c = 0; c < rows.Length; c++) { double p = rows[c] - from[c]; cross += p * (to[c] - from[c]); norm += p * p; }
        }
        if (!(norm > 0)) return 1;
        return Math.Clamp(cross / norm, 0, MaxShrinkage);
    }

    /// <summary>FVE of M̂ = Ŵ1·Ŵ2 against M_(s+k) relative to M_s (<see cref="ForecastScore.MFve"/>).</summary>
    public static double ProductFve(BottleneckTrajectory trajectory, int s, int k, double[] rowsB1, double[] rowsB2)
    {
        double[] M(double[] w1, double[] w2) => LatentMaps.Apply(w1, w1.Length / 2, w2, 2);   // (rows, 2)·(2, 2)
        return WeightFve.Of(M(rowsB1, rowsB2), M(trajectory.Epochs[s + k].B1.Weights, trajectory.Epochs[s + k].B2.Weights),
                            M(trajectory.Epochs[s].B1.Weights, trajectory.Epochs[s].B2.Weights));
    }

    /// <summary>Largest calibration factor λ (a past forecast that moved almost nowhere must not be blown up without bound).</summary>
    public const double MaxShrinkage = 4;

    static IReadOnlyList<double[]> Shrunk(double[] start, IReadOnlyList<double[]> rows, double lambda) =>
        rows.Select(r => r.Select((v, c) => start[c] + lambda * (v - start[c])).ToArray()).ToList();

    /// <summary>Persistence over k epochs: Ŵ = W_s + k·(W_s − W_{s−1}).</summary>
    public static double[] Persistence(BottleneckTrajectory trajectory, BottleneckLayer layer, int s, int k)
    {
        var now = trajectory.Layer(layer, s).Weights; var before = trajectory.Layer(layer, s - 1).Weights;
        var rows = new double[now.Length];
        for (int c = 0; c < rows.Length; c++) rows[c] = now[c] + k * (now[c] - before[c]);
        return rows;
    }

    /// <summary>
    /// The forecast rows of one layer at s+1 .. s+steps: P_s = KDE(W_s), rows W_s, evolved by eq. (11) with the fitted
    /// field. Kramers–Moyal: D(w) and σ²(w), fixed in time. Callan–Symanzik: D(w, t) = G(w)/t re-evaluated
    /// RefreshesPerEpoch times per epoch at the sub-interval midpoints, σ² = ε²η² (eq. 12).
    /// </summary>
    public static IReadOnlyList<double[]> Evolve(BottleneckTrajectory trajectory, BottleneckLayer layer, Grid2D grid, int start, int steps,
        ForecastMethod method, FokkerPlanckOptions theory, PastOnlyForecastOptions options, double epsilonSigma2, List<string>? notes = null)
    {
        int first = Math.Max(0, start - options.Window);
        bool cs = method == ForecastMethod.CallanSymanzik;
        var fields = KramersMoyalFields.Fit(grid, trajectory, layer, first, start, timeWeighted: cs);
        var diffusion = cs ? DiffusionField.Constant(grid, epsilonSigma2) : new DiffusionField(grid, fields.SigmaSquaredX, fields.SigmaSquaredY);
        var density = RowDensity.Estimate(grid, trajectory.Layer(layer, start).Weights, theory.BandwidthScale);
        var rows = (double[])trajectory.Layer(layer, start).Weights.Clone();
        int refreshes = cs ? options.RefreshesPerEpoch : 1;
        var settings = new PdeSolverSettings(MinSubstepsPerUnitTime: Math.Max(1, (int)Math.Ceiling((double)theory.MinSubstepsPerEpoch / refreshes)) * refreshes);
        var result = new List<double[]>();
        var driftX = new double[grid.CellCount]; var driftY = new double[grid.CellCount];
        for (int j = 0; j < steps; j++)
        {
            for (int k = 0; k < refreshes; k++)
            {
                double from = start + j + (double)k / refreshes;
                // fokker-planck-to-callan-symanzik eq. (15): D = G/t, with t at the sub-interval midpoint (epochs since initialisation)
                double scale = cs ? 1 / (from + 0.5 / refreshes) : 1;
                for (int c = 0; c < driftX.Length; c++) { driftX[c] = scale * fields.DriftX[c]; driftY[c] = scale * fields.DriftY[c]; }
                var op = new FokkerPlanckOperator(DriftField.FromCellValues(grid, driftX, driftY), diffusion);
                var tracker = new RowTransportTracker(new ProbabilityFlowVelocity(grid, (double[])driftX.Clone(), (double[])driftY.Clone(), diffusion), rows);
                var report = PdeSolver.Evolve(density, op, from, 1.0 / refreshes, settings, [tracker]);
                if (report.RefinedForStability) notes?.Add($"{PastOnlyForecastOptions.Name(method)} {layer}: substeps refined for stability ({report.Substeps} per 1/{refreshes} epoch)");
            }
            result.Add((double[])rows.Clone());
        }
        return result;
    }
}
