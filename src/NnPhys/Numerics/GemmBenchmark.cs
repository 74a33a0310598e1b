using System.Diagnostics;

namespace NnPhys.Numerics;

/// <summary>One row of a GEMM throughput comparison, in GFLOP/s (2·n³ flops per product); NaN when a backend is unavailable.</summary>
/// <param name="Size">n for the n×n·n×n float32 product.</param>
/// <param name="OpenBlasViaNnPhys">OpenBLAS through <see cref="Gemm.Multiply(Transpose, Transpose, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>.</param>
/// <param name="OpenBlasDirect">OpenBLAS <c>cblas_sgemm</c> called directly on raw pointers (no checks, no dispatch).</param>
/// <param name="Managed">The managed SIMD fallback through <see cref="Gemm"/>.</param>
public sealed record GemmBenchmarkResult(int Size, double OpenBlasViaNnPhys, double OpenBlasDirect, double Managed);

/// <summary>
/// Measures single-precision GEMM throughput (C = A·B, n×n, no transposes) with a Stopwatch: one warm-up call,
/// then <c>repetitions</c> timed samples, each a batch of calls long enough (≈ 20 ms) to time reliably; the median
/// sample is reported as GFLOP/s = 2n³ / seconds per call / 10⁹. Inputs are N(0, 1) from a fixed RandomStream.
/// The backend is pinned with <see cref="BlasProvider.Use"/> around each timed call, which leaves other threads alone.
/// </summary>
public static class GemmBenchmark
{
    const double TargetSampleSeconds = 0.02;

    /// <summary>GFLOP/s of <see cref="Gemm"/> on <paramref name="backend"/> (pinned for this thread's calls only).</summary>
    /// <exception cref="NnPhysException">OpenBLAS is requested but not available.</exception>
    public static double MeasureGflops(BlasBackend backend, int size, int repetitions = 7)
    {
        CheckArguments(size, repetitions);
        var (a, b, c) = Operands(size);
        return Interleaved(size, repetitions, [ViaGemm(backend, size, a, b, c)])[0];
    }

    /// <summary>GFLOP/s of OpenBLAS <c>cblas_sgemm</c> called directly on pinned raw pointers.</summary>
    /// <exception cref="NnPhysException">OpenBLAS is not available.</exception>
    public static double MeasureOpenBlasDirectGflops(int size, int repetitions = 7)
    {
        CheckArguments(size, repetitions);
        if (!OpenBlas.IsAvailable) throw new NnPhysException("OpenBLAS is not available: install it with 'apt-get install libopenblas0-pthread'.");
        var (a, b, c) = Operands(size);
        return Interleaved(size, repetitions, [Direct(size, a, b, c)])[0];
    }

    /// <summary>
    /// All three measurements for one size (OpenBLAS columns are NaN when it is not installed). The variants'
    /// samples are interleaved (A, B, C, A, B, C, …) so that load from other processes affects all of them alike.
    /// </summary>
    public static GemmBenchmarkResult Compare(int size, int repetitions = 7)
    {
        CheckArguments(size, repetitions);
        var (a, b, c) = Operands(size);
        if (!OpenBlas.IsAvailable)
            return new GemmBenchmarkResult(size, double.NaN, double.NaN, Interleaved(size, repetitions, [ViaGemm(BlasBackend.Managed, size, a, b, c)])[0]);
        var g = Interleaved(size, repetitions,
            [ViaGemm(BlasBackend.OpenBlas, size, a, b, c), Direct(size, a, b, c), ViaGemm(BlasBackend.Managed, size, a, b, c)]);
        return new GemmBenchmarkResult(size, g[0], g[1], g[2]);
    }

    /// <summary>A product through <see cref="Gemm"/> with <paramref name="backend"/> pinned for this call's flow only.</summary>
    static Action ViaGemm(BlasBackend backend, int n, float[] a, float[] b, float[] c) => () =>
    {
        using var scope = BlasProvider.Use(backend);
        Gemm.Multiply(Transpose.No, Transpose.No, n, n, n, 1f, a, n, b, n, 0f, c, n);
    };

    /// <summary>A raw <c>cblas_sgemm</c> call (row-major, no transposes) on arrays pinned for the call.</summary>
    static unsafe Action Direct(int n, float[] a, float[] b, float[] c) => () =>
    {
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
            OpenBlas.cblas_sgemm(101, 111, 111, n, n, n, 1f, pa, n, pb, n, 0f, pc, n);
    };

    static void CheckArguments(int size, int repetitions)
    {
        if (size < 1 || size > 16384) throw new InvalidConfigException($"GEMM benchmark size {size} must be in 1..16384.");
        if (repetitions < 1) throw new InvalidConfigException($"GEMM benchmark repetitions {repetitions} must be at least 1.");
    }

    static (float[] a, float[] b, float[] c) Operands(int size)
    {
        var rng = new RandomStream(seed: 20240601, stream: (ulong)size);
        var a = new float[size * size]; var b = new float[size * size]; var c = new float[size * size];
        rng.FillNormal(a); rng.FillNormal(b);
        return (a, b, c);
    }

    /// <summary>Warm-up, per-variant batch sizing (≈ 20 ms per sample), interleaved samples, median → GFLOP/s.</summary>
    static double[] Interleaved(int size, int repetitions, Action[] variants)
    {
        var sw = new Stopwatch();
        var calls = new int[variants.Length];
        for (int v = 0; v < variants.Length; v++)
        {
            variants[v](); // warm-up: JIT, thread pool, OpenBLAS thread start-up
            sw.Restart();
            variants[v]();
            double once = Math.Max(sw.Elapsed.TotalSeconds, 1e-7);
            calls[v] = (int)Math.Clamp(Math.Ceiling(TargetSampleSeconds / once), 1, 10_000);
        }
        var perCall = new double[variants.Length, repetitions];
        for (int r = 0; r < repetitions; r++)
            for (int v = 0; v < variants.Length; v++)
            {
                sw.Restart();
                for (int i = 0; i < calls[v]; i++) variants[v]();
                perCall[v, r] = sw.Elapsed.TotalSeconds / calls[v];
            }
        var gflops = new double[variants.Length];
        var samples = new double[repetitions];
        for (int v = 0; v < variants.Length; v++)
        {
            for (int r = 0; r < repetitions; r++) samples[r] = perCall[v, r];
            Array.Sort(samples);
            double median = repetitions % 2 == 1 ? samples[repetitions / 2] : 0.5 * (samples[repetitions / 2 - 1] + samples[repetitions / 2]);
            gflops[v] = 2.0 * size * size * (double)size / median / 1e9;
        }
        return gflops;
    }
}
