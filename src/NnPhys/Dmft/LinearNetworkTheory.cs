namespace NnPhys.Dmft;

/// <summary>
/// Closed forms of the linear network ẋ = −x + gJx + σξ (φ = identity), N → ∞. The DMFT response obeys
/// R(ω) = 1/(1 − iω − ηg²R(ω)) (the memory term with R_φ = R), i.e. R is the resolvent of the elliptic ensemble, whose
/// moments (1/N)Tr(gJ)^{2k} = (ηg²)^k Cat_k are those of a semicircle of radius 2g√η:
/// <code>
///   R(τ) = e^{−τ} I₁(2g√η τ)/(g√η τ)   (η &gt; 0),   e^{−τ} J₁(2g√|η| τ)/(g√|η| τ)   (η &lt; 0),   e^{−τ}   (η = 0).
/// </code>
/// With noise and η = 0, C(ω) = σ²|R|²/(1 − g²|R|²) = σ²/(1 − g² + ω²), so C(τ) = σ² e^{−√(1−g²)|τ|} / (2√(1−g²)) (g &lt; 1).
/// </summary>
public static class LinearNetworkTheory
{
    /// <summary>R(τ) for τ ≥ 0.</summary>
    public static double Response(double gain, double eta, double tau)
    {
        if (tau < 0) return 0;
        if (eta == 0 || tau == 0) return Math.Exp(-tau);
        double r = gain * Math.Sqrt(Math.Abs(eta)), x = 2 * r * tau;
        return Math.Exp(-tau) * 2 * BesselFirstKindRatio(x, eta > 0);
    }

    /// <summary>Stationary C(τ) for η = 0, g &lt; 1, noise σ.</summary>
    public static double StationaryCorrelation(double gain, double noise, double tau)
    {
        if (gain >= 1) throw new InvalidConfigException($"The linear network is stationary only for g < 1 (η = 0), got g = {gain}.");
        double k = Math.Sqrt(1 - gain * gain);
        return noise * noise * Math.Exp(-k * Math.Abs(tau)) / (2 * k);
    }

    /// <summary>
    /// Stationary C(τ) for any η with noise σ (stable: g(1 + |η|) &lt; 1 suffices): C(ω) = σ²|R(ω)|²/(1 − g²|R(ω)|²) with
    /// R(ω) the root of ηg²R² − (1 − iω)R + 1 = 0 that tends to 1/(1 − iω) as η → 0; C(τ) = σ²e^{−|τ|}/2 + (1/π)∫₀^∞
    /// [C(ω) − σ²/(1 + ω²)] cos ωτ dω (the remainder falls as ω⁻⁴; Simpson on [0, 400], step 0.01).
    /// </summary>
    public static double StationaryCorrelation(double gain, double eta, double noise, double tau)
    {
        if (gain * (1 + Math.Abs(eta)) >= 1) throw new InvalidConfigException($"This closed form needs g(1 + |η|) < 1 (a stable, stationary linear network), got g = {gain}, η = {eta}.");
        double Spectrum(double w)
        {
            var a = new System.Numerics.Complex(1, -w);
            System.Numerics.Complex r;
            double k = eta * gain * gain;
            if (k == 0) r = 1 / a;
            else
            {
                var root = System.Numerics.Complex.Sqrt(a * a - 4 * k);
                var r1 = (a - root) / (2 * k); var r2 = (a + root) / (2 * k);
                r = (r1 - 1 / a).Magnitude < (r2 - 1 / a).Magnitude ? r1 : r2;
            }
            double m = r.Magnitude * r.Magnitude;
            return noise * noise * m / (1 - gain * gain * m) - noise * noise / (1 + w * w);
        }
        const double top = 400, dw = 0.01;
        int n = (int)(top / dw);
        double sum = 0;
        for (int i = 0; i <= n; i++)
        {
            double w = i * dw, f = Spectrum(w) * Math.Cos(w * tau);
            sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return noise * noise * Math.Exp(-Math.Abs(tau)) / 2 + sum * dw / 3 / Math.PI;
    }

    /// <summary>I₁(x)/x (modified) or J₁(x)/x by the power series Σ (±x²/4)^k / (2·k!(k+1)!), fine for x ≤ 30.</summary>
    static double BesselFirstKindRatio(double x, bool modified)
    {
        double q = (modified ? 1 : -1) * x * x / 4, term = 0.5, sum = 0.5;
        for (int k = 1; k < 200; k++)
        {
            term *= q / (k * (k + 1.0));
            sum += term;
            if (Math.Abs(term) < 1e-17 * Math.Abs(sum)) break;
        }
        return sum;
    }
}
