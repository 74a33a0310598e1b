namespace NnPhys.FokkerPlanck.Pde;

/// <summary>Reports the fraction of an integration done (0..1) to an <see cref="IProgress{T}"/>, at most every <c>interval</c> substeps.</summary>
public sealed class ProgressTracker(IProgress<double> progress, double startTime, double endTime, int interval = 10) : IPdeTracker<IGridField>
{
    int _count;

    public void Initialize(IGridField state, double time) => progress.Report(0);
    public void Handle(IGridField state, double time, double dt)
    {
        if (++_count % Math.Max(interval, 1) == 0) progress.Report(Math.Clamp((time - startTime) / (endTime - startTime), 0, 1));
    }
    public void Finalize(IGridField state, double time) => progress.Report(1);
}
