using NnPhys.Cli;

namespace NnPhys.Tests.Mup;

/// <summary>Bad input to the mup, uat and kan commands: one line naming the problem, exit code 2, nothing written.</summary>
[Collection("Console")]
public sealed class MupCliTests
{
    static (int code, string stdout, string stderr) Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o); Console.SetError(e);
        try { return (Program.Run(args), o.ToString(), e.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    [Theory]
    [InlineData("mup coord-check --widths 0,64", "not positive")]
    [InlineData("mup coord-check --param standard,yolo", "mup")]
    [InlineData("mup transfer --widths 128,-256", "not positive")]
    [InlineData("uat bumps --bumps 1,8", "M ≥ 2")]
    [InlineData("kan fit --grids 3,5", "smaller than every grid size")]
    [InlineData("kan fit --grids 0,5", "not positive")]
    public void BadInputExitsWithCodeTwoAndWritesNothing(string command, string message)
    {
        string outDir = Path.Combine(Path.GetTempPath(), "nnphys-never-" + Guid.NewGuid());
        var (code, stdout, stderr) = Run([.. command.Split(' '), "--out", outDir]);
        Assert.Equal(2, code);
        Assert.StartsWith("nnphys: error:", stderr);
        Assert.Contains(message, stderr);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(outDir));
    }
}
