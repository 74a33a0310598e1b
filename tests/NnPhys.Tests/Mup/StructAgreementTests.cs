using NnPhys.Architectures;
using NnPhys.Mup;

namespace NnPhys.Tests.Mup;

/// <summary>
/// The private abcd record (tasi convention: variance N^−b, global d) against the structure helper's
/// <see cref="LayerParameterization"/> presets (Yang–Hu convention: std n^−b, d folded into the readout): two independent
/// encodings of eqs. (101)–(106) must give the same effective weights (multiplier × init std) and, up to a width-independent
/// constant (standard puts the input layer's fixed 1/√D in the draw, this record in the multiplier), the same SGD update scale
/// of the effective weights, multiplier² × learning-rate factor.
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
        for (int l = 0; l < layers; l++)
        {
            var role = l == 0 ? LayerRole.Input : l == layers - 1 ? LayerRole.Output : LayerRole.Hidden;
            var p = theirs(l, layers);
            var ratios = new List<double>();
            foreach (int n in new[] { 64, 1000, 4096 })
            {
                int fanIn = l == 0 ? d : n, fanOut = l == layers - 1 ? 1 : n;
                double theirMultiplier = p.WeightMultiplier(1, fanIn, fanOut), myMultiplier = mine.Multiplier(role, n, d);
                Assert.Equal(theirMultiplier * p.WeightInitStd(1, fanIn, fanOut), myMultiplier * mine.InitStd(role, n), 10);
                ratios.Add(theirMultiplier * theirMultiplier * p.LearningRateScale(fanIn, fanOut) / (myMultiplier * myMultiplier * mine.SgdLearningRate(role, n, 1.0)));
            }
            Assert.All(ratios, r => Assert.Equal(ratios[0], r, 10));
        }
    }
}
