namespace NnPhys.Runs;

/// <summary>
/// Tracks the run directories opened for writing inside one command (this async flow and the tasks it starts), so that
/// a command that dies of an error its experiment did not anticipate — disk full, a read-only folder — can still mark
/// each of its runs <c>failed</c> with the reason instead of leaving them <c>running</c>. Scopes are per async flow, so
/// commands run side by side in one process (tests) never touch each other's runs.
/// </summary>
/// <example><code>
/// using var scope = OpenRunScope.Begin();
/// try { ... } catch (IOException e) { scope.FailAll(Describe(e)); }
/// </code></example>
public sealed class OpenRunScope : IDisposable
{
    private static readonly AsyncLocal<OpenRunScope?> Current = new();

    private readonly List<RunDirectory> _runs = [];
    private readonly OpenRunScope? _outer;

    private OpenRunScope(OpenRunScope? outer) => _outer = outer;

    /// <summary>Starts tracking the runs opened from here on in this async flow.</summary>
    public static OpenRunScope Begin()
    {
        var scope = new OpenRunScope(Current.Value);
        Current.Value = scope;
        return scope;
    }

    /// <summary>Where runs in the scope send notices for the user (the CLI logs them to stderr); null drops them.</summary>
    public Action<string>? Notice { get; set; }

    internal void Notify(string message)
    {
        for (OpenRunScope? scope = this; scope is not null; scope = scope._outer)
            if (scope.Notice is { } notice) { notice(message); return; }
    }

    /// <summary>Runs opened in the scope and not yet completed, failed or disposed.</summary>
    public IReadOnlyList<RunDirectory> Runs
    {
        get { lock (_runs) return [.. _runs]; }
    }

    /// <summary>
    /// Marks every run still open in the scope failed with <paramref name="message"/> where the manifest can still be
    /// written (a full disk may refuse even that), and releases their locks. Returns how many were marked.
    /// </summary>
    public int FailAll(string message)
    {
        int marked = 0;
        foreach (RunDirectory run in Runs)
        {
            if (!run.IsLocked) continue;
            try
            {
                run.Fail(message);
                marked++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NnPhysException) { run.Dispose(); }
        }
        return marked;
    }

    /// <summary>Ends the scope (open runs keep their locks until they are disposed or the process exits).</summary>
    public void Dispose()
    {
        if (Current.Value == this) Current.Value = _outer;
    }

    /// <summary>Adds <paramref name="run"/> to the innermost scope of this async flow and returns that scope (null if none).</summary>
    internal static OpenRunScope? Register(RunDirectory run)
    {
        OpenRunScope? scope = Current.Value;
        if (scope is not null) lock (scope._runs) scope._runs.Add(run);
        return scope;
    }

    internal void Remove(RunDirectory run)
    {
        lock (_runs) _runs.Remove(run);
    }
}
