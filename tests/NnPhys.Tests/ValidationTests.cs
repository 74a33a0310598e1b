using NnPhys.Architectures;
using NnPhys.Training;

namespace NnPhys.Tests;

/// <summary>The one set of boundary checks (<see cref="Check"/>) and the one name parser (<see cref="Choices{T}"/>), issue 7 item 6.</summary>
public class ValidationTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-300)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void PositiveRejectsNonPositiveAndNonFinite(double value)
    {
        var e = Assert.Throws<InvalidConfigException>(() => Check.Positive(value, "--lr", "--lr 1e-3"));
        Assert.StartsWith("--lr must be a positive finite number, got ", e.Message);
        Assert.EndsWith("; e.g. --lr 1e-3.", e.Message);
    }

    [Fact]
    public void ChecksReturnTheValueAtTheBoundaries()
    {
        Assert.Equal(1e-300, Check.Positive(1e-300, "x"));
        Assert.Equal(1, Check.Positive(1, "n"));
        Assert.Equal(1L, Check.Positive(1L, "n"));
        Assert.Equal(0.0, Check.NonNegative(0.0, "σ_b"));
        Assert.Equal(0, Check.NonNegative(0, "k"));
        Assert.Equal(0.0, Check.UnitInterval(0.0, "μ"));
        Assert.Equal(0.999, Check.UnitInterval(0.999, "μ"));
        Assert.Equal(-1.0, Check.InRange(-1.0, -1, 1, "η"));
        Assert.Equal(1.0, Check.InRange(1.0, -1, 1, "η"));
        Assert.Equal(3, Check.InRange(3, 1, 3, "k"));
        Assert.Equal(-5.0, Check.Finite(-5.0, "t0"));
        Check.Interval(0, 1e-12, "window");
    }

    [Fact]
    public void ChecksRejectJustOutsideTheBoundaries()
    {
        Assert.Throws<InvalidConfigException>(() => Check.Positive(0, "n"));
        Assert.Throws<InvalidConfigException>(() => Check.Positive(0L, "n"));
        Assert.Throws<InvalidConfigException>(() => Check.NonNegative(-1e-300, "σ_b"));
        Assert.Throws<InvalidConfigException>(() => Check.NonNegative(double.NaN, "σ_b"));
        Assert.Throws<InvalidConfigException>(() => Check.NonNegative(-1, "k"));
        Assert.Throws<InvalidConfigException>(() => Check.UnitInterval(1.0, "μ"));
        Assert.Throws<InvalidConfigException>(() => Check.UnitInterval(-1e-300, "μ"));
        Assert.Throws<InvalidConfigException>(() => Check.InRange(1.0000001, -1, 1, "η"));
        Assert.Throws<InvalidConfigException>(() => Check.InRange(-1.0000001, -1, 1, "η"));
        Assert.Throws<InvalidConfigException>(() => Check.InRange(double.NaN, -1, 1, "η"));
        Assert.Throws<InvalidConfigException>(() => Check.InRange(4, 1, 3, "k"));
        Assert.Throws<InvalidConfigException>(() => Check.InRange(0, 1, 3, "k"));
        Assert.Throws<InvalidConfigException>(() => Check.Finite(double.NegativeInfinity, "t0"));
        Assert.Throws<InvalidConfigException>(() => Check.Interval(1, 1, "window"));
        Assert.Throws<InvalidConfigException>(() => Check.Interval(0, double.NaN, "window"));
        var e = Assert.Throws<InvalidConfigException>(() => Check.That(false, "the grid is too coarse"));
        Assert.Equal("the grid is too coarse", e.Message);
        Check.That(true, "never");
    }

    [Fact]
    public void MessageNamesTheValueTheRequirementAndTheExample()
    {
        var e = Assert.Throws<InvalidConfigException>(() => Check.InRange(2.5, -1, 1, "--eta", "--eta 0.5"));
        Assert.Equal("--eta must be in [-1, 1], got 2.5; e.g. --eta 0.5.", e.Message);
        e = Assert.Throws<InvalidConfigException>(() => Check.Positive(-3, "--width"));
        Assert.Equal("--width must be a positive integer, got -3.", e.Message);
    }

    static readonly Choices<int> Table = new("a colour", [(["red", "rouge"], 1), (["light-blue"], 2)], ["rgb(r,g,b)"]);

    [Theory]
    [InlineData("red", 1)]
    [InlineData(" RED ", 1)]
    [InlineData("rouge", 1)]
    [InlineData("light-blue", 2)]
    [InlineData("light_blue", 2)]
    [InlineData("Light Blue", -1)] // spaces are removed, not read as '_': "lightblue" is not a name
    public void ChoicesReadNamesCaseInsensitivelyWithAliases(string text, int expected)
    {
        Assert.Equal(expected >= 0, Table.TryParse(text, out int value));
        if (expected >= 0) Assert.Equal(expected, value);
    }

    [Fact]
    public void UnknownNameListsTheCanonicalNamesAndTheOption()
    {
        var e = Assert.Throws<InvalidConfigException>(() => Table.Parse("green", "--colour"));
        Assert.Equal("--colour 'green' is not a colour; use one of: red, light-blue, rgb(r,g,b).", e.Message);
        Assert.Equal(["red", "light-blue", "rgb(r,g,b)"], Table.Names);
        Assert.False(Table.TryParse(null, out _));
        Assert.Throws<ArgumentException>(() => new Choices<int>("x", [(["a"], 1), (["A"], 2)]));
    }

    [Theory]
    [InlineData("leaky(-0.5)", "leaky", -0.5)]
    [InlineData("Leaky_ReLU( 0.2 )", "leaky-relu", 0.2)]
    [InlineData("power(4)", "power", 4)]
    public void ParametricNamesKeepTheirArgument(string text, string head, double expected)
    {
        Assert.True(Choices<int>.TryCall(text, head, out double argument));
        Assert.Equal(expected, argument);
    }

    [Theory]
    [InlineData("leaky(x)", "leaky")]
    [InlineData("leaky(1", "leaky")]
    [InlineData("leakyrelu(0.1)", "leaky")]
    [InlineData("leaky(inf)", "leaky")]
    public void MalformedParametricNamesAreRejected(string text, string head) =>
        Assert.False(Choices<int>.TryCall(text, head, out double _));

    [Fact]
    public void EveryListedActivationNameParsesAndAWrongNameListsThemAll()
    {
        foreach (var name in Activation.ValidNames.Where(n => !n.Contains('(')))
            Assert.Equal(name, Activation.Parse(name).Name.Split('(')[0]);
        Assert.Equal(-0.5, Activation.Parse("leaky(-0.5)").Slope);
        Assert.Same(Activation.Identity, Activation.Parse("Linear"));
        var e = Assert.Throws<InvalidConfigException>(() => Activation.Parse("relu6"));
        foreach (var name in Activation.ValidNames) Assert.Contains(name, e.Message);
    }

    [Fact]
    public void TheOtherNameTablesGoThroughTheOneParser()
    {
        Assert.IsType<PowerLoss>(Losses.Parse("Power(4)"));
        Assert.Same(Losses.CrossEntropy, Losses.Parse("cross-entropy"));
        Assert.Contains("power(p)", Assert.Throws<InvalidConfigException>(() => Losses.Parse("hinge")).Message);
        Assert.Equal(Parameterizations.MuPAdam(0, 3), Parameterizations.Named("MUP_ADAM")(0, 3));
        Assert.Contains("mup-adam", Assert.Throws<InvalidConfigException>(() => Parameterizations.Named("ntk2")).Message);
        Assert.Contains("heavy-ball", Assert.Throws<InvalidConfigException>(
            () => new OptimizerSettings("rmsprop").Create(new NnPhys.Networks.ParameterSet<float>(Array.Empty<(string, int[])>()))).Message);
    }

    [Fact]
    public void EnsembleSpecNamesAreCanonicalFromConstructionOn()
    {
        var spec = new NnPhys.Ensembles.Experiments.EnsembleSpec("Gauss_Net", OutputVariance: "2n", OutputWeights: "UNIFORM");
        Assert.Equal(("gauss-net", "2N", "uniform"), (spec.Architecture, spec.OutputVariance, spec.OutputWeights));
        Assert.Equal(2.0 * spec.Width, spec.OutputVarianceDenominator);
        var e = Assert.Throws<InvalidConfigException>(() => spec with { Architecture = "resnet" });
        Assert.Contains("--arch 'resnet' is not an ensemble architecture; use one of: cos-net, gauss-net", e.Message);
        Assert.Throws<InvalidConfigException>(() => new NnPhys.Ensembles.Experiments.EnsembleSpec(OutputVariance: "3N"));
    }
}
