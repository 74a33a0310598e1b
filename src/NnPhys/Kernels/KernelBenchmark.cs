using System.Diagnostics;
using NnPhys.Architectures;
using NnPhys.Numerics;

namespace NnPhys.Kernels;

/// <summary>Timing of <see cref="AnalyticKernel.Gram"/>.</summary>
/// <param name="Points">n.</param>
/// <param name="Depth">Hidden layers.</param>
/// <param name="BestSeconds">Fastest of the timed runs (after one warm-up).</param>
/// <param name="MedianSeconds">Median of the timed runs.</param>
/// <param name="PairsPerSecond">n(n+1)/2 pairs per second at the best time.</param>
/// <param name="CpuSeconds">Process CPU time of the fastest-CPU run (all threads): on a machine shared with other jobs
/// this, not the wall time, is what the computation costs; on P idle cores the wall time is about CpuSeconds/P.</param>
public sealed record KernelBenchmarkResult(int Points, int Depth, double BestSeconds, double MedianSeconds, double PairsPerSecond, double CpuSeconds);

/// <summary>
/// The `nnphys bench kernel` workload: NNGP + NTK Gram matrices of n Gaussian points in d dimensions through
/// dense(√2,0.1)-relu-… with <c>depth</c> hidden layers — the same recursion as bench/pytorch/kernel.py.
/// </summary>
public static class KernelBenchmark
{
    /// <summary>The stack "dense(√2,0.1)-relu-" repeated depth times, then "dense(√2,0.1)".</summary>
    public static LayerStack ReluStack(int dimension, int depth) =>
        KernelArchitecture.Parse(string.Concat(Enumerable.Repeat("dense(1.4142135623730951,0.1)-relu-", depth)) + "dense(1.4142135623730951,0.1)", dimension);

    /// <summary>Times the Gram computation: one warm-up, then <paramref name="runs"/> timed runs.</summary>
    public static KernelBenchmarkResult Run(int points, int dimension, int depth, int runs = 7)
    {
        var random = new RandomStream(12345);
        var x = new Matrix<double>(points, dimension);
        random.FillNormal(x.Data);
        var kernel = new AnalyticKernel(ReluStack(dimension, depth));
        kernel.Gram(x);
        var times = new double[runs];
        double cpu = double.PositiveInfinity;
        var process = Process.GetCurrentProcess();
        for (int r = 0; r < runs; r++)
        {
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            kernel.Gram(x);
            times[r] = clock.Elapsed.TotalSeconds;
            process.Refresh();
            cpu = Math.Min(cpu, (process.TotalProcessorTime - cpuStart).TotalSeconds);
        }
        Array.Sort(times);
        return new KernelBenchmarkResult(points, depth, times[0], times[runs / 2], points * (points + 1) / 2.0 / times[0], cpu);
    }
}
