using System.Diagnostics;
using NnPhys.Runs;

namespace NnPhys.Tests.Runs;

/// <summary>One writer per run directory (issue 12 item 1): a second writer is refused naming the holder's PID, and the lock dies with its process.</summary>
public class RunLockTests
{
    private static readonly object Config = new { Width = 4 };

    [Fact]
    public void SecondCreateOrResumeWhileTheFirstWriterIsOpen_IsRefusedNamingItsPid()
    {
        using var dir = new TempDirectory();
        using RunDirectory first = RunDirectory.Create(dir.Path, "cmd", Config, 0, null);

        var create = Assert.Throws<RunLockedException>(() => RunDirectory.Create(dir.Path, "cmd", new { Width = 5 }, 1, null));
        Assert.Contains($"pid {Environment.ProcessId}", create.Message);
        var resume = Assert.Throws<RunLockedException>(() => RunDirectory.OpenForResume(dir.Path, Config, 0));
        Assert.Contains($"pid {Environment.ProcessId}", resume.Message);
        Assert.Equal(0UL, RunDirectory.ReadManifest(dir.Path).Seed); // the refused writer changed nothing

        first.Dispose();
        using RunDirectory resumed = RunDirectory.OpenForResume(dir.Path, Config, 0);
        Assert.Equal(1, resumed.Manifest.ResumeCount);
    }

    [Fact]
    public void CompleteAndFail_ReleaseTheLock()
    {
        using var dir = new TempDirectory();
        RunDirectory.Create(dir.Path, "cmd", Config, 0, null).Complete();
        RunDirectory again = RunDirectory.OpenForResume(dir.Path, Config, 0);
        again.Fail("stopped");
        RunDirectory.OpenForResume(dir.Path, Config, 0).Dispose();
    }

    /// <summary>
    /// Another process (flock(1), which takes the same flock(2) lock .NET takes for FileShare.None) holds the lock:
    /// refused with its PID; after kill -9 of that process the directory can be resumed at once — no stale lock.
    /// </summary>
    [FlockFact]
    public void LockHeldByAnotherProcess_RefusesUntilThatProcessIsKilled()
    {
        using var dir = new TempDirectory();
        RunDirectory.Create(dir.Path, "cmd", Config, 0, null).Dispose();
        string lockPath = Path.Combine(dir.Path, RunLock.FileName);

        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"echo \"pid $$ (test holder)\" > '{lockPath}'; exec /usr/bin/flock -o -x '{lockPath}' -c 'echo locked; exec sleep 60'");
        using Process holder = Process.Start(info)!;
        try
        {
            Assert.Equal("locked", holder.StandardOutput.ReadLine());
            var e = Assert.Throws<RunLockedException>(() => RunDirectory.OpenForResume(dir.Path, Config, 0));
            Assert.Contains($"pid {holder.Id} (test holder)", e.Message);
        }
        finally
        {
            holder.Kill(entireProcessTree: true); // SIGKILL
            holder.WaitForExit();
        }
        // -o: only flock itself held the lock, and SIGKILL ends it; allow the kernel a moment to reap it under load
        RunDirectory? resumed = null;
        for (int attempt = 0; resumed is null; attempt++)
        {
            try { resumed = RunDirectory.OpenForResume(dir.Path, Config, 0); }
            catch (RunLockedException) when (attempt < 50) { Thread.Sleep(100); }
        }
        using (resumed) Assert.True(resumed.IsLocked);
    }
}

/// <summary>Runs only where the flock(1) tool exists (Linux); reported as skipped with the reason elsewhere.</summary>
public sealed class FlockFactAttribute : FactAttribute
{
    public FlockFactAttribute()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/usr/bin/flock"))
            Skip = "Needs /usr/bin/flock (util-linux) to hold the run lock from another process.";
    }
}
