using NnPhys.Numerics;

namespace NnPhys.Bench;

/// <summary>
/// Quick GFLOP/s table without BenchmarkDotNet (seconds, not minutes):
/// <c>dotnet run -c Release --project bench/NnPhys.Bench -- gemm-gflops [sizes...]</c>.
/// </summary>
public static class GemmThroughput
{
    public static void Print(IEnumerable<int> sizes)
    {
        Console.WriteLine($"backend: {BlasProvider.Describe()}, cores: {Environment.ProcessorCount}");
        Console.WriteLine($"{"n",6} {"OpenBLAS via nnphys",20} {"OpenBLAS direct",16} {"managed",10}   (SGEMM GFLOP/s, median)");
        foreach (int n in sizes)
        {
            var r = GemmBenchmark.Compare(n);
            Console.WriteLine($"{n,6} {r.OpenBlasViaNnPhys,20:F1} {r.OpenBlasDirect,16:F1} {r.Managed,10:F1}");
        }
    }
}
