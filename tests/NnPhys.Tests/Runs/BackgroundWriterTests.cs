using NnPhys.Runs;

namespace NnPhys.Tests.Runs;

public class BackgroundWriterTests
{
    [Fact]
    public void WritesRunInTheOrderQueuedAndWaitAllWaitsForThem()
    {
        var done = new List<int>();
        using var writer = new BackgroundWriter(maxPending: 2);
        for (int i = 0; i < 20; i++)
        {
            int k = i;
            writer.Enqueue(k % 2 == 0 ? "even" : "odd", () => { Thread.Sleep(k % 3); lock (done) done.Add(k); });
        }
        writer.WaitAll();
        Assert.Equal(Enumerable.Range(0, 20), done);
        Assert.Equal(["even", "odd"], writer.BusySeconds.Keys.Order());
        Assert.All(writer.BusySeconds.Values, s => Assert.True(s >= 0));
    }

    [Fact]
    public void AtMostMaxPendingWritesWaitSoTheCallerIsHeldBack()
    {
        using var release = new ManualResetEventSlim();
        using var writer = new BackgroundWriter(maxPending: 1);
        writer.Enqueue("x", release.Wait);        // running
        writer.Enqueue("x", () => { });           // queued: the queue is now full
        var third = Task.Run(() => writer.Enqueue("x", () => { }));
        Assert.False(third.Wait(200));            // blocked until the first write finishes
        release.Set();
        Assert.True(third.Wait(10_000));
        writer.WaitAll();
    }

    [Fact]
    public void AFailedWriteIsRethrownAndTheWritesQueuedAfterItAreSkipped()
    {
        var done = new List<string>();
        using var writer = new BackgroundWriter(maxPending: 4);
        using var gate = new ManualResetEventSlim();
        writer.Enqueue("a", () => { gate.Wait(); done.Add("trajectory 1"); });
        writer.Enqueue("a", () => throw new IOException("disk full"));
        writer.Enqueue("b", () => done.Add("checkpoint 1"));   // must not be committed after a failed earlier write
        gate.Set();
        var e = Assert.Throws<IOException>(writer.WaitAll);
        Assert.Equal("disk full", e.Message);
        Assert.Equal(["trajectory 1"], done);
        Assert.Throws<IOException>(() => writer.Enqueue("a", () => done.Add("later")));
        writer.Dispose();
        Assert.Equal(["trajectory 1"], done);
        Assert.Throws<ObjectDisposedException>(() => writer.Enqueue("a", () => { }));
    }

    [Fact]
    public void DisposeFinishesTheQueuedWrites()
    {
        int count = 0;
        var writer = new BackgroundWriter();
        for (int i = 0; i < 5; i++) writer.Enqueue("x", () => { Thread.Sleep(5); Interlocked.Increment(ref count); });
        writer.Dispose();
        Assert.Equal(5, count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackgroundWriter(0));
    }
}
