using System.Runtime.ExceptionServices;

namespace NnPhys.FokkerPlanck;

/// <summary>
/// Runs the independent pieces of the Fokker–Planck theory (protocols, drift modes × layers, epochs of a comparison, null
/// models, grid-check re-runs) concurrently, each result stored at its own index, so the results and their order are those
/// of the serial loop whatever the scheduling (each piece is deterministic and shares nothing mutable). A failure is
/// reported as the serial loop would: the exception of the lowest failing index, unwrapped (not an AggregateException).
/// </summary>
public static class TheoryParallel
{
    /// <summary>Concurrency used when none is given: all processors (the thread pool shares them between nested loops).</summary>
    public const int Default = -1;

    /// <summary>f(0), …, f(count − 1), at most <paramref name="maxDegreeOfParallelism"/> at a time (1: serially, in order;
    /// −1: no limit).</summary>
    /// <exception cref="ArgumentOutOfRangeException">count &lt; 0 or maxDegreeOfParallelism 0 or below −1.</exception>
    public static T[] Map<T>(int count, Func<int, T> f, int maxDegreeOfParallelism = Default, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), "Use -1 (no limit) or a positive number.");
        var results = new T[count];
        if (maxDegreeOfParallelism == 1 || count <= 1)
        {
            for (int i = 0; i < count; i++) { cancel.ThrowIfCancellationRequested(); results[i] = f(i); }
            return results;
        }
        var failures = new Exception?[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
        {
            try { cancel.ThrowIfCancellationRequested(); results[i] = f(i); }
            catch (Exception e) { failures[i] = e; }
        });
        foreach (var failure in failures)
            if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
        return results;
    }

    /// <summary>Runs the actions (see <see cref="Map{T}"/>).</summary>
    public static void Invoke(int maxDegreeOfParallelism, CancellationToken cancel, params Action[] actions) =>
        Map(actions.Length, i => { actions[i](); return true; }, maxDegreeOfParallelism, cancel);
}
