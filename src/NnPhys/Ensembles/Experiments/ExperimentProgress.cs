using NnPhys.Runs;

namespace NnPhys.Ensembles.Experiments;

/// <summary>
/// Maps the fraction-done reports of one stage (the samplers report a fraction in [0, 1]) onto [from, to] of an
/// experiment's <see cref="ProgressTick"/> progress, with the stage's status line. Synchronous: reports arrive in order
/// (a <c>Progress&lt;T&gt;</c> would post them to the thread pool and reorder them).
/// </summary>
public sealed class ExperimentProgress(IProgress<ProgressTick>? target, double from, double to, string status) : IProgress<double>
{
    public void Report(double fraction) => target?.Report(new ProgressTick(from + (to - from) * Math.Clamp(fraction, 0, 1), status));

    /// <summary>Reports the end of the stage.</summary>
    public void Done() => Report(1);
}
