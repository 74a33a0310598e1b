using NnPhys.Ensembles;

namespace NnPhys.Tests.Ensembles;

/// <summary>Direct Monte Carlo and exact-in-N reductions against the closed forms (62), (64), (70), (71), over a grid of points and widths.</summary>
public class AnalyticCorrelatorTests
{
    // four points in d = 2 near the origin, and the tuples G2(0,1), G2(0,3), G4c(0,1,2,3), G4c(0,0,1,1)
    static readonly double[][] Points = [[0.0, 0.0], [0.6, -0.2], [-0.3, 0.5], [0.4, 0.4]];
    static readonly int[][] Tuples = [[0, 1], [0, 3], [2, 2], [0, 1, 2, 3], [0, 0, 1, 1], [1, 2, 2, 3]];

    static double Analytic(NeuronSumEnsemble e, int[] tuple, double sigmaW0, double sigmaB0)
    {
        var x = tuple.Select(a => Points[a]).ToArray();
        if (tuple.Length == 2) return AnalyticCorrelators.TwoPoint(x[0], x[1], sigmaW0, 1.0);
        return e.Name == "cos-net"
            ? AnalyticCorrelators.CosNetConnectedFourPoint(x, e.Width, sigmaW0, 1.0)
            : AnalyticCorrelators.GaussNetConnectedFourPoint(x, e.Width, sigmaW0, sigmaB0, 1.0);
    }

    public static TheoryData<string, int> Grid => new() { { "cos", 1 }, { "cos", 4 }, { "cos", 16 }, { "gauss", 1 }, { "gauss", 4 }, { "gauss", 16 } };

    [Theory]
    [MemberData(nameof(Grid))]
    public void DirectMonteCarloAgreesWithClosedFormsWithinThreeStandardErrors(string kind, int width)
    {
        const double sigmaW0 = 1.3, sigmaB0 = 0.4;
        var e = kind == "cos" ? NeuronSumEnsemble.CosNet(2, width, sigmaW0) : NeuronSumEnsemble.GaussNet(2, width, sigmaW0, sigmaB0);
        var acc = Correlators.SampleNetworks(e, new PointSet(Points), Tuples, seed: 11, samples: 40_000);
        for (int t = 0; t < Tuples.Length; t++)
        {
            var estimate = Tuples[t].Length == 2 ? CorrelatorEstimators.Moment(acc, t) : CorrelatorEstimators.Connected(acc, t);
            double expected = Analytic(e, Tuples[t], sigmaW0, sigmaB0);
            Assert.True(Math.Abs(estimate.Pull(expected)) < 3, $"{kind} N={width} tuple {t}: MC {estimate} vs analytic {expected:G6}");
            Assert.True(estimate.StandardError > 0);
        }
        // the width-1 four-point estimates must resolve the non-Gaussianity, not just be noisy
        if (width == 1)
        {
            var g4c = CorrelatorEstimators.Connected(acc, 3);
            Assert.True(Math.Abs(g4c.Value) > 5 * g4c.StandardError, $"G4c {g4c} not resolved");
        }
    }

    [Theory]
    [InlineData("cos")]
    [InlineData("gauss")]
    public void SingleNeuronReductionMatchesClosedFormsAtEveryWidth(string kind)
    {
        const double sigmaW0 = 0.9, sigmaB0 = 0.5;
        var e1 = kind == "cos" ? NeuronSumEnsemble.CosNet(2, 1, sigmaW0) : NeuronSumEnsemble.GaussNet(2, 1, sigmaW0, sigmaB0);
        var neurons = Correlators.SampleNeurons(e1.Neuron, new PointSet(Points), Tuples, seed: 5, samples: 200_000);
        foreach (int width in new[] { 1, 7, 100, 10_000 })
        {
            var e = kind == "cos" ? NeuronSumEnsemble.CosNet(2, width, sigmaW0) : NeuronSumEnsemble.GaussNet(2, width, sigmaW0, sigmaB0);
            for (int t = 0; t < Tuples.Length; t++)
            {
                var estimate = Tuples[t].Length == 2 ? SingleNeuronReduction.Moment(neurons, t, e) : SingleNeuronReduction.Connected(neurons, t, e);
                double expected = Analytic(e, Tuples[t], sigmaW0, sigmaB0);
                Assert.True(Math.Abs(estimate.Pull(expected)) < 3, $"{kind} N={width} tuple {t}: reduction {estimate} vs analytic {expected:G6}");
                Assert.True(estimate.StandardError < 0.05 * Math.Abs(expected) + 1e-12, $"reduction not precise: {estimate}");
            }
        }
    }

    [Fact]
    public void ReductionAndDirectEstimateAgreeForSixPointConnectedFunction()
    {
        // G6c has no closed form here: the two independent estimators must agree (Cos-net, N = 2, d = 1)
        var pts = new PointSet([[0.0], [0.3], [-0.4], [0.8]]);
        int[][] tuples = [[0, 1, 2, 3, 0, 1], [0, 0, 0, 0, 0, 0], [0, 1, 2, 3]];
        var e = NeuronSumEnsemble.SingleLayer(1, 2, NnPhys.Architectures.Activation.ReLU, sigmaW: 1.5, sigmaB: 0.5);
        var direct = Correlators.SampleNetworks(e, pts, tuples, seed: 3, samples: 50_000);
        var neurons = Correlators.SampleNeurons(e.Neuron, pts, tuples, seed: 4, samples: 50_000);
        for (int t = 0; t < tuples.Length; t++)
        {
            var a = CorrelatorEstimators.Connected(direct, t);
            var b = SingleNeuronReduction.Connected(neurons, t, e);
            double combined = Math.Sqrt(a.StandardError * a.StandardError + b.StandardError * b.StandardError);
            Assert.True(Math.Abs(a.Value - b.Value) < 3 * combined, $"tuple {t}: direct {a} vs reduction {b}");
            Assert.True(Math.Abs(b.Value) > 5 * b.StandardError, $"tuple {t}: reduction {b} does not resolve a non-zero cumulant");
        }
    }

    [Fact]
    public void PrintedTyposAreCorrected_CosNetFourPointAtCoincidentPointsMatchesSingleVariableCumulant()
    {
        // all four points equal: φ(x) = Σ w_i cos(θ_i), κ4 = N(⟨w⁴⟩⟨cos⁴⟩ − 3⟨w²⟩²⟨cos²⟩²) = N v²(3·3/8 − 3/4) = 3σ_w1⁴/(8N)
        double[] x = [0.2, -0.7];
        double value = AnalyticCorrelators.CosNetConnectedFourPoint([x, x, x, x], 5, 1.7, 1.1);
        Assert.Equal(3 * Math.Pow(1.1, 4) / (8 * 5), value, 12);
        // Gauss-net at coincident points x: κ4 = N v²(3 e^{4σ_b²}e^{2s|x|²}... evaluated from the lognormal moments
        double s = 1.7 * 1.7 / 2, sb = 0.3, x2 = x[0] * x[0] + x[1] * x[1];
        double psi4 = Math.Exp(8 * s * x2 + 8 * sb * sb) / Math.Exp(4 * sb * sb + 4 * s * x2); // ⟨e^{4(w·x+b)}⟩ / norm⁴
        double expected = Math.Pow(1.1, 4) / (4.0 * 5) * (3 * psi4 - 3);
        Assert.Equal(expected, AnalyticCorrelators.GaussNetConnectedFourPoint([x, x, x, x], 5, 1.7, sb, 1.1), 10);
    }

    [Theory]
    [InlineData("gauss")]
    [InlineData("cos")]
    public void DirectMonteCarloPinsTheFourPointClosedFormsToAFewPercent(string kind)
    {
        // issue 15: the grid test above allows 3 SE at 40k samples, which let a 10% error in eq. (64) through. Here N = 1 near
        // the origin with 600k networks: the SE is at most 3% of G4_c (w⁴ and 3⟨ψ⁴⟩ − pairings limit it), so a closed form off
        // by 10% sits more than 3.3 SE away (the coincident-point test below pins eq. (64) exactly as well)
        double[][] x = [[0.0, 0.0], [0.3, -0.1], [-0.2, 0.25], [0.15, 0.2]];
        int[][] tuples = [[0, 1, 2, 3], [0, 0, 1, 1], [1, 1, 3, 3]];
        var e = kind == "gauss" ? NeuronSumEnsemble.GaussNet(2, 1, 1.0, 0.3) : NeuronSumEnsemble.CosNet(2, 1, 1.0);
        var acc = Correlators.SampleNetworks(e, new PointSet(x), tuples, seed: 21, samples: 600_000);
        for (int t = 0; t < tuples.Length; t++)
        {
            var pts = tuples[t].Select(a => x[a]).ToArray();
            double expected = kind == "gauss" ? AnalyticCorrelators.GaussNetConnectedFourPoint(pts, 1, 1.0, 0.3, 1.0) : AnalyticCorrelators.CosNetConnectedFourPoint(pts, 1, 1.0, 1.0);
            var g4c = CorrelatorEstimators.Connected(acc, t);
            Assert.True(Math.Abs(g4c.Pull(expected)) < 3, $"{kind} tuple {t}: MC {g4c} vs closed form {expected:G6}");
            Assert.True(g4c.StandardError < 0.03 * Math.Abs(expected), $"{kind} tuple {t}: MC {g4c} too coarse to pin {expected:G6}");
        }
    }
}
