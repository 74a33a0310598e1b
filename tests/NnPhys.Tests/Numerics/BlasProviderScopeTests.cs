using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>Forcing a backend is scoped to the caller's execution flow: concurrent work elsewhere keeps its backend.</summary>
public class BlasProviderScopeTests
{
    [Fact]
    public void ForcingInOneFlowDoesNotChangeAConcurrentFlow()
    {
        var before = BlasProvider.Active;
        var opposite = before == BlasBackend.Managed && BlasProvider.OpenBlasAvailable ? BlasBackend.OpenBlas : BlasBackend.Managed;
        if (opposite == before) return; // only the managed backend exists here: nothing to switch between
        using var forced = new ManualResetEventSlim();
        BlasBackend seenElsewhere = default;
        var concurrent = new Thread(() => { forced.Wait(); seenElsewhere = BlasProvider.Active; });
        concurrent.Start(); // captures the execution context before the Force below
        var previous = BlasProvider.Forced;
        BlasProvider.Force(opposite);
        try
        {
            BlasBackend seenByChild = default;
            Parallel.For(0, 4, _ => seenByChild = BlasProvider.Active); // work started after Force inherits it
            forced.Set();
            concurrent.Join();
            Assert.Equal(opposite, BlasProvider.Active);
            Assert.Equal(opposite, seenByChild);
            Assert.Equal(before, seenElsewhere);
        }
        finally { BlasProvider.Force(previous); }
        Assert.Equal(before, BlasProvider.Active);
    }
}
