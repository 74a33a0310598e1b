using NnPhys.Ensembles;
using NnPhys.Ensembles.Experiments;
using NnPhys.IO;

namespace NnPhys.Tests.Ensembles;

/// <summary>
/// Contracts of the ensemble plumbing that the end-to-end experiment tests run through but do not pin down: the tail
/// diagnostics' thresholds and sums by hand, the correlator accumulator's sub-products by hand and its refusals, the
/// correlator analysis' choice of estimator (replaced on a heavy tail or a > 5 SE disagreement, flagged when there is
/// nothing to replace it with), the configuration's defaults and refusals, the output-weight conventions against
/// σ_w1²/N and σ_w1²/(2N) worked out by hand, and the point parsers' shapes and messages.
/// </summary>
public sealed class EnsembleContractTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "nnphys-ens-contract-" + Guid.NewGuid().ToString("N"));
    public EnsembleContractTests() => Directory.CreateDirectory(_dir);
    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

    // ---- tail diagnostics ----

    [Fact]
    public void HeavyTailThresholdsAreTheDocumentedOnes()
    {
        // ESS below max(20, 0.3% of the samples) or one term above 10% of Σ|t|
        Assert.True(new TailDiagnostics(19.9, 0, 100).HeavyTailed);
        Assert.False(new TailDiagnostics(20, 0.1, 100).HeavyTailed);
        Assert.True(new TailDiagnostics(29.9, 0, 10_000).HeavyTailed);   // 0.003 · 10 000 = 30 > 20
        Assert.False(new TailDiagnostics(30, 0, 10_000).HeavyTailed);
        Assert.True(new TailDiagnostics(1000, 0.1001, 1000).HeavyTailed);
        Assert.False(new TailDiagnostics(0, 1, 0).HeavyTailed);           // nothing sampled: nothing to flag
        Assert.Equal("ESS 12.3 of 100, largest term 5% of Σ|t|", new TailDiagnostics(12.34, 0.05, 100).ToString());
    }

    [Fact]
    public void TailMonitorSumsByHandAndMergesExactly()
    {
        // tuple (0, 1): products −6 and 1, so Σ|t| = 7, Σt² = 37, max|t| = 6
        var whole = new TailMonitor([[0, 1], [0, 0], [2]]);
        var a = new TailMonitor([[0, 1], [0, 0], [2]]);
        var b = new TailMonitor([[0, 1], [0, 0], [2]]);
        whole.Observe([2, -3, 0]); whole.Observe([1, 1, 0]);
        a.Observe([2, -3, 0]); b.Observe([1, 1, 0]);
        a.Merge(b);
        foreach (var m in new[] { whole, a })
        {
            var d = m.Diagnose(0);
            Assert.Equal(49.0 / 37, d.EffectiveSampleSize, 14);
            Assert.Equal(6.0 / 7, d.LargestTermShare, 14);
            Assert.Equal(2, d.Samples);
            var sq = m.Diagnose(1); // squares 4 and 1: ESS 25/17, share 4/5
            Assert.Equal(25.0 / 17, sq.EffectiveSampleSize, 14);
            Assert.Equal(0.8, sq.LargestTermShare, 14);
            Assert.Equal(new TailDiagnostics(2, 0, 2), m.Diagnose(2)); // an identically zero tuple is light-tailed
        }
        // the max survives a merge in either order
        var c = new TailMonitor([[0]]); var e = new TailMonitor([[0]]);
        c.Observe([1]); e.Observe([-5]); e.Merge(c);
        Assert.Equal(5.0 / 6, e.Diagnose(0).LargestTermShare, 14);
    }

    // ---- correlator accumulator ----

    [Fact]
    public void SubProductsAreTheProductsOverEachSubsetOfPositions()
    {
        var acc = new CorrelatorAccumulator([[0, 1, 2], [1, 1]], 3);
        acc.Observe([2, 3, 5]);
        // masks 1..7 over positions (x0, x1, x2) = (2, 3, 5)
        Assert.Equal([2.0, 3, 6, 5, 10, 15, 30], acc.TupleMoments(0).Mean.ToArray());
        Assert.Equal([3.0, 3, 9], acc.TupleMoments(1).Mean.ToArray());
        acc.Observe([0, -1, 1]);
        Assert.Equal([1.0, 1, 3, 3, 5, 7, 15], acc.TupleMoments(0).Mean.ToArray());
        Assert.Equal(2, acc.Count);
        Assert.Equal(3, acc.PointCount);
        Assert.Equal([1, 1], acc.Tuples[1]);
        Assert.Equal(0, new CorrelatorAccumulator([[0]], 1) is { } fresh ? fresh.Count : -1);
    }

    [Fact]
    public void AccumulatorRefusesBadTuplesSamplesAndMerges()
    {
        Assert.Contains("at least one correlator tuple", Assert.Throws<InvalidConfigException>(() => new CorrelatorAccumulator([], 2)).Message);
        Assert.Contains("tuple 1 has 0 points", Assert.Throws<InvalidConfigException>(() => new CorrelatorAccumulator([[0], []], 2)).Message);
        Assert.Contains("tuple 0 has 7 points; correlators of order 1 to 6", Assert.Throws<InvalidConfigException>(() => new CorrelatorAccumulator([[0, 0, 0, 0, 0, 0, 0]], 1)).Message);
        _ = new CorrelatorAccumulator([[0, 0, 0, 0, 0, 0]], 1); // order 6 is allowed
        Assert.Contains("refers to point 2, but only points 0..1", Assert.Throws<InvalidConfigException>(() => new CorrelatorAccumulator([[0, 2]], 2)).Message);
        Assert.Contains("refers to point -1", Assert.Throws<InvalidConfigException>(() => new CorrelatorAccumulator([[-1]], 2)).Message);
        var acc = new CorrelatorAccumulator([[0, 1]], 2);
        Assert.Contains("3 values for 2 points", Assert.Throws<ArgumentException>(() => acc.Observe([1, 2, 3])).Message);
        Assert.Contains("non-finite product at tuple 0", Assert.Throws<NumericalInstabilityException>(() => acc.Observe([1e200, 1e200])).Message);
        Assert.Throws<NumericalInstabilityException>(() => acc.Observe([double.NaN, 1]));
        Assert.Contains("different tuples or point sets", Assert.Throws<InvalidConfigException>(() => acc.Merge(new CorrelatorAccumulator([[0, 1], [0]], 2))).Message);
        Assert.Contains("different tuples or point sets", Assert.Throws<InvalidConfigException>(() => acc.Merge(new CorrelatorAccumulator([[0, 1]], 3))).Message);
        Assert.Contains("tuple 0 differs", Assert.Throws<InvalidConfigException>(() => acc.Merge(new CorrelatorAccumulator([[1, 0]], 2))).Message);
    }

    [Fact]
    public void RestoredStateIsCheckedAgainstTheTuples()
    {
        int[][] tuples = [[0, 1], [0]];
        var good = new[] { new VectorMomentAccumulator(2, [1, 2, 3], new double[9]), new VectorMomentAccumulator(2, [4], new double[1]) };
        var restored = new CorrelatorAccumulator(tuples, 2, good);
        Assert.Equal(2, restored.Count);
        Assert.Equal([1.0, 2, 3], restored.TupleMoments(0).Mean.ToArray());
        Assert.Contains("1 tuple accumulators for 2 tuples", Assert.Throws<DataFileException>(() => new CorrelatorAccumulator(tuples, 2, [good[0]])).Message);
        Assert.Contains("tuple 1 has 3 sub-products, expected 1", Assert.Throws<DataFileException>(() =>
            new CorrelatorAccumulator(tuples, 2, [good[0], new VectorMomentAccumulator(2, [1, 2, 3], new double[9])])).Message);
        Assert.Contains("disagree on the sample count", Assert.Throws<DataFileException>(() =>
            new CorrelatorAccumulator(tuples, 2, [good[0], new VectorMomentAccumulator(3, [4], new double[1])])).Message);
    }

    // ---- which estimate is reported ----

    static readonly PointSet TwoPoints = new([[0.0, 0.0], [0.5, 0.0]]);
    /// <summary>Cos-net G2 (σ_w0 = σ_w1 = 1, d = 2): ½ exp(−|x − y|²/4) by eq. (70).</summary>
    static readonly double CosG2 = 0.5 * Math.Exp(-0.25 / 4);

    /// <summary>A direct accumulator whose G2(0, 1) terms are the given products (x0 = x1 = √t).</summary>
    static CorrelatorAccumulator Direct(IEnumerable<double> products, TailMonitor tails)
    {
        var acc = new CorrelatorAccumulator([[0, 1]], 2);
        foreach (var p in products) { double v = Math.Sqrt(p); acc.Observe([v, v]); tails.Observe([v, v]); }
        return acc;
    }

    static IEnumerable<double> Around(double centre, int n) => Enumerable.Range(0, n).Select(i => centre * (i % 2 == 0 ? 1.01 : 0.99));

    [Fact]
    public void AnAgreeingLightTailedDirectEstimateIsReported()
    {
        var cos = new EnsembleSpec("cos-net", 2, 4).Build();
        var tails = new TailMonitor([[0, 1]]);
        var (rows, warnings) = CorrelatorAnalysis.Analyse(cos, TwoPoints, [[0, 1]], Direct(Around(CosG2, 200), tails), tails, 0, 1, null, default);
        var row = Assert.Single(rows);
        Assert.Empty(warnings);
        Assert.Equal("direct", row.Estimator);
        Assert.Null(row.Reduction);
        Assert.Null(row.Warning);
        Assert.Equal(CosG2, row.ClosedForm, 12);
        Assert.Equal(CosG2, row.Estimate.Value, 12);
        Assert.Equal("G2(0,1)", row.Label);
        Assert.False(row.DirectTails!.Value.HeavyTailed);
    }

    [Fact]
    public void ADirectEstimateFarFromTheClosedFormIsFlaggedAndReplacedByTheReduction()
    {
        var cos = new EnsembleSpec("cos-net", 2, 4).Build();
        var tails = new TailMonitor([[0, 1]]);
        var direct = Direct(Around(1.3 * CosG2, 200), tails); // 30% off, SE ≈ 0.05%: hundreds of SE
        var (flagged, w1) = CorrelatorAnalysis.Analyse(cos, TwoPoints, [[0, 1]], direct, tails, 0, 1, null, default);
        Assert.Equal("direct", flagged[0].Estimator);
        Assert.Contains("SE from the closed form", Assert.Single(w1));
        Assert.Contains("No heavy-tail-safe estimator exists for cos-net", flagged[0].Warning);
        Assert.True(flagged[0].DirectPull > 5);

        var (replaced, w2) = CorrelatorAnalysis.Analyse(cos, TwoPoints, [[0, 1]], direct, tails, 40_000, 1, null, default);
        var row = replaced[0];
        Assert.Equal("exact-in-N reduction", row.Estimator);
        Assert.Equal("exact-in-N reduction", row.ReductionMethod);
        Assert.Equal(row.Reduction!.Value, row.Estimate);
        Assert.Contains("Reported instead: the exact-in-N reduction", row.Warning);
        Assert.Single(w2);
        // the reduction itself agrees with eq. (70) to a few of its standard errors (and to 3%)
        Assert.True(Math.Abs(row.Estimate.Value - CosG2) < Math.Max(4 * row.Estimate.StandardError, 1e-12), row.Estimate.ToString());
        Assert.True(Math.Abs(row.Estimate.Value / CosG2 - 1) < 0.03, row.Estimate.ToString());
    }

    [Fact]
    public void AHeavyTailedDirectEstimateWithoutAReductionIsKeptAndFlaggedAsUnreliable()
    {
        var mlp = new EnsembleSpec("mlp", 2, 3).Build();
        var tails = new TailMonitor([[0, 1]]);
        var products = Enumerable.Repeat(0.01, 199).Append(100.0); // one term carries 98% of Σ|t|
        var (rows, warnings) = CorrelatorAnalysis.Analyse(mlp, TwoPoints, [[0, 1]], Direct(products, tails), tails, 1000, 1, null, default);
        var row = rows[0];
        Assert.True(row.DirectTails!.Value.HeavyTailed);
        Assert.True(double.IsNaN(row.ClosedForm));
        Assert.Null(row.Pull);
        Assert.Equal("direct", row.Estimator);
        Assert.Contains("heavy-tailed (ESS", row.Warning);
        Assert.Contains($"No heavy-tail-safe estimator exists for {mlp.Name}", row.Warning);
        Assert.Equal(row.Warning, Assert.Single(warnings));
    }

    [Fact]
    public void RowPullsAreLeftOutWithoutAClosedFormOrAStandardError()
    {
        var e = new CorrelatorEstimate(2, 0.5);
        var row = new CorrelatorRow([0, 0, 3, 3], "G4_c", e, null, new CorrelatorEstimate(1, 0.25), "m", 1, e, "direct", null);
        Assert.Equal("G4_c(0,0,3,3)", row.Label);
        Assert.Equal(2, row.Pull!.Value, 14);
        Assert.Equal(2, row.DirectPull!.Value, 14);
        Assert.Equal(0, row.ReductionPull!.Value, 14);
        Assert.Null((row with { ClosedForm = double.NaN }).Pull);
        Assert.Null((row with { Estimate = new(2, 0) }).Pull);
        Assert.Null((row with { Estimate = new(double.NaN, 1) }).Pull);
        Assert.Null((row with { Reduction = null }).ReductionPull);
        var result = new CorrelatorResult("d", "e", "c", 1, 0, [row, row with { Estimate = new(-2, 1), Direct = new(1, 1) }], []);
        Assert.Equal(3, result.MaxPullVsClosedForm!.Value, 14);
        Assert.Equal(2, result.MaxDirectPullVsClosedForm!.Value, 14);
        var none = new CorrelatorResult("d", "e", "c", 1, 0, [row with { ClosedForm = double.NaN }], []);
        Assert.Null(none.MaxPullVsClosedForm);
        Assert.Null(none.MaxDirectPullVsClosedForm);
    }

    // ---- configuration ----

    [Fact]
    public void DefaultScanAndNames()
    {
        Assert.Equal([[0, 0], [0, 1], [0, 2], [0, 0, 0, 0], [0, 0, 1, 1], [0, 0, 2, 2]], CorrelatorConfig.DefaultTuples(3, false));
        Assert.Equal([[0, 0], [0, 1], [0, 0, 0, 0], [0, 0, 1, 1], [0, 0, 0, 0, 0, 0], [0, 0, 0, 1, 1, 1]], CorrelatorConfig.DefaultTuples(2, true));
        Assert.Equal(["G1", "G2", "G3", "G4_c", "G5_c", "G6_c"], Enumerable.Range(1, 6).Select(CorrelatorConfig.NameOf));
        Assert.False(CorrelatorConfig.IsConnected(3));
        Assert.True(CorrelatorConfig.IsConnected(4));
        var config = new CorrelatorConfig(new EnsembleSpec("cos-net", 3, 2));
        Assert.True(config.IsDefaultScan);
        var points = config.ResolvedPoints;
        Assert.Equal(8, points.Count);
        Assert.Equal(3, points.Dimension);
        Assert.Equal([1.75, 0, 0], points.Point(7));
        Assert.Equal(16, config.ResolvedTuples.Length);
        var explicitTuples = config with { Tuples = [[1, 2]] };
        Assert.False(explicitTuples.IsDefaultScan);
        Assert.Equal([[1, 2]], explicitTuples.ResolvedTuples);
    }

    [Fact]
    public void ValidateRefusesEachBadSettingWithItsFix()
    {
        var ok = new CorrelatorConfig(new EnsembleSpec("cos-net", 2, 2), Samples: 10, NeuronSamples: 10);
        Assert.IsType<NeuronSumEnsemble>(ok.Validate());
        Assert.Contains("--samples", Assert.Throws<InvalidConfigException>(() => (ok with { Samples = 0 }).Validate()).Message);
        Assert.Throws<InvalidConfigException>(() => (ok with { NeuronSamples = 0 }).Validate());
        _ = (ok with { Spec = new EnsembleSpec("mlp", 2, 2), NeuronSamples = 0 }).Validate(); // no reduction for an MLP
        Assert.Contains("--six-point", Assert.Throws<InvalidConfigException>(() => (ok with { Tuples = [[0, 1]], SixPoint = true }).Validate()).Message);
        Assert.Contains("--shard 2/2: need 0 ≤ k < n", Assert.Throws<InvalidConfigException>(() => (ok with { Shard = (2, 2) }).Validate()).Message);
        Assert.Throws<InvalidConfigException>(() => (ok with { Shard = (-1, 2) }).Validate());
        Assert.Throws<InvalidConfigException>(() => (ok with { Shard = (0, 0) }).Validate());
        _ = (ok with { Shard = (1, 2) }).Validate();
        Assert.Contains("--arch cos-net with --dim 3", Assert.Throws<InvalidConfigException>(() => (ok with { Spec = new EnsembleSpec("cos-net", 3, 2), Points = TwoPoints }).Validate()).Message);
        Assert.Contains("refers to point 8", Assert.Throws<InvalidConfigException>(() => (ok with { Tuples = [[0, 8]] }).Validate()).Message);
    }

    [Fact]
    public void OutputWeightConventionsFollowSigmaOverNOrTwoN()
    {
        Assert.Equal(16, new EnsembleSpec("gauss-net", 2, 8).OutputVarianceDenominator);
        Assert.Equal(8, new EnsembleSpec("cos-net", 2, 8).OutputVarianceDenominator);
        Assert.Equal(8, new EnsembleSpec("gauss-net", 2, 8, OutputVariance: "N").OutputVarianceDenominator);
        Assert.Equal(16, new EnsembleSpec("cos-net", 2, 8, OutputVariance: "2N").OutputVarianceDenominator);
        Assert.Equal("w₁ ~ N(0, σ_w1²/(2N)), variance 0.1406 (paper eq. (61))", new EnsembleSpec("gauss-net", 2, 8, SigmaW1: 1.5).OutputWeightConvention);
        Assert.Equal("w₁ ~ N(0, σ_w1²/N), variance 0.125 (paper eq. (69))", new EnsembleSpec("cos-net", 2, 8).OutputWeightConvention);
        Assert.Equal("w₁ ~ Unif[−a, a] with variance σ_w1²/(2N), variance 0.0625 (--w1-variance 2N)",
            new EnsembleSpec("scalar-net", 2, 8, OutputWeights: "uniform", OutputVariance: "2N").OutputWeightConvention);
        Assert.Equal("output layer as every layer: weights N(0, σ_w²/fan-in) (ntk parameterization)", new EnsembleSpec("mlp-reference", Parameterization: "ntk").OutputWeightConvention);
        Assert.StartsWith("output layer as every layer", new EnsembleSpec("mlp").OutputWeightConvention);
        Assert.Equal(["cos-net", "gauss-net", "scalar-net", "single-layer", "mlp", "mlp-reference"], EnsembleSpec.Names);
        Assert.Equal(["gaussian", "uniform"], EnsembleSpec.OutputWeightNames);
        Assert.Equal(["paper", "N", "2N"], EnsembleSpec.OutputVarianceNames);
        Assert.Equal([true, true, true, true, false, false], EnsembleSpec.Names.Select(n => new EnsembleSpec(n).IsNeuronSum));
        Assert.Equal([true, true, false, false, false, false], EnsembleSpec.Names.Select(n => new EnsembleSpec(n).HasClosedForms));
        Assert.Equal(17, new EnsembleSpec("gauss-net", 2, 8, SigmaW0: 1.3).WithWidth(17).Width);
        Assert.Equal(1.3, new EnsembleSpec("gauss-net", 2, 8, SigmaW0: 1.3).WithWidth(17).SigmaW0);
    }

    [Fact]
    public void BuiltOutputWeightsHaveTheConventionsMoments()
    {
        // σ_w1 = 1.2, N = 6: Var w₁ = 1.44/6 = 0.24 (N) or 0.12 (2N); uniform on [−a, a] with a² = 3·Var has ⟨w⁴⟩ = a⁴/5
        var gaussN = (NeuronSumEnsemble)new EnsembleSpec("cos-net", 2, 6, SigmaW1: 1.2).Build();
        var uniform2N = (NeuronSumEnsemble)new EnsembleSpec("cos-net", 2, 6, SigmaW1: 1.2, OutputWeights: "uniform", OutputVariance: "2N").Build();
        var gauss2N = (NeuronSumEnsemble)new EnsembleSpec("single-layer", 2, 6, SigmaW1: 1.2, OutputVariance: "2N").Build();
        Assert.Equal(0.24, gaussN.OutputWeights.RawMoment(2), 14);
        Assert.Equal(3 * 0.24 * 0.24, gaussN.OutputWeights.RawMoment(4), 14);
        Assert.Equal(0.12, uniform2N.OutputWeights.RawMoment(2), 14);
        Assert.Equal(9 * 0.12 * 0.12 / 5, uniform2N.OutputWeights.RawMoment(4), 14);
        Assert.Equal(0.12, gauss2N.OutputWeights.RawMoment(2), 14);
        Assert.Equal(3 * 0.12 * 0.12, gauss2N.OutputWeights.RawMoment(4), 14);
        Assert.Equal("cos-net", uniform2N.Name);
        Assert.Equal(6, uniform2N.Width);
        Assert.Contains("σ_w1", Assert.Throws<InvalidConfigException>(() => new EnsembleSpec("cos-net", SigmaW1: 0, OutputVariance: "N").Build()).Message);
        Assert.Contains("apply to the neuron-sum architectures", Assert.Throws<InvalidConfigException>(() => new EnsembleSpec("mlp", OutputVariance: "N").Build()).Message);
    }

    [Fact]
    public void ClosedFormsFollowTheOutputVariance()
    {
        // Cos-net G2 = N · Var(w₁) · ½ exp(−s|x − y|²/2), s = σ_w0²/d (eq. (70) with Var w₁ = σ_w1²/N)
        double[] x = [0.3, -0.2], y = [-0.4, 0.5];
        double r2 = 0.49 + 0.49, s = 1.1 * 1.1 / 2;
        double paper = 1.5 * 1.5 / 2 * Math.Exp(-s * r2 / 2);
        Assert.Equal(paper, new EnsembleSpec("cos-net", 2, 5, SigmaW0: 1.1, SigmaW1: 1.5).AnalyticTwoPoint(x, y), 12);
        Assert.Equal(paper / 2, new EnsembleSpec("cos-net", 2, 5, SigmaW0: 1.1, SigmaW1: 1.5, OutputVariance: "2N").AnalyticTwoPoint(x, y), 12);
        Assert.Equal(paper, new EnsembleSpec("cos-net", 2, 5, SigmaW0: 1.1, SigmaW1: 1.5).ClosedFormMoment([x, y]), 12);
        Assert.True(double.IsNaN(new EnsembleSpec("mlp", 2, 5).AnalyticTwoPoint(x, y)));
        Assert.True(double.IsNaN(new EnsembleSpec("mlp", 2, 5).AnalyticConnectedFourPoint([x, y, x, y])));
        // every term of G4_c carries N·⟨w⁴⟩ or N·⟨w²⟩², i.e. N·N⁻²: exactly 1/N at fixed σ's
        var g4n5 = new EnsembleSpec("cos-net", 2, 5).AnalyticConnectedFourPoint([x, x, y, y]);
        var g4n10 = new EnsembleSpec("cos-net", 2, 10).AnalyticConnectedFourPoint([x, x, y, y]);
        Assert.Equal(2, g4n5 / g4n10, 12);
        Assert.Equal(g4n5, new EnsembleSpec("cos-net", 2, 5).ClosedFormConnected([x, x, y, y]), 14);
    }

    // ---- points ----

    [Fact]
    public void PointParsersGiveShapesAndNameTheProblem()
    {
        var line = PointSetParser.Line(2, 3, 0.5);
        Assert.Equal([[0.0, 0], [0.5, 0], [1.0, 0]], line.ToRows());
        Assert.Contains("at least one point, got 0", Assert.Throws<InvalidConfigException>(() => PointSetParser.Line(2, 0, 0.5)).Message);
        Assert.Equal([[1.0, 2], [3.0, -4]], PointSetParser.Parse("1,2; 3,-4", 2).ToRows());
        Assert.Contains("or change --dim", Assert.Throws<InvalidConfigException>(() => PointSetParser.Parse("1,2;3", 2)).Message);
        Assert.Contains("--tuples is empty", Assert.Throws<InvalidConfigException>(() => PointSetParser.ParseTuples(" ; ")).Message);
        Assert.Contains("'-1' in tuple 1", Assert.Throws<InvalidConfigException>(() => PointSetParser.ParseTuples("0,1;0,-1")).Message);

        string f32 = Path.Combine(_dir, "line.npy"), i32 = Path.Combine(_dir, "ints.npy"), cube = Path.Combine(_dir, "cube.npy");
        Npy.Write(f32, NpyArray.Of(new float[] { 0.5f, -1.5f, 2 }, 3));
        Assert.Equal([[0.5], [-1.5], [2.0]], PointSetParser.Load(f32, 1).ToRows());
        Npy.Write(i32, NpyArray.Of(new int[] { 1, 2 }, 1, 2));
        Assert.Contains("use float64 or float32", Assert.Throws<InvalidConfigException>(() => PointSetParser.Load(i32, 2)).Message);
        Npy.Write(cube, NpyArray.Of(new double[8], 2, 2, 2));
        Assert.Contains("expected (P, d) or (P)", Assert.Throws<InvalidConfigException>(() => PointSetParser.Load(cube, 2)).Message);
        Assert.Contains("dimension 1 but the input dimension is d = 2", Assert.Throws<InvalidConfigException>(() => PointSetParser.Load(f32, 2)).Message);

        string csv = Path.Combine(_dir, "p.txt");
        File.WriteAllText(csv, "# header\n1 2\n\n3\t4 # trailing\n5,6\n");
        Assert.Equal([[1.0, 2], [3.0, 4], [5.0, 6]], PointSetParser.Load(csv, 2).ToRows());
        File.WriteAllText(csv, "1 2\n3\n");
        var bad = Assert.Throws<InvalidConfigException>(() => PointSetParser.Load(csv, 2)).Message;
        Assert.StartsWith($"--points-file '{csv}': point 1", bad);
        Assert.DoesNotContain("--points:", bad);
        Assert.Contains("does not exist", Assert.Throws<DataFileException>(() => PointSetParser.Load(Path.Combine(_dir, "none.csv"), 2)).Message);
    }

    // ---- the --json view ----

    [Fact]
    public void CorrelatorJsonCarriesEveryEstimateUnderItsKey()
    {
        var tails = new TailDiagnostics(50, 0.02, 1000);
        var g2 = new CorrelatorRow([0, 0], "G2", new(0.52, 0.01), tails, new(0.5, 0.002), "exact-in-N reduction", 0.5, new(0.52, 0.01), "direct", null);
        var g4 = new CorrelatorRow([0, 0, 0, 0], "G4_c", new(3, 1), new TailDiagnostics(5, 0.5, 1000), new(0.2, 0.1), "exact-in-N reduction", double.NaN, new(0.2, 0.1), "exact-in-N reduction", "heavy");
        var g6 = new CorrelatorRow([0, 0, 0, 1, 1, 1], "G6_c", new(double.NaN, 0), null, null, null, double.NaN, new(double.NaN, 0), "direct", null);
        var result = new CorrelatorResult("/runs/x", "cos-net N=4", "w", 1000, 2000, [g2, g4, g6], ["heavy"]);
        var j = EnsembleJson.Correlators(result);
        Assert.Equal("/runs/x", j["run_directory"]!.GetValue<string>());
        Assert.Equal("cos-net N=4", j["ensemble"]!.GetValue<string>());
        Assert.Equal("w", j["output_weight_convention"]!.GetValue<string>());
        Assert.Equal(1000, j["samples"]!.GetValue<long>());
        Assert.Equal(2000, j["neuron_samples"]!.GetValue<long>());
        var rows = j["correlators"]!.AsArray();
        Assert.Equal(3, rows.Count);
        var r0 = rows[0]!;
        Assert.Equal("G2", r0["name"]!.GetValue<string>());
        Assert.Equal([0, 0], r0["tuple"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal(0.52, r0["value"]!.GetValue<double>());
        Assert.Equal(0.01, r0["se"]!.GetValue<double>());
        Assert.Equal("direct", r0["estimator"]!.GetValue<string>());
        Assert.Equal(0.5, r0["closed_form"]!.GetValue<double>());
        Assert.Equal(2, r0["pull"]!.GetValue<double>(), 12);
        Assert.Equal(2, r0["direct"]!["pull"]!.GetValue<double>(), 12);
        Assert.Equal(0.52, r0["direct"]!["value"]!.GetValue<double>());
        Assert.Equal(0.01, r0["direct"]!["se"]!.GetValue<double>());
        Assert.Equal(50, r0["direct"]!["effective_sample_size"]!.GetValue<double>());
        Assert.Equal(0.02, r0["direct"]!["largest_term_share"]!.GetValue<double>());
        Assert.False(r0["direct"]!["heavy_tailed"]!.GetValue<bool>());
        Assert.True(rows[1]!["direct"]!["heavy_tailed"]!.GetValue<bool>());
        Assert.Equal("exact-in-N reduction", r0["reduction"]!["method"]!.GetValue<string>());
        Assert.Equal(0, r0["reduction"]!["pull"]!.GetValue<double>(), 12);
        Assert.Null(r0["warning"]);
        Assert.Equal("heavy", rows[1]!["warning"]!.GetValue<string>());
        Assert.Null(rows[1]!["closed_form"]);           // NaN → null
        Assert.Null(rows[1]!["pull"]);
        Assert.Null(rows[2]!["reduction"]);
        Assert.Null(rows[2]!["direct"]!["effective_sample_size"]);
        Assert.Null(rows[2]!["value"]);
        Assert.Equal(["heavy"], j["warnings"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(2, j["max_pull_vs_closed_form"]!.GetValue<double>(), 12);
        Assert.Equal(2, j["max_direct_pull_vs_closed_form"]!.GetValue<double>(), 12);
        Assert.Equal(0.52, j["G2_at_x0"]!.GetValue<double>());
        Assert.Equal(3, j["G4c_at_x0"]!.GetValue<double>());
        Assert.Null(j["G6c_at_x0"]);                    // the six-point tuple is not at x0 only
        Assert.Null(EnsembleJson.Number(double.PositiveInfinity));
        Assert.Null(EnsembleJson.Number(null));

        var shard = EnsembleJson.Correlators(result with { Rows = [], ShardFile = "s.json", ShardStreams = new NnPhys.Numerics.Sampling.StreamRange(500, 250) });
        Assert.Equal("s.json", shard["shard_file"]!.GetValue<string>());
        Assert.Equal(500, shard["stream_first"]!.GetValue<long>());
        Assert.Equal(250, shard["stream_count"]!.GetValue<long>());
        Assert.Null(shard["correlators"]);

        var merge = EnsembleJson.Merge(new MergeResult(result, 3, "[0, 300)", false, "m.json", [new(1, 0.5)], [new(2, 0.25), new(3, 1)], true, ["shard 2"], false));
        Assert.Equal(3, merge["shards"]!.GetValue<int>());
        Assert.Equal("[0, 300)", merge["stream_ranges"]!.GetValue<string>());
        Assert.False(merge["contiguous"]!.GetValue<bool>());
        Assert.Equal("m.json", merge["merged_file"]!.GetValue<string>());
        Assert.True(merge["architecture_known"]!.GetValue<bool>());
        Assert.Equal(["shard 2"], merge["missing_shards"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.False(merge["complete"]!.GetValue<bool>());
        Assert.Equal(0.5, merge["raw"]![0]!["se"]!.GetValue<double>());
        Assert.Equal(2, merge["connected"]!.AsArray().Count);
        Assert.Equal(3, merge["connected"]![1]!["value"]!.GetValue<double>());
        Assert.Null(merge["connected"]![1]!["pull"]);
        Assert.Equal(3, merge["correlators"]!.AsArray().Count);
    }
}
