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

        var warmUp = Stopwatch.StartNew();                                                  // warm-up (JIT tiers, caches): 200 ms
        while (warmUp.Elapsed.TotalMilliseconds < 200) { stepper.Step(a, b); (a, b) = (b, a); }
        if (substepsPerBatch <= 0)
        {
            var probe = Stopwatch.StartNew();
            int probeSteps = 0;
            while (probe.Elapsed.TotalMilliseconds < 20) { stepper.Step(a, b); (a, b) = (b, a); probeSteps++; }
            substepsPerBatch = Math.Max(1, probeSteps);
        }
        var batches = new double[5];
        for (int r = 0; r < batches.Length; r++)
        {
            var watch = Stopwatch.StartNew();
            for (int s = 0; s < substepsPerBatch; s++) { stepper.Step(a, b); (a, b) = (b, a); }
            batches[r] = watch.Elapsed.TotalMilliseconds / substepsPerBatch;
        }
        Array.Sort(batches);
        return batches[batches.Length / 2];
    }
}
