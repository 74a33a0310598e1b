using System.Diagnostics;
using MathNet.Numerics.Interpolation;
using NnPhys.Architectures;
using NnPhys.Numerics;
using NnPhys.Runs;

namespace NnPhys.Dmft;

/// <summary>The η = 0 stationary solution of <see cref="StationaryNewtonSolver.SolveGaussianClosure"/>.</summary>
/// <param name="Lags">τ = 0, h, …, horizon.</param>
/// <param name="Autocorrelation">Δ(τ).</param>
/// <param name="Delta0">Δ(0).</param>
/// <param name="TauHalf">First lag with Δ = Δ₀/2 (linear interpolation).</param>
/// <param name="Residual">max_τ |Δ − F[Δ]| at the end.</param>
/// <param name="Converged">Residual ≤ tolerance.</param>
/// <param name="Steps">Newton steps (residual, GMRES products, line-search factor).</param>
/// <param name="Evaluations">Map evaluations in all.</param>
/// <param name="Seconds">Wall-clock seconds.</param>
public sealed record GaussianClosureSolution(double[] Lags, double[] Autocorrelation, double Delta0, double TauHalf, double Residual, bool Converged,
    IReadOnlyList<NewtonKrylovStep> Steps, int Evaluations, double Seconds);

/// <summary>The Monte Carlo stationary solution by Newton–Krylov, with its Newton history.</summary>
/// <param name="Solution">The solution (the same record as the damped iteration's; Residuals are the Newton residuals).</param>
/// <param name="Steps">Newton steps of the last continuation stage.</param>
/// <param name="Evaluations">Map evaluations (each a full set of effective paths) in all stages.</param>
/// <param name="Stages">η of every continuation stage.</param>
public sealed record StationaryNewtonResult(StationaryDmftSolution Solution, IReadOnlyList<NewtonKrylovStep> Steps, int Evaluations, double[] Stages);

/// <summary>
/// Stationary DMFT by Jacobian-free Newton–Krylov (<see cref="NewtonKrylov"/>) on the residual u − F[u] instead of the
/// damped iteration u ← F[u]. At σ = 0 the physical (decaying) solution is an unstable fixed point of F (an even
/// eigenvalue &gt; 1 of the linearised map, docs/dmft.md), which no damping can reach; Newton converges to it because it
/// solves (I − F′)δ = F[u] − u, whatever the sign of 1 − eigenvalue.
/// <list type="bullet">
/// <item><see cref="SolveGaussianClosure"/> (η = 0 only): x is Gaussian, so C_φ(τ) = C_φ(Δ(τ); Δ₀) exactly (Gaussian
/// integrals) and F[Δ] = (1 − ∂²)⁻¹ g² C_φ(Δ) — a deterministic map on the lag grid, so the solution is SCS up to
/// the grid's O(h²) quadrature error.</item>
/// <item><see cref="SolveMonteCarlo"/> (any η, σ, φ): F is the Monte Carlo map <see cref="StationaryDmftSolver.Map"/> with
/// common random numbers (a deterministic function of the iterate), so Newton converges to the fixed point of that
/// sampled map; its distance from the exact one is the Monte Carlo error.</item>
/// </list>
/// </summary>
public static class StationaryNewtonSolver
{
    /// <summary>
    /// η = 0, σ = 0, odd bounded φ: solves Δ(τ) = g² ∫ ½e^{−|τ−s|} C_φ(Δ(s); Δ(0)) ds (s over the whole line, Δ even,
    /// Δ = 0 beyond <paramref name="horizon"/>) by the trapezoid rule on a grid of step <paramref name="step"/>; C_φ is
    /// tabulated on 161 points of [0, Δ₀] per map evaluation (natural cubic spline). The start is a crude bump
    /// 0.64(g² − 1)·sech²(τ/4), not the SCS solution, unless <paramref name="initial"/> is given.
    /// </summary>
    public static GaussianClosureSolution SolveGaussianClosure(double gain, Activation activation, double step = 0.05, double horizon = 60,
        double tolerance = 1e-10, int maxIterations = 40, double[]? initial = null, Action<NewtonKrylovStep>? report = null)
    {
        var watch = Stopwatch.StartNew();
        var theory = new ScsTheory(gain, activation, 0.2); // validates g and φ
        if (gain <= 1) throw new InvalidConfigException($"At g = {gain} ≤ 1 the only stationary state is x = 0 (Δ ≡ 0); the Gaussian-closure solve is for the chaotic phase g > 1.");
        if (!(step is > 0 and <= 0.5)) throw new InvalidConfigException($"--dt must be in (0, 0.5], got {step}.");
        if (!(horizon >= 20 * step && horizon <= 400)) throw new InvalidConfigException($"--correlation-horizon must be in [20·dt, 400], got {horizon}.");
        int k = (int)Math.Round(horizon / step) + 1;
        var lags = Enumerable.Range(0, k).Select(i => i * step).ToArray();
        // K_ij = g² h w_j ½(e^{−|i−j|h} + e^{−(i+j)h}): the even extension folded onto s ≥ 0, trapezoid weights w_j
        var kernel = new double[k * k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double w = j == 0 || j == k - 1 ? 0.5 : 1;
                kernel[i * k + j] = gain * gain * step * w * 0.5 * (Math.Exp(-Math.Abs(i - j) * step) + Math.Exp(-(i + j) * step));
            }
        const int table = 161;
        var tableX = new double[table]; var tableY = new double[table];
        double[] Residual(double[] delta)
        {
            double d0 = Math.Max(delta[0], 1e-12);
            for (int t = 0; t < table; t++) { tableX[t] = d0 * t / (table - 1); tableY[t] = theory.PhiCorrelation(tableX[t], d0); }
            var spline = CubicSpline.InterpolateNaturalSorted(tableX, tableY);
            var c = new double[k];
            for (int j = 0; j < k; j++)
            {
                double a = Math.Min(Math.Abs(delta[j]), d0);
                c[j] = Math.Sign(delta[j]) * spline.Interpolate(a);
            }
            var g = new double[k];
            for (int i = 0; i < k; i++)
            {
                double s = 0;
                for (int j = 0; j < k; j++) s += kernel[i * k + j] * c[j];
                g[i] = delta[i] - s;
            }
            return g;
        }
        if (initial is not null && initial.Length != k) throw new InvalidConfigException($"The initial Δ has {initial.Length} lags; this grid needs {k}.");
        var start = initial ?? lags.Select(t => 0.64 * (gain * gain - 1) / Math.Pow(Math.Cosh(t / 4), 2)).ToArray();
        var result = NewtonKrylov.Solve(Residual, start, tolerance, maxIterations, linearTolerance: 1e-4, restart: 60, maxLinearIterations: 120, relativeDifferenceStep: 1e-7, report: report);
        var delta = result.Solution;
        return new GaussianClosureSolution(lags, delta, delta[0], Experiments.SolveExperiment.HalfDecay(lags, delta), result.Residual, result.Converged,
            result.Steps, result.Evaluations, watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The Monte Carlo stationary map solved by Newton–Krylov. Unknowns: C_φ on the correlation horizon and R_φ on the
    /// response lags, each scaled by its size in the starting iterate, plus ⟨φ⟩. Start: the SCS solution (σ = 0, odd
    /// bounded φ, g &gt; 1), reaching η in <paramref name="continuationSteps"/> stages, each a Newton solve seeded by the
    /// last; otherwise a Gaussian bump. Residual = max-norm of the scaled u − F[u], i.e. relative to C_φ(0) and max|R_φ|
    /// (the damped solver's measure); <see cref="StationaryDmftConfig.Tolerance"/> and <see cref="StationaryDmftConfig.MaxIterations"/>
    /// (Newton steps per stage) apply. Never throws for non-convergence: see <see cref="StationaryDmftSolution.Converged"/>.
    /// </summary>
    public static StationaryNewtonResult SolveMonteCarlo(StationaryDmftConfig config, int continuationSteps = 2, IProgress<ProgressTick>? progress = null,
        CancellationToken cancellation = default, StationaryDmftGuess? guess = null)
    {
        config.Validate();
        if (continuationSteps < 0) throw new InvalidConfigException($"--continuation-steps must be ≥ 0, got {continuationSteps}.");
        var watch = Stopwatch.StartNew();
        var act = DmftActivations.Parse(config.Activation);
        double h = config.Step;
        int lags = (int)Math.Round(config.MaxLag / h) + 1, horizon = (int)Math.Round(config.CorrelationHorizon / h) + 1;
        bool scsStart = guess is null && config.Noise == 0 && config.Gain > 1 && ScsTheory.Supports(act);
        if (guess is null)
        {
            if (scsStart)
            {
                var theory = new ScsTheory(config.Gain, act);
                double d0 = theory.StationaryVariance(), slope = theory.MeanSlope(d0);
                var delta = theory.Autocorrelation(d0, Enumerable.Range(0, horizon).Select(i => i * h).ToArray());
                guess = new StationaryDmftGuess(delta.Select(d => theory.PhiCorrelation(d, d0)).ToArray(), Enumerable.Range(0, lags).Select(i => slope * Math.Exp(-i * h)).ToArray(), 0);
            }
            else guess = new StationaryDmftGuess(Enumerable.Range(0, horizon).Select(i => 0.5 * Math.Exp(-i * h * i * h / 8)).ToArray(), Enumerable.Range(0, lags).Select(i => 0.5 * Math.Exp(-i * h)).ToArray(), 0);
        }
        if (guess.PhiCorrelation.Length != horizon || guess.PhiResponse.Length != lags)
            throw new InvalidConfigException($"The initial guess has {guess.PhiCorrelation.Length} correlation and {guess.PhiResponse.Length} response lags; this config needs {horizon} and {lags}.");
        int stagesCount = scsStart && config.Eta != 0 ? Math.Max(1, continuationSteps) : 0;
        var stages = Enumerable.Range(scsStart && config.Eta != 0 ? 1 : 0, stagesCount == 0 ? 1 : stagesCount).Select(s => stagesCount == 0 ? config.Eta : config.Eta * s / stagesCount).ToArray();
        int evaluations = 0;
        var residuals = new List<double>();
        IReadOnlyList<NewtonKrylovStep> steps = [];
        double[] phiCorr = guess.PhiCorrelation, phiResp = guess.PhiResponse; double meanPhi = guess.MeanPhi;
        bool converged = false;
        double lastEta = stages[0];
        foreach (double eta in stages)
        {
            lastEta = eta;
            var stage = config with { Eta = eta };
            double sC = Math.Max(Math.Abs(phiCorr[0]), 1e-12), sR = Math.Max(phiResp.Max(Math.Abs), 1e-12);
            bool usesResponse = eta != 0;
            double[] Pack(double[] c, double[] r, double m) => [.. c.Select(v => v / sC), .. r.Select(v => v / sR), m / sC];
            double[] G(double[] u)
            {
                var c = u[..horizon].Select(v => v * sC).ToArray(); var r = u[horizon..(horizon + lags)].Select(v => v * sR).ToArray();
                var (stats, mc, mr) = StationaryDmftSolver.Map(stage, c, r, u[^1] * sC, cancellation);
                var f = Pack(mc, mr, stats.MeanPhi / stats.Paths);
                var g = new double[u.Length];
                for (int i = 0; i < u.Length; i++) g[i] = u[i] - f[i];
                if (!usesResponse) for (int i = horizon; i < horizon + lags; i++) g[i] = 0; // at η = 0 R_φ does not feed back: solved after
                return g;
            }
            var result = NewtonKrylov.Solve(G, Pack(phiCorr, phiResp, meanPhi), config.Tolerance, config.MaxIterations, linearTolerance: 1e-2, restart: 20, maxLinearIterations: 20,
                relativeDifferenceStep: 1e-6, report: s =>
                {
                    residuals.Add(s.Residual);
                    progress?.Report(new ProgressTick(Math.Min(1.0, (double)s.Iteration / config.MaxIterations), $"η = {eta:G3}: Newton {s.Iteration}: residual {s.Residual:E3} (tolerance {config.Tolerance:E1}), {s.LinearIterations} GMRES products, step {s.StepLength:G3}"));
                }, cancellation: cancellation);
            evaluations += result.Evaluations;
            steps = result.Steps;
            var u = result.Solution;
            phiCorr = u[..horizon].Select(v => v * sC).ToArray(); phiResp = u[horizon..(horizon + lags)].Select(v => v * sR).ToArray(); meanPhi = u[^1] * sC;
            converged = result.Converged;
            if (!converged) break;
        }
        // one more map at the solution for C_x, R_x, their errors (and R_φ at η = 0, where it does not feed back)
        var map = StationaryDmftSolver.MapWithCorrelation(config with { Eta = lastEta }, phiCorr, phiResp, meanPhi, cancellation);
        var st = map.Stats;
        evaluations++;
        if (lastEta == 0) phiResp = map.PhiResponse;
        double n = st.Paths;
        var cx = map.Correlation;
        var se = st.CorrelationSquares.Select((v, i) => Math.Sqrt(Math.Max(v / n - cx[i] * cx[i], 0) / Math.Max(n - 1, 1))).ToArray();
        var response = st.Response.Select(v => v / Math.Max(st.Kicks, 1)).ToArray();
        var solution = new StationaryDmftSolution(Enumerable.Range(0, lags).Select(i => i * h).ToArray(), cx[..lags], se[..lags], response, phiResp,
            Enumerable.Range(0, horizon).Select(i => i * h).ToArray(), phiCorr, cx, st.MeanX / n, meanPhi, converged, residuals.Count, [.. residuals], watch.Elapsed.TotalSeconds);
        return new StationaryNewtonResult(solution, steps, evaluations, stages);
    }
}
