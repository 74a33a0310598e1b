using System.Diagnostics;
using System.Runtime.InteropServices;
using NnPhys.Kernels;
using NnPhys.Numerics;

namespace NnPhys.Bench;

/// <summary>
/// Where the time of `nnphys bench kernel` goes (NNGP + NTK Gram of n Gaussian points, d = 10, depth-3 ReLU stack):
/// the fused row kernel on one thread at every lane width this machine has (ns and nominal-clock cycles per entry and
/// activation layer), the band mirror, the input Gram (x·xᵀ/d), allocating and first touching the two n×n outputs,
/// and the whole Gram on all threads (wall and process CPU). Best of several repeats each.
/// Single-thread sections are timed in thread CPU time (CLOCK_THREAD_CPUTIME_ID), the rest in process CPU time too, so a
/// machine shared with other jobs inflates them less than wall time.
/// Usage: dotnet run -c Release --project bench/NnPhys.Bench -- kernel-profile [n] [repeats] [GHz]
/// </summary>
public static class KernelProfile
{
    public static void Print(int n, int repeats, double ghz)
    {
        const int d = 10, depth = 3;
        var random = new RandomStream(12345);
        var x = new Matrix<double>(n, d);
        random.FillNormal(x.Data);
        var kernel = new AnalyticKernel(KernelBenchmark.ReluStack(d, depth));
        var fused = kernel.Fused ?? throw new InvalidOperationException("no fused path");
        var input = new Matrix<double>(n, n);
        Gemm.Multiply(x, Transpose.No, x, Transpose.Yes, input, 1.0 / d);
        var diag = new double[n];
        for (int i = 0; i < n; i++) diag[i] = input[i, i];
        var prepared = fused.Diagonal(diag, x);
        var k = new Matrix<double>(n, n); var t = new Matrix<double>(n, n);
        double pairs = n * (n - 1) / 2.0, entryActivations = pairs * depth;
        Console.WriteLine($"n = {n}, d = {d}, depth {depth}: {pairs:E3} off-diagonal pairs, {entryActivations:E3} entry-activations; cycles at {ghz} GHz");
        foreach (var width in new[] { LaneWidth.Avx512x2, LaneWidth.Avx512, LaneWidth.Avx2, LaneWidth.Scalar })
        {
            try { FusedLeakyReluGram.Resolve(width); } catch (PlatformNotSupportedException) { Console.WriteLine($"{width}: not on this machine"); continue; }
            double best = Best(repeats, () =>
            {
                Array.Copy(input.Data, k.Data, input.Data.Length);
                double start = ThreadCpu();
                for (int i = 0; i < n; i++) fused.Row(prepared, i, k.Row(i)[..(i + 1)], t.Row(i)[..(i + 1)], width);
                return ThreadCpu() - start;
            });
            Console.WriteLine($"rows (input kernel in registers), one thread, {width,-6}: {best * 1e3,8:F2} ms CPU = {best / entryActivations * 1e9:F3} ns = {best / entryActivations * ghz * 1e9:F2} cycles per entry-activation");
        }
        double mirror = Best(repeats, () =>
        {
            double start = ThreadCpu();
            for (int i0 = 0; i0 < n; i0 += 64)
                for (int j0 = 0; j0 < Math.Min(n, i0 + 64); j0 += 64)
                { AnalyticKernel.MirrorTile(k, i0, Math.Min(n, i0 + 64), j0, Math.Min(j0 + 64, n)); AnalyticKernel.MirrorTile(t, i0, Math.Min(n, i0 + 64), j0, Math.Min(j0 + 64, n)); }
            return ThreadCpu() - start;
        });
        Console.WriteLine($"mirror both matrices, one thread: {mirror * 1e3:F2} ms CPU");
        double gemm = Best(repeats, () =>
        {
            double start = ProcessCpu();
            Gemm.Multiply(x, Transpose.No, x, Transpose.Yes, input, 1.0 / d);
            return ProcessCpu() - start;
        });
        Console.WriteLine($"input Gram x·xᵀ/d (Gemm, its own threads): {gemm * 1e3:F2} ms CPU");
        double alloc = Best(repeats, () =>
        {
            double start = ThreadCpu();
            var a = GC.AllocateUninitializedArray<double>(n * n); var b = GC.AllocateUninitializedArray<double>(n * n);
            for (int i = 0; i < a.Length; i += 512) { a[i] = 1; b[i] = 1; }
            return ThreadCpu() - start;
        });
        Console.WriteLine($"allocate + first touch of two n×n arrays: {alloc * 1e3:F2} ms CPU");
        var process = Process.GetCurrentProcess();
        double cpu = double.PositiveInfinity;
        double wall = Best(repeats, () =>
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            kernel.Gram(x);
            double s = clock.Elapsed.TotalSeconds;
            process.Refresh();
            cpu = Math.Min(cpu, (process.TotalProcessorTime - cpu0).TotalSeconds);
            return s;
        });
        Console.WriteLine($"whole Gram, {Environment.ProcessorCount} threads: {wall * 1e3:F2} ms wall (best), {cpu * 1e3:F1} ms CPU (best)");
        double cpuInto = double.PositiveInfinity;
        double wallInto = Best(repeats, () =>
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            kernel.FusedGram(x, k, t, LaneWidth.Best);
            double s = clock.Elapsed.TotalSeconds;
            process.Refresh();
            cpuInto = Math.Min(cpuInto, (process.TotalProcessorTime - cpu0).TotalSeconds);
            return s;
        });
        Console.WriteLine($"the same into two reused n×n matrices (no allocation, no first touch): {wallInto * 1e3:F2} ms wall (best), {cpuInto * 1e3:F1} ms CPU (best)");
    }

    /// <summary>Largest errors (ulp of the reference) of <see cref="ArcCosineSine"/> at every lane width against Math.Acos
    /// (θ, and π − θ as acos(−c)) and √(fma(−c, c, 1)) over a grid of 2·10⁶ + 1 points on [−1, 1], 10⁶ random points and
    /// geometric tails toward ±1 down to the snap zone.</summary>
    public static void PrintAccuracy()
    {
        var c = new List<double>();
        for (int k = -1000000; k <= 1000000; k++) c.Add(k / 1000000.0);
        var random = new RandomStream(3);
        for (int k = 0; k < 1000000; k++) c.Add(random.NextUniform(-1, 1));
        for (double e = 0.5; e > 2 * ArcCosineSine.SnapToOne; e *= 0.97) { c.Add(1 - e); c.Add(-1 + e); }
        foreach (var width in new[] { LaneWidth.Avx512, LaneWidth.Avx2, LaneWidth.Scalar })
        {
            try { FusedLeakyReluGram.Resolve(width); } catch (PlatformNotSupportedException) { continue; }
            double worstTheta = 0, worstPi = 0, worstSin = 0, atTheta = 0, atSin = 0;
            foreach (double v in c)
            {
                double theta, piMinus, sin;
                if (width == LaneWidth.Avx512) { ArcCosineSine.Evaluate<Lanes512, System.Runtime.Intrinsics.Vector512<double>>(System.Runtime.Intrinsics.Vector512.Create(v), out var a, out var b, out var d); (theta, piMinus, sin) = (a[0], b[0], d[0]); }
                else if (width == LaneWidth.Avx2) { ArcCosineSine.Evaluate<Lanes256, System.Runtime.Intrinsics.Vector256<double>>(System.Runtime.Intrinsics.Vector256.Create(v), out var a, out var b, out var d); (theta, piMinus, sin) = (a[0], b[0], d[0]); }
                else (theta, piMinus, sin) = ArcCosineSine.Scalar(v);
                double et = Ulps(theta, Math.Acos(v)), ep = Ulps(piMinus, Math.Acos(-v)), es = Ulps(sin, Math.Sqrt(Math.FusedMultiplyAdd(-v, v, 1)));
                if (et > worstTheta) (worstTheta, atTheta) = (et, v);
                worstPi = Math.Max(worstPi, ep);
                if (es > worstSin) (worstSin, atSin) = (es, v);
            }
            Console.WriteLine($"{width,-6}: {c.Count} points: θ max {worstTheta:F2} ulp (at c = {atTheta:R}), π − θ max {worstPi:F2} ulp, sin θ max {worstSin:F2} ulp (at c = {atSin:R})");
        }
    }

    static double Ulps(double value, double reference) => reference == 0 ? (value == 0 ? 0 : double.PositiveInfinity) : Math.Abs(value - reference) / (Math.BitIncrement(Math.Abs(reference)) - Math.Abs(reference));

    [StructLayout(LayoutKind.Sequential)] struct Timespec { public long Seconds, Nanoseconds; }
    [DllImport("libc", EntryPoint = "clock_gettime")] static extern int ClockGetTime(int clock, out Timespec time);
    static double Clock(int id) { ClockGetTime(id, out var ts); return ts.Seconds + ts.Nanoseconds * 1e-9; }
    static double ThreadCpu() => OperatingSystem.IsLinux() ? Clock(3) : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
    static double ProcessCpu() => OperatingSystem.IsLinux() ? Clock(2) : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    static double Best(int repeats, Func<double> run)
    {
        run();
        double best = double.PositiveInfinity;
        for (int r = 0; r < repeats; r++) best = Math.Min(best, run());
        return best;
    }
}
