using MathNet.Numerics.Interpolation;

namespace NnPhys.Dmft;

/// <summary>The shooting method's answer: Δ₀, τ_half and the trajectory Δ(τ) (NaN where the bracketing trajectories part).</summary>
/// <param name="Delta0">Stationary variance Δ₀.</param>
/// <param name="HalfDecayLag">First lag with Δ(τ) = Δ₀/2.</param>
/// <param name="Lags">Lags τ_k = k·step.</param>
/// <param name="Autocorrelation">Δ(τ_k); NaN after the two bracketing shots differ by more than 10⁻⁴Δ₀.</param>
/// <param name="Bisections">Bisection steps taken.</param>
public sealed record ScsShootingResult(double Delta0, double HalfDecayLag, double[] Lags, double[] Autocorrelation, int Bisections);

/// <summary>
/// Sompolinsky–Crisanti–Sommers Δ₀ by shooting: integrate Newton's law Δ̈ = Δ − g² C_φ(Δ; Δ₀) from rest at Δ₀ (RK4,
/// fixed step) and bisect on Δ₀ between shots that overshoot Δ = 0 (Δ₀ too small: V(Δ₀) &gt; V(0)) and shots that turn
/// back before reaching it (Δ₀ too large). It never uses the energy integral, so it checks <see cref="ScsTheory"/>
/// independently. C_φ(·; Δ₀) is tabulated on 401 points of [0, Δ₀] per shot and interpolated by a cubic spline.
/// </summary>
public static class ScsShooting
{
    enum Outcome { Overshoot, TurnBack, Undecided }

    /// <summary>Shoots for Δ₀ to relative precision ~1e-10 (or until shots stay undecided to <paramref name="maxLag"/>).</summary>
    public static ScsShootingResult Solve(ScsTheory theory, double step = 0.01, double maxLag = 150, double outputStep = 0.05, double outputLag = 40)
    {
        if (theory.Gain <= 1) throw new InvalidConfigException($"Shooting needs the chaotic phase g > 1, got g = {theory.Gain}; for g ≤ 1, Δ₀ = 0.");
        double lo = 1e-3, hi = 4 * theory.Gain * theory.Gain + 4;
        if (Shoot(theory, lo, step, maxLag, null) != Outcome.Overshoot || Shoot(theory, hi, step, maxLag, null) != Outcome.TurnBack)
            throw new NumericalInstabilityException($"SCS shooting could not bracket Δ₀ in [{lo}, {hi}] for g = {theory.Gain}.");
        int bisections = 0;
        while (hi - lo > 1e-11 * hi && bisections < 80)
        {
            double mid = 0.5 * (lo + hi);
            bisections++;
            var outcome = Shoot(theory, mid, step, maxLag, null);
            if (outcome == Outcome.Overshoot) lo = mid;
            else if (outcome == Outcome.TurnBack) hi = mid;
            else { lo = hi = mid; break; }
        }
        double delta0 = 0.5 * (lo + hi);
        var low = new List<(double d, double v)>(); var high = new List<(double d, double v)>();
        Shoot(theory, lo, step, maxLag, low); Shoot(theory, hi, step, maxLag, high);
        var best = new List<(double d, double v)>(); Shoot(theory, delta0, step, maxLag, best);
        double half = HalfCrossing(best, delta0 / 2, step);
        int outputs = (int)Math.Round(outputLag / outputStep) + 1;
        var lags = new double[outputs]; var curve = new double[outputs];
        int stride = (int)Math.Round(outputStep / step);
        for (int k = 0; k < outputs; k++)
        {
            lags[k] = k * outputStep; int i = k * stride;
            bool valid = i < low.Count && i < high.Count && Math.Abs(low[i].d - high[i].d) < 1e-4 * delta0;
            curve[k] = valid && i < best.Count ? best[i].d : double.NaN;
        }
        return new ScsShootingResult(delta0, half, lags, curve, bisections);
    }

    static Outcome Shoot(ScsTheory theory, double delta0, double h, double maxLag, List<(double d, double v)>? trajectory)
    {
        const int nodes = 401;
        var grid = new double[nodes]; var table = new double[nodes];
        for (int i = 0; i < nodes; i++) { grid[i] = delta0 * i / (nodes - 1); table[i] = theory.PhiCorrelation(grid[i], delta0); }
        var spline = CubicSpline.InterpolateNaturalSorted(grid, table);
        double g2 = theory.Gain * theory.Gain;
        double Force(double d) => d - g2 * Math.Sign(d) * spline.Interpolate(Math.Min(Math.Abs(d), delta0)); // C_φ odd in Δ
        double x = delta0, v = 0;
        trajectory?.Add((x, v));
        int steps = (int)(maxLag / h);
        for (int n = 0; n < steps; n++)
        {
            double k1x = v, k1v = Force(x);
            double k2x = v + 0.5 * h * k1v, k2v = Force(x + 0.5 * h * k1x);
            double k3x = v + 0.5 * h * k2v, k3v = Force(x + 0.5 * h * k2x);
            double k4x = v + h * k3v, k4v = Force(x + h * k3x);
            x += h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
            v += h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
            trajectory?.Add((x, v));
            if (trajectory is null && x < 0) return Outcome.Overshoot;
            if (trajectory is null && v > 0 && n > 0) return Outcome.TurnBack;
        }
        return Outcome.Undecided;
    }

    /// <summary>The first time Δ falls to <paramref name="level"/>, by cubic Hermite interpolation between RK4 steps.</summary>
    static double HalfCrossing(List<(double d, double v)> path, double level, double h)
    {
        for (int n = 1; n < path.Count; n++)
        {
            if (path[n].d > level) continue;
            var (d0, v0) = path[n - 1]; var (d1, v1) = path[n];
            double a = 0, b = 1;
            for (int it = 0; it < 60; it++)
            {
                double s = 0.5 * (a + b);
                double h00 = (1 + 2 * s) * (1 - s) * (1 - s), h10 = s * (1 - s) * (1 - s), h01 = s * s * (3 - 2 * s), h11 = s * s * (s - 1);
                double value = h00 * d0 + h10 * h * v0 + h01 * d1 + h11 * h * v1;
                if (value > level) a = s; else b = s;
            }
            return (n - 1 + 0.5 * (a + b)) * h;
        }
        return double.NaN;
    }
}
