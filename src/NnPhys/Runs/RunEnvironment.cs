using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace NnPhys.Runs;

/// <summary>Facts about the running program recorded in every manifest: versions, OS, and git commit.</summary>
public static class RunEnvironment
{
    private static readonly Lazy<string?> CachedGitCommit = new(FindGitCommit);

    /// <summary>nnphys version: the assembly's informational version (e.g. <c>0.1.0+sha</c>), else its version.</summary>
    public static string NnPhysVersion
    {
        get
        {
            Assembly assembly = typeof(RunEnvironment).Assembly;
            return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "unknown";
        }
    }

    /// <summary>The .NET runtime, e.g. <c>.NET 10.0.0</c>.</summary>
    public static string DotNetVersion => RuntimeInformation.FrameworkDescription;

    /// <summary>Operating system and process architecture, e.g. <c>Debian GNU/Linux 12 (bookworm) (X64)</c>.</summary>
    public static string OperatingSystem => $"{RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture})";

    /// <summary>
    /// The commit of the git repository the nnphys assembly was built in (<c>git rev-parse HEAD</c> run from the
    /// assembly's directory, then from the current directory), or null when git or the repository is unavailable.
    /// Computed once per process.
    /// </summary>
    public static string? GitCommit => CachedGitCommit.Value;

    private static string? FindGitCommit()
    {
        string assemblyDirectory = Path.GetDirectoryName(typeof(RunEnvironment).Assembly.Location) ?? "";
        foreach (string directory in new[] { assemblyDirectory, Environment.CurrentDirectory })
        {
            if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory)) continue;
            string? commit = RunGitRevParse(directory);
            if (commit is not null) return commit;
        }
        return null;
    }

    private static string? RunGitRevParse(string directory)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("rev-parse");
        startInfo.ArgumentList.Add("HEAD");
        try
        {
            using Process? process = Process.Start(startInfo);
            if (process is null) return null;
            string output = process.StandardOutput.ReadToEnd().Trim();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(10_000)) { process.Kill(); return null; }
            return process.ExitCode == 0 && output.Length == 40 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git not installed
        }
    }
}
