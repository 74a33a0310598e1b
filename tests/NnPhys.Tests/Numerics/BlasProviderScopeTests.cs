using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary><see cref="BlasProvider.Use"/> is scoped to the caller's execution flow: concurrent work elsewhere keeps its backend.</summary>
public class BlasProviderScopeTests
{
    [OpenBlasFact] // with the managed backend alone there is nothing to switch between
    public void UsingABackendInOneFlowDoesNotChangeAConcurrentFlow()
    {
        var before = BlasProvider.Active;
        var opposite = before == BlasBackend.Managed && BlasProvider.OpenBlasAvailable ? BlasBackend.OpenBlas : BlasBackend.Managed;
        Assert.NotEqual(before, opposite);
        using var scoped = new ManualResetEventSlim();
        BlasBackend seenElsewhere = default;
        var concurrent = new Thread(() => { scoped.Wait(); seenElsewhere = BlasProvider.Active; });
        concurrent.Start(); // captures the execution context before the scope below
        using (BlasProvider.Use(opposite))
        {
            BlasBackend seenByChild = default;
            Parallel.For(0, 4, _ => seenByChild = BlasProvider.Active); // work started inside the scope inherits it
            scoped.Set();
            concurrent.Join();
            Assert.Equal(opposite, BlasProvider.Active);
            Assert.Equal(opposite, seenByChild);
            Assert.Equal(before, seenElsewhere);
        }
        Assert.Equal(before, BlasProvider.Active);
    }
}
