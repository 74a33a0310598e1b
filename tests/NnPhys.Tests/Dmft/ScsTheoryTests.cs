using NnPhys.Architectures;
using NnPhys.Dmft;

namespace NnPhys.Tests.Dmft;

/// <summary>SCS theory: the energy method against the independent shooting method, and analytic limits.</summary>
public class ScsTheoryTests
{
    [Fact]
    public void EnergyMethodAndShootingAgreeOnDelta0AndHalfDecayLag()
    {
        var theory = new ScsTheory(2, Activation.Tanh);
        double d0 = theory.StationaryVariance(), half = theory.HalfDecayLag(d0);
        var shot = ScsShooting.Solve(theory);
        Assert.True(Math.Abs(shot.Delta0 - d0) < 1e-6 * d0, $"Δ₀ energy {d0} vs shooting {shot.Delta0}");
        Assert.True(Math.Abs(shot.HalfDecayLag - half) < 1e-5 * half, $"τ_half energy {half} vs shooting {shot.HalfDecayLag}");
        // the whole curve: energy-method Δ(τ) against the shooting trajectory where the latter is defined
        var curve = theory.Autocorrelation(d0, shot.Lags);
        for (int k = 0; k < shot.Lags.Length; k++)
            if (double.IsFinite(shot.Autocorrelation[k])) Assert.True(Math.Abs(curve[k] - shot.Autocorrelation[k]) < 1e-3 * d0, $"τ = {shot.Lags[k]}: {curve[k]} vs {shot.Autocorrelation[k]}");
    }

    [Fact]
    public void Delta0SatisfiesEnergyConservationAndTheCurveHalvesAtTauHalf()
    {
        var theory = new ScsTheory(1.5, Activation.Tanh);
        double d0 = theory.StationaryVariance();
        Assert.True(Math.Abs(theory.Potential(d0, d0) - theory.Potential(0, d0)) < 1e-10, "V(Δ₀) = V(0)");
        double half = theory.HalfDecayLag(d0);
        var at = theory.Autocorrelation(d0, [0, half]);
        Assert.Equal(d0, at[0], 10);
        Assert.True(Math.Abs(at[1] - d0 / 2) < 1e-4 * d0, $"Δ(τ_half) = {at[1]}, Δ₀/2 = {d0 / 2}");
        // Newton's law Δ̈ = Δ − g²C_φ(Δ) at τ = 0 by finite differences of the energy-method curve
        double h = 0.02;
        var c = theory.Autocorrelation(d0, [0, h, 2 * h]);
        double accel = (c[2] - 2 * c[1] + c[0]) / (h * h); // central second difference: Δ̈(h)
        double force = c[1] - 1.5 * 1.5 * theory.PhiCorrelation(c[1], d0);
        Assert.True(Math.Abs(accel - force) < 0.02 * Math.Abs(force), $"Δ̈ {accel} vs force {force}");
    }

    [Fact]
    public void BelowTheTransitionTheStationaryStateIsQuiescent()
    {
        Assert.Equal(0, new ScsTheory(0.9, Activation.Tanh).StationaryVariance());
        Assert.Equal(0, new ScsTheory(1.0, Activation.Erf).StationaryVariance());
    }

    [Fact]
    public void NearTheTransitionDelta0GrowsLinearlyWithGMinusOne()
    {
        // tanh: Var[Φ(√Δ z)] = Δ²/2 − Δ³ + O(Δ⁴) with Φ = ln cosh, so g²(1/2 − Δ₀) = 1/2 ⇒ Δ₀ ≈ (g² − 1)/(2g²) ≈ (g − 1)
        double g = 1.01, d0 = new ScsTheory(g, Activation.Tanh).StationaryVariance();
        double expected = (g * g - 1) / (2 * g * g);
        Assert.True(Math.Abs(d0 - expected) < 0.05 * expected, $"Δ₀ = {d0}, leading order {expected}");
    }

    [Fact]
    public void BadInputIsATypedError()
    {
        Assert.Throws<InvalidConfigException>(() => new ScsTheory(0, Activation.Tanh));
        Assert.Throws<InvalidConfigException>(() => new ScsTheory(2, Activation.ReLU));
    }
}
