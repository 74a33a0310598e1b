using NnPhys.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>
/// A bottleneck trajectory whose rows are given by hand per epoch (e.g. W_t = W_0 + t·V), with fixed random b1 inputs and
/// outputs computed as x·W, so null models, FVE and forecasts can be checked against closed forms.
/// </summary>
internal static class HandTrajectory
{
    public static BottleneckTrajectory Build(int epochs, Func<int, double[]> b1, Func<int, double[]> b2, int evalCount = 12,
        Func<int, double>? loss = null, Func<int, (double[] M, double[] V, double[] Gradient, double[]? Covariance)>? adamB1 = null,
        int stepsPerEpoch = 10, AdamOptions? adam = null, ulong seed = 5)
    {
        int rows = b1(0).Length / 2;
        var x = new double[evalCount * rows];
        new RandomStream(seed, 3).FillNormal(x, 0, 1.0 / Math.Sqrt(rows));
        var list = new List<BottleneckEpoch>();
        for (int t = 0; t <= epochs; t++)
        {
            var w1 = b1(t); var w2 = b2(t);
            var z1 = LatentMaps.Apply(x, evalCount, w1, rows);
            var z2 = LatentMaps.Apply(z1, evalCount, w2, 2);
            var (m, v, g, cov) = adamB1?.Invoke(t) ?? (new double[w1.Length], new double[w1.Length], new double[w1.Length], null);
            list.Add(new BottleneckEpoch(t, (long)t * stepsPerEpoch, loss?.Invoke(t) ?? 1.0 / (t + 1),
                new BottleneckLayerState(w1, m, v, g, cov),
                new BottleneckLayerState(w2, new double[4], new double[4], new double[4]),
                (double[])x.Clone(), z1, z2));
        }
        return new BottleneckTrajectory(adam ?? new AdamOptions(), stepsPerEpoch, list);
    }

    /// <summary>Rows on a ring of radius 1 (x) and 0.6 (y) plus a small jitter, (n, 2).</summary>
    public static double[] Ring(int n, double jitter = 0.05, ulong seed = 9)
    {
        var rng = new RandomStream(seed, 1);
        var w = new double[2 * n];
        for (int r = 0; r < n; r++)
        {
            double a = 2 * Math.PI * r / n;
            w[2 * r] = Math.Cos(a) + jitter * rng.NextNormal();
            w[2 * r + 1] = 0.6 * Math.Sin(a) + jitter * rng.NextNormal();
        }
        return w;
    }
}
