using NnPhys.FokkerPlanck;
using NnPhys.Numerics;

using NnPhys.Training;
using NnPhys.Experiments;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>
/// A real (small) training run to feed the Fokker–Planck pipeline in tests: both bottleneck matrices are trained by Adam on
/// the quadratic loss L = ½ Σ_r |w_r − c_r|² (each row pulled to its own target), the gradient being w − c plus optional
/// Gaussian minibatch noise. Inputs to B1 are fixed random vectors; latent outputs are x·W1 and x·W1·W2.
/// </summary>
internal static class SyntheticTraining
{
    public static BottleneckTrajectory Run(int b1Rows = 40, int evalCount = 60, int epochs = 6, int stepsPerEpoch = 20,
                                           double noise = 0.0, ulong seed = 7, double learningRate = 0.01, bool linearLoss = false)
    {
        var rng = new RandomStream(seed, 1);
        var adam = new AdamOptions(LearningRate: learningRate);
        var w1 = new double[2 * b1Rows]; rng.FillNormal(w1, 0, 0.3);
        var c1 = new double[2 * b1Rows];
        for (int r = 0; r < b1Rows; r++) { double a = 2 * Math.PI * r / b1Rows; c1[2 * r] = 0.8 * Math.Cos(a); c1[2 * r + 1] = 0.5 * Math.Sin(a); }
        var w2 = new double[] { 1.0, 0.1, -0.2, 0.9 };
        var c2 = new double[] { 0.7, 0.4, -0.5, 1.2 };
        var m1 = new double[w1.Length]; var v1 = new double[w1.Length];
        var m2 = new double[4]; var v2 = new double[4];
        var x = new double[evalCount * b1Rows]; rng.FillNormal(x, 0, 1.0 / Math.Sqrt(b1Rows));
        var list = new List<BottleneckEpoch>();
        long step = 0;
        var update1 = new double[w1.Length]; var update2 = new double[4];
        var g1 = new double[w1.Length]; var g2 = new double[4];
        for (int t = 0; t <= epochs; t++)
        {
            var full1 = Gradient(w1, c1); var full2 = Gradient(w2, c2);
            var cov1 = Covariance(b1Rows, noise); var cov2 = Covariance(2, noise);
            var z1 = LatentMaps.Apply(x, evalCount, w1, b1Rows);
            var z2 = LatentMaps.Apply(z1, evalCount, w2, 2);
            list.Add(new BottleneckEpoch(t, step, Loss(w1, c1) + Loss(w2, c2),
                new BottleneckLayerState((double[])w1.Clone(), (double[])m1.Clone(), (double[])v1.Clone(), full1, cov1),
                new BottleneckLayerState((double[])w2.Clone(), (double[])m2.Clone(), (double[])v2.Clone(), full2, cov2),
                (double[])x.Clone(), z1, z2));
            if (t == epochs) break;
            for (int s = 0; s < stepsPerEpoch; s++)
            {
                Noisy(Gradient(w1, c1), noise, rng, g1); Noisy(Gradient(w2, c2), noise, rng, g2);
                AdamEquation.Step(adam, step, g1, m1, v1, update1);
                AdamEquation.Step(adam, step, g2, m2, v2, update2);
                for (int k = 0; k < w1.Length; k++) w1[k] += update1[k];
                for (int k = 0; k < 4; k++) w2[k] += update2[k];
                step++;
            }
        }
        return new BottleneckTrajectory(adam, stepsPerEpoch, list);

        // Linear loss L = Σ c·w: the gradient is c everywhere, so a frozen-gradient forecast is exact.
        double[] Gradient(double[] w, double[] c) { var g = new double[w.Length]; for (int k = 0; k < w.Length; k++) g[k] = linearLoss ? c[k] : w[k] - c[k]; return g; }
        double Loss(double[] w, double[] c) { double s = 0; for (int k = 0; k < w.Length; k++) s += linearLoss ? c[k] * w[k] : 0.5 * (w[k] - c[k]) * (w[k] - c[k]); return s; }
    }

    static void Noisy(double[] g, double noise, RandomStream rng, double[] into) { for (int k = 0; k < g.Length; k++) into[k] = g[k] + noise * rng.NextNormal(); }
    static double[] Covariance(int rows, double noise)
    {
        var cov = new double[4 * rows];
        for (int r = 0; r < rows; r++) { cov[4 * r] = noise * noise; cov[4 * r + 3] = noise * noise; }
        return cov;
    }
}
