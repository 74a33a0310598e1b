using NnPhys.Experiments;
using NnPhys.FokkerPlanck;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>Null models and weight FVE against hand computations on trajectories W_t = W_0 + t·V (issue 8 §1).</summary>
public class NullModelTests
{
    [Fact]
    public void FveMatchesAHandComputation()
    {
        // ‖Ŵ − W‖² = 1² + 1² = 2, ‖W − W_ref‖² = 2² + 1² = 5: FVE = 1 − 2/5 = 0.6
        Assert.Equal(0.6, WeightFve.Of([1, 0], [2, 1], [0, 0]), 15);
        Assert.Equal(0.0, WeightFve.Of([0, 0], [2, 1], [0, 0]), 15);          // no motion
        Assert.Equal(-3.0, WeightFve.Of([-2, -1], [2, 1], [0, 0]), 15);   // 1 − 20/5
        Assert.True(double.IsNaN(WeightFve.Of([1, 1], [0, 0], [0, 0])));       // the rows did not move: undefined
        Assert.Throws<InvalidConfigException>(() => WeightFve.Of([1], [1, 2], [1, 2]));
    }

    static readonly double[] V = [0.10, 0.00, 0.02, 0.05, -0.04, 0.03, 0.00, -0.06];   // per-row velocities, 4 rows

    static BottleneckTrajectory Linear(int epochs = 4) => HandTrajectory.Build(epochs,
        t => HandTrajectory.Ring(4).Select((w, k) => w + t * V[k]).ToArray(),
        t => new[] { 1.0 + 0.05 * t, 0.1, -0.2, 0.9 - 0.03 * t });

    [Fact]
    public void NullModelsOnALinearTrajectoryHaveTheirClosedFormFve()
    {
        var trajectory = Linear();
        var scores = NullModels.Score(trajectory, 4, kdeGridSize: 24).ToDictionary(s => s.Model);
        // mean displacement keeps only the mean velocity: FVE = 1 − ‖V − mean V‖²/‖V‖²
        double mx = (V[0] + V[2] + V[4] + V[6]) / 4, my = (V[1] + V[3] + V[5] + V[7]) / 4, total = V.Sum(v => v * v), spread = 0;
        for (int r = 0; r < 4; r++) spread += Math.Pow(V[2 * r] - mx, 2) + Math.Pow(V[2 * r + 1] - my, 2);
        for (int t = 1; t <= 4; t++)
        {
            Assert.Equal(0, scores[NullModel.NoMotion].B1[t].Fve, 12);
            Assert.Equal(1 - spread / total, scores[NullModel.MeanDisplacement].B1[t].Fve, 9);
            // Ŵ_t = W_0: error ‖W_t − W_0‖² = t²‖V‖² over the epoch's motion ‖V‖²
            Assert.Equal(1 - (double)t * t, scores[NullModel.InitialWeights].B1[t].Fve, 9);
            // persistence is exact on a straight line from t = 2 (t = 1 has no past displacement: no motion)
            Assert.Equal(t == 1 ? 0 : 1, scores[NullModel.Persistence].B1[t].Fve, 9);
            if (t >= 2) { Assert.Equal(1, scores[NullModel.Persistence].B1[t].Pearson, 12); Assert.Equal(0, scores[NullModel.Persistence].B1[t].Mse, 15); }
            Assert.Equal(1 - (double)t * t, scores[NullModel.InitialWeights].B2[t].Fve, 9);
        }
        Assert.True(double.IsNaN(scores[NullModel.NoMotion].B1[0].Pearson));
    }

    [Fact]
    public void RowsOfEachNullModel()
    {
        var trajectory = Linear(3);
        var w1 = trajectory.Epochs[1].B1.Weights; var w2 = trajectory.Epochs[2].B1.Weights;
        Assert.Equal(trajectory.Epochs[1].B1.Weights, NullModels.Rows(trajectory, BottleneckLayer.B1, 2, NullModel.NoMotion));
        var persistence = NullModels.Rows(trajectory, BottleneckLayer.B1, 3, NullModel.Persistence);
        for (int k = 0; k < 8; k++) Assert.Equal(2 * w2[k] - w1[k], persistence[k], 12);
        Assert.Equal(trajectory.Epochs[0].B2.Weights, NullModels.Rows(trajectory, BottleneckLayer.B2, 3, NullModel.InitialWeights));
        Assert.Throws<InvalidConfigException>(() => NullModels.Rows(trajectory, BottleneckLayer.B1, 0, NullModel.NoMotion));
        Assert.Throws<InvalidConfigException>(() => NullModels.Rows(trajectory, BottleneckLayer.B1, 4, NullModel.NoMotion));
    }
}
