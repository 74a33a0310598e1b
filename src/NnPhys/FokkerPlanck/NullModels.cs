using NnPhys.Experiments;

namespace NnPhys.FokkerPlanck;

/// <summary>The null models every Fokker–Planck score is reported beside (issue 8 §1).</summary>
public enum NullModel
{
    /// <summary>Ŵ_t = W_{t−1}: the rows stay where they were one epoch ago (FVE 0 by construction).</summary>
    NoMotion,
    /// <summary>
    /// Ŵ_t = W_{t−1} + mean_r(W_t − W_{t−1}): every row moved by the rows' mean actual displacement over the epoch. It sees
    /// the epoch's actual displacements, like the measured-drift theory, but keeps only their mean (a rigid shift).
    /// </summary>
    MeanDisplacement,
    /// <summary>Ŵ_t = W_{t−1} + (W_{t−1} − W_{t−2}): linear extrapolation of the last displacement (no motion at t = 1); never sees epoch t.</summary>
    Persistence,
    /// <summary>Ŵ_t = W_0: both bottleneck layers frozen at their initial weights (the encoder X_t still trains).</summary>
    InitialWeights,
}

/// <summary>Rows of the <see cref="NullModel"/>s, and their per-epoch scores one epoch ahead.</summary>
public static class NullModels
{
    /// <summary>All null models, in report order.</summary>
    public static readonly NullModel[] All = [NullModel.NoMotion, NullModel.MeanDisplacement, NullModel.Persistence, NullModel.InitialWeights];

    /// <summary>The snake-case name used in metrics and arrays, e.g. "no_motion".</summary>
    public static string Name(NullModel model) => model switch
    {
        NullModel.NoMotion => "no_motion",
        NullModel.MeanDisplacement => "mean_displacement",
        NullModel.Persistence => "persistence",
        _ => "initial_weights",
    };

    /// <summary>What the model sees, for the report.</summary>
    public static string Description(NullModel model) => model switch
    {
        NullModel.NoMotion => "Ŵ_t = W_(t−1): sees epoch t−1 only",
        NullModel.MeanDisplacement => "Ŵ_t = W_(t−1) + mean over rows of (W_t − W_(t−1)): sees the epoch's actual displacements, keeps only their mean",
        NullModel.Persistence => "Ŵ_t = W_(t−1) + (W_(t−1) − W_(t−2)): sees epochs up to t−1",
        _ => "Ŵ_t = W_0: both bottleneck layers frozen at initialisation",
    };

    /// <summary>The model's rows of <paramref name="layer"/> at epoch t ≥ 1, (rows, 2).</summary>
    /// <exception cref="InvalidConfigException">t outside 1..EpochCount.</exception>
    public static double[] Rows(BottleneckTrajectory trajectory, BottleneckLayer layer, int t, NullModel model)
    {
        if (t < 1 || t > trajectory.EpochCount) throw new InvalidConfigException($"A null model predicts epochs 1..{trajectory.EpochCount}; got {t}.");
        var previous = trajectory.Layer(layer, t - 1).Weights;
        var rows = (double[])previous.Clone();
        switch (model)
        {
            case NullModel.MeanDisplacement:
            {
                var now = trajectory.Layer(layer, t).Weights;
                int n = rows.Length / 2;
                double mx = 0, my = 0;
                for (int r = 0; r < n; r++) { mx += now[2 * r] - previous[2 * r]; my += now[2 * r + 1] - previous[2 * r + 1]; }
                mx /= n; my /= n;
                for (int r = 0; r < n; r++) { rows[2 * r] += mx; rows[2 * r + 1] += my; }
                break;
            }
            case NullModel.Persistence when t >= 2:
            {
                var before = trajectory.Layer(layer, t - 2).Weights;
                for (int k = 0; k < rows.Length; k++) rows[k] += previous[k] - before[k];
                break;
            }
            case NullModel.InitialWeights:
                return (double[])trajectory.Layer(layer, 0).Weights.Clone();
        }
        return rows;
    }

    /// <summary>
    /// Scores each null model at every epoch t = 1..<paramref name="epochs"/> exactly as the theory is scored (eq. 28 on
    /// X_t·Ŵ, FVE relative to W_{t−1}); entry 0 of each list is <see cref="LayerScore.None"/>.
    /// </summary>
    /// <param name="maxDegreeOfParallelism">The (model, epoch) scores run concurrently: 1 serially, −1 on all processors; the
    /// scores are the same bit for bit either way.</param>
    public static IReadOnlyList<NullModelScores> Score(BottleneckTrajectory trajectory, int epochs, int kdeGridSize, CancellationToken cancel = default,
                                                       int maxDegreeOfParallelism = TheoryParallel.Default)
    {
        // job m·epochs + (t − 1): model m at epoch t
        var scores = TheoryParallel.Map(All.Length * epochs, job =>
        {
            var (model, t) = (All[job / epochs], job % epochs + 1);
            return ModelScoring.Score(trajectory, t, t - 1, Rows(trajectory, BottleneckLayer.B1, t, model),
                                      Rows(trajectory, BottleneckLayer.B2, t, model), kdeGridSize);
        }, maxDegreeOfParallelism, cancel);
        var result = new List<NullModelScores>();
        for (int m = 0; m < All.Length; m++)
        {
            var b1 = new List<LayerScore> { LayerScore.None }; var b2 = new List<LayerScore> { LayerScore.None };
            for (int t = 1; t <= epochs; t++) { var (s1, s2) = scores[m * epochs + t - 1]; b1.Add(s1); b2.Add(s2); }
            result.Add(new NullModelScores(All[m], b1, b2));
        }
        return result;
    }
}

/// <summary>One null model's scores per epoch t = 0..E (entry 0 is <see cref="LayerScore.None"/>).</summary>
/// <param name="Model">The model.</param>
/// <param name="B1">Scores of b1 per epoch.</param>
/// <param name="B2">Scores of b2 per epoch.</param>
public sealed record NullModelScores(NullModel Model, IReadOnlyList<LayerScore> B1, IReadOnlyList<LayerScore> B2)
{
    /// <summary>The snake-case name.</summary>
    public string Name => NullModels.Name(Model);
}
