using MathNet.Numerics.Integration;

namespace NnPhys.Kernels;

/// <summary>
/// E[f(u) g(v)]-type Gaussian expectations E[h(u)h(v)] for (u, v) ~ N(0, [[k11, k12], [k12, k22]]) by quadrature in
/// polar coordinates of the whitened pair: u = r·√k11·cos ϑ, v = r·√k22·cos(ϑ − ψ), cos ψ = k12/√(k11k22), with
/// density e^(−r²/2) r dr dϑ/(2π). The angle integral is split at the four rays where u = 0 or v = 0, so activations
/// with a kink or jump at 0 (ReLU, its derivative, abs, leaky ReLU) are smooth on every piece and Gauss–Legendre
/// converges exponentially; the radius uses Gauss–Legendre on [0, 10] (the tail beyond is below 1e-19).
/// This is the independent quadrature the closed forms are checked against, and the forced-quadrature path of
/// <see cref="AnalyticKernel"/>.
/// </summary>
public static class PolarQuadrature
{
    /// <summary>Gauss–Legendre points per angle piece (4 pieces).</summary>
    public const int AngleOrder = 32;
    /// <summary>Gauss–Legendre points in the radius on [0, <see cref="RadiusCutoff"/>].</summary>
    public const int RadiusOrder = 64;
    /// <summary>Upper end of the radius integral.</summary>
    public const double RadiusCutoff = 10;

    static readonly GaussLegendreRule Radius = new(0, RadiusCutoff, RadiusOrder);
    static readonly GaussLegendreRule UnitAngle = new(0, 1, AngleOrder);
    static readonly double[] RadialWeights = Radius.Abscissas.Select((r, i) => Radius.Weights[i] * r * Math.Exp(-0.5 * r * r)).ToArray();

    /// <summary>E[h(u)·h(v)] for (u, v) ~ N(0, [[k11, k12], [k12, k22]]).</summary>
    /// <exception cref="ArgumentException">A variance is negative or the covariance is not positive semi-definite beyond round-off.</exception>
    public static double Expectation(Func<double, double> h, double k11, double k12, double k22)
    {
        if (!(k11 >= 0) || !(k22 >= 0) || k12 * k12 > k11 * k22 * (1 + 1e-12) + 1e-300)
            throw new ArgumentException($"[[{k11}, {k12}], [{k12}, {k22}]] is not a covariance matrix.");
        double s1 = Math.Sqrt(k11), s2 = Math.Sqrt(k22);
        double rho = s1 * s2 > 0 ? Math.Clamp(k12 / (s1 * s2), -1.0, 1.0) : 0.0;
        double psi = Math.Acos(rho);
        // rays where u = 0 (ϑ = ±π/2) and v = 0 (ϑ = ψ ± π/2), sorted in [0, 2π)
        double[] cuts = [Wrap(0.5 * Math.PI), Wrap(1.5 * Math.PI), Wrap(psi + 0.5 * Math.PI), Wrap(psi + 1.5 * Math.PI)];
        Array.Sort(cuts);
        double total = 0;
        for (int piece = 0; piece < cuts.Length; piece++)
        {
            double lo = cuts[piece], hi = piece + 1 < cuts.Length ? cuts[piece + 1] : cuts[0] + 2 * Math.PI;
            double width = hi - lo;
            if (width <= 0) continue;
            for (int a = 0; a < AngleOrder; a++)
            {
                double theta = lo + width * UnitAngle.Abscissas[a];
                double cu = s1 * Math.Cos(theta), cv = s2 * Math.Cos(theta - psi);
                double radial = 0;
                for (int r = 0; r < RadiusOrder; r++)
                {
                    double radius = Radius.Abscissas[r];
                    radial += RadialWeights[r] * h(radius * cu) * h(radius * cv);
                }
                total += width * UnitAngle.Weights[a] * radial;
            }
        }
        return total / (2 * Math.PI);
    }

    static double Wrap(double angle) => angle - 2 * Math.PI * Math.Floor(angle / (2 * Math.PI));
}
