using NnPhys.Experiments;
using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.FokkerPlanck;

/// <summary>The past-only forecast models of issue 8 §2.</summary>
public enum ForecastMethod
{
    /// <summary>
    /// Kramers–Moyal: time-homogeneous drift D(w) = E[Δw | w] and diffusion σ²(w) = Var[Δw | w] (per axis, per epoch) from
    /// the recorded one-epoch displacements of the last <see cref="PastOnlyForecastOptions.Window"/> epochs before the start.
    /// </summary>
    KramersMoyal,
    /// <summary>
    /// Callan–Symanzik ansatz (fokker-planck-to-callan-symanzik eqs. 15–19): D(w, t) = G(w)/t with G(w) = E[t_u·Δw_u | w],
    /// t_u = u + ½ the midpoint of the past epoch u → u+1, fitted on the same past epochs; σ² of eq. (12) (drift only).
    /// </summary>
    CallanSymanzik,
    /// <summary>
    /// Closed loop (<see cref="ClosedLoop"/>): the forecast's own rows Ŵ1, Ŵ2 in the network with every other layer frozen at
    /// the start epoch, moved by Adam from the start epoch's moments with gradients evaluated at Ŵ on training minibatches.
    /// Sees the full training state at the start epoch and the training images.
    /// </summary>
    ClosedLoop,
    /// <summary>
    /// Mean-field closed loop (<see cref="ClosedLoop.EvolveMean"/>): as <see cref="ClosedLoop"/>, but the Adam moments are recursed
    /// in expectation over the minibatch noise, with the mean gradient at Ŵ and the start epoch's recorded per-batch gradient
    /// variance — a forecast of the mean motion rather than one noisy realisation.
    /// </summary>
    ClosedLoopMean,
}

/// <summary>
/// Drift and diffusion fields on a grid estimated from pooled recorded displacements by Nadaraya–Watson regression — the
/// first two Kramers–Moyal coefficients, one epoch = unit time. The drift D(w) = E[Δw | w] attaches each displacement
/// Δw_u = W_{u+1} − W_u to its midpoint W_u + Δw_u/2: the field the Fokker–Planck solver integrates over the epoch then
/// reproduces the displacement to second order (for an Ornstein–Uhlenbeck drift −θw it recovers 2·tanh(θ/2) ≈ θ(1 − θ²/12)
/// instead of the first-order 1 − e^{−θ}). The diffusion is the KM second coefficient at the start positions,
/// σ²_a(w) = E[(Δw_a − E[Δw_a | W_u])² | W_u = w]: each displacement's residual from the leave-one-out regression of Δw at its
/// own start, squared, divided by 1 + Σ_j w_ij² (the variance the leave-one-out estimate adds), and regressed (so the drift's variation across the kernel window is not mistaken for diffusion); 0 with
/// fewer than 10 samples (b2). With <paramref name="timeWeighted"/> the values are t_u·Δw_u,
/// t_u = u + ½, so the field is the Callan–Symanzik G = t·D (eq. 19) instead of D.
/// </summary>
/// <param name="DriftX">D_x (or G_x) at cell centres, (Ny, Nx).</param>
/// <param name="DriftY">D_y (or G_y), (Ny, Nx).</param>
/// <param name="SigmaSquaredX">σ²_x per epoch, (Ny, Nx) (from the untimed displacements).</param>
/// <param name="SigmaSquaredY">σ²_y per epoch, (Ny, Nx).</param>
/// <param name="Bandwidth">The kernel bandwidth used.</param>
/// <param name="Samples">Displacements pooled.</param>
public sealed record KramersMoyalFields(double[] DriftX, double[] DriftY, double[] SigmaSquaredX, double[] SigmaSquaredY,
                                        KernelBandwidth Bandwidth, int Samples)
{
    /// <summary>
    /// Fits the fields of <paramref name="layer"/> from the displacements of epochs <paramref name="firstEpoch"/> →
    /// … → <paramref name="lastEpoch"/> (each u → u+1 for u in firstEpoch..lastEpoch−1; it sees nothing after lastEpoch).
    /// The bandwidth is leave-one-out cross-validated on the pooled midpoints (≥ 10 of them), else a quarter of the
    /// closest distance between the rows at <paramref name="lastEpoch"/> (b2's two rows), floored at 1.5 cells.
    /// </summary>
    /// <exception cref="InvalidConfigException">No past epoch, or a fitted value not finite (names the option to change).</exception>
    public static KramersMoyalFields Fit(Grid2D grid, BottleneckTrajectory trajectory, BottleneckLayer layer, int firstEpoch, int lastEpoch, bool timeWeighted)
    {
        if (firstEpoch < 0 || lastEpoch <= firstEpoch || lastEpoch > trajectory.EpochCount)
            throw new InvalidConfigException($"A Kramers–Moyal fit needs past epochs firstEpoch < lastEpoch ≤ {trajectory.EpochCount}; got {firstEpoch}..{lastEpoch}. Start forecasts at epoch ≥ 1.");
        int rows = trajectory.Layer(layer, 0).Rows, epochs = lastEpoch - firstEpoch, n = rows * epochs;
        var midpoints = new double[2 * n]; var starts = new double[2 * n]; var values = new double[2 * n]; var plain = new double[2 * n];
        for (int u = firstEpoch; u < lastEpoch; u++)
        {
            var w0 = trajectory.Layer(layer, u).Weights; var w1 = trajectory.Layer(layer, u + 1).Weights;
            double time = u + 0.5;   // midpoint of epoch u → u+1 in units of epochs
            int offset = 2 * rows * (u - firstEpoch);
            for (int k = 0; k < 2 * rows; k++)
            {
                double d = w1[k] - w0[k];
                midpoints[offset + k] = w0[k] + 0.5 * d;
                starts[offset + k] = w0[k];
                plain[offset + k] = d;
                values[offset + k] = timeWeighted ? time * d : d;   // fokker-planck-to-callan-symanzik eq. (19): G = t·D
            }
        }
        var bandwidth = n >= 10
            ? NadarayaWatsonRegression.CrossValidatedBandwidth(midpoints, values, 1.5 * grid.Dx, 1.5 * grid.Dy).Bandwidth
            : NadarayaWatsonRegression.FewRowsBandwidth(trajectory.Layer(layer, lastEpoch).Weights, 1.5 * grid.Dx, 1.5 * grid.Dy);
        var (dx, dy) = NadarayaWatsonRegression.RegressOnGrid(grid, midpoints, values, bandwidth);
        // With fewer than 10 samples (b2's two rows) there is no ensemble to take a variance over: σ² = 0 (pure drift).
        var (sx, sy) = n >= 10 ? NadarayaWatsonRegression.RegressOnGrid(grid, starts, SquaredResiduals(starts, plain, bandwidth), bandwidth)
                               : (new double[grid.CellCount], new double[grid.CellCount]);
        foreach (var (name, field) in new[] { ("drift", dx), ("drift", dy), ("diffusion", sx), ("diffusion", sy) })
            foreach (double v in field)
                if (!double.IsFinite(v))
                    throw new InvalidConfigException($"The Kramers–Moyal {name} of {layer} fitted on epochs {firstEpoch}..{lastEpoch} is not finite ({v}); the recorded displacements are not usable. Check the training run, or change --forecast-window.");
        return new KramersMoyalFields(dx, dy, sx, sy, bandwidth, n);
    }

    // (Δ_i − D̂_{−i}(w_i))² per sample and axis, D̂_{−i} the leave-one-out Nadaraya–Watson regression at its start w_i.
    static double[] SquaredResiduals(double[] starts, double[] displacements, KernelBandwidth bandwidth)
    {
        int n = starts.Length / 2;
        var result = new double[2 * n];
        Parallel.For(0, n, i =>
        {
            double sum = 0, squares = 0, fx = 0, fy = 0;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double dx = (starts[2 * i] - starts[2 * j]) / bandwidth.X, dy = (starts[2 * i + 1] - starts[2 * j + 1]) / bandwidth.Y;
                double k = Math.Exp(-0.5 * (dx * dx + dy * dy));
                sum += k; squares += k * k; fx += k * displacements[2 * j]; fy += k * displacements[2 * j + 1];
            }
            double norm = sum + NadarayaWatsonRegression.ZeroPseudoWeight;
            double ex = displacements[2 * i] - fx / norm, ey = displacements[2 * i + 1] - fy / norm;
            // E[(Δ_i − D̂_{−i})²] = σ²(1 + Σ_j w_ij²) for noise of variance σ² (w_ij the normalised kernel weights): undo that
            double inflation = 1 + squares / (norm * norm);
            result[2 * i] = ex * ex / inflation; result[2 * i + 1] = ey * ey / inflation;
        });
        return result;
    }
}
