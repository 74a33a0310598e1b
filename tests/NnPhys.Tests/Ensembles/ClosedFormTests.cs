using NnPhys.Ensembles;
using NnPhys.Ensembles.Experiments;

namespace NnPhys.Tests.Ensembles;

/// <summary>
/// Closed forms of any order from single-neuron moments (<see cref="NeuronMomentClosedForms"/>) against the independently
/// derived eqs. (62), (64), (70), (71) and against Monte Carlo where no printed closed form exists (Cos-net G6_c, uniform P(w)).
/// </summary>
public class ClosedFormTests
{
    static readonly double[][] X = [[0.1, -0.3], [0.6, 0.2], [-0.4, 0.5], [0.3, 0.35]];

    [Theory]
    [InlineData(1, 1.3, 0.4, 1.0)]
    [InlineData(7, 0.8, 0.0, 1.7)]
    public void GenericReductionReproducesThePrintedFourPointFunctions(int width, double sigmaW0, double sigmaB0, double sigmaW1)
    {
        var cos = NeuronSumEnsemble.CosNet(2, width, sigmaW0, sigmaW1);
        var gauss = NeuronSumEnsemble.GaussNet(2, width, sigmaW0, sigmaB0, sigmaW1);
        Assert.Equal(AnalyticCorrelators.TwoPoint(X[0], X[1], sigmaW0, sigmaW1), NeuronMomentClosedForms.Moment(cos, [X[0], X[1]]), 12);
        Assert.Equal(AnalyticCorrelators.TwoPoint(X[0], X[1], sigmaW0, sigmaW1), NeuronMomentClosedForms.Moment(gauss, [X[0], X[1]]), 12);
        int[][] orders = [[0, 1, 2, 3], [0, 0, 1, 1], [2, 2, 2, 2], [1, 3, 0, 3]];
        foreach (var o in orders)
        {
            var x = o.Select(a => X[a]).ToArray();
            double c = AnalyticCorrelators.CosNetConnectedFourPoint(x, width, sigmaW0, sigmaW1), g = AnalyticCorrelators.GaussNetConnectedFourPoint(x, width, sigmaW0, sigmaB0, sigmaW1);
            Assert.True(Math.Abs(c - NeuronMomentClosedForms.Connected(cos, x)) < 1e-12 * Math.Max(1, Math.Abs(c)), $"cos {string.Join(",", o)}");
            Assert.True(Math.Abs(g - NeuronMomentClosedForms.Connected(gauss, x)) < 1e-11 * Math.Max(1, Math.Abs(g)), $"gauss {string.Join(",", o)}");
        }
        // odd correlators of an even P(w) vanish (eq. (59)) and G1 = 0
        Assert.Equal(0, NeuronMomentClosedForms.Moment(gauss, [X[0], X[1], X[2]]), 15);
    }

    [Fact]
    public void CosNetSixPointAtCoincidentPointsIsTheOneVariableCumulant()
    {
        // κ6 of Σ_i w_i cos θ_i: N(μ6⟨cos⁶⟩ − 15μ4μ2⟨cos⁴⟩⟨cos²⟩ + 30μ2³⟨cos²⟩³) with ⟨cos^2k⟩ = (2k−1)!!/(2k)!!:
        // = N v³(15·5/16 − 15·3·3/8·1/2 + 30/8) = 0 — the vanishing the docs note; a Gaussian μ6 = 15v³ is essential
        var e = NeuronSumEnsemble.CosNet(2, 3, 1.1, 1.4);
        Assert.Equal(0, NeuronMomentClosedForms.Connected(e, [X[0], X[0], X[0], X[0], X[0], X[0]]), 12);
        // with uniform weights (μ4 = 9v²/5, μ6 = 27v³/7) it is N v³(27/7·5/16 − 15·9/5·3/16 + 30/8) ≠ 0
        var u = new NeuronSumEnsemble("cos-net", e.Neuron, 3, OutputWeightDistribution.Uniform(Math.Sqrt(3 * 1.96 / 3)));
        double v = 1.96 / 3;
        Assert.Equal(3 * v * v * v * (27.0 / 7 * 5 / 16 - 15 * 9.0 / 5 * 3 / 16 + 30.0 / 8), NeuronMomentClosedForms.Connected(u, [X[0], X[0], X[0], X[0], X[0], X[0]]), 12);
    }

    [Fact]
    public void CosNetSixPointAndUniformWeightFourPointMatchMonteCarlo()
    {
        var pts = new PointSet(X);
        int[][] tuples = [[0, 1, 2, 3, 0, 1], [0, 0, 1, 1, 2, 2], [0, 1, 2, 3]];
        foreach (var weights in new[] { "gaussian", "uniform" })
        {
            var e = (NeuronSumEnsemble)new EnsembleSpec("cos-net", 2, 1, SigmaW0: 1.2, OutputWeights: weights).Build();
            var neurons = Correlators.SampleNeurons(e.Neuron, pts, tuples, 9, 400_000);
            for (int t = 0; t < tuples.Length; t++)
            {
                var x = tuples[t].Select(a => X[a]).ToArray();
                double closed = NeuronMomentClosedForms.Connected(e, x);
                var r = SingleNeuronReduction.Connected(neurons, t, e);
                Assert.True(Math.Abs(r.Pull(closed)) < 3, $"{weights} tuple {t}: reduction {r} vs closed form {closed:G6}");
                Assert.True(r.StandardError < 0.03 * Math.Abs(closed), $"{weights} tuple {t}: {r} does not resolve {closed:G6}");
            }
        }
        // the uniform law changes G4_c (μ4 = 9v²/5 instead of 3v²): the test above can tell the two apart
        var g = (NeuronSumEnsemble)new EnsembleSpec("cos-net", 2, 1, SigmaW0: 1.2).Build();
        var un = (NeuronSumEnsemble)new EnsembleSpec("cos-net", 2, 1, SigmaW0: 1.2, OutputWeights: "uniform").Build();
        Assert.True(Math.Abs(NeuronMomentClosedForms.Connected(g, X) - NeuronMomentClosedForms.Connected(un, X)) > 0.2 * Math.Abs(NeuronMomentClosedForms.Connected(g, X)));
    }

    [Fact]
    public void OutputVarianceConventionIsExplicitAndSwitchable()
    {
        var paper = (NeuronSumEnsemble)new EnsembleSpec("gauss-net", 2, 8, SigmaW1: 1.5).Build();
        var overN = (NeuronSumEnsemble)new EnsembleSpec("gauss-net", 2, 8, SigmaW1: 1.5, OutputVariance: "N").Build();
        Assert.Equal(1.5 * 1.5 / 16, paper.OutputWeights.Variance, 15); // eq. (61): σ_w1²/(2N)
        Assert.Equal(1.5 * 1.5 / 8, overN.OutputWeights.Variance, 15);
        Assert.Contains("(2N)", new EnsembleSpec("gauss-net", 2, 8).OutputWeightConvention);
        Assert.Contains("eq. (69)", new EnsembleSpec("cos-net", 2, 8).OutputWeightConvention);
        Assert.Throws<InvalidConfigException>(() => new EnsembleSpec("mlp", OutputWeights: "uniform").Build());
        Assert.Throws<InvalidConfigException>(() => new EnsembleSpec("cos-net", OutputVariance: "3N").Build());
    }

    [Fact]
    public void TuplesAndPointFilesParse()
    {
        Assert.Equal([[0, 1], [0, 1, 2, 3]], PointSetParser.ParseTuples("0,1; 0,1,2,3"));
        Assert.Throws<InvalidConfigException>(() => PointSetParser.ParseTuples("0,a"));
        var dir = Directory.CreateTempSubdirectory("nnphys-points").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "p.csv"), "# x, y\n0.5, 1\n-2 3e-1\n");
            var csv = PointSetParser.Load(Path.Combine(dir, "p.csv"), 2);
            Assert.Equal([[0.5, 1.0], [-2.0, 0.3]], csv.ToRows());
            NnPhys.IO.Npy.Write(Path.Combine(dir, "p.npy"), NnPhys.IO.NpyArray.Of(new[] { 0.5, 1.0, -2.0, 0.3, 4, 5 }, 3, 2));
            Assert.Equal(new[] { 4.0, 5.0 }, PointSetParser.Load(Path.Combine(dir, "p.npy"), 2).Point(2));
            Assert.Throws<InvalidConfigException>(() => PointSetParser.Load(Path.Combine(dir, "p.npy"), 3));
            Assert.Throws<DataFileException>(() => PointSetParser.Load(Path.Combine(dir, "missing.csv"), 2));
        }
        finally { Directory.Delete(dir, true); }
    }
}
