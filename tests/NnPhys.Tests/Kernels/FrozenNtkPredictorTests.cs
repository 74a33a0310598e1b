using NnPhys.Kernels;
using NnPhys.Numerics;

namespace NnPhys.Tests.Kernels;

/// <summary>Frozen-NTK dynamics (eqs. (95)–(99)) against explicit gradient-descent iteration of the linear model and
/// against the one-point closed form; NNGP posterior and stability bound.</summary>
public class FrozenNtkPredictorTests
{
    static readonly Matrix<double> Train = new(4, 2, [1.0, 0.0, 0.6, 0.8, 0.0, 1.0, -0.8, 0.6]);
    static readonly Matrix<double> Test = new(3, 2, [0.8, 0.6, -1.0, 0.0, 0.6, 0.8]);
    static readonly double[] Y = [1.0, -0.5, 0.3, 0.7];

    static FrozenNtkPredictor Predictor(double lr, double ridge = 0, Matrix<double>? train = null)
    {
        var kernel = new AnalyticKernel(KernelArchitecture.Parse("dense(1.3,0.2)-relu-dense(1.3,0.2)-erf-dense(1.3,0.2)", 2));
        var x = train ?? Train;
        return new FrozenNtkPredictor(kernel.Gram(x), kernel.Cross(Test, x), kernel.Diagonal(Test).Nngp, Y, lr, ridge);
    }

    [Fact]
    public void DiscreteStepsEqualExplicitGradientDescentOnTheLinearisedModel()
    {
        var kernel = new AnalyticKernel(KernelArchitecture.Parse("dense(1.3,0.2)-relu-dense(1.3,0.2)-erf-dense(1.3,0.2)", 2));
        var theta = kernel.Gram(Train).Ntk; var thetaTest = kernel.Cross(Test, Train).Ntk;
        var predictor = Predictor(lr: 1.5);
        double[] f = new double[4], fTest = new double[3];
        const int steps = 37;
        for (int k = 0; k < steps; k++)
        {
            var r = f.Zip(Y, (a, b) => a - b).ToArray();
            // f ← f − (η/n)·Θ·(f − y), and the same update on the test points
            for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) fTest[i] -= 1.5 / 4 * thetaTest[i, j] * r[j];
            var step = new double[4];
            for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) step[i] += 1.5 / 4 * theta[i, j] * r[j];
            for (int i = 0; i < 4; i++) f[i] -= step[i];
        }
        var p = predictor.MeanAfterSteps(steps);
        for (int i = 0; i < 4; i++) Assert.Equal(f[i], p.Train[i], 10);
        for (int i = 0; i < 3; i++) Assert.Equal(fTest[i], p.Test[i], 10);
    }

    [Fact]
    public void FlowMatchesTheOnePointClosedFormAndConvergesToKernelRegression()
    {
        var kernel = new AnalyticKernel(KernelArchitecture.Parse("dense(1,0)-relu-dense(1,0)", 2));
        var one = new Matrix<double>(1, 2, [0.6, 0.8]);
        var p1 = new FrozenNtkPredictor(kernel.Gram(one), kernel.Cross(Test, one), kernel.Diagonal(Test).Nngp, [2.0], 0.7);
        double theta = kernel.Gram(one).Ntk[0, 0];
        Assert.Equal(2.0 * (1 - Math.Exp(-0.7 * theta * 3.0)), p1.Mean(3.0).Train[0], 12);

        var predictor = Predictor(lr: 1);
        var late = predictor.Mean(1e7);
        var converged = predictor.Mean(double.PositiveInfinity);
        for (int i = 0; i < 4; i++) Assert.Equal(Y[i], converged.Train[i], 9); // interpolates the training targets
        for (int i = 0; i < 3; i++) Assert.Equal(converged.Test[i], late.Test[i], 7);
        // the test point equal to training point 1 is predicted as its target
        Assert.Equal(Y[1], converged.Test[2], 9);
    }

    [Fact]
    public void PosteriorVariancesVanishAtTrainingPointsAndEqualThePriorAtTimeZero()
    {
        var predictor = Predictor(lr: 1);
        var (mean, variance) = predictor.NngpPosterior();
        Assert.Equal(Y[1], mean[2], 9);
        Assert.True(Math.Abs(variance[2]) < 1e-9);
        Assert.True(variance[1] > 1e-3);
        var kernel = new AnalyticKernel(KernelArchitecture.Parse("dense(1.3,0.2)-relu-dense(1.3,0.2)-erf-dense(1.3,0.2)", 2));
        var prior = kernel.Diagonal(Test).Nngp;
        var atZero = predictor.TrainedEnsembleVariance(0);
        for (int i = 0; i < 3; i++) Assert.Equal(prior[i], atZero[i], 12);
        Assert.True(predictor.TrainedEnsembleVariance(double.PositiveInfinity)[2] < 1e-9);
    }

    [Fact]
    public void StabilityBoundSeparatesConvergingFromDivergingGradientDescent()
    {
        double bound = Predictor(lr: 1).MaxStableLearningRate;
        var below = Predictor(lr: 0.98 * bound).MeanAfterSteps(2000);
        var above = Predictor(lr: 1.02 * bound).MeanAfterSteps(2000);
        Assert.True(Math.Abs(below.Train[0] - Y[0]) < 1e-3);
        Assert.True(above.Train.Max(Math.Abs) > 1e6);
        var e = Assert.Throws<InvalidConfigException>(() => Predictor(lr: 1.02 * bound).RequireStableLearningRate());
        Assert.Contains("diverges", e.Message);
    }

    [Fact]
    public void SingularKernelAsksForARidge()
    {
        var duplicated = new Matrix<double>(4, 2, [1.0, 0.0, 1.0, 0.0, 0.0, 1.0, -0.8, 0.6]);
        var e = Assert.Throws<InvalidConfigException>(() => Predictor(1, 0, duplicated).Mean(double.PositiveInfinity));
        Assert.Contains("--ridge", e.Message);
        var ridged = Predictor(1, 1e-6, duplicated).Mean(double.PositiveInfinity);
        Assert.Equal(0.5 * (Y[0] + Y[1]), ridged.Train[0], 3);
    }
}
