using System.Globalization;

namespace NnPhys.Kan;

/// <summary>A library function f for symbolic snapping, its complexity (ties go to the simpler one) and how to print f(arg).</summary>
/// <param name="Name">Short name, e.g. "sin".</param>
/// <param name="Complexity">Rank used to prefer simpler functions (0 for the zero function, polynomials low).</param>
/// <param name="F">The function; NaN or ±∞ outside its domain (such (a, b) are skipped).</param>
/// <param name="Format">Prints f applied to an argument expression.</param>
public sealed record SymbolicFunction(string Name, int Complexity, Func<double, double> F, Func<string, string> Format);

/// <summary>One fitted candidate y ≈ c·f(a·x + b) + d with its coefficient of determination R² on the fitted points.</summary>
public sealed record SymbolicFit(SymbolicFunction Function, double A, double B, double C, double D, double R2)
{
    /// <summary>c·f(a·x + b) + d.</summary>
    public double Evaluate(double x) => C == 0 ? D : C * Function.F(A * x + B) + D;

    /// <summary>The candidate as text with <paramref name="argument"/> in place of x, e.g. "1.2·sin(3.142·x1 + 0.1) + 0.5".</summary>
    public string Format(string argument)
    {
        if (Function.Complexity == 0 || C == 0) return Num(D);
        // offsets below 1e-8 of the scale they shift are printed as 0 (Evaluate keeps them)
        bool noB = Math.Abs(B) < 1e-8 * Math.Max(1, Math.Abs(A)), noD = Math.Abs(D) < 1e-8 * Math.Max(1, Math.Abs(C));
        string scaled = Num(A) == "1" ? argument : $"{Num(A)}·{Paren(argument)}";
        string inner = noB ? scaled : $"{scaled} {Signed(B)}";
        string term = Num(C) == "1" ? Function.Format(inner) : $"{Num(C)}·{Function.Format(inner)}";
        return noD ? term : $"{term} {Signed(D)}";
    }

    internal static string Num(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
    internal static string Signed(double v) => v < 0 ? $"− {Num(-v)}" : $"+ {Num(v)}";
    static string Paren(string s) => s.Contains(' ') ? $"({s})" : s;
}

/// <summary>
/// Symbolic snapping of a learned edge function (Liu et al. 2024 §2.5.1, pykan's <c>fit_params</c> recipe, reimplemented):
/// for each library function f, a grid search over (a, b) — on the standardized input, three zooms around the best cell —
/// with the best c, d by linear least squares at every (a, b) (so the score is R² = corr(f(a·x + b), y)²), then canonical
/// affine parameters (exp absorbs b into c, powers take a = 1). The chosen candidate is the simplest one whose unexplained
/// variance 1 − R² is within a factor of 10 of the best candidate's (or below 1e-9) and at most 1e-3 above it: cos(εx) mimics x² to any R² as ε → 0,
/// and the simpler x² must win such ties.
/// </summary>
public static class KanSymbolic
{
    static string Wrap(string arg) => arg.StartsWith('(') || !arg.Contains(' ') ? arg : $"({arg})";

    /// <summary>The default library: 0, x, x², x³, x⁴, 1/x, √x, exp, log, sin, tanh.</summary>
    public static IReadOnlyList<SymbolicFunction> Library { get; } =
    [
        new("0", 0, _ => 0, _ => "0"),
        new("x", 1, x => x, a => a),
        new("x^2", 2, x => x * x, a => $"{Wrap(a)}²"),
        new("x^3", 3, x => x * x * x, a => $"{Wrap(a)}³"),
        new("x^4", 4, x => x * x * x * x, a => $"{Wrap(a)}⁴"),
        new("1/x", 3, x => Math.Abs(x) < 1e-3 ? double.NaN : 1 / x, a => $"1/{Wrap(a)}"),
        new("sqrt", 3, x => x < 0 ? double.NaN : Math.Sqrt(x), a => $"√{Wrap(a)}"),
        new("exp", 3, Math.Exp, a => $"exp({a})"),
        new("log", 3, x => x <= 0 ? double.NaN : Math.Log(x), a => $"log({a})"),
        new("sin", 3, Math.Sin, a => $"sin({a})"),
        new("tanh", 4, Math.Tanh, a => $"tanh({a})"),
    ];

    /// <summary>Every library function fitted to (x, y), best R² first.</summary>
    /// <exception cref="InvalidConfigException">Fewer than 3 points, lengths differ, or non-finite data.</exception>
    public static IReadOnlyList<SymbolicFit> FitAll(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<SymbolicFunction>? library = null,
        double range = 10, int gridPoints = 41, int zooms = 3)
    {
        if (x.Count != y.Count || x.Count < 3) throw new InvalidConfigException($"Symbolic fitting needs at least 3 (x, y) pairs of equal length; got {x.Count} and {y.Count}.");
        if (x.Any(v => !double.IsFinite(v)) || y.Any(v => !double.IsFinite(v))) throw new InvalidConfigException("Symbolic fitting got non-finite data.");
        return (library ?? Library).Select(f => Fit(x, y, f, range, gridPoints, zooms)).OrderByDescending(f => f.R2).ThenBy(f => f.Function.Complexity).ToList();
    }

    /// <summary>
    /// The simplest candidate whose 1 − R² is within a factor 10 of the best's (or below 1e-9), but never more than 1e-3 above
    /// the best's: a poor best fit (1 − R² = 0.1) must not let the zero function (1 − R² = 1) through.
    /// </summary>
    public static SymbolicFit Choose(IReadOnlyList<SymbolicFit> fits)
    {
        double bestLoss = fits.Min(f => 1 - f.R2);
        double allowed = bestLoss + Math.Min(Math.Max(9 * bestLoss, 1e-9), 1e-3);
        return fits.Where(f => 1 - f.R2 <= allowed).OrderBy(f => f.Function.Complexity).ThenByDescending(f => f.R2).First();
    }

    /// <summary>Fits y ≈ c·f(a·x + b) + d for one library function.</summary>
    public static SymbolicFit Fit(IReadOnlyList<double> x, IReadOnlyList<double> y, SymbolicFunction f, double range = 10, int gridPoints = 41, int zooms = 3)
    {
        int n = x.Count;
        double mx = x.Average(), sx = Math.Sqrt(x.Sum(v => (v - mx) * (v - mx)) / n);
        double my = y.Average(), syy = y.Sum(v => (v - my) * (v - my));
        bool constant = syy <= 1e-30 * Math.Max(1, my * my) * n;
        if (f.Complexity == 0 || constant) return new SymbolicFit(f, 0, 0, 0, my, constant ? 1 : 0); // the zero function explains nothing but a constant
        if (sx == 0) sx = 1;
        var u = x.Select(v => (v - mx) / sx).ToArray(); // standardized input
        var values = new double[n];
        double Score(double a, double b, out double c, out double d)
        {
            c = d = double.NaN;
            double mf = 0;
            for (int p = 0; p < n; p++) { double v = f.F(a * u[p] + b); if (!double.IsFinite(v)) return -1; values[p] = v; mf += v; }
            mf /= n;
            double sff = 0, sfy = 0;
            for (int p = 0; p < n; p++) { double df = values[p] - mf; sff += df * df; sfy += df * (y[p] - my); }
            if (!(sff > 1e-300) || !double.IsFinite(sff)) return -1;
            c = sfy / sff; d = my - c * mf;
            return sfy * sfy / (sff * syy);
        }
        double bestA = 1, bestB = 0, bestR2 = -1;
        if (f.Name == "x") bestR2 = Score(1, 0, out _, out _); // affine already: nothing to search
        else
        {
            double aLo = -range, aHi = range, bLo = -range, bHi = range;
            for (int zoom = 0; zoom <= zooms; zoom++)
            {
                double da = (aHi - aLo) / (gridPoints - 1), db = (bHi - bLo) / (gridPoints - 1);
                for (int ia = 0; ia < gridPoints; ia++)
                    for (int ib = 0; ib < gridPoints; ib++)
                    {
                        double a = aLo + ia * da, b = bLo + ib * db;
                        double r2 = Score(a, b, out _, out _);
                        if (r2 > bestR2) (bestR2, bestA, bestB) = (r2, a, b);
                    }
                (aLo, aHi, bLo, bHi) = (bestA - 2 * da, bestA + 2 * da, bestB - 2 * db, bestB + 2 * db);
            }
        }
        if (bestR2 < 0) return new SymbolicFit(f, 0, 0, 0, my, 0);
        Score(bestA, bestB, out double cc, out double dd);
        // back to the raw input: a·u + b = (a/σ)·x + (b − a·μ/σ)
        double A = bestA / sx, B = bestB - bestA * mx / sx, C = cc, D = dd;
        (A, B, C, D) = Canonical(f.Name, A, B, C, D);
        return new SymbolicFit(f, A, B, C, D, bestR2);
    }

    internal static (double A, double B, double C, double D) Canonical(string name, double a, double b, double c, double d) => name switch
    {
        "x" => (1, 0, c * a, d + c * b),
        "exp" => (a, 0, c * Math.Exp(b), d),
        "x^2" when a != 0 => (1, b / a, c * a * a, d),
        "x^3" when a != 0 => (1, b / a, c * a * a * a, d),
        "x^4" when a != 0 => (1, b / a, c * a * a * a * a, d),
        _ => (a, b, c, d),
    };
}
