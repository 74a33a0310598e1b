namespace NnPhys.Numerics;

/// <summary>Which implementation carries GEMM, eigendecompositions and Cholesky solves.</summary>
public enum BlasBackend { OpenBlas, Managed }

/// <summary>
/// Chooses the linear-algebra backend at run time: OpenBLAS (Debian <c>libopenblas0-pthread</c>) when it loads,
/// else the managed SIMD fallback. The environment variable <c>NNPHYS_BLAS</c> (<c>openblas</c> or <c>managed</c>)
/// or <see cref="Force"/> overrides the choice. <see cref="Force"/> is scoped to the calling execution flow (an
/// <see cref="AsyncLocal{T}"/>): it applies to the caller and to tasks and parallel loops it starts afterwards, never to
/// work running concurrently elsewhere, so forcing a backend in one place cannot change the rounding of another
/// computation midway.
/// </summary>
public static class BlasProvider
{
    static readonly BlasBackend? EnvironmentChoice = ParseEnvironment();
    static readonly AsyncLocal<Override> FlowOverride = new();

    /// <summary>A forced choice for one execution flow; <c>Backend</c> null means automatic.</summary>
    sealed record Override(BlasBackend? Backend);

    static BlasBackend? _forced => FlowOverride.Value is { } o ? o.Backend : EnvironmentChoice;

    /// <summary>True when the OpenBLAS shared library was found and loaded.</summary>
    public static bool OpenBlasAvailable => OpenBlas.IsAvailable;

    /// <summary>The backend used by the next call.</summary>
    public static BlasBackend Active => _forced ?? (OpenBlas.IsAvailable ? BlasBackend.OpenBlas : BlasBackend.Managed);

    /// <summary>The backend forced by <see cref="Force"/> or <c>NNPHYS_BLAS</c>, or null when chosen automatically
    /// (read it before forcing, to restore it afterwards).</summary>
    public static BlasBackend? Forced => _forced;

    /// <summary>
    /// Forces a backend for the calling execution flow (null restores automatic choice; <c>NNPHYS_BLAS</c> no longer
    /// applies to this flow). Forcing OpenBLAS when it is missing throws.
    /// </summary>
    public static void Force(BlasBackend? backend)
    {
        if (backend == BlasBackend.OpenBlas && !OpenBlas.IsAvailable)
            throw new NnPhysException("OpenBLAS was requested but could not be loaded: install it with 'apt-get install libopenblas0-pthread' or use the managed backend (NNPHYS_BLAS=managed).");
        FlowOverride.Value = new Override(backend);
    }

    /// <summary>A short description for manifests, e.g. "openblas (libopenblas.so.0, 2 threads)".</summary>
    public static string Describe() => Active == BlasBackend.OpenBlas ? $"openblas ({OpenBlas.LoadedName})" : "managed (System.Numerics.Tensors SIMD)";

    static BlasBackend? ParseEnvironment()
    {
        var v = Environment.GetEnvironmentVariable("NNPHYS_BLAS")?.Trim().ToLowerInvariant();
        return v switch
        {
            null or "" or "auto" => null,
            "openblas" => OpenBlas.IsAvailable ? BlasBackend.OpenBlas
                : throw new NnPhysException("NNPHYS_BLAS=openblas but OpenBLAS could not be loaded: install it with 'apt-get install libopenblas0-pthread' or unset NNPHYS_BLAS."),
            "managed" => BlasBackend.Managed,
            _ => throw new NnPhysException($"NNPHYS_BLAS='{v}' is not a backend; use 'openblas', 'managed' or 'auto'."),
        };
    }
}
