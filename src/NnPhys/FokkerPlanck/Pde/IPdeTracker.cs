namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// Observes a running explicit integration (the py-pde "tracker"): called once before the first substep, after every
/// substep, and once at the end. A tracker reads the state and records what it wants; it never changes the field.
/// The state passed in is a view of the solver's working buffer: copy values you keep. Contravariant: a tracker of any
/// <see cref="IGridField"/> (snapshots, progress) serves the Fokker–Planck density and the KPZ potential alike.
/// </summary>
/// <typeparam name="TField">The field kind it can read: <see cref="DensityField"/>, <see cref="ScalarField"/>, or any <see cref="IGridField"/>.</typeparam>
public interface IPdeTracker<in TField> where TField : IGridField
{
    /// <summary>Called before the first substep with the initial state at time t0.</summary>
    void Initialize(TField state, double time);
    /// <summary>Called after each substep; time is the new time, dt the substep just taken.</summary>
    void Handle(TField state, double time, double dt);
    /// <summary>Called after the last substep.</summary>
    void Finalize(TField state, double time);
}
