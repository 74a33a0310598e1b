namespace NnPhys.Ensembles;

/// <summary>An odd correlator that must vanish under the ℤ₂ symmetry, with its estimate.</summary>
public sealed record OddCorrelatorMeasurement(int[] Tuple, CorrelatorEstimate Estimate)
{
    /// <summary>True when the estimate is within 3 standard errors of zero.</summary>
    public bool ConsistentWithZero => Math.Abs(Estimate.Pull(0)) < 3;
}

/// <summary>A correlator at a point configuration and at its transform under a Euclidean motion, and their difference.</summary>
public sealed record InvarianceMeasurement(string Transformation, int Width, CorrelatorEstimate Original, CorrelatorEstimate Transformed)
{
    /// <summary>Transformed − original.</summary>
    public double Difference => Transformed.Value - Original.Value;
    /// <summary>Standard error of the difference (independent runs).</summary>
    public double DifferenceError => Math.Sqrt(Original.StandardError * Original.StandardError + Transformed.StandardError * Transformed.StandardError);
    /// <summary>Difference in units of its standard error.</summary>
    public double Pull => DifferenceError > 0 ? Difference / DifferenceError : 0;
}

/// <summary>
/// Measured symmetries of network ensembles (tasi-physics-for-ml §3.3): the ℤ₂ symmetry φ → −φ of even P(w) (eq. (59)),
/// under which odd correlators vanish, and Euclidean invariance under input shifts x → x + a and rotations x → Rx:
/// Cos-net is invariant at every N (w and b absorb the motion, eqs. (65)–(66)); Gauss-net's G2 is invariant but its
/// G4_c is not, the breaking falling as 1/N.
/// </summary>
public static class SymmetryChecks
{
    /// <summary>G1 at every point and G3 at consecutive triples, by direct Monte Carlo.</summary>
    public static OddCorrelatorMeasurement[] OddCorrelators(INetworkEnsemble ensemble, PointSet points, ulong seed, long samples, int maxThreads = 0)
    {
        var tuples = new List<int[]>();
        for (int p = 0; p < points.Count; p++) tuples.Add([p]);
        for (int p = 0; p + 2 < points.Count; p++) tuples.Add([p, p + 1, p + 2]);
        if (points.Count < 3) tuples.Add([0, 0, 0]);
        var acc = Correlators.SampleNetworks(ensemble, points, tuples, seed, samples, maxThreads);
        var result = new OddCorrelatorMeasurement[tuples.Count];
        for (int t = 0; t < tuples.Count; t++) result[t] = new OddCorrelatorMeasurement(tuples[t], CorrelatorEstimators.Moment(acc, t));
        return result;
    }

    /// <summary>
    /// The connected n-point function at <paramref name="points"/> (all of them, in order; n = 2, 4 or 6) and at their images
    /// under <paramref name="transform"/>, from two independent runs (seeds <paramref name="seed"/> and seed + 1).
    /// </summary>
    /// <exception cref="InvalidConfigException">An odd or unsupported number of points, or a transform that changes the dimension.</exception>
    public static InvarianceMeasurement Invariance(INetworkEnsemble ensemble, double[][] points, Func<double[], double[]> transform, string transformation, ulong seed, long samples, int maxThreads = 0)
    {
        if (points.Length is not (2 or 4 or 6))
            throw new InvalidConfigException($"Invariance is measured on the connected 2-, 4- or 6-point function; got {points.Length} points (an odd count has no even correlator to compare).");
        var moved = points.Select(transform).ToArray();
        var original = new PointSet(points);
        var image = new PointSet(moved);
        image.RequireDimension(original.Dimension, "the transformed configuration");
        int[] tuple = Enumerable.Range(0, points.Length).ToArray();
        var a = Correlators.SampleNetworks(ensemble, original, [tuple], seed, samples, maxThreads);
        var b = Correlators.SampleNetworks(ensemble, image, [tuple], seed + 1, samples, maxThreads);
        return new InvarianceMeasurement(transformation, ensemble.Width, CorrelatorEstimators.Connected(a, 0), CorrelatorEstimators.Connected(b, 0));
    }

    /// <summary>x → x + a.</summary>
    public static Func<double[], double[]> Shift(double[] a) => x =>
    {
        if (x.Length != a.Length) throw new InvalidConfigException($"Shift vector has dimension {a.Length} but points have {x.Length}.");
        var y = new double[x.Length];
        for (int j = 0; j < x.Length; j++) y[j] = x[j] + a[j];
        return y;
    };

    /// <summary>Rotation by <paramref name="angle"/> in the (i, j) coordinate plane.</summary>
    public static Func<double[], double[]> Rotation(int i, int j, double angle) => x =>
    {
        if (i == j || i < 0 || j < 0 || i >= x.Length || j >= x.Length) throw new InvalidConfigException($"Rotation plane ({i}, {j}) is not valid for points of dimension {x.Length}.");
        var y = (double[])x.Clone();
        double c = Math.Cos(angle), s = Math.Sin(angle);
        y[i] = c * x[i] - s * x[j];
        y[j] = s * x[i] + c * x[j];
        return y;
    };
}
