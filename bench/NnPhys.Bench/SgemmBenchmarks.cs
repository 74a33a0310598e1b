using BenchmarkDotNet.Attributes;
using NnPhys.Numerics;

namespace NnPhys.Bench;

/// <summary>
/// Single-precision GEMM C = A·B (n×n) through <see cref="Gemm"/> on each backend, plus OpenBLAS's
/// <c>cblas_sgemm</c> called directly on raw pointers (to measure nnphys's dispatch overhead).
/// Run: <c>dotnet run -c Release --project bench/NnPhys.Bench -- --filter '*Sgemm*'</c>.
/// </summary>
[MemoryDiagnoser]
public unsafe class SgemmBenchmarks
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
            throw new InvalidOperationException("OpenBLAS is not installed; run with NNPHYS_BLAS=managed or install libopenblas0-pthread.");
        var rng = new RandomStream(7, (ulong)N);
        _a = new float[N * N]; _b = new float[N * N]; _c = new float[N * N];
        rng.FillNormal(_a); rng.FillNormal(_b);
        BlasProvider.Force(Backend);
    }

    [GlobalCleanup]
    public void Cleanup() => BlasProvider.Force(null);

    [Benchmark(Description = "Gemm.Multiply (nnphys)")]
    public void ViaNnPhys() =>
        Gemm.Multiply(Transpose.No, Transpose.No, N, N, N, 1f, _a, N, _b, N, 0f, _c, N);

    [Benchmark(Description = "cblas_sgemm direct")]
    public void OpenBlasDirect()
    {
        if (Backend != BlasBackend.OpenBlas) return; // only meaningful once; the Managed row reports ~0 ns
        fixed (float* pa = _a) fixed (float* pb = _b) fixed (float* pc = _c)
            OpenBlas.cblas_sgemm(101, 111, 111, N, N, N, 1f, pa, N, pb, N, 0f, pc, N);
    }
}
