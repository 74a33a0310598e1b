using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>Why a backend test cannot run on this machine, or null when it can (evaluated once, at test discovery).</summary>
internal static class HardwareSkip
{
    public static string? OpenBlas => BlasProvider.OpenBlasAvailable ? null
        : "OpenBLAS (libopenblas.so.0) is not installed, so there is no second backend to compare with; install libopenblas0-pthread (scripts/setup.sh does) to run this test.";

    public static string? Avx2 => GemmMicroKernels.IsSupported ? null
        : "This CPU has no AVX2/FMA, so the blocked GEMM kernel under test is never used here; run on an x86-64 CPU with AVX2 and FMA.";
}

/// <summary>A fact that needs OpenBLAS: reported as skipped, with the reason, when it is missing (never a silent pass).</summary>
public sealed class OpenBlasFactAttribute : FactAttribute
{
    public OpenBlasFactAttribute() => Skip = HardwareSkip.OpenBlas;
}

/// <summary>A theory that needs OpenBLAS: reported as skipped, with the reason, when it is missing.</summary>
public sealed class OpenBlasTheoryAttribute : TheoryAttribute
{
    public OpenBlasTheoryAttribute() => Skip = HardwareSkip.OpenBlas;
}

/// <summary>A fact that needs the AVX2/FMA GEMM kernel: reported as skipped, with the reason, on CPUs without it.</summary>
public sealed class Avx2FactAttribute : FactAttribute
{
    public Avx2FactAttribute() => Skip = HardwareSkip.Avx2;
}

/// <summary>A theory that needs the AVX2/FMA GEMM kernel: reported as skipped, with the reason, on CPUs without it.</summary>
public sealed class Avx2TheoryAttribute : TheoryAttribute
{
    public Avx2TheoryAttribute() => Skip = HardwareSkip.Avx2;
}
