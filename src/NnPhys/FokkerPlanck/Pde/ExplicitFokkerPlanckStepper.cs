using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// One explicit (forward Euler) substep P ← P − dt·∇·J of a <see cref="FokkerPlanckOperator"/>, the fast path.
/// Face coefficients are pre-scaled by dt/h once; a substep then makes row-wise vectorised passes
/// (<see cref="TensorPrimitives"/>) with two row buffers and allocates nothing. Each face flux is computed once and
/// added to one cell and subtracted from the other, so mass is conserved to round-off; with dt·MaxOutflowRate ≤ 1 every new
/// value is a non-negative combination of old ones, so P ≥ 0.
/// </summary>
public sealed class ExplicitFokkerPlanckStepper : IExplicitStepper
{
    readonly Grid2D _grid;
    readonly double[] _ax, _bxNeg, _ay, _byNeg;   // dt/h-scaled α and −β on x- and y-faces
    readonly double[] _fluxX;                      // (Nx + 1) x-face fluxes of one row
    double[] _fluxSouth, _fluxNorth;               // (Nx) y-face fluxes below and above one row
    readonly bool _hasY;

    /// <summary>The substep length.</summary>
    public double TimeStep { get; }

    /// <summary>Prepares substeps of length dt.</summary>
    /// <exception cref="NumericalInstabilityException">dt·MaxOutflowRate &gt; 1: the step would break positivity.</exception>
    public ExplicitFokkerPlanckStepper(FokkerPlanckOperator op, double dt)
    {
        if (!(dt > 0) || !double.IsFinite(dt)) throw new InvalidConfigException($"Time step {dt} must be positive and finite.");
        double bound = op.MaxOutflowRate();
        if (dt * bound > 1 + 1e-12)
            throw new NumericalInstabilityException(
                $"Explicit Fokker–Planck step dt = {dt:G4} exceeds the positivity bound 1/{bound:G4} = {1 / bound:G4}; use more substeps (PdeSolver picks them automatically).");
        _grid = op.Grid; TimeStep = dt;
        int nx = _grid.Nx;
        _ax = Scaled(op.AlphaX, dt / _grid.Dx); _bxNeg = Scaled(op.BetaX, -dt / _grid.Dx);
        _ay = Scaled(op.AlphaY, dt / _grid.Dy); _byNeg = Scaled(op.BetaY, -dt / _grid.Dy);
        _fluxX = new double[nx + 1];
        _fluxSouth = new double[nx]; _fluxNorth = new double[nx];
        _hasY = _grid.Ny > 1;
    }

    static double[] Scaled(double[] src, double factor)
    {
        var dst = new double[src.Length];
        TensorPrimitives.Multiply(src, factor, dst);
        return dst;
    }

    /// <summary>pNew = p − dt·∇·J(p); both (Ny, Nx), must not overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier 0 so the first epoch is as fast as the rest
    public void Step(ReadOnlySpan<double> p, Span<double> pNew)
    {
        int nx = _grid.Nx, ny = _grid.Ny;
        bool periodicX = _grid.BoundaryX == BoundaryCondition.Periodic, periodicY = _grid.BoundaryY == BoundaryCondition.Periodic;
        var fx = _fluxX.AsSpan();

        // Flux through the south face of row 0: a wall (zero) or the periodic face shared with the top.
        if (_hasY && periodicY) YFaceFlux(0, p.Slice((ny - 1) * nx, nx), p.Slice(0, nx), _fluxSouth);
        else _fluxSouth.AsSpan().Clear();

        for (int j = 0; j < ny; j++)
        {
            var row = p.Slice(j * nx, nx);                    // (Nx)
            var outRow = pNew.Slice(j * nx, nx);              // (Nx)

            // x-face fluxes of this row: fx[i] = α_i P[i−1] − β_i P[i] for interior faces i = 1..Nx−1.
            var axRow = _ax.AsSpan(j * (nx + 1), nx + 1);
            var bxRow = _bxNeg.AsSpan(j * (nx + 1), nx + 1);
            var inner = fx.Slice(1, nx - 1);
            TensorPrimitives.Multiply(axRow.Slice(1, nx - 1), row.Slice(0, nx - 1), inner);
            TensorPrimitives.MultiplyAdd(bxRow.Slice(1, nx - 1), row.Slice(1, nx - 1), inner, inner);
            if (periodicX) fx[0] = fx[nx] = axRow[0] * row[nx - 1] + bxRow[0] * row[0];
            else fx[0] = fx[nx] = 0;

            if (!_hasY)
            {
                // New value: P + (west inflow − east outflow).
                TensorPrimitives.Add(row, fx.Slice(0, nx), outRow);
                TensorPrimitives.Subtract(outRow, fx.Slice(1, nx), outRow);
                continue;
            }
            if (j < ny - 1) UpdateRow(row, p.Slice((j + 1) * nx, nx), j + 1, outRow);
            else if (periodicY) UpdateRow(row, p.Slice(0, nx), 0, outRow);                 // top face is the bottom face
            else UpdateRow(row, default, -1, outRow);                                       // top wall: no flux
            (_fluxSouth, _fluxNorth) = (_fluxNorth, _fluxSouth);
        }
    }

    // One fused pass over a row: fyN = α_y P − β_y P_north on the north face (stored for the next row), and
    // P_new = P + fx_west − fx_east + fy_south − fy_north.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void UpdateRow(ReadOnlySpan<double> row, ReadOnlySpan<double> north, int northFace, Span<double> outRow)
    {
        int nx = _grid.Nx;
        ReadOnlySpan<double> fx = _fluxX, fyS = _fluxSouth;
        Span<double> fyN = _fluxNorth;
        if (northFace < 0) fyN.Clear();
        ReadOnlySpan<double> ay = northFace < 0 ? default : _ay.AsSpan(northFace * nx, nx);
        ReadOnlySpan<double> byNeg = northFace < 0 ? default : _byNeg.AsSpan(northFace * nx, nx);
        int i = 0;
        if (Vector.IsHardwareAccelerated && northFace >= 0)
        {
            int w = Vector<double>.Count;
            for (; i <= nx - w; i += w)
            {
                var pc = new Vector<double>(row.Slice(i));
                var flux = new Vector<double>(ay.Slice(i)) * pc + new Vector<double>(byNeg.Slice(i)) * new Vector<double>(north.Slice(i));
                flux.CopyTo(fyN.Slice(i));
                var result = pc + new Vector<double>(fx.Slice(i)) - new Vector<double>(fx.Slice(i + 1)) + new Vector<double>(fyS.Slice(i)) - flux;
                result.CopyTo(outRow.Slice(i));
            }
        }
        for (; i < nx; i++)
        {
            double flux = northFace < 0 ? 0 : ay[i] * row[i] + byNeg[i] * north[i];
            fyN[i] = flux;
            outRow[i] = row[i] + fx[i] - fx[i + 1] + fyS[i] - flux;
        }
    }

    // flux[i] = α P_south[i] − β P_north[i] on y-face `face` (dt/h-scaled).
    void YFaceFlux(int face, ReadOnlySpan<double> south, ReadOnlySpan<double> north, Span<double> flux)
    {
        int nx = _grid.Nx;
        TensorPrimitives.Multiply(_ay.AsSpan(face * nx, nx), south, flux);
        TensorPrimitives.MultiplyAdd(_byNeg.AsSpan(face * nx, nx), north, flux, flux);
    }
}
