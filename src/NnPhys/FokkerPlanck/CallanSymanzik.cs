using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.FokkerPlanck;

/// <summary>
/// The Callan–Symanzik reading of the drift-only Fokker–Planck equation (fokker-planck-to-callan-symanzik eqs. 15–26).
/// With D = G/t (eq. 15) and no diffusion, eq. (11) becomes β·∇P + t ∂P/∂t + nP = 0 (eq. 17) with β = G = t·D (eqs. 18–19)
/// and n = ∇·G. Along a characteristic dw/ds = G the density obeys dP/ds = −P ∇·G (eq. 23), and in one dimension (or for
/// decoupled components) a stationary density is P ∝ 1/G (eq. 26).
/// </summary>
public static class CallanSymanzik
{
    /// <summary>β = G = t·D (eqs. 15, 19) for cell- or face-sampled drift components; returns a new array.</summary>
    public static double[] Beta(ReadOnlySpan<double> drift, double t)
    {
        var beta = new double[drift.Length];
        for (int k = 0; k < beta.Length; k++) beta[k] = t * drift[k];   // fokker-planck-to-callan-symanzik eq. (19)
        return beta;
    }

    /// <summary>
    /// Eq. (26): the stationary 1-D density P(w) = const/G(w) at the cell centres, normalised to unit mass on the grid.
    /// </summary>
    /// <exception cref="InvalidConfigException">G vanishes or changes sign on the grid (then 1/G is not a density).</exception>
    public static double[] StationaryDensity1D(Grid1D grid, Func<double, double> g)
    {
        var p = new double[grid.N];
        double sign = Math.Sign(g(grid.CellCenter(0))), mass = 0;
        for (int i = 0; i < grid.N; i++)
        {
            double gi = g(grid.CellCenter(i));
            if (Math.Sign(gi) != sign || gi == 0)
                throw new InvalidConfigException($"G({grid.CellCenter(i):G4}) = {gi:G4}: eq. (26) P ∝ 1/G needs G of one sign without zeros on the grid.");
            p[i] = 1 / Math.Abs(gi);   // fokker-planck-to-callan-symanzik eq. (26)
            mass += p[i] * grid.Dx;
        }
        for (int i = 0; i < grid.N; i++) p[i] /= mass;
        return p;
    }

    /// <summary>
    /// Eq. (23): follows the characteristic dw/ds = G(w) from w(0) = (x0, y0) for a length s with RK4 (steps steps) and
    /// returns its end point and the factor P(w(s))/P₀ = exp(−∫₀ˢ ∇·G(w(s')) ds').
    /// </summary>
    public static (double X, double Y, double DensityFactor) AlongCharacteristic(Func<double, double, (double X, double Y)> g,
        Func<double, double, double> divergence, double x0, double y0, double s, int steps = 200)
    {
        // State (x, y, I) with dI/ds = ∇·G, integrated together.
        double x = x0, y = y0, integral = 0, h = s / steps;
        for (int k = 0; k < steps; k++)
        {
            var (k1x, k1y) = g(x, y); double k1i = divergence(x, y);
            var (k2x, k2y) = g(x + 0.5 * h * k1x, y + 0.5 * h * k1y); double k2i = divergence(x + 0.5 * h * k1x, y + 0.5 * h * k1y);
            var (k3x, k3y) = g(x + 0.5 * h * k2x, y + 0.5 * h * k2y); double k3i = divergence(x + 0.5 * h * k2x, y + 0.5 * h * k2y);
            var (k4x, k4y) = g(x + h * k3x, y + h * k3y); double k4i = divergence(x + h * k3x, y + h * k3y);
            x += h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
            y += h / 6 * (k1y + 2 * k2y + 2 * k3y + k4y);
            integral += h / 6 * (k1i + 2 * k2i + 2 * k3i + k4i);
        }
        return (x, y, Math.Exp(-integral));   // fokker-planck-to-callan-symanzik eq. (23)
    }

    /// <summary>
    /// The exact drift-only solution at (x, y, t) by the method of characteristics (eq. 23 with the time-independent drift D
    /// as G and s = t): trace the characteristic back to its foot w₀ at time 0 and carry P₀(w₀) forward with the factor
    /// exp(−∫ ∇·D ds).
    /// </summary>
    public static double TransportedDensity(Func<double, double, double> initial, Func<double, double, (double X, double Y)> drift,
        Func<double, double, double> divergence, double x, double y, double t, int steps = 200)
    {
        var (x0, y0, _) = AlongCharacteristic((a, b) => { var d = drift(a, b); return (-d.X, -d.Y); }, (a, b) => -divergence(a, b), x, y, t, steps);
        var (_, _, factor) = AlongCharacteristic(drift, divergence, x0, y0, t, steps);
        return initial(x0, y0) * factor;
    }
}
