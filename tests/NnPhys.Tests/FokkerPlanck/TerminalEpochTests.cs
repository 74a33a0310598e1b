using NnPhys.FokkerPlanck;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>Terminal epoch (eq. 21): detection on known curves and extrapolation from early epochs of a known decay law.</summary>
public class TerminalEpochTests
{
    [Fact]
    public void ScaleChangeOfATranslatingBoxIsHandComputable()
    {
        // Unit-mass box of 4 cells (cell area 0.25 → height 1) moving one cell per epoch: ‖P_t − P_{t−1}‖₁ = 2 cells·1·0.25 = 0.5.
        var densities = new List<double[]>();
        for (int t = 0; t < 4; t++) { var d = new double[12]; for (int c = 0; c < 4; c++) d[t + c] = 1; densities.Add(d); }
        var r = TerminalEpoch.ScaleChange(densities, 0.25);
        Assert.Equal([0, 0.5, 1.0, 1.5], r);
        Assert.Equal([0, 0.5, 0.5, 0.5], TerminalEpoch.Change(densities, 0.25));
    }

    [Fact]
    public void DetectsTheFirstEpochThatStaysBelowTheThreshold()
    {
        double[] r = [0, 0.5, 0.2, 0.04, 0.06, 0.03, 0.02, 0.01];
        Assert.Equal(5, TerminalEpoch.Detect(r, 0.05, 3));
        Assert.Null(TerminalEpoch.Detect([0, 0.5, 0.4], 0.05));
    }

    [Fact]
    public void EstimateFromEarlyEpochsRecoversAKnownDecayLaw()
    {
        // r(t) = 2·t^(−1.5): reaches 0.05 at t = 40^(2/3) ≈ 11.70; the exponential law r = e^{−0.4 t} reaches it at ln 20/0.4.
        var power = new double[30]; var exponential = new double[30];
        for (int t = 1; t < 30; t++) { power[t] = 2 * Math.Pow(t, -1.5); exponential[t] = Math.Exp(-0.4 * t); }
        var p = TerminalEpoch.Estimate(power, 5);
        Assert.Equal("power", p.Model);
        Assert.Equal(Math.Pow(40, 2.0 / 3.0), p.EstimatedT, 1e-9);
        Assert.Equal(12, TerminalEpoch.Detect(power, 0.05, 3));
        var e = TerminalEpoch.Estimate(exponential, 5);
        Assert.Equal("exponential", e.Model);
        Assert.Equal(Math.Log(20) / 0.4, e.EstimatedT, 1e-9);
        var rising = TerminalEpoch.Estimate([0, 0.1, 0.2, 0.3, 0.4], 4);
        Assert.True(double.IsNaN(rising.EstimatedT));
        Assert.Contains("not decaying", rising.Reason);
    }

    /// <summary>
    /// Threshold sensitivity on r(t) = 0.5/t (and c = r/t = 0.5/t²): r stays below θ from t = ⌊0.5/θ⌋ + 1, and the power-law
    /// fit of the first 5 epochs is exact, so the estimate is 0.5/θ; c stays below θ from the first t with t² &gt; 0.5/θ.
    /// </summary>
    [Fact]
    public void ThresholdSensitivityOfAKnownPowerLaw()
    {
        var r = new double[160];
        var c = new double[160];
        for (int t = 1; t < r.Length; t++) { r[t] = 0.5 / t; c[t] = 0.5 / ((double)t * t); }
        var rows = TerminalEpoch.Sensitivity(r, c, TerminalEpoch.SensitivityThresholds, consecutive: 3, estimateEpochs: 5);
        Assert.Equal(TerminalEpoch.SensitivityThresholds.Length, rows.Count);
        foreach (var row in rows)
        {
            double inverse = 0.5 / row.Threshold;
            Assert.Equal((int)Math.Floor(inverse + 1e-9) + 1, row.DetectedT);
            Assert.Equal("power", row.Estimate.Model);
            Assert.Equal(inverse, row.Estimate.EstimatedT, 1e-6 * inverse);
            Assert.Equal((int)Math.Floor(Math.Sqrt(inverse) + 1e-9) + 1, row.StationaryT);
            Assert.Equal(Math.Sqrt(inverse), row.StationaryEstimate.EstimatedT, 1e-6 * inverse);
        }
        // T grows as the threshold shrinks: the table is the point of reporting it
        Assert.True(rows[0].DetectedT > rows[^1].DetectedT);
        Assert.Throws<InvalidConfigException>(() => TerminalEpoch.Sensitivity(r, c, [0.0]));
    }
}
