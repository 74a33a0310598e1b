using NnPhys.Cli;

namespace NnPhys.Tests.Data;

/// <summary>The real-MNIST tests look where the CLI puts the data (issue 15 item 4).</summary>
public class RealMnistLocationTests
{
    [Fact]
    public void CandidatesIncludeTheCliDefaultDataDirectory()
    {
        IReadOnlyList<string> candidates = RealMnistFactAttribute.Candidates();
        Assert.Contains(Path.GetFullPath(CommonOptions.DefaultDataDirectory()), candidates);
        string? data = Environment.GetEnvironmentVariable("NNPHYS_DATA");
        Assert.Contains(Path.GetFullPath(Path.Combine(data ?? "data", "mnist")), candidates);
        Assert.DoesNotContain("/work/data/mnist", data is null ? candidates : []); // no hard-coded machine path
    }
}
