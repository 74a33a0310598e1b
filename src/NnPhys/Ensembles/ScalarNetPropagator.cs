namespace NnPhys.Ensembles;

/// <summary>
/// The position-space two-point function of Scalar-net, G(r) = ∫_{|p|&lt;Λ} d^dp/(2π)^d e^{ip·x}/(p² + m²), |x| = r, the
/// Fourier transform of eq. (74) with its hard cutoff, by composite Simpson quadrature of the radial integral:
/// d = 1: (1/π)∫₀^Λ cos(pr)/(p²+m²) dp; d = 2: (1/2π)∫₀^Λ p J₀(pr)/(p²+m²) dp; d = 3: (1/2π²)∫₀^Λ p² sinc(pr)/(p²+m²) dp.
/// </summary>
public static class ScalarNetPropagator
{
    /// <summary>G(r) in d = 1, 2 or 3 dimensions.</summary>
    /// <exception cref="InvalidConfigException">d outside 1..3, or m, Λ not positive.</exception>
    public static double Position(double r, int dimension, double mass, double cutoff, int steps = 4000)
    {
        if (dimension is < 1 or > 3) throw new InvalidConfigException($"The Scalar-net propagator is implemented for d = 1, 2, 3; got d = {dimension}.");
        Check.Positive(mass, "mass m");
        Check.Positive(cutoff, "cutoff Λ");
        r = Math.Abs(r);
        if (steps % 2 == 1) steps++;
        double h = cutoff / steps, sum = 0;
        for (int s = 0; s <= steps; s++)
        {
            double p = s * h, weight = s == 0 || s == steps ? 1 : (s % 2 == 1 ? 4 : 2);
            double radial = dimension switch
            {
                1 => Math.Cos(p * r) / Math.PI,
                2 => p * BesselJ0(p * r) / (2 * Math.PI),
                _ => p * p * (p * r == 0 ? 1 : Math.Sin(p * r) / (p * r)) / (2 * Math.PI * Math.PI),
            };
            sum += weight * radial / (p * p + mass * mass);
        }
        return sum * h / 3;
    }

    /// <summary>J₀(z) = (1/π)∫₀^π cos(z sin t) dt by Simpson's rule (accurate to ~1e-10 for |z| ≲ 100).</summary>
    public static double BesselJ0(double z)
    {
        const int n = 200;
        double h = Math.PI / n, sum = 0;
        for (int s = 0; s <= n; s++)
        {
            double weight = s == 0 || s == n ? 1 : (s % 2 == 1 ? 4 : 2);
            sum += weight * Math.Cos(z * Math.Sin(s * h));
        }
        return sum * h / 3 / Math.PI;
    }
}
