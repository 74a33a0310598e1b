using NnPhys.Architectures;
using NnPhys.Mup;

namespace NnPhys.Tests.Mup;

/// <summary>
/// The private abcd record (tasi convention: variance N^−b, global d) against the structure helper's
/// <see cref="LayerParameterization"/> presets (Yang–Hu convention: std n^−b, d folded into the readout): two independent
/// encodings of eqs. (101)–(106) must give the same forward multipliers, init std and SGD learning-rate factors per layer.
/// </summary>
public sealed class StructAgreementTests
{
    [Theory]
    [InlineData("standard")]
    [InlineData("ntk")]
    [InlineData("mup")]
    public void PresetsAgreeLayerByLayer(string name)
    {
        var mine = AbcdParameterization.Parse(name);
        var theirs = Parameterizations.Named(name);
        const int d = 16, layers = 4; // input, two hidden, readout
        foreach (int n in new[] { 64, 1000, 4096 })
            for (int l = 0; l < layers; l++)
            {
                var role = l == 0 ? LayerRole.Input : l == layers - 1 ? LayerRole.Output : LayerRole.Hidden;
                int fanIn = l == 0 ? d : n, fanOut = l == layers - 1 ? 1 : n;
                var p = theirs(l, layers);
                Assert.Equal(p.WeightMultiplier(1, fanIn, fanOut), mine.Multiplier(role, n, d), 10);
                Assert.Equal(p.WeightInitStd(1, fanIn, fanOut), mine.InitStd(role, n), 10);
                Assert.Equal(p.LearningRateScale(fanIn, fanOut), mine.SgdLearningRate(role, n, 1.0), 10);
            }
    }
}
