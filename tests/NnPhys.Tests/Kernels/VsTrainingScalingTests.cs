using NnPhys.Kernels.Experiments;

namespace NnPhys.Tests.Kernels;

/// <summary>The width exponents of `kernel vs-training` against their predictions (docs/kernels.md), in the asymptotic range.</summary>
public class VsTrainingScalingTests
{
    [Fact]
    public void KernelMotionFollowsTheReluKinkExponentAndTheFluctuationPartTheInverseSquareRoot()
    {
        // one hidden ReLU layer, widths 512 … 4096, 10 networks each (the documented run's seeds): the ReLU kink predicts
        // ‖Θ_T − Θ_0‖/‖Θ_0‖ ∝ N^(−3/4) — distinct from Lee et al.'s N^(−1/2) bound and from the smooth-activation N^(−1) —
        // and the initial-kernel fluctuation part of network − frozen NTK ∝ N^(−1/2). Tolerances: 3 standard errors of the fit.
        var r = VsTrainingExperiment.Run(new VsTrainingConfig(Widths: [512, 1024, 2048, 4096]));
        var motion = r.MotionFit;
        Assert.True(Math.Abs(motion.Exponent + 0.75) <= 3 * motion.ExponentError, $"kernel motion exponent {motion}");
        Assert.True(Math.Abs(motion.Exponent + 0.5) > 3 * motion.ExponentError && Math.Abs(motion.Exponent + 1) > 3 * motion.ExponentError, $"kernel motion exponent {motion} does not separate the alternatives");
        var fluctuation = r.FluctuationFit;
        Assert.True(Math.Abs(fluctuation.Exponent + 0.5) <= 3 * fluctuation.ExponentError, $"fluctuation exponent {fluctuation}");
        Assert.True(fluctuation.ExponentError < 0.15, $"fluctuation exponent {fluctuation}: too noisy to test");
    }
}
