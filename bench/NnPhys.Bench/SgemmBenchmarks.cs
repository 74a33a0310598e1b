using BenchmarkDotNet.Attributes;
using NnPhys.Numerics;

namespace NnPhys.Bench;

/// <summary>
/// Single-precision GEMM C = A·B (n×n) through <see cref="Gemm"/> on each backend.
/// Run: <c>dotnet run -c Release --project bench/NnPhys.Bench -- --filter '*Sgemm*'</c>.
/// Compare with <see cref="SgemmOpenBlasDirectBenchmarks"/> for nnphys's dispatch overhead over raw OpenBLAS.
/// </summary>
[MemoryDiagnoser]
public class SgemmBenchmarks
{
    float[] _a = [], _b = [], _c = [];

    [Params(256, 512, 1024)]
    public int N { get; set; }

    [ParamsAllValues]
    public BlasBackend Backend { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Backend == BlasBackend.OpenBlas && !BlasProvider.OpenBlasAvailable)
            throw new InvalidOperationException("OpenBLAS is not installed; install libopenblas0-pthread to benchmark it.");
        (_a, _b, _c) = SgemmOperands.Create(N);
        BlasProvider.Force(Backend);
    }

    [GlobalCleanup]
    public void Cleanup() => BlasProvider.Force(null);

    [Benchmark(Description = "Gemm.Multiply (nnphys)")]
    public void ViaNnPhys() =>
        Gemm.Multiply(Transpose.No, Transpose.No, N, N, N, 1f, _a, N, _b, N, 0f, _c, N);
}

/// <summary>OpenBLAS <c>cblas_sgemm</c> called directly on pinned raw pointers: the baseline for the OpenBLAS rows above.</summary>
public unsafe class SgemmOpenBlasDirectBenchmarks
{
    float[] _a = [], _b = [], _c = [];

    [Params(256, 512, 1024)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (!BlasProvider.OpenBlasAvailable)
            throw new InvalidOperationException("OpenBLAS is not installed; install libopenblas0-pthread to benchmark it.");
        (_a, _b, _c) = SgemmOperands.Create(N);
    }

    [Benchmark(Description = "cblas_sgemm direct")]
    public void Direct()
    {
        fixed (float* pa = _a) fixed (float* pb = _b) fixed (float* pc = _c)
            OpenBlas.cblas_sgemm(101, 111, 111, N, N, N, 1f, pa, N, pb, N, 0f, pc, N);
    }
}

static class SgemmOperands
{
    public static (float[] a, float[] b, float[] c) Create(int n)
    {
        var rng = new RandomStream(7, (ulong)n);
        var a = new float[n * n]; var b = new float[n * n];
        rng.FillNormal(a); rng.FillNormal(b);
        return (a, b, new float[n * n]);
    }
}
