using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// The right-hand side of the equation for the potential V = −log P, evolved directly (fokker-planck-to-callan-symanzik eqs. 13–14, KPZ with a drift). Substituting
/// P = e^{−V} into eq. (11) with diagonal σ² gives, per axis a (summed),
///   ∂V/∂t = ½σ²_a ∂²_a V − ½σ²_a (∂_a V)² + ∂_a V (∂_a σ²_a − D_a) + ∂_a D_a − ½ ∂²_a σ²_a,
/// which is eq. (14) in each direction. (The printed eq. (13) has the signs of its first three terms flipped relative to
/// eq. (14) and to this derivation; we follow the derivation.)
/// <para>
/// Discretisation at cell centres, its own and independent of the finite-volume P solver: the transport term with velocity
/// c_a = D_a − ∂_a σ²_a is central where the cell Péclet number |c_a|h/(½σ²_a) ≤ 2 and first-order upwind elsewhere (hybrid
/// differencing; pure upwind as σ² → 0); ∂²V and (∂V)² are central; ∂_a D_a is the face difference of the drift;
/// derivatives of σ² are central. Walls use ghost cells extrapolated linearly (zero second derivative); periodic axes wrap.
/// Explicit Euler with dt ≤ 0.5/rate, rate = max Σ_a (|c_a|/h_a + σ²_a/h_a² + σ²_a|∂_a V|/h_a) at the start of the evolution.
/// </para>
/// <para>
/// Time stepping is the shared loop of the Fokker–Planck density: <c>PdeSolver.Evolve(new ScalarField(grid, v),
/// new KpzOperator(drift, diffusion), t0, duration, settings, trackers)</c> (same substep planner, same trackers).
/// </para>
/// </summary>
public sealed class KpzOperator : IExplicitPde<ScalarField>
{
    readonly Grid2D _grid;
    readonly double[] _cx, _cy, _s2x, _s2y, _source;   // (Ny, Nx): transport velocity, σ², source ∇·D − ½Δσ²

    /// <summary>Prepares the right-hand side for a drift and diffusion (as used by the Fokker–Planck operator).</summary>
    public KpzOperator(DriftField drift, DiffusionField diffusion)
    {
        if (!drift.Grid.Matches(diffusion.Grid)) throw new InvalidConfigException("KPZ drift and diffusion must be on the same grid.");
        _grid = drift.Grid;
        int nx = _grid.Nx, ny = _grid.Ny, n = _grid.CellCount;
        _s2x = diffusion.SigmaSquaredX; _s2y = diffusion.SigmaSquaredY;
        _cx = new double[n]; _cy = new double[n]; _source = new double[n];
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
            {
                int k = j * nx + i;
                double dWest = drift.FaceX[j * (nx + 1) + i], dEast = drift.FaceX[j * (nx + 1) + i + 1];
                // Wall faces carry no drift value: extrapolate from the interior face.
                if (i == 0 && _grid.BoundaryX == BoundaryCondition.ZeroFlux) dWest = 2 * dEast - drift.FaceX[j * (nx + 1) + Math.Min(i + 2, nx)];
                if (i == nx - 1 && _grid.BoundaryX == BoundaryCondition.ZeroFlux) dEast = 2 * dWest - drift.FaceX[j * (nx + 1) + Math.Max(i - 1, 0)];
                double divergence = (dEast - dWest) / _grid.Dx;
                _cx[k] = 0.5 * (dWest + dEast) - D1(_s2x, i, j, true);
                _source[k] = divergence - 0.5 * D2(_s2x, i, j, true);
                if (ny > 1)
                {
                    double dSouth = drift.FaceY[j * nx + i], dNorth = drift.FaceY[(j + 1) * nx + i];
                    if (j == 0 && _grid.BoundaryY == BoundaryCondition.ZeroFlux) dSouth = 2 * dNorth - drift.FaceY[Math.Min(j + 2, ny) * nx + i];
                    if (j == ny - 1 && _grid.BoundaryY == BoundaryCondition.ZeroFlux) dNorth = 2 * dSouth - drift.FaceY[Math.Max(j - 1, 0) * nx + i];
                    _cy[k] = 0.5 * (dSouth + dNorth) - D1(_s2y, i, j, false);
                    _source[k] += (dNorth - dSouth) / _grid.Dy - 0.5 * D2(_s2y, i, j, false);
                }
            }
    }

    // Neighbour value along an axis with ghost cells: linear extrapolation at walls, wrap on periodic axes.
    double At(ReadOnlySpan<double> f, int i, int j, bool xAxis, int offset)
    {
        int nx = _grid.Nx, ny = _grid.Ny;
        int m = xAxis ? i + offset : j + offset, count = xAxis ? nx : ny;
        var bc = xAxis ? _grid.BoundaryX : _grid.BoundaryY;
        if (m >= 0 && m < count) return xAxis ? f[j * nx + m] : f[m * nx + i];
        if (bc == BoundaryCondition.Periodic) { m = (m + count) % count; return xAxis ? f[j * nx + m] : f[m * nx + i]; }
        int edge = m < 0 ? 0 : count - 1, inner = m < 0 ? 1 : count - 2;
        double fe = xAxis ? f[j * nx + edge] : f[edge * nx + i], fi = xAxis ? f[j * nx + inner] : f[inner * nx + i];
        return 2 * fe - fi;
    }

    double D1(ReadOnlySpan<double> f, int i, int j, bool xAxis) => (At(f, i, j, xAxis, 1) - At(f, i, j, xAxis, -1)) / (2 * (xAxis ? _grid.Dx : _grid.Dy));
    double D2(ReadOnlySpan<double> f, int i, int j, bool xAxis)
    {
        double h = xAxis ? _grid.Dx : _grid.Dy;
        return (At(f, i, j, xAxis, 1) - 2 * At(f, i, j, xAxis, 0) + At(f, i, j, xAxis, -1)) / (h * h);
    }

    /// <summary>dVdt = right-hand side of the KPZ equation for V, both (Ny, Nx).</summary>
    /// <remarks>The fast path: V is copied once into a ghost-padded (Ny + 2, Nx + 2) buffer (ghosts exactly as
    /// <see cref="EvolutionRateReference"/> reads them) and every cell is then the same branch-free, vectorised stencil. Each
    /// lane evaluates the reference's expressions in the same order, so the result is bit for bit the reference's (tested).</remarks>
    public void EvolutionRate(ReadOnlySpan<double> v, Span<double> dVdt)
    {
        if (v.Length != _grid.CellCount || dVdt.Length != _grid.CellCount)
            throw new ArgumentException($"KPZ rate needs {_grid.CellCount} values, got {v.Length} and {dVdt.Length}.");
        int nx = _grid.Nx, ny = _grid.Ny, px = nx + 2;
        var padded = Padded(v);
        bool hasY = ny > 1;
        for (int j = 0; j < ny; j++)
        {
            ReadOnlySpan<double> centre = padded.AsSpan((j + 1) * px, px);
            ReadOnlySpan<double> south = hasY ? padded.AsSpan(j * px + 1, nx) : default, north = hasY ? padded.AsSpan((j + 2) * px + 1, nx) : default;
            RateRow(centre, south, north, j * nx, dVdt.Slice(j * nx, nx));
        }
    }

    // Ghost-padded copy of V, (Ny + 2, Nx + 2): interior at (j + 1, i + 1); x-ghosts in columns 0 and Nx + 1, y-ghosts in
    // rows 0 and Ny + 1 (corners unused). Ghosts: 2·edge − inner at walls, the wrapped value on periodic axes (as At).
    double[] Padded(ReadOnlySpan<double> v)
    {
        int nx = _grid.Nx, ny = _grid.Ny, px = nx + 2;
        _padded ??= new double[(ny + 2) * px];
        var padded = _padded;
        bool periodicX = _grid.BoundaryX == BoundaryCondition.Periodic, periodicY = _grid.BoundaryY == BoundaryCondition.Periodic;
        for (int j = 0; j < ny; j++)
        {
            var row = v.Slice(j * nx, nx);
            var dst = padded.AsSpan((j + 1) * px, px);
            row.CopyTo(dst.Slice(1));
            if (periodicX) { dst[0] = row[nx - 1]; dst[nx + 1] = row[0]; }
            else if (nx > 1) { dst[0] = 2 * row[0] - row[1]; dst[nx + 1] = 2 * row[nx - 1] - row[nx - 2]; }
        }
        if (ny > 1)
        {
            var bottom = padded.AsSpan(1, nx); var top = padded.AsSpan((ny + 1) * px + 1, nx);
            var first = v.Slice(0, nx); var second = v.Slice(nx, nx); var last = v.Slice((ny - 1) * nx, nx); var beforeLast = v.Slice((ny - 2) * nx, nx);
            for (int i = 0; i < nx; i++)
            {
                if (periodicY) { bottom[i] = last[i]; top[i] = first[i]; }
                else { bottom[i] = 2 * first[i] - second[i]; top[i] = 2 * last[i] - beforeLast[i]; }
            }
        }
        return padded;
    }

    double[]? _padded;   // scratch of EvolutionRate / MaxRate: an operator is used by one time loop at a time

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void RateRow(ReadOnlySpan<double> centre, ReadOnlySpan<double> south, ReadOnlySpan<double> north, int offset, Span<double> rate)
    {
        int nx = _grid.Nx;
        bool hasY = !south.IsEmpty;
        double hx = _grid.Dx, hy = _grid.Dy;
        double twoHx = 2 * hx, hx2 = hx * hx, twoHy = 2 * hy, hy2 = hy * hy;
        ReadOnlySpan<double> source = _source.AsSpan(offset, nx), cx = _cx.AsSpan(offset, nx), s2x = _s2x.AsSpan(offset, nx);
        ReadOnlySpan<double> cy = hasY ? _cy.AsSpan(offset, nx) : default, s2y = hasY ? _s2y.AsSpan(offset, nx) : default;
        ReadOnlySpan<double> west = centre.Slice(0, nx), mid = centre.Slice(1, nx), east = centre.Slice(2, nx);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var half = Vector256.Create(0.5); var two = Vector256.Create(2.0);
            var vTwoHx = Vector256.Create(twoHx); var vHx2 = Vector256.Create(hx2); var vHx = Vector256.Create(hx);
            var vTwoHy = Vector256.Create(twoHy); var vHy2 = Vector256.Create(hy2); var vHy = Vector256.Create(hy);
            for (; i <= nx - 4; i += 4)
            {
                var v0 = Vector256.Create(mid.Slice(i));
                var r = Vector256.Create(source.Slice(i)) + AxisTerms(Vector256.Create(west.Slice(i)), v0, Vector256.Create(east.Slice(i)),
                                                                       Vector256.Create(cx.Slice(i)), Vector256.Create(s2x.Slice(i)), vHx, vTwoHx, vHx2, half, two);
                if (hasY) r += AxisTerms(Vector256.Create(south.Slice(i)), v0, Vector256.Create(north.Slice(i)),
                                         Vector256.Create(cy.Slice(i)), Vector256.Create(s2y.Slice(i)), vHy, vTwoHy, vHy2, half, two);
                r.CopyTo(rate.Slice(i));
            }
        }
        for (; i < nx; i++)
        {
            double r = source[i] + AxisTerms(west[i], mid[i], east[i], cx[i], s2x[i], hx);
            if (hasY) r += AxisTerms(south[i], mid[i], north[i], cy[i], s2y[i], hy);
            rate[i] = r;
        }
    }

    // AxisTerms lane by lane, the same operations in the same order (no fused multiply-add).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> AxisTerms(Vector256<double> vm, Vector256<double> v0, Vector256<double> vp, Vector256<double> c, Vector256<double> s2,
                                       Vector256<double> h, Vector256<double> twoH, Vector256<double> h2, Vector256<double> half, Vector256<double> two)
    {
        var central = (vp - vm) / twoH;
        var upwind = Vector256.ConditionalSelect(Vector256.GreaterThan(c, Vector256<double>.Zero), (v0 - vm) / h, (vp - v0) / h);
        var transport = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(Vector256.Abs(c) * h, s2), central, upwind);
        return half * s2 * (vp - two * v0 + vm) / h2 - half * s2 * central * central - c * transport;
    }

    /// <summary>The readable reference of <see cref="EvolutionRate"/>: per cell, neighbours through the ghost-cell rule.</summary>
    internal void EvolutionRateReference(ReadOnlySpan<double> v, Span<double> dVdt)
    {
        for (int j = 0; j < _grid.Ny; j++)
            for (int i = 0; i < _grid.Nx; i++)
            {
                int k = j * _grid.Nx + i;
                double rate = _source[k] + AxisTerms(v, i, j, true, _cx[k], _s2x[k]);
                if (_grid.Ny > 1) rate += AxisTerms(v, i, j, false, _cy[k], _s2y[k]);
                dVdt[k] = rate;
            }
    }

    double AxisTerms(ReadOnlySpan<double> v, int i, int j, bool xAxis, double c, double s2) =>
        AxisTerms(At(v, i, j, xAxis, -1), At(v, i, j, xAxis, 0), At(v, i, j, xAxis, 1), c, s2, xAxis ? _grid.Dx : _grid.Dy);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static double AxisTerms(double vm, double v0, double vp, double c, double s2, double h)
    {
        double central = (vp - vm) / (2 * h);
        // Hybrid differencing of the transport term −c·∂V: central (2nd order) while the cell Péclet number |c|h/(½σ²) ≤ 2,
        // upwind (1st order, monotone) beyond, as for σ² → 0.
        double transport = Math.Abs(c) * h <= s2 ? central : c > 0 ? (v0 - vm) / h : (vp - v0) / h;
        // fokker-planck-to-callan-symanzik eq. (14), one axis
        return 0.5 * s2 * (vp - 2 * v0 + vm) / (h * h) - 0.5 * s2 * central * central - c * transport;
    }

    /// <summary>The explicit stability rate for the current V (see the class remarks).</summary>
    public double MaxRate(ReadOnlySpan<double> v)
    {
        if (v.Length != _grid.CellCount) throw new ArgumentException($"KPZ rate needs {_grid.CellCount} values, got {v.Length}.");
        int nx = _grid.Nx, ny = _grid.Ny, px = nx + 2;
        var padded = Padded(v);
        double hx = _grid.Dx, hy = _grid.Dy, max = 0;
        for (int j = 0; j < ny; j++)
        {
            int row = (j + 1) * px;
            for (int i = 0; i < nx; i++)
            {
                int k = j * nx + i, at = row + i + 1;
                double d1x = (padded[at + 1] - padded[at - 1]) / (2 * hx);
                double rate = Math.Abs(_cx[k]) / hx + _s2x[k] / (hx * hx) + _s2x[k] * Math.Abs(d1x) / hx;
                if (ny > 1)
                {
                    double d1y = (padded[at + px] - padded[at - px]) / (2 * hy);
                    rate += Math.Abs(_cy[k]) / hy + _s2y[k] / (hy * hy) + _s2y[k] * Math.Abs(d1y) / hy;
                }
                max = Math.Max(max, rate);
            }
        }
        return max;
    }

    /// <summary>The readable reference of <see cref="MaxRate"/>.</summary>
    internal double MaxRateReference(ReadOnlySpan<double> v)
    {
        double max = 0;
        for (int j = 0; j < _grid.Ny; j++)
            for (int i = 0; i < _grid.Nx; i++)
            {
                int k = j * _grid.Nx + i;
                double rate = Math.Abs(_cx[k]) / _grid.Dx + _s2x[k] / (_grid.Dx * _grid.Dx) + _s2x[k] * Math.Abs(D1(v, i, j, true)) / _grid.Dx;
                if (_grid.Ny > 1) rate += Math.Abs(_cy[k]) / _grid.Dy + _s2y[k] / (_grid.Dy * _grid.Dy) + _s2y[k] * Math.Abs(D1(v, i, j, false)) / _grid.Dy;
                max = Math.Max(max, rate);
            }
        return max;
    }

    /// <inheritdoc/>
    public string Name => "KPZ";
    /// <inheritdoc/>
    public Grid2D Grid => _grid;
    /// <summary>0.5: dt·<see cref="MaxRate"/> ≤ 0.5·safety (the (∂V)² term halves the Euler bound).</summary>
    public double StabilityLimit => 0.5;
    /// <inheritdoc/>
    double IExplicitPde<ScalarField>.MaxRate(ReadOnlySpan<double> state) => MaxRate(state);
    /// <inheritdoc/>
    public IExplicitStepper CreateStepper(double dt) => new Stepper(this, dt);
    /// <inheritdoc/>
    public ScalarField Wrap(double[] values) => new(_grid, values);

    /// <summary>V must stay finite.</summary>
    /// <exception cref="NumericalInstabilityException">A value is NaN or infinite.</exception>
    public void CheckResult(ReadOnlySpan<double> state)
    {
        foreach (double x in state)
            if (!double.IsFinite(x)) throw new NumericalInstabilityException("The KPZ potential became non-finite; the (∂V)² term is unstable here. Use more substeps or a smoother initial V.");
    }

    // Forward Euler: V_next = V + dt·(dV/dt).
    sealed class Stepper(KpzOperator op, double dt) : IExplicitStepper
    {
        readonly double[] _rate = new double[op._grid.CellCount];
        public double TimeStep => dt;
        public void Step(ReadOnlySpan<double> state, Span<double> next)
        {
            op.EvolutionRate(state, _rate);
            for (int k = 0; k < next.Length; k++) next[k] = state[k] + dt * _rate[k];
        }
    }

    /// <summary>V = −log P at each cell, with P floored at <paramref name="floorFraction"/>·max P so V stays finite.</summary>
    public static double[] PotentialFromDensity(DensityField density, double floorFraction = 1e-30)
    {
        double floor = Math.Max(floorFraction * density.Max(), double.Epsilon);
        var v = new double[density.Values.Length];
        for (int k = 0; k < v.Length; k++) v[k] = -Math.Log(Math.Max(density.Values[k], floor));
        return v;
    }
}
