using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>
/// Runs test code under a pinned backend and restores the previous choice. Test classes that use it carry
/// <c>[Collection("BlasBackend")]</c> so they never run in parallel with each other.
/// </summary>
internal static class BlasBackends
{
    /// <summary>The backends that can run here (OpenBLAS only when installed).</summary>
    public static TheoryData<BlasBackend> Available()
    {
        var data = new TheoryData<BlasBackend> { BlasBackend.Managed };
        if (BlasProvider.OpenBlasAvailable) data.Add(BlasBackend.OpenBlas);
        return data;
    }

    /// <summary>Runs <paramref name="body"/> with <paramref name="backend"/> pinned for this test's flow only
    /// (<see cref="BlasProvider.Use"/>), so tests of other folders running in parallel keep their backend.</summary>
    public static T With<T>(BlasBackend backend, Func<T> body)
    {
        using var scope = BlasProvider.Use(backend);
        return body();
    }

    public static void With(BlasBackend backend, Action body) => With(backend, () => { body(); return 0; });

    /// <summary>A random symmetric matrix (B + Bᵀ)/2 with N(0, 1) entries in B.</summary>
    public static Matrix<double> RandomSymmetric(RandomStream rng, int n)
    {
        var m = new Matrix<double>(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                m[i, j] = m[j, i] = rng.NextNormal();
        return m;
    }

    /// <summary>A random SPD matrix B·Bᵀ + n·I.</summary>
    public static Matrix<double> RandomSpd(RandomStream rng, int n)
    {
        var b = new Matrix<double>(n, n);
        rng.FillNormal(b.Data);
        var a = new Matrix<double>(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = i == j ? n : 0;
                for (int p = 0; p < n; p++) s += b[i, p] * b[j, p];
                a[i, j] = s;
            }
        return a;
    }
}
