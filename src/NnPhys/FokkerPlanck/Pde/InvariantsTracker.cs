namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// Records the invariants of the Fokker–Planck flow every <c>interval</c> substeps: total mass (should stay at its initial
/// value to round-off) and the minimum cell value (should stay ≥ 0). <see cref="MaxRelativeMassDrift"/> and
/// <see cref="MinDensity"/> summarise a run.
/// </summary>
public sealed class InvariantsTracker(int interval = 1) : IPdeTracker<DensityField>
{
    int _count;
    double _initialMass;

    /// <summary>Times of the records.</summary>
    public List<double> Times { get; } = [];
    /// <summary>Total mass at each record.</summary>
    public List<double> Masses { get; } = [];
    /// <summary>Minimum cell value at each record.</summary>
    public List<double> Minima { get; } = [];
    /// <summary>max |mass − initial mass| / initial mass over the records.</summary>
    public double MaxRelativeMassDrift { get; private set; }
    /// <summary>Smallest cell value seen.</summary>
    public double MinDensity { get; private set; } = double.PositiveInfinity;

    public void Initialize(DensityField state, double time) { _initialMass = state.Mass(); Record(state, time); }
    public void Handle(DensityField state, double time, double dt) { if (++_count % Math.Max(interval, 1) == 0) Record(state, time); }
    public void Finalize(DensityField state, double time) => Record(state, time);

    void Record(DensityField state, double time)
    {
        double mass = state.Mass(), min = state.Min();
        Times.Add(time); Masses.Add(mass); Minima.Add(min);
        if (_initialMass > 0) MaxRelativeMassDrift = Math.Max(MaxRelativeMassDrift, Math.Abs(mass - _initialMass) / _initialMass);
        MinDensity = Math.Min(MinDensity, min);
    }
}
