using NnPhys.Kernels;
using NnPhys.Networks;
using NnPhys.Numerics;

namespace NnPhys.Tests.Kernels;

/// <summary>The empirical NTK (eq. (82)) against a finite-difference Jacobian, and its mean against the analytic NTK.</summary>
public class EmpiricalNtkTests
{
    static readonly Matrix<double> Points = new(3, 2, [1.0, 0.0, 0.6, 0.8, -0.5, 0.4]);

    [Fact]
    public void LayerwiseSumEqualsJacobianInnerProductsFromFiniteDifferences()
    {
        var stack = KernelArchitecture.Parse("dense(1.3,0.2)-tanh-dense(1.3,0.2)-tanh-dense(1.3,0.2)", 2);
        var network = new Network<double>(KernelArchitecture.WithWidth(stack, 6), new RandomStream(5));
        var theta = EmpiricalNtk.Compute(network, Points);
        var p = network.Parameters.Values;
        int n = Points.Rows;
        var jacobian = new double[n, p.Length];
        const double h = 1e-6;
        for (int k = 0; k < p.Length; k++)
        {
            double saved = p[k];
            p[k] = saved + h; var plus = network.Predict(Points).Data;
            p[k] = saved - h; var minus = network.Predict(Points).Data;
            p[k] = saved;
            for (int i = 0; i < n; i++) jacobian[i, k] = (plus[i] - minus[i]) / (2 * h);
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double expected = 0;
                for (int k = 0; k < p.Length; k++) expected += jacobian[i, k] * jacobian[j, k];
                Assert.True(Math.Abs(theta[i, j] - expected) < 1e-7 * Math.Abs(expected) + 1e-9, $"Θ̂[{i},{j}] = {theta[i, j]:R} vs J Jᵀ = {expected:R}");
            }
    }

    [Fact]
    public void MeanOverInitialisationsConvergesToTheAnalyticNtk()
    {
        // one hidden layer: wide and many initialisations stay cheap (the 2-hidden-layer target is `nnphys kernel empirical`)
        var stack = KernelArchitecture.Parse("dense(1.4142,0.1)-relu-dense(1.4142,0.1)", 2);
        const int width = 4096, inits = 32;
        var analytic = new AnalyticKernel(stack).Gram(Points).Ntk;
        var (mean, se) = EmpiricalNtk.Average(KernelArchitecture.WithWidth(stack, width), Points, inits, seed: 3);
        double scale = analytic.Data.Max(Math.Abs);
        for (int i = 0; i < analytic.Data.Length; i++)
        {
            double a = analytic.Data[i];
            // statistical error (3 SE) plus the O(1/N) finite-width bias of the mean
            Assert.True(Math.Abs(mean.Data[i] - a) < 3 * se.Data[i] + 2.0 / width * scale, $"entry {i}: {mean.Data[i]:G6} ± {se.Data[i]:G3} vs analytic {a:G6}");
            Assert.True(se.Data[i] < 0.02 * scale, $"entry {i}: the standard error {se.Data[i]:G3} must resolve a 10% error of the kernel's scale {scale:G4}");
        }
    }
}
