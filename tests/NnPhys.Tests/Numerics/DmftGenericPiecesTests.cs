using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>The generic pieces moved out of the DMFT folder (issue 7): the in-place Dormand–Prince stepper, the Gaussian trapezoid rule, Anderson mixing.</summary>
public class DmftGenericPiecesTests
{
    [Fact]
    public void StepperSolvesABatchOfOscillatorsToTolerance()
    {
        // y = (q_1..q_3, p_1..p_3), q″ = −ω²q with ω = 1, 2, 3; exact q(t) = cos ωt
        double[] omega = [1, 2, 3];
        var y = new double[6]; for (int i = 0; i < 3; i++) y[i] = 1;
        var stepper = new DormandPrince45Stepper(6, 1e-9, 1e-9);
        void F(ReadOnlySpan<double> s, Span<double> d) { for (int i = 0; i < 3; i++) { d[i] = s[3 + i]; d[3 + i] = -omega[i] * omega[i] * s[i]; } }
        for (int k = 0; k < 10; k++) stepper.Advance(F, y, k, k + 1);
        for (int i = 0; i < 3; i++) Assert.Equal(Math.Cos(omega[i] * 10), y[i], 1e-6);
        Assert.True(stepper.AcceptedSteps > 10 && stepper.AcceptedSteps < 2000, $"{stepper.AcceptedSteps} steps");
    }

    [Fact]
    public void StepperMatchesTheStaticIntegrator()
    {
        var y = new double[] { 0.3, -1.2 };
        var stepper = new DormandPrince45Stepper(2, 1e-10, 1e-10);
        stepper.Advance((s, d) => { d[0] = s[1]; d[1] = -Math.Sin(s[0]); }, y, 0, 5);
        var reference = DormandPrince45.Integrate((t, s, d) => { d[0] = s[1]; d[1] = -Math.Sin(s[0]); }, 0, new double[] { 0.3, -1.2 }, 5, new OdeTolerances(1e-11, 1e-11));
        Assert.Equal(reference[0], y[0], 1e-7); Assert.Equal(reference[1], y[1], 1e-7);
    }

    [Fact]
    public void TrapezoidRuleGivesGaussianMomentsAndCharacteristicFunction()
    {
        var rule = GaussianTrapezoidRule.Trapezoid();
        Assert.Equal(1, rule.Weights.Sum(), 1e-14);
        Assert.Equal(1, rule.Expectation(z => z * z), 1e-12);
        Assert.Equal(3, rule.Expectation(z => z * z * z * z), 1e-11);
        Assert.Equal(Math.Exp(-2), rule.Expectation(z => Math.Cos(2 * z)), 1e-13);
    }

    [Fact]
    public void AndersonConvergesWhereDampingDiverges()
    {
        // G(u) = M u + b with eigenvalues 1.5 (unstable for the damped iteration) and 0.3; fixed point u* = (I − M)⁻¹ b
        double[,] m = { { 1.5, 0 }, { 0, 0.3 } };
        double[] b = [1, 1], exact = [1 / (1 - 1.5), 1 / (1 - 0.3)];
        double[] G(double[] u) => [m[0, 0] * u[0] + m[0, 1] * u[1] + b[0], m[1, 0] * u[0] + m[1, 1] * u[1] + b[1]];
        double Run(int depth)
        {
            var mixing = new AndersonMixing(depth, 0.5);
            double[] u = [0, 0];
            for (int it = 0; it < 30; it++) u = mixing.Next(u, G(u));
            return Math.Max(Math.Abs(u[0] - exact[0]), Math.Abs(u[1] - exact[1]));
        }
        Assert.True(Run(3) < 1e-8, $"Anderson error {Run(3):E2}");
        Assert.True(Run(0) > 1, $"damping error {Run(0):E2}");
    }
}
