using System.Diagnostics;
using NnPhys.Numerics.Sampling;

namespace NnPhys.Ensembles;

/// <summary>A throughput measurement.</summary>
/// <param name="Samples">Networks sampled.</param>
/// <param name="Width">Width N.</param>
/// <param name="Points">Points per network.</param>
/// <param name="Threads">Threads used.</param>
/// <param name="Seconds">Wall-clock seconds.</param>
/// <param name="NeuronEvaluationsPerSecond">Evaluations per wall-clock second.</param>
/// <param name="NeuronEvaluations">samples × width × points.</param>
/// <param name="CpuSeconds">Process CPU time during the run: on a shared machine wall time overstates the cost.</param>
/// <param name="NeuronEvaluationsPerCpuSecond">Evaluations per CPU-second; times the thread count it is the rate on idle cores.</param>
/// <param name="ManagedMegabytes">Live managed heap after the run (after a full collection): flat as samples grow.</param>
public sealed record ThroughputResult(long Samples, int Width, int Points, int Threads, double Seconds, double CpuSeconds, long NeuronEvaluations,
    double NeuronEvaluationsPerSecond, double NeuronEvaluationsPerCpuSecond, double ManagedMegabytes);

/// <summary>
/// Throughput of ensemble sampling: Cos-net networks drawn and evaluated at a batch of points with the two-point
/// accumulator running (the work of a G2 estimate), timed over the whole pipeline (RNG, evaluation, accumulation).
/// </summary>
public static class EnsembleBenchmark
{
    /// <summary>
    /// Neuron evaluations per second for Cos-net of the given width in d dimensions at a grid of points, accumulating
    /// G2 at all pairs of the first 8 points.
    /// </summary>
    public static ThroughputResult CosNetNeuronEvaluationsPerSecond(int width = 1000, int dimension = 2, int pointsPerAxis = 16, long samples = 2000, int maxThreads = 0)
    {
        var ensemble = NeuronSumEnsemble.CosNet(dimension, width);
        var perAxis = dimension == 1 ? pointsPerAxis * pointsPerAxis : pointsPerAxis;
        var points = PointSet.Grid(dimension, perAxis, -2, 2);
        var tuples = Correlators.AllPairs(Math.Min(8, points.Count));
        // warm-up (JIT, thread pool)
        Correlators.SampleNetworks(ensemble, points, tuples, 1, new StreamRange(0, Math.Min(64, samples)), maxThreads);
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Correlators.SampleNetworks(ensemble, points, tuples, 2, new StreamRange(0, samples), maxThreads);
        double seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        long evaluations = samples * width * points.Count;
        int threads = maxThreads > 0 ? maxThreads : Environment.ProcessorCount;
        return new ThroughputResult(samples, width, points.Count, threads, seconds, cpu, evaluations, evaluations / seconds, evaluations / cpu, GC.GetTotalMemory(forceFullCollection: true) / 1048576.0);
    }
}
