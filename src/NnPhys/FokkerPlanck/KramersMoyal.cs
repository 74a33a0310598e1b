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
}

/// <summary>
/// Drift and diffusion fields on a grid estimated from pooled recorded displacements by Nadaraya–Watson regression — the
/// first two Kramers–Moyal coefficients: D(w) = E[Δw | w], σ²_a(w) = E[Δw_a² | w] − D_a(w)² (clipped at 0), one epoch =
/// unit time. Each displacement Δw_u = W_{u+1} − W_u of a row is attached to its midpoint W_u + Δw_u/2 (second-order
/// accurate for a drift that changes along the path). With <paramref name="timeWeighted"/> the values are t_u·Δw_u,
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
        var midpoints = new double[2 * n]; var values = new double[2 * n]; var squares = new double[2 * n]; var plain = new double[2 * n];
        for (int u = firstEpoch; u < lastEpoch; u++)
        {
            var w0 = trajectory.Layer(layer, u).Weights; var w1 = trajectory.Layer(layer, u + 1).Weights;
            double time = u + 0.5;   // midpoint of epoch u → u+1 in units of epochs
            int offset = 2 * rows * (u - firstEpoch);
            for (int k = 0; k < 2 * rows; k++)
            {
                double d = w1[k] - w0[k];
                midpoints[offset + k] = w0[k] + 0.5 * d;
                plain[offset + k] = d;
                squares[offset + k] = d * d;
                values[offset + k] = timeWeighted ? time * d : d;   // fokker-planck-to-callan-symanzik eq. (19): G = t·D
            }
        }
        var bandwidth = n >= 10
            ? NadarayaWatsonRegression.CrossValidatedBandwidth(midpoints, values, 1.5 * grid.Dx, 1.5 * grid.Dy).Bandwidth
            : NadarayaWatsonRegression.FewRowsBandwidth(trajectory.Layer(layer, lastEpoch).Weights, 1.5 * grid.Dx, 1.5 * grid.Dy);
        var (dx, dy) = NadarayaWatsonRegression.RegressOnGrid(grid, midpoints, values, bandwidth);
        var (mx, my) = NadarayaWatsonRegression.RegressOnGrid(grid, midpoints, plain, bandwidth);
        var (qx, qy) = NadarayaWatsonRegression.RegressOnGrid(grid, midpoints, squares, bandwidth);
        var sx = new double[grid.CellCount]; var sy = new double[grid.CellCount];
        // Kramers–Moyal second coefficient: Var[Δw | w] = E[Δw² | w] − E[Δw | w]². The zero pseudo-weight shrinks both
        // regressions alike far from the data (both → 0), so the difference stays ≥ 0 up to rounding; clip that.
        for (int k = 0; k < sx.Length; k++) { sx[k] = Math.Max(qx[k] - mx[k] * mx[k], 0); sy[k] = Math.Max(qy[k] - my[k] * my[k], 0); }
        foreach (var (name, field) in new[] { ("drift", dx), ("drift", dy), ("diffusion", sx), ("diffusion", sy) })
            foreach (double v in field)
                if (!double.IsFinite(v))
                    throw new InvalidConfigException($"The Kramers–Moyal {name} of {layer} fitted on epochs {firstEpoch}..{lastEpoch} is not finite ({v}); the recorded displacements are not usable. Check the training run, or change --forecast-window.");
        return new KramersMoyalFields(dx, dy, sx, sy, bandwidth, n);
    }
}
