using NnPhys.Runs;

namespace NnPhys.Uat.Experiments;

/// <summary>A 1-D target for the bump construction, defined on all of ℝ, with its default interval.</summary>
public sealed record UatTarget(string Name, Func<double, double> Function, double A, double B)
{
    static readonly Choices<UatTarget> Table = new("a UAT target",
    [
        (["sin"], new("sin", Math.Sin, -Math.PI, Math.PI)), (["gauss"], new("gauss", x => Math.Exp(-x * x), -3, 3)),
        (["runge"], new("runge", x => 1 / (1 + 25 * x * x), -1, 1)), (["abs"], new("abs", Math.Abs, -1, 1)),
    ]);

    /// <summary>The targets <see cref="Parse"/> knows.</summary>
    public static IReadOnlyList<string> ValidNames => Table.Names;

    /// <summary>sin x on [−π, π] (the paper's Fig. 1), e^(−x²) on [−3, 3], 1/(1+25x²) on [−1, 1], |x| on [−1, 1].</summary>
    /// <exception cref="InvalidConfigException">Unknown name; lists the valid ones.</exception>
    public static UatTarget Parse(string name) => Table.Parse(name, "--target");
}

/// <summary>Configuration of <c>nnphys uat bumps</c>.</summary>
/// <param name="Target">Target name (sin, gauss, runge, abs).</param>
/// <param name="Bumps">Numbers of bumps M (width N = M − 1), ascending, each ≥ 2.</param>
/// <param name="Steepness">Relative steepnesses κ (s = κ/Δ) to compare.</param>
/// <param name="HeadlineSteepness">The κ of the headline rates and the bump figure.</param>
/// <param name="EvaluationPoints">Uniform points on [a, b] where the errors are measured.</param>
public sealed record UatConfig(string Target = "sin", int[]? Bumps = null, double[]? Steepness = null, double HeadlineSteepness = 4,
    int EvaluationPoints = 20001) : IExperimentConfig
{
    /// <summary>M = 8, 16, …, 1024 unless set.</summary>
    public int[] BumpCounts => Bumps ?? [8, 16, 32, 64, 128, 256, 512, 1024];
    /// <summary>κ = 0.5, 1, 2, 4, 8, 16, 64 unless set (always including the headline κ).</summary>
    public double[] Kappas => (Steepness ?? [0.5, 1, 2, 4, 8, 16, 64]).Append(HeadlineSteepness).Distinct().Order().ToArray();

    /// <summary>Throws on invalid fields before anything is written.</summary>
    public void Validate()
    {
        UatTarget.Parse(Target);
        if (BumpCounts.Length < 2) throw new InvalidConfigException("Give at least two bump counts to fit a rate, e.g. --bumps 8-1024.");
        foreach (var m in BumpCounts)
            if (m < 2) throw new InvalidConfigException($"Bump count {m} is too small: the width N = M − 1 must be positive, so M ≥ 2.");
        if (BumpCounts.Distinct().Count() != BumpCounts.Length) throw new InvalidConfigException("Bump counts repeat a value; give each once.");
        foreach (var k in Kappas)
            if (!double.IsFinite(k) || k <= 0) throw new InvalidConfigException($"Steepness κ = {k} must be positive and finite (s = κ/Δ; e.g. 4).");
        if (EvaluationPoints < 100) throw new InvalidConfigException($"Use at least 100 evaluation points, got {EvaluationPoints}.");
    }
}

/// <summary>Errors of one approximation family over the bump counts, with the fitted log-log rates (vs width N).</summary>
public sealed record UatErrorCurve(string Label, double[] Sup, double[] L2, double SupRate, double L2Rate);

/// <summary>Result of the UAT experiment.</summary>
/// <param name="Config">What was run.</param>
/// <param name="Widths">N = M − 1 per bump count.</param>
/// <param name="Bumps">One curve per κ, labelled "κ=…".</param>
/// <param name="NullModels">Piecewise-constant (the κ → ∞ staircase) and piecewise-linear interpolation (what N ReLUs can do) at the same N.</param>
/// <param name="BestKappa">Per bump count, the κ with the smallest sup error.</param>
/// <param name="Metrics">Headline rates and errors (the --json keys).</param>
/// <param name="RunDirectory">Where it was written, or null when only measured.</param>
public sealed record UatResult(UatConfig Config, int[] Widths, IReadOnlyList<UatErrorCurve> Bumps, IReadOnlyList<UatErrorCurve> NullModels, double[] BestKappa,
    IReadOnlyDictionary<string, double> Metrics, string? RunDirectory = null);

/// <summary>Sup and L2 errors of the sigmoid-bump construction (eqs. 21–24) against width and steepness.</summary>
public static class UatConvergence
{
    /// <summary>Measures every (M, κ) and the null models; pure computation.</summary>
    public static UatResult Measure(UatConfig config, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        var target = UatTarget.Parse(config.Target);
        var bumps = config.BumpCounts.Order().ToArray();
        var xs = Enumerable.Range(0, config.EvaluationPoints).Select(i => target.A + (target.B - target.A) * i / (config.EvaluationPoints - 1)).ToArray();
        var f = xs.Select(target.Function).ToArray();
        var widths = bumps.Select(m => m - 1).ToArray();
        var curves = new List<UatErrorCurve>();
        foreach (var kappa in config.Kappas)
        {
            cancellation.ThrowIfCancellationRequested();
            var errors = bumps.Select(m => Errors(f, xs, new SigmoidBumpNetwork(target.Function, target.A, target.B, m, kappa).Evaluate)).ToArray();
            curves.Add(Curve($"κ={kappa:G4}", widths, errors));
            progress?.Report(new ProgressTick(curves.Count / (double)config.Kappas.Length, $"κ = {kappa:G4}"));
        }
        var staircase = bumps.Select(m => Errors(f, xs, x => Staircase(target, m, x))).ToArray();
        var linear = bumps.Select(m => Errors(f, xs, x => LinearInterpolation(target, m, x))).ToArray();
        var nulls = new[] { Curve("staircase (κ → ∞)", widths, staircase), Curve("piecewise-linear (N ReLUs)", widths, linear) };
        var best = bumps.Select((_, i) => config.Kappas[Enumerable.Range(0, curves.Count).MinBy(k => curves[k].Sup[i])]).ToArray();
        var head = curves[Array.IndexOf(config.Kappas, config.HeadlineSteepness)];
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["sup_error_rate"] = head.SupRate,
            ["l2_error_rate"] = head.L2Rate,
            ["headline_kappa"] = config.HeadlineSteepness,
            ["sup_error_at_max_width"] = head.Sup[^1],
            ["l2_error_at_max_width"] = head.L2[^1],
            ["staircase_sup_error_rate"] = nulls[0].SupRate,
            ["piecewise_linear_sup_error_rate"] = nulls[1].SupRate,
        };
        foreach (var c in curves) { metrics[$"sup_error_rate_kappa_{c.Label[2..]}"] = c.SupRate; metrics[$"l2_error_rate_kappa_{c.Label[2..]}"] = c.L2Rate; }
        return new UatResult(config with { Bumps = bumps }, widths, curves, nulls, best, metrics);
    }

    static UatErrorCurve Curve(string label, int[] widths, (double Sup, double L2)[] errors)
    {
        var n = widths.Select(w => (double)w).ToArray();
        var sup = errors.Select(e => e.Sup).ToArray();
        var l2 = errors.Select(e => e.L2).ToArray();
        return new UatErrorCurve(label, sup, l2, LogLogSlope(n, sup), LogLogSlope(n, l2));
    }

    /// <summary>Least-squares slope of ln y on ln x over the points with y &gt; 0 (NaN with fewer than two).</summary>
    static double LogLogSlope(double[] x, double[] y)
    {
        var p = x.Zip(y).Where(t => t.Second > 0 && double.IsFinite(t.Second)).Select(t => (X: Math.Log(t.First), Y: Math.Log(t.Second))).ToArray();
        if (p.Length < 2) return double.NaN;
        double mx = p.Average(t => t.X), my = p.Average(t => t.Y);
        return p.Sum(t => (t.X - mx) * (t.Y - my)) / p.Sum(t => (t.X - mx) * (t.X - mx));
    }

    /// <summary>sup |f − φ| and the L2 norm √(∫(f − φ)² dx) on the uniform grid (trapezoid rule).</summary>
    public static (double Sup, double L2) Errors(double[] f, double[] xs, Func<double, double> approximation)
    {
        double sup = 0, integral = 0, h = xs[1] - xs[0];
        for (int i = 0; i < xs.Length; i++)
        {
            double e = f[i] - approximation(xs[i]);
            sup = Math.Max(sup, Math.Abs(e));
            integral += (i == 0 || i == xs.Length - 1 ? 0.5 : 1) * e * e * h;
        }
        return (sup, Math.Sqrt(integral));
    }

    /// <summary>The κ → ∞ limit: f(c_i) on cell i.</summary>
    static double Staircase(UatTarget t, int m, double x)
    {
        double cell = (t.B - t.A) / m;
        int i = Math.Clamp((int)Math.Floor((x - t.A) / cell), 0, m - 1);
        return t.Function(t.A + (i + 0.5) * cell);
    }

    /// <summary>Linear interpolation through N + 1 = M equispaced knots including both ends (a ReLU network with N units can represent it).</summary>
    static double LinearInterpolation(UatTarget t, int m, double x)
    {
        double h = (t.B - t.A) / (m - 1);
        int i = Math.Clamp((int)Math.Floor((x - t.A) / h), 0, m - 2);
        double x0 = t.A + i * h, u = (x - x0) / h;
        return (1 - u) * t.Function(x0) + u * t.Function(x0 + h);
    }
}
