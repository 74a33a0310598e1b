using System.Diagnostics;

namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// A BenchmarkDotNet-free timing of the explicit Fokker–Planck substep, for the CLI's bench command: an n × n grid on
/// [−3, 3]², a rotating-and-contracting drift with constant σ² = 0.05, a Gaussian start, warm-up, then timed substeps.
/// </summary>
public static class FokkerPlanckBenchmark
{
    /// <summary>Milliseconds per explicit substep on an n × n grid (median of 5 batches).</summary>
    /// <param name="n">Cells per side (e.g. 256).</param>
    /// <param name="substepsPerBatch">Substeps per timed batch; 0 picks about 20 ms of work per batch.</param>
    public static double MeasureSubstep(int n, int substepsPerBatch = 0)
    {
        var grid = Grid2D.Square(-3, 3, n);
        var drift = DriftField.FromFunction(grid, (x, y) => (-x + 0.5 * y, -y - 0.5 * x));
        var op = new FokkerPlanckOperator(drift, DiffusionField.Constant(grid, 0.05));
        var stepper = new ExplicitFokkerPlanckStepper(op, 0.9 / op.MaxOutflowRate());
        var a = DensityField.Gaussian(grid, 0.3, -0.2, 0.5, 0.4).Values;
        var b = new double[a.Length];
        return Median(() => { stepper.Step(a, b); (a, b) = (b, a); }, substepsPerBatch);
    }

    /// <summary>
    /// Milliseconds per KPZ right-hand-side evaluation (one per KPZ substep) on the same n × n problem with the paper's
    /// σ² = 10⁻²² (pure upwind transport, as in the reproduction): the vectorised fast path, or with
    /// <paramref name="reference"/> the per-cell reference it equals bit for bit.
    /// </summary>
    public static double MeasureKpzRate(int n, bool reference = false)
    {
        var grid = Grid2D.Square(-3, 3, n);
        var drift = DriftField.FromFunction(grid, (x, y) => (-x + 0.5 * y, -y - 0.5 * x));
        var kpz = new KpzOperator(drift, DiffusionField.Constant(grid, 1e-22));
        var v = KpzOperator.PotentialFromDensity(DensityField.Gaussian(grid, 0.3, -0.2, 0.5, 0.4));
        var rate = new double[v.Length];
        return reference ? Median(() => kpz.EvolutionRateReference(v, rate)) : Median(() => kpz.EvolutionRate(v, rate));
    }

    // Warm-up (JIT tiers, caches) for 200 ms, then the median of 5 timed batches of about 20 ms each, in ms per call.
    static double Median(Action work, int callsPerBatch = 0)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalMilliseconds < 200) work();
        if (callsPerBatch <= 0)
        {
            var probe = Stopwatch.StartNew();
            int calls = 0;
            while (probe.Elapsed.TotalMilliseconds < 20) { work(); calls++; }
            callsPerBatch = Math.Max(1, calls);
        }
        var batches = new double[5];
        for (int r = 0; r < batches.Length; r++)
        {
            var watch = Stopwatch.StartNew();
            for (int s = 0; s < callsPerBatch; s++) work();
            batches[r] = watch.Elapsed.TotalMilliseconds / callsPerBatch;
        }
        Array.Sort(batches);
        return batches[batches.Length / 2];
    }
}
