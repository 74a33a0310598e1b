namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// Moves weight-matrix rows along the probability-flow velocity while the Fokker–Planck solver runs: the rows are the
/// deterministic characteristics dw/dt = v of eq. (11) (see <see cref="ProbabilityFlowVelocity"/>), integrated with Heun's
/// RK2 in lockstep with the substeps, v at the start of a substep from the density before it and v at the end from the
/// density after it. A tracker: it reads the density and never changes it.
/// </summary>
public sealed class RowTransportTracker(ProbabilityFlowVelocity velocity, double[] positions) : IPdeTracker<DensityField>
{
    readonly double[] _startVelocity = new double[positions.Length];

    /// <summary>Row positions, (n, 2), updated in place.</summary>
    public double[] Positions { get; } = positions;

    public void Initialize(DensityField state, double time) => velocity.Update(state);

    public void Handle(DensityField state, double time, double dt)
    {
        int n = Positions.Length / 2;
        for (int r = 0; r < n; r++)
        {
            var (vx, vy) = velocity.At(Positions[2 * r], Positions[2 * r + 1]);
            _startVelocity[2 * r] = vx; _startVelocity[2 * r + 1] = vy;
        }
        velocity.Update(state);  // the density after the substep
        for (int r = 0; r < n; r++)
        {
            double x = Positions[2 * r], y = Positions[2 * r + 1];
            double v0x = _startVelocity[2 * r], v0y = _startVelocity[2 * r + 1];
            var (v1x, v1y) = velocity.At(x + dt * v0x, y + dt * v0y);   // Heun predictor
            Positions[2 * r] = x + 0.5 * dt * (v0x + v1x);
            Positions[2 * r + 1] = y + 0.5 * dt * (v0y + v1y);
        }
    }

    public void Finalize(DensityField state, double time) { }
}
