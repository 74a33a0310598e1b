namespace NnPhys.FokkerPlanck;

/// <summary>
/// Observes a running Fokker–Planck integration (the py-pde "tracker"): called once before the first substep, after every
/// substep, and once at the end. A tracker reads the state and records what it wants; it never changes the density.
/// The state passed in is a view of the solver's working buffer: copy values you keep.
/// </summary>
public interface IFokkerPlanckTracker
{
    /// <summary>Called before the first substep with the initial state at time t0.</summary>
    void Initialize(DensityField state, double time);
    /// <summary>Called after each substep; time is the new time, dt the substep just taken.</summary>
    void Handle(DensityField state, double time, double dt);
    /// <summary>Called after the last substep.</summary>
    void Finalize(DensityField state, double time);
}
