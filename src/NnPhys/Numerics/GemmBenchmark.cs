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
/// </summary>
public static class GemmBenchmark
{
    const double TargetSampleSeconds = 0.02;

    /// <summary>GFLOP/s of <see cref="Gemm"/> on <paramref name="backend"/> (forced for the duration, then restored).</summary>
    /// <exception cref="NnPhysException">OpenBLAS is requested but not available.</exception>
    public static double MeasureGflops(BlasBackend backend, int size, int repetitions = 7)
    {
        CheckArguments(size, repetitions);
        var (a, b, c) = Operands(size);
        var previous = BlasProvider.Forced;
        BlasProvider.Force(backend);
        try
        {
            return Measure(size, repetitions, () =>
                Gemm.Multiply(Transpose.No, Transpose.No, size, size, size, 1f, a, size, b, size, 0f, c, size));
        }
        finally { BlasProvider.Force(previous); }
    }

    /// <summary>GFLOP/s of OpenBLAS <c>cblas_sgemm</c> called directly on pinned raw pointers.</summary>
    /// <exception cref="NnPhysException">OpenBLAS is not available.</exception>
    public static unsafe double MeasureOpenBlasDirectGflops(int size, int repetitions = 7)
    {
        CheckArguments(size, repetitions);
        if (!OpenBlas.IsAvailable) throw new NnPhysException("OpenBLAS is not available: install it with 'apt-get install libopenblas0-pthread'.");
        var (a, b, c) = Operands(size);
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
        {
            nint aAddr = (nint)pa, bAddr = (nint)pb, cAddr = (nint)pc;
            return Measure(size, repetitions, () =>
                OpenBlas.cblas_sgemm(101, 111, 111, size, size, size, 1f, (float*)aAddr, size, (float*)bAddr, size, 0f, (float*)cAddr, size));
        }
    }

    /// <summary>All three measurements for one size (OpenBLAS columns are NaN when it is not installed).</summary>
    public static GemmBenchmarkResult Compare(int size, int repetitions = 7)
    {
        bool haveOpenBlas = OpenBlas.IsAvailable;
        double via = haveOpenBlas ? MeasureGflops(BlasBackend.OpenBlas, size, repetitions) : double.NaN;
        double direct = haveOpenBlas ? MeasureOpenBlasDirectGflops(size, repetitions) : double.NaN;
        double managed = MeasureGflops(BlasBackend.Managed, size, repetitions);
        return new GemmBenchmarkResult(size, via, direct, managed);
    }

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

    static double Measure(int size, int repetitions, Action product)
    {
        product(); // warm-up: JIT, thread pool, OpenBLAS thread start-up
        var sw = Stopwatch.StartNew();
        product();
        double once = Math.Max(sw.Elapsed.TotalSeconds, 1e-7);
        int callsPerSample = (int)Math.Clamp(Math.Ceiling(TargetSampleSeconds / once), 1, 10_000);
        var perCall = new double[repetitions];
        for (int r = 0; r < repetitions; r++)
        {
            sw.Restart();
            for (int i = 0; i < callsPerSample; i++) product();
            perCall[r] = sw.Elapsed.TotalSeconds / callsPerSample;
        }
        Array.Sort(perCall);
        double median = repetitions % 2 == 1 ? perCall[repetitions / 2] : 0.5 * (perCall[repetitions / 2 - 1] + perCall[repetitions / 2]);
        return 2.0 * size * size * (double)size / median / 1e9;
    }
}
