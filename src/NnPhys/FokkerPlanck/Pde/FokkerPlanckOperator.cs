namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// The right-hand side of the Fokker–Planck equation (fokker-planck-to-callan-symanzik eqs. 11 and 27)
///   ∂P/∂t = −∇·(D P) + ½ Δ(σ² P)
/// for diagonal σ², written in flux form ∂P/∂t = −∇·J with J_x = D_x P − ∂_x(½σ²_x P) (and likewise along y), discretised
/// by conservative finite volumes with Scharfetter–Gummel exponential fitting on every face.
/// <para>
/// On the face between cells L and R (spacing h): a = ¼(σ²_L + σ²_R) is the face diffusivity ½σ², the variable-σ² part of
/// the flux is moved into an effective velocity u' = D_face − (½σ²_R − ½σ²_L)/h, and the flux is
/// J = α·P_L − β·P_R with (α, β) = <see cref="ExponentialFitting.FaceCoefficients"/>(u', a, h) ≥ 0. Zero-flux wall faces have
/// α = β = 0; periodic axes connect the last cell to the first. The scheme conserves mass to round-off, reduces to upwind
/// when σ² → 0, and is exact (discrete Boltzmann balance P_R/P_L = e^{u h / a}) for a constant flux.
/// </para>
/// </summary>
public sealed class FokkerPlanckOperator : IExplicitPde<DensityField>
{
    /// <summary>The grid.</summary>
    public Grid2D Grid { get; }
    /// <summary>α on x-faces, (Ny, Nx+1); flux J = α P_west − β P_east.</summary>
    public double[] AlphaX { get; }
    /// <summary>β on x-faces, (Ny, Nx+1).</summary>
    public double[] BetaX { get; }
    /// <summary>α on y-faces, (Ny+1, Nx); flux J = α P_south − β P_north.</summary>
    public double[] AlphaY { get; }
    /// <summary>β on y-faces, (Ny+1, Nx).</summary>
    public double[] BetaY { get; }

    /// <summary>Builds the face coefficients for a drift and a diffusion on the same grid.</summary>
    /// <exception cref="InvalidConfigException">The fields live on different grids.</exception>
    public FokkerPlanckOperator(DriftField drift, DiffusionField diffusion)
    {
        if (!drift.Grid.Matches(diffusion.Grid))
            throw new InvalidConfigException("Drift and diffusion must be defined on the same grid.");
        Grid = drift.Grid;
        int nx = Grid.Nx, ny = Grid.Ny;
        AlphaX = new double[ny * (nx + 1)]; BetaX = new double[ny * (nx + 1)];
        AlphaY = new double[(ny + 1) * nx]; BetaY = new double[(ny + 1) * nx];
        var sx = diffusion.SigmaSquaredX; var sy = diffusion.SigmaSquaredY;

        for (int j = 0; j < ny; j++)
        {
            for (int i = 1; i < nx; i++)
                SetFace(AlphaX, BetaX, j * (nx + 1) + i, drift.FaceX[j * (nx + 1) + i], sx[j * nx + i - 1], sx[j * nx + i], Grid.Dx);
            if (Grid.BoundaryX == BoundaryCondition.Periodic)
            {
                // Face 0 and face Nx are the same face: west cell = last column, east cell = first column.
                SetFace(AlphaX, BetaX, j * (nx + 1), drift.FaceX[j * (nx + 1)], sx[j * nx + nx - 1], sx[j * nx], Grid.Dx);
                AlphaX[j * (nx + 1) + nx] = AlphaX[j * (nx + 1)]; BetaX[j * (nx + 1) + nx] = BetaX[j * (nx + 1)];
            }
        }
        for (int i = 0; i < nx; i++)
        {
            for (int j = 1; j < ny; j++)
                SetFace(AlphaY, BetaY, j * nx + i, drift.FaceY[j * nx + i], sy[(j - 1) * nx + i], sy[j * nx + i], Grid.Dy);
            if (Grid.BoundaryY == BoundaryCondition.Periodic)
            {
                SetFace(AlphaY, BetaY, i, drift.FaceY[i], sy[(ny - 1) * nx + i], sy[i], Grid.Dy);
                AlphaY[ny * nx + i] = AlphaY[i]; BetaY[ny * nx + i] = BetaY[i];
            }
        }
    }

    static void SetFace(double[] alpha, double[] beta, int face, double drift, double sigma2Low, double sigma2High, double h)
    {
        double aLow = 0.5 * sigma2Low, aHigh = 0.5 * sigma2High;   // ½σ² of eq. (11)
        double a = 0.5 * (aLow + aHigh);
        double u = drift - (aHigh - aLow) / h;                       // −∂(aP)/∂x = −a ∂P/∂x − P ∂a/∂x
        (alpha[face], beta[face]) = ExponentialFitting.FaceCoefficients(u, a, h);
    }

    /// <summary>
    /// The readable reference path: dPdt = −∇·J for the cell values P, both (Ny, Nx). The fast stepper is tested against it.
    /// </summary>
    public void EvolutionRate(ReadOnlySpan<double> p, Span<double> dPdt)
    {
        int nx = Grid.Nx, ny = Grid.Ny;
        dPdt.Clear();
        for (int j = 0; j < ny; j++)
            for (int i = 0; i <= nx; i++)
            {
                int face = j * (nx + 1) + i;
                bool boundary = i == 0 || i == nx;
                if (boundary && (Grid.BoundaryX == BoundaryCondition.ZeroFlux || i == nx)) continue; // wall, or periodic face already done at i = 0
                int west = i == 0 ? j * nx + nx - 1 : j * nx + i - 1, east = i == nx ? j * nx : j * nx + i;
                double flux = AlphaX[face] * p[west] - BetaX[face] * p[east];
                dPdt[west] -= flux / Grid.Dx; dPdt[east] += flux / Grid.Dx;
            }
        for (int j = 0; j <= ny; j++)
        {
            bool boundary = j == 0 || j == ny;
            if (boundary && (Grid.BoundaryY == BoundaryCondition.ZeroFlux || j == ny)) continue;
            for (int i = 0; i < nx; i++)
            {
                int face = j * nx + i;
                int south = j == 0 ? (ny - 1) * nx + i : (j - 1) * nx + i, north = j * nx + i;
                double flux = AlphaY[face] * p[south] - BetaY[face] * p[north];
                dPdt[south] -= flux / Grid.Dy; dPdt[north] += flux / Grid.Dy;
            }
        }
    }

    /// <summary>
    /// The largest outflow rate over cells, max_k Σ_faces (outgoing coefficient)/h. An explicit Euler step dt keeps P ≥ 0
    /// exactly when dt·MaxOutflowRate ≤ 1 (every new value is a non-negative combination of old ones).
    /// </summary>
    public double MaxOutflowRate()
    {
        int nx = Grid.Nx, ny = Grid.Ny;
        double max = 0;
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
            {
                double rate = (AlphaX[j * (nx + 1) + i + 1] + BetaX[j * (nx + 1) + i]) / Grid.Dx;
                if (ny > 1 || Grid.BoundaryY == BoundaryCondition.Periodic)
                    rate += (AlphaY[(j + 1) * nx + i] + BetaY[j * nx + i]) / Grid.Dy;
                max = Math.Max(max, rate);
            }
        return max;
    }

    /// <inheritdoc/>
    public string Name => "Fokker–Planck";
    /// <summary>1: dt·<see cref="MaxOutflowRate"/> ≤ 1 keeps P ≥ 0.</summary>
    public double StabilityLimit => 1.0;
    /// <summary><see cref="MaxOutflowRate"/>; the operator is linear, so the rate does not depend on the state.</summary>
    double IExplicitPde<DensityField>.MaxRate(ReadOnlySpan<double> state) => MaxOutflowRate();
    /// <summary>The fast stepper, <see cref="ExplicitFokkerPlanckStepper"/>.</summary>
    public IExplicitStepper CreateStepper(double dt) => new ExplicitFokkerPlanckStepper(this, dt);
    /// <inheritdoc/>
    public DensityField Wrap(double[] values) => new(Grid, values);
    /// <summary>Nothing to check: the stepper keeps P ≥ 0 and the mass by construction.</summary>
    public void CheckResult(ReadOnlySpan<double> state) { }
}
