using NnPhys.Mup;
using NnPhys.Mup.Experiments;

namespace NnPhys.Tests.Mup;

/// <summary>
/// Coordinate-check slopes against the small-step theory of tasi-physics-for-ml §4.3 (docs/mup.md): μP flat, NTK lazy
/// (Δh ∝ N^−½), standard parameterization Δh ∝ N^½ and Δφ ∝ N. Tolerances of 0.06 (μP: 0.035) fail on any wrong half-integer exponent and on d = 0.45 in place of μP's ½ (planted once).
/// </summary>
public sealed class CoordinateCheckTests
{
    static readonly Lazy<CoordinateCheckResult> Small = new(() => CoordinateCheck.Measure(new CoordinateCheckConfig(
        [64, 128, 256, 512, 1024], ["standard", "ntk", "mup"], Steps: 2, HiddenLayers: 2, Batch: 8,
        SgdLearningRate: 1e-3, AdamLearningRate: 1e-4, WithAdam: true, Seeds: 2, Seed: 3)));

    [Theory]
    [InlineData("mup", CoordinateQuantity.Preactivation, 0.0)]
    [InlineData("mup", CoordinateQuantity.FeatureChange, 0.0)]
    [InlineData("mup", CoordinateQuantity.OutputChange, 0.0)]
    [InlineData("standard", CoordinateQuantity.Preactivation, 0.0)]
    [InlineData("standard", CoordinateQuantity.FeatureChange, 0.5)]
    [InlineData("standard", CoordinateQuantity.OutputChange, 1.0)]
    [InlineData("ntk", CoordinateQuantity.FeatureChange, -0.5)]
    [InlineData("ntk", CoordinateQuantity.OutputChange, 0.0)]
    public void SgdSlopesMatchTheory(string parameterization, CoordinateQuantity quantity, double theory)
    {
        double slope = Small.Value.Slope(parameterization, MupOptimizer.Sgd, quantity);
        double tolerance = parameterization == "mup" ? 0.035 : 0.06; // μP measured within 0.01 of 0; d = 0.45 shifts Δh by −0.05
        Assert.True(Math.Abs(slope - theory) <= tolerance, $"SGD {parameterization} {quantity}: slope {slope:F3}, theory {theory}");
        Assert.Equal(theory, CoordinateCheck.TheorySlope(parameterization, MupOptimizer.Sgd, quantity));
    }

    [Theory]
    [InlineData("mup", CoordinateQuantity.FeatureChange, 0.0)]
    [InlineData("mup", CoordinateQuantity.OutputChange, 0.0)]
    [InlineData("ntk", CoordinateQuantity.FeatureChange, -0.5)]
    [InlineData("ntk", CoordinateQuantity.OutputChange, 0.0)]
    public void AdamTablesGiveTheSameExponents(string parameterization, CoordinateQuantity quantity, double theory)
    {
        double slope = Small.Value.Slope(parameterization, MupOptimizer.Adam, quantity);
        Assert.True(Math.Abs(slope - theory) <= 0.06, $"Adam {parameterization} {quantity}: slope {slope:F3}, theory {theory}");
    }

    [Fact]
    public void StandardParameterizationUnderAdamMovesHiddenFeaturesLinearlyInWidth()
    {
        // one Adam step moves each raw hidden weight by ≈ η₀, coherently over N inputs: Δh ∝ N (measured 0.90 over 64…1024)
        double slope = Small.Value.Slope("standard", MupOptimizer.Adam, CoordinateQuantity.FeatureChange);
        Assert.InRange(slope, 0.8, 1.15);
    }

    [Fact]
    public void LogLogSlopeRecoversAPowerLaw()
    {
        double[] x = [64, 128, 256, 512];
        Assert.Equal(-0.5, LogLogSlope.Fit(x, x.Select(v => 3 * Math.Pow(v, -0.5)).ToArray()), 12);
        Assert.True(double.IsNaN(LogLogSlope.Fit(x, [double.NaN, double.NaN, 1, double.PositiveInfinity])));
    }

    [Theory]
    [InlineData(new[] { 64, 0 }, "not positive")]
    [InlineData(new[] { 64 }, "two widths")]
    [InlineData(new[] { 64, 64 }, "repeat")]
    public void BadWidthsAreRejectedBeforeAnythingRuns(int[] widths, string message)
    {
        var e = Assert.Throws<InvalidConfigException>(() => new CoordinateCheckConfig(widths, ["mup"]).Validate());
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void UnknownParameterizationIsRejected()
    {
        var e = Assert.Throws<InvalidConfigException>(() => new CoordinateCheckConfig([64, 128], ["mup", "ntp"]).Validate());
        Assert.Contains("ntk", e.Message);
    }
}
