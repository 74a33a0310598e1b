using NnPhys.Cli;

namespace NnPhys.Tests.Cli;

/// <summary>Runs the nnphys program in-process with stdout/stderr captured (tests using it belong to the "Console" collection).</summary>
internal static class CliHarness
{
    public static (int code, string stdout, string stderr) Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o); Console.SetError(e);
        try { return (Program.Run(args), o.ToString(), e.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    /// <summary>Asserts the README's error promise: exit 2, one <c>nnphys: error:</c> line on stderr, no stack trace, nothing on stdout.</summary>
    public static string AssertUserError((int code, string stdout, string stderr) result)
    {
        var (code, stdout, stderr) = result;
        Assert.True(code == 2, $"exit {code}, stderr: {stderr}");
        Assert.Equal("", stdout);
        string[] errorLines = stderr.Split('\n').Where(l => l.StartsWith("nnphys: error:", StringComparison.Ordinal)).ToArray();
        Assert.True(errorLines.Length == 1, $"expected one 'nnphys: error:' line, stderr: {stderr}");
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("internal error", stderr);
        return errorLines[0];
    }
}
