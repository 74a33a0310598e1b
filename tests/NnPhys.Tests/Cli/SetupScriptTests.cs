using System.Diagnostics;

namespace NnPhys.Tests.Cli;

/// <summary>
/// scripts/setup.sh's OpenBLAS check (issue 12 item 12). A stand-in <c>ldconfig</c> lists libopenblas first and then
/// many more libraries, as a real cache does: a check written as <c>ldconfig -p | grep -q …</c> under
/// <c>pipefail</c> sees grep stop early, ldconfig die of SIGPIPE, and reports OpenBLAS missing — every time here.
/// </summary>
public sealed class SetupScriptTests
{
    [BashFact]
    public void OpenBlasCheck_FindsTheLibraryEvenWhenTheListingIsLong()
    {
        string script = Path.Combine(RepositoryRoot(), "scripts", "setup.sh");
        string bin = Path.Combine(Path.GetTempPath(), "nnphys-fake-ldconfig-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(bin);
        try
        {
            string fake = Path.Combine(bin, "ldconfig");
            File.WriteAllText(fake, "#!/bin/bash\necho \"\tlibopenblas.so.0 (libc6,x86-64) => /opt/fake/libopenblas.so.0\"\n" +
                                    "for i in $(seq 1 20000); do echo \"\tlibfake$i.so.1 (libc6,x86-64) => /opt/fake/libfake$i.so.1\"; done\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            info.ArgumentList.Add(script);
            info.ArgumentList.Add("--check-openblas");
            info.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
            using Process p = Process.Start(info)!;
            string stderr = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(60_000));
            Assert.True(p.ExitCode == 0, $"exit {p.ExitCode} (1 = 'OpenBLAS missing'); {stderr}");
        }
        finally { Directory.Delete(bin, recursive: true); }
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "setup.sh"))) return dir.FullName;
        throw new InvalidOperationException("scripts/setup.sh not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Runs where bash exists (not on Windows); skipped with the reason elsewhere.</summary>
public sealed class BashFactAttribute : FactAttribute
{
    public BashFactAttribute()
    {
        if (OperatingSystem.IsWindows() || !(File.Exists("/bin/bash") || File.Exists("/usr/bin/bash")))
            Skip = "Needs bash to run scripts/setup.sh.";
    }
}
