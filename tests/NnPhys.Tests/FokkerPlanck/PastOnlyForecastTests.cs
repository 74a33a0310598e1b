using NnPhys.Experiments;
using NnPhys.FokkerPlanck;
using Xunit.Abstractions;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>
/// The Callan–Symanzik forecast on a trajectory that obeys its ansatz: every row drifts as w_t = w_1 + G·ln t, the exact
/// solution of dw/dt = G/t (eq. 15). Fitted on three past epochs, the forecast five epochs ahead must land on the true rows
/// (G·ln 2 from s = 5); persistence, which keeps the last step's size (5·G·ln 1.25), has FVE 1 − (0.423/0.693)² ≈ 0.63.
/// </summary>
public class PastOnlyForecastTests(ITestOutputHelper output)
{
    static readonly double[] G = [0.3, -0.2];

    static BottleneckTrajectory LogarithmicDrift(int epochs = 10)
    {
        var w1 = HandTrajectory.Ring(60, jitter: 0.1);
        // epoch 0 is off the ansatz (ln 0); forecasts from s = 5 never see it
        double[] At(int t) => w1.Select((w, k) => w + G[k % 2] * (t == 0 ? -0.5 : Math.Log(t))).ToArray();
        return HandTrajectory.Build(epochs, At, t => [1 + 0.1 * Math.Log(Math.Max(t, 1)), 0.2, -0.1, 0.8 - 0.05 * Math.Log(Math.Max(t, 1))], evalCount: 30);
    }

    [Fact]
    public void CallanSymanzikForecastFollowsLogarithmicDriftAndBeatsPersistence()
    {
        var trajectory = LogarithmicDrift();
        var theory = new FokkerPlanckOptions { GridSize = 64, KdeGridSize = 32 };
        var gridB1 = LayerGrid.For(trajectory, BottleneckLayer.B1, 10, theory);
        var gridB2 = LayerGrid.For(trajectory, BottleneckLayer.B2, 10, theory);
        var options = new PastOnlyForecastOptions { Horizons = [5], Window = 3 };
        var result = PastOnlyForecast.Run(trajectory, 10, gridB1, gridB2, theory, options);
        foreach (var s in result.Scores.Where(s => s.Horizon == 5))
            output.WriteLine($"{s.Model} s={s.Start}: b1 FVE {s.B1.Fve:F4} r {s.B1.Pearson:F4}");
        var cs = result.Of("callan_symanzik", 5).Single(s => s.Start == 5);
        var persistence = result.Of("persistence", 5).Single(s => s.Start == 5);
        // G fitted as t_u·Δ_u (t_u = u + ½) differs from the exact Δ_u/ln((u+1)/u) by < 1 % for u = 2..4: FVE ≥ 0.99
        Assert.True(cs.B1.Fve > 0.99, $"CS forecast FVE {cs.B1.Fve:F4}");
        Assert.Equal(1 - Math.Pow((5 * Math.Log(1.25) - Math.Log(2)) / Math.Log(2), 2), persistence.B1.Fve, 1e-9);
        Assert.True(result.BeatsBaselines("callan_symanzik", 5, fromStart: 2, requirePearson: false));
        Assert.Equal(0, result.Of("no_motion", 5)[0].B1.Fve, 12);
    }

    [Fact]
    public void HorizonBeyondTheRunIsRefusedNamingTheOption()
    {
        var trajectory = LogarithmicDrift(epochs: 4);
        var theory = new FokkerPlanckOptions { GridSize = 32, KdeGridSize = 16 };
        var grid = LayerGrid.For(trajectory, BottleneckLayer.B1, 4, theory);
        var ex = Assert.Throws<InvalidConfigException>(() => PastOnlyForecast.Run(trajectory, 4, grid, grid, theory, new PastOnlyForecastOptions { Horizons = [1, 5] }));
        Assert.Contains("--forecast-horizons 5", ex.Message);
        Assert.Throws<InvalidConfigException>(() => new PastOnlyForecastOptions { Window = 0 }.Validate(4));
    }

    [Fact]
    public void ParallelForecastsEqualSerialOnesBitForBit()
    {
        var trajectory = LogarithmicDrift(epochs: 7);
        var theory = new FokkerPlanckOptions { GridSize = 32, KdeGridSize = 16 };
        var gridB1 = LayerGrid.For(trajectory, BottleneckLayer.B1, 7, theory);
        var gridB2 = LayerGrid.For(trajectory, BottleneckLayer.B2, 7, theory);
        var serial = PastOnlyForecast.Run(trajectory, 7, gridB1, gridB2, theory, new PastOnlyForecastOptions { Horizons = [1, 3], MaxDegreeOfParallelism = 1 });
        var parallel = PastOnlyForecast.Run(trajectory, 7, gridB1, gridB2, theory, new PastOnlyForecastOptions { Horizons = [1, 3], MaxDegreeOfParallelism = 4 });
        Assert.Equal(serial.Scores.Count, parallel.Scores.Count);
        for (int i = 0; i < serial.Scores.Count; i++)
        {
            var (a, b) = (serial.Scores[i], parallel.Scores[i]);
            Assert.Equal((a.Model, a.Start, a.Horizon), (b.Model, b.Start, b.Horizon));
            foreach (var (x, y) in new[] { (a.B1.Fve, b.B1.Fve), (a.B1.Pearson, b.B1.Pearson), (a.B2.Fve, b.B2.Fve), (a.B2.Mse, b.B2.Mse) })
                Assert.Equal(BitConverter.DoubleToInt64Bits(x), BitConverter.DoubleToInt64Bits(y));
        }
        Assert.Equal(serial.Notes, parallel.Notes);
    }

    [Fact]
    public void MethodOptionsAreCheckedNamingTheOption()
    {
        var trajectory = LogarithmicDrift(epochs: 4);
        var theory = new FokkerPlanckOptions { GridSize = 32, KdeGridSize = 16 };
        var grid = LayerGrid.For(trajectory, BottleneckLayer.B1, 4, theory);
        var closed = Assert.Throws<InvalidConfigException>(() => PastOnlyForecast.Run(trajectory, 4, grid, grid, theory,
            new PastOnlyForecastOptions { Horizons = [1], Methods = [ForecastMethod.ClosedLoop] }));
        Assert.Contains("--forecast-methods closed-loop", closed.Message);
        Assert.Contains("--forecast-methods", Assert.Throws<InvalidConfigException>(() => new PastOnlyForecastOptions { Horizons = [1], Methods = [] }.Validate(4)).Message);
        Assert.Contains("twice", Assert.Throws<InvalidConfigException>(() => new PastOnlyForecastOptions { Horizons = [1], Methods = [ForecastMethod.KramersMoyal, ForecastMethod.KramersMoyal] }.Validate(4)).Message);
        Assert.Equal(ForecastMethod.ClosedLoop, PastOnlyForecastOptions.MethodNames.Parse("Closed_Loop", "--forecast-methods"));
        Assert.Contains("--forecast-methods", Assert.Throws<InvalidConfigException>(() => PastOnlyForecastOptions.MethodNames.Parse("oracle", "--forecast-methods")).Message);
        Assert.Equal("closed_loop", PastOnlyForecastOptions.Name(ForecastMethod.ClosedLoop));
    }
}
