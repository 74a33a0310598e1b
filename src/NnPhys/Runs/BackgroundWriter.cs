using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace NnPhys.Runs;

/// <summary>
/// Runs a run's file writes (per-epoch arrays, checkpoints) on one background thread, strictly in the order they were
/// queued, so the next epoch trains while the last one's files are written and fsynced. Each write keeps its own
/// guarantees (atomic temp + fsync + rename; a checkpoint is committed by its pointer, written last), and the order
/// keeps the ones between writes: files queued before a checkpoint are on disk before that checkpoint exists. A process
/// killed with writes pending therefore leaves an earlier checkpoint as the latest, exactly as if it had been killed
/// before those epochs ended. At most <c>maxPending</c> writes wait (the caller blocks beyond that), bounding memory.
/// After a failed write the later ones are skipped and the failure is rethrown by the next <see cref="Enqueue"/> or
/// <see cref="WaitAll"/>. Busy seconds are summed per category (e.g. "checkpoints").
/// </summary>
public sealed class BackgroundWriter : IDisposable
{
    readonly BlockingCollection<(string Category, Action Write)> _queue;
    readonly Thread _thread;
    readonly ConcurrentDictionary<string, double> _busySeconds = new(StringComparer.Ordinal);
    readonly object _gate = new();
    int _pending;
    volatile ExceptionDispatchInfo? _failure;
    bool _disposed;

    /// <summary>Starts the writer thread; at most <paramref name="maxPending"/> writes are queued or running at once.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPending"/> is below 1.</exception>
    public BackgroundWriter(int maxPending = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPending, 1);
        _queue = new BlockingCollection<(string, Action)>(maxPending);
        _thread = new Thread(Work) { IsBackground = true, Name = "nnphys run writer" };
        _thread.Start();
    }

    /// <summary>Seconds the writer thread spent on each category of write so far.</summary>
    public IReadOnlyDictionary<string, double> BusySeconds => _busySeconds;

    /// <summary>Seconds callers spent blocked in <see cref="Enqueue"/> and <see cref="WaitAll"/> (writes not hidden behind compute).</summary>
    public double WaitSeconds { get; private set; }

    /// <summary>Queues <paramref name="write"/> after every write queued before it; blocks while the queue is full.</summary>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    /// <exception cref="Exception">An earlier write failed: its exception, rethrown with its original stack.</exception>
    public void Enqueue(string category, Action write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _failure?.Throw();
        lock (_gate) _pending++;
        var clock = Stopwatch.StartNew();
        _queue.Add((category, write));
        WaitSeconds += clock.Elapsed.TotalSeconds;
    }

    /// <summary>Blocks until every queued write has finished.</summary>
    /// <exception cref="Exception">A write failed: its exception, rethrown with its original stack.</exception>
    public void WaitAll()
    {
        var clock = Stopwatch.StartNew();
        lock (_gate)
            while (_pending > 0) Monitor.Wait(_gate);
        WaitSeconds += clock.Elapsed.TotalSeconds;
        _failure?.Throw();
    }

    void Work()
    {
        foreach (var (category, write) in _queue.GetConsumingEnumerable())
        {
            if (_failure is null)
            {
                var clock = Stopwatch.StartNew();
                try { write(); }
                catch (Exception e) { _failure = ExceptionDispatchInfo.Capture(e); }
                _busySeconds.AddOrUpdate(category, clock.Elapsed.TotalSeconds, (_, s) => s + clock.Elapsed.TotalSeconds);
            }
            lock (_gate)
            {
                _pending--;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Finishes the queued writes (their failures are not rethrown here: call <see cref="WaitAll"/> first to see
    /// them) and stops the thread.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }
}
