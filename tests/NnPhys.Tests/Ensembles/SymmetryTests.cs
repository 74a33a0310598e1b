using NnPhys.Ensembles;

namespace NnPhys.Tests.Ensembles;

/// <summary>ℤ₂ and Euclidean symmetries of ensembles, measured and compared with the closed forms.</summary>
public class SymmetryTests
{
    static readonly double[][] Config = [[0.0, 0.0], [0.5, 0.1], [-0.2, 0.4], [0.3, -0.3]];

    [Fact]
    public void OddCorrelatorsVanishForEvenOutputWeightsAndNotOtherwise()
    {
        var pts = new PointSet([[0.0, 0.0], [0.4, 0.2], [-0.3, 0.5]]);
        var even = NeuronSumEnsemble.GaussNet(2, 3, 1.0, 0.5);
        foreach (var m in SymmetryChecks.OddCorrelators(even, pts, 1, 20_000))
            Assert.True(m.ConsistentWithZero, $"even P(w): odd correlator {string.Join(",", m.Tuple)} = {m.Estimate}");
        // shifting the mean of P(w) breaks φ → −φ: Gauss-net neurons are positive, so G1 = N⟨w⟩⟨ψ⟩ ≠ 0
        var shifted = new NeuronSumEnsemble("gauss-net-shifted", new GaussNeuron(2, 1.0, 0.5), 3, OutputWeightDistribution.Gaussian(1.0 / 6, mean: 0.2));
        var odd = SymmetryChecks.OddCorrelators(shifted, pts, 1, 20_000);
        Assert.True(odd.Count(m => !m.ConsistentWithZero) >= 3, "a non-even P(w) must show non-zero odd correlators");
        Assert.True(Math.Abs(odd[0].Estimate.Pull(3 * 0.2 * Math.Exp(-0.125))) < 3, $"G1(0) = N⟨w⟩⟨ψ(0)⟩ = 0.6·exp(−σ_b²/2), got {odd[0].Estimate}"); // ⟨ψ(0)⟩ = ⟨e^{b−σ_b²}⟩ = e^{σ_b²/2−σ_b²}
    }

    [Fact]
    public void CosNetIsEuclideanInvariantAtFiniteWidth()
    {
        var e = NeuronSumEnsemble.CosNet(2, 2, 1.2);
        var shift = SymmetryChecks.Invariance(e, Config, SymmetryChecks.Shift([1.5, -0.7]), "shift", 3, 30_000);
        var rotation = SymmetryChecks.Invariance(e, Config, SymmetryChecks.Rotation(0, 1, 0.9), "rotation", 5, 30_000);
        Assert.True(Math.Abs(shift.Pull) < 3, $"Cos-net shift: {shift.Original} → {shift.Transformed}");
        Assert.True(Math.Abs(rotation.Pull) < 3, $"Cos-net rotation: {rotation.Original} → {rotation.Transformed}");
        Assert.True(Math.Abs(shift.Original.Value) > 5 * shift.Original.StandardError, "the compared G4c must be resolved");
    }

    [Fact]
    public void GaussNetBreaksTranslationsAtFiniteWidthByTheClosedFormAmountButNotRotations()
    {
        const double sw0 = 1.0, sb0 = 0.3;
        double[] a = [0.6, 0.0];
        var e = NeuronSumEnsemble.GaussNet(2, 2, sw0, sb0);
        var shift = SymmetryChecks.Invariance(e, Config, SymmetryChecks.Shift(a), "shift", 7, 40_000);
        var moved = Config.Select(SymmetryChecks.Shift(a)).ToArray();
        double expected = AnalyticCorrelators.GaussNetConnectedFourPoint(moved, 2, sw0, sb0, 1) - AnalyticCorrelators.GaussNetConnectedFourPoint(Config, 2, sw0, sb0, 1);
        Assert.True(shift.Pull > 5, $"Gauss-net shift must change G4c: {shift.Original} → {shift.Transformed}");
        Assert.True(Math.Abs(shift.Difference - expected) < 3 * shift.DifferenceError, $"difference {shift.Difference} ± {shift.DifferenceError} vs closed form {expected}");
        // the breaking is a 1/N effect: the closed-form difference at N = 200 is 100 times smaller
        double wide = AnalyticCorrelators.GaussNetConnectedFourPoint(moved, 200, sw0, sb0, 1) - AnalyticCorrelators.GaussNetConnectedFourPoint(Config, 200, sw0, sb0, 1);
        Assert.Equal(expected / 100, wide, 12);
        var rotation = SymmetryChecks.Invariance(e, Config, SymmetryChecks.Rotation(0, 1, 1.1), "rotation", 9, 30_000);
        Assert.True(Math.Abs(rotation.Pull) < 3, $"Gauss-net is rotation invariant (isotropic w): {rotation.Original} → {rotation.Transformed}");
    }

    [Fact]
    public void InvarianceNeedsAnEvenNumberOfPoints()
    {
        var ex = Assert.Throws<InvalidConfigException>(() => SymmetryChecks.Invariance(NeuronSumEnsemble.CosNet(2, 2), Config[..3], SymmetryChecks.Shift([1.0, 0.0]), "shift", 1, 10));
        Assert.Contains("odd", ex.Message);
    }
}
