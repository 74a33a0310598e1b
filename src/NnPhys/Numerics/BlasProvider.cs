namespace NnPhys.Numerics;

/// <summary>Which implementation carries GEMM, eigendecompositions and Cholesky solves.</summary>
public enum BlasBackend { OpenBlas, Managed }

/// <summary>
/// Chooses the linear-algebra backend at run time: OpenBLAS (Debian <c>libopenblas0-pthread</c>) when it loads,
/// else the managed SIMD fallback. The environment variable <c>NNPHYS_BLAS</c> (<c>openblas</c> or <c>managed</c>)
/// or <see cref="Force"/> overrides the choice process-wide; <see cref="Use"/> overrides it for the current thread
/// and the work it starts (async flow, Parallel.For) only, so tests and benchmarks can pin a backend without
/// disturbing code running in parallel.
/// </summary>
public static class BlasProvider
{
    static BlasBackend? _forced = ParseEnvironment();
    static readonly AsyncLocal<BlasBackend?> Scoped = new();

    /// <summary>True when the OpenBLAS shared library was found and loaded.</summary>
    public static bool OpenBlasAvailable => OpenBlas.IsAvailable;

    /// <summary>The backend used by the next call: the innermost <see cref="Use"/> scope, else <see cref="Forced"/>, else automatic.</summary>
    public static BlasBackend Active => Scoped.Value ?? _forced ?? (OpenBlas.IsAvailable ? BlasBackend.OpenBlas : BlasBackend.Managed);

    /// <summary>The backend forced by <see cref="Force"/> or <c>NNPHYS_BLAS</c>, or null when chosen automatically
    /// (read it before forcing, to restore it afterwards).</summary>
    public static BlasBackend? Forced => _forced;

    /// <summary>Forces a backend (null restores automatic choice). Forcing OpenBLAS when it is missing throws.</summary>
    public static void Force(BlasBackend? backend)
    {
        if (backend == BlasBackend.OpenBlas && !OpenBlas.IsAvailable)
            throw new NnPhysException("OpenBLAS was requested but could not be loaded: install it with 'apt-get install libopenblas0-pthread' or use the managed backend (NNPHYS_BLAS=managed).");
        _forced = backend;
    }

    /// <summary>
    /// Uses <paramref name="backend"/> for calls made on this thread and in work it starts (the value flows with
    /// the ExecutionContext) until the returned scope is disposed; other threads are unaffected. Scopes nest.
    /// Dispose on the same flow that created it, e.g. <c>using var _ = BlasProvider.Use(BlasBackend.Managed);</c>.
    /// </summary>
    /// <exception cref="NnPhysException">OpenBLAS is requested but could not be loaded.</exception>
    public static IDisposable Use(BlasBackend backend)
    {
        if (backend == BlasBackend.OpenBlas && !OpenBlas.IsAvailable)
            throw new NnPhysException("OpenBLAS was requested but could not be loaded: install it with 'apt-get install libopenblas0-pthread' or use the managed backend.");
        var previous = Scoped.Value;
        Scoped.Value = backend;
        return new ScopeRestorer(previous);
    }

    sealed class ScopeRestorer(BlasBackend? previous) : IDisposable
    {
        bool _disposed;
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Scoped.Value = previous;
        }
    }

    /// <summary>A short description for manifests, e.g. "openblas (libopenblas.so.0, 2 threads)".</summary>
    public static string Describe() => Active == BlasBackend.OpenBlas
        ? $"openblas ({OpenBlas.LoadedName}, {OpenBlas.ThreadCount} threads)"
        : $"managed ({(GemmMicroKernels.IsSupported ? "AVX2/FMA blocked GEMM" : "portable SIMD")}, {Environment.ProcessorCount} cores)";

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
