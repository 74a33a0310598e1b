using NnPhys.Numerics;
using NnPhys.Numerics.Sampling;

namespace NnPhys.Ensembles;

/// <summary>
/// Reflection positivity as the spectrum of a reflected correlator matrix M_IJ = ⟨F_I · Θ(F_J)⟩ with Θ the reflection
/// x₀ → −x₀: positive semidefinite (λ_min ≥ 0) is what eq. (133) of tasi-physics-for-ml demands.
/// </summary>
/// <param name="Matrix">Which matrix.</param>
/// <param name="Size">Its dimension.</param>
/// <param name="MinEigenvalue">Smallest eigenvalue λ_min.</param>
/// <param name="MaxEigenvalue">Largest eigenvalue.</param>
/// <param name="ErrorScale">Standard error of λ_min, from its spread over 8 independent batches of samples.</param>
public sealed record ReflectionPositivityResult(string Matrix, int Size, double MinEigenvalue, double MaxEigenvalue, double ErrorScale)
{
    /// <summary>λ_min ≥ −3 standard errors.</summary>
    public bool PositiveWithinErrors => MinEigenvalue >= -3 * ErrorScale;
}

/// <summary>G4_c with the second pair of points moved a distance L away from the first pair.</summary>
public sealed record ClusterPoint(double Separation, CorrelatorEstimate ConnectedFourPoint);

/// <summary>
/// Osterwalder–Schrader checks of an ensemble (tasi-physics-for-ml §5.1): reflection positivity (eq. (133)) of the two-point
/// matrix G2(x_i, Rx_j) and of the four-point matrix G4(x_a, x_b, Rx_c, Rx_d) over pairs, for points in the x₀ &gt; 0 half-space;
/// and cluster decomposition: G4_c(x1, x2, x3 + L e, x4 + L e) → 0 as L → ∞.
/// </summary>
public static class OsterwalderSchraderChecks
{
    /// <summary>Reflection x₀ → −x₀.</summary>
    public static double[] Reflect(double[] x)
    {
        var y = (double[])x.Clone();
        y[0] = -y[0];
        return y;
    }

    /// <summary>Two- and four-point reflection-positivity matrices measured by direct Monte Carlo.</summary>
    /// <exception cref="InvalidConfigException">A point with x₀ ≤ 0, or fewer than two points.</exception>
    public static ReflectionPositivityResult[] ReflectionPositivity(INetworkEnsemble ensemble, double[][] halfSpacePoints, ulong seed, long samples, int maxThreads = 0)
    {
        int n = halfSpacePoints.Length;
        if (n < 2) throw new InvalidConfigException("Reflection positivity needs at least 2 points with x₀ > 0.");
        foreach (var x in halfSpacePoints)
            if (x.Length == 0 || !(x[0] > 0)) throw new InvalidConfigException("Reflection-positivity points must lie in the half-space x₀ > 0 (their images x₀ → −x₀ form the other half); move the points.");
        var all = new List<double[]>(halfSpacePoints);
        all.AddRange(halfSpacePoints.Select(Reflect)); // point n + j is R(x_j)
        var points = new PointSet(all);

        var pairs = new List<(int a, int b)>();
        for (int a = 0; a < n; a++) for (int b = a; b < n; b++) pairs.Add((a, b));
        var tuples = new List<int[]>();
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) tuples.Add([i, n + j]);                       // G2(x_i, Rx_j)
        foreach (var (a, b) in pairs) foreach (var (c, d) in pairs) tuples.Add([a, b, n + c, n + d]);          // G4(x_a, x_b, Rx_c, Rx_d)
        // B independent batches of streams: the spread of λ_min over batches gives its standard error
        const int batches = 8;
        if (samples < 2 * batches) throw new InvalidConfigException($"Reflection positivity uses {batches} batches: give at least {2 * batches} samples.");
        var total = new CorrelatorAccumulator(tuples, points.Count);
        var batchMin = new double[2][];
        batchMin[0] = new double[batches]; batchMin[1] = new double[batches];
        for (int b = 0; b < batches; b++)
        {
            long first = samples * b / batches, end = samples * (b + 1) / batches;
            var acc = Correlators.SampleNetworks(ensemble, points, tuples, seed, new StreamRange(first, end - first), maxThreads);
            var (twoB, fourB) = Matrices(acc, n, pairs.Count);
            batchMin[0][b] = Spectrum("", twoB, 0).MinEigenvalue;
            batchMin[1][b] = Spectrum("", fourB, 0).MinEigenvalue;
            total.Merge(acc);
        }
        var (two, four) = Matrices(total, n, pairs.Count);
        return [Spectrum("two-point G2(x_i, Rx_j)", two, BatchError(batchMin[0])), Spectrum("four-point G4(x_a, x_b, Rx_c, Rx_d)", four, BatchError(batchMin[1]))];
    }

    static double BatchError(double[] values)
    {
        double mean = values.Average(), ss = 0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / (values.Length - 1) / values.Length);
    }

    // tuples are laid out as n² pairs (i, n + j) then q² quadruples (a, b, n + c, n + d)
    static (double[,] two, double[,] four) Matrices(CorrelatorAccumulator acc, int n, int q)
    {
        int t = 0;
        var two = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) two[i, j] = CorrelatorEstimators.Moment(acc, t++).Value;
        var four = new double[q, q];
        for (int i = 0; i < q; i++) for (int j = 0; j < q; j++) four[i, j] = CorrelatorEstimators.Moment(acc, t++).Value;
        return (two, four);
    }

    /// <summary>Eigenvalue range of the symmetrised matrix, with a given standard error of λ_min.</summary>
    public static ReflectionPositivityResult Spectrum(string name, double[,] matrix, double minEigenvalueError)
    {
        int n = matrix.GetLength(0);
        var sym = new Matrix<double>(n, n);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) sym[i, j] = 0.5 * (matrix[i, j] + matrix[j, i]);
        var eigen = SymmetricEigen.Eigenvalues(sym); // ascending, NnPhys.Numerics (LAPACK dsyevd or managed)
        double min = eigen[0], max = eigen[^1];
        return new ReflectionPositivityResult(name, n, min, max, minEigenvalueError);
    }

    /// <summary>G4_c(x1, x2, x3 + L·direction, x4 + L·direction) for each separation L, by direct Monte Carlo.</summary>
    /// <exception cref="InvalidConfigException">Not exactly 4 base points, or a direction of another dimension.</exception>
    public static ClusterPoint[] ClusterDecomposition(INetworkEnsemble ensemble, double[][] basePoints, double[] direction, IReadOnlyList<double> separations, ulong seed, long samples, int maxThreads = 0)
    {
        if (basePoints.Length != 4) throw new InvalidConfigException($"Cluster decomposition moves the pair (x3, x4) away from (x1, x2): give exactly 4 base points, got {basePoints.Length}.");
        var result = new ClusterPoint[separations.Count];
        for (int k = 0; k < separations.Count; k++)
        {
            var shift = SymmetryChecks.Shift(direction.Select(v => v * separations[k]).ToArray());
            double[][] config = [basePoints[0], basePoints[1], shift(basePoints[2]), shift(basePoints[3])];
            var acc = Correlators.SampleNetworks(ensemble, new PointSet(config), [[0, 1, 2, 3]], seed + (ulong)k * 104729, samples, maxThreads);
            result[k] = new ClusterPoint(separations[k], CorrelatorEstimators.Connected(acc, 0));
        }
        return result;
    }
}
