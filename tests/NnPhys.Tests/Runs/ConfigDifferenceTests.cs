using System.Text.Json.Nodes;
using NnPhys.Runs;

namespace NnPhys.Tests.Runs;

public class ConfigDifferenceTests
{
    [Fact]
    public void EqualConfigs_InAnyKeyOrderAndNumberSpelling_HaveNoDifferences()
    {
        JsonNode saved = JsonNode.Parse("""{"lr": 0.1, "widths": [512, 512], "optimizer": {"name": "sgd", "momentum": 1}}""")!;
        JsonNode current = JsonNode.Parse("""{"optimizer": {"momentum": 1.0, "name": "sgd"}, "widths": [512, 512], "lr": 1e-1}""")!;
        Assert.Empty(ConfigDifference.Compare(saved, current));
    }

    [Fact]
    public void Differences_AreListedByPathWithBothValues()
    {
        JsonNode saved = JsonNode.Parse("""{"lr": 0.1, "widths": [512, 512], "optimizer": {"name": "sgd"}, "epochs": 10}""")!;
        JsonNode current = JsonNode.Parse("""{"lr": 0.2, "widths": [512, 256, 10], "optimizer": {"name": "adam"}, "batch": 64}""")!;

        var differences = ConfigDifference.Compare(saved, current);

        Assert.Equal(
            ["batch (saved absent, now 64)", "epochs (saved 10, now absent)", "lr (saved 0.1, now 0.2)",
             "optimizer.name (saved \"sgd\", now \"adam\")", "widths[1] (saved 512, now 256)", "widths.length (saved 2, now 3)"],
            differences.Select(d => d.ToString()));
    }

    [Fact]
    public void TypeChange_IsADifference()
    {
        var differences = ConfigDifference.Compare(JsonNode.Parse("""{"a": 1}"""), JsonNode.Parse("""{"a": "1"}"""));
        Assert.Equal("a", Assert.Single(differences).Key);
    }
}
