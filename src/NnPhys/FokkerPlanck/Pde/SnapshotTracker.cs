namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// Keeps a copy of the density at chosen times: for each requested time, the state after the first substep that reaches it
/// (within half a substep). <see cref="Times"/> holds the actual times of the copies.
/// </summary>
public sealed class SnapshotTracker(IEnumerable<double> requestedTimes) : IPdeTracker<IGridField>
{
    readonly double[] _requested = requestedTimes.Order().ToArray();
    int _next;

    /// <summary>Times of the snapshots taken.</summary>
    public List<double> Times { get; } = [];
    /// <summary>Copies of the (Ny, Nx) cell values, one per entry of <see cref="Times"/>.</summary>
    public List<double[]> Snapshots { get; } = [];

    public void Initialize(IGridField state, double time) => Take(state, time, 0);
    public void Handle(IGridField state, double time, double dt) => Take(state, time, dt);
    public void Finalize(IGridField state, double time) => Take(state, time, double.PositiveInfinity);

    void Take(IGridField state, double time, double dt)
    {
        double tolerance = double.IsPositiveInfinity(dt) ? 1e-9 : Math.Max(0.5 * dt, 1e-12);
        bool taken = false;
        while (_next < _requested.Length && time >= _requested[_next] - tolerance)
        {
            if (!taken) { Times.Add(time); Snapshots.Add((double[])state.Values.Clone()); taken = true; }
            _next++;
        }
    }
}
