using NnPhys.Cosmology;
using NnPhys.Numerics;

namespace NnPhys.Tests.Cosmology;

public class ModesAndMomentumTests
{
    [Fact]
    public void ModeDecompositionDiagonalisesTheKernel()
    {
        var k = new Matrix<double>(3, 3, [4, 1, 0, 1, 3, 1, 0, 1, 2]);
        var m = ModeDecomposition.Of(k);
        Assert.True(m.Eigenvalues[0] >= m.Eigenvalues[1] && m.Eigenvalues[1] >= m.Eigenvalues[2]);
        Assert.Equal(9, m.Eigenvalues.Sum(), 10); // trace
        for (int a = 0; a < 3; a++)
            for (int i = 0; i < 3; i++)
                Assert.Equal(m.Eigenvalues[a] * m.Eigenvectors[a][i], Enumerable.Range(0, 3).Sum(j => k.Data[i * 3 + j] * m.Eigenvectors[a][j]), 1e-10);
    }

    [Fact]
    public void TopModeIsTheUniformMeanFieldAndItsEvolutionIsPredictedWithinOnePercent()
    {
        var r = ModeRun.Execute(new ModeSettings(new ScalarNetworkSpec(1024, 1, "relu", 1.0, 1.0), Points: 16), 0);
        Assert.True(r.Modes.UniformOverlap(0) > 0.99);                       // mean field
        Assert.True(r.Modes.Eigenvalues[1] < 0.3 * r.Modes.Eigenvalues[0]);   // hierarchy
        Assert.InRange(r.EndErrorCorrected[0], 0, 0.01);
        Assert.True(r.EndErrorLeading[0] > 3 * r.EndErrorCorrected[0]);
        // freezing: the smallest-eigenvalue mode moves < 1 % as far as the mean field
        Assert.True(r.ModeMotion[^1] < 0.01 * r.ModeMotion[0]);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.003)]
    [InlineData(0.05)]
    public void CriticalMomentumIsTheDoubleRootOfTheDiscreteRecursion(double x)
    {
        // a_{t+1} = (1 + μ − x)a_t − μa_{t−1}: discriminant (1 + μ − x)² − 4μ vanishes at μ*
        double exact = CriticalMomentum.ExactDiscrete(x, 1.0);
        Assert.Equal(0, Math.Pow(1 + exact - x, 2) - 4 * exact, 12);
        double corrected = CriticalMomentum.Corrected(x, 1.0), leading = CriticalMomentum.Leading(x, 1.0);
        // corrected agrees to O(x^{3/2}), leading only to O(x) = the ε² term of (1 − ε)²
        Assert.True(Math.Abs(corrected - exact) < 0.5 * Math.Pow(x, 1.5));
        Assert.Equal(x, Math.Abs(leading - exact), 0.5 * x);
        Assert.True(Math.Abs(leading - exact) > 5 * Math.Abs(corrected - exact));
    }

    [Fact]
    public void PredictedStepsAgreeWithTheDiscreteLinearRecursion()
    {
        // the homogeneous p = 2 network in the NTK limit is a_{t+1} = (1 + μ − ηκ)a_t − μa_{t−1}; count its steps directly
        double eta = 0.01, kappa = 1.3, fraction = 1e-4;
        foreach (var mu in new[] { 0.3, 0.7, 0.8, 0.9 })
        {
            double prev = 1, cur = 1; int last = 0;
            for (int t = 1; t < 5000; t++)
            {
                double next = (1 + mu - eta * kappa) * cur - mu * prev; prev = cur; cur = next;
                if (cur * cur > fraction) last = t;
            }
            int predicted = CriticalMomentum.PredictedSteps(new HeavyBallMapping(eta, mu), kappa, 1.0, fraction, MappingOrder.Corrected, 100_000);
            Assert.InRange(predicted, 0.97 * (last + 1), 1.03 * (last + 1) + 1);
        }
    }
}
