namespace NnPhys.Ensembles;

/// <summary>
/// A set of P input points x_p ∈ ℝ^d at which network ensembles are evaluated. Stored both row-major (P, d) and
/// column-major (d, P) so that neuron evaluation can run vectorised over points; squared norms |x_p|² are cached.
/// Immutable after construction.
/// </summary>
public sealed class PointSet
{
    readonly double[] _rows;    // (P, d)
    readonly double[] _columns; // (d, P)
    readonly double[] _squaredNorms; // (P)

    /// <summary>Number of points P.</summary>
    public int Count { get; }
    /// <summary>Input dimension d.</summary>
    public int Dimension { get; }

    /// <summary>Creates a point set from P rows of d coordinates each.</summary>
    /// <exception cref="InvalidConfigException">No points, rows of different lengths, d = 0, or a non-finite coordinate.</exception>
    public PointSet(IReadOnlyList<double[]> points)
    {
        if (points.Count == 0) throw new InvalidConfigException("A point set needs at least one point; pass e.g. [[0,0],[1,0]].");
        Dimension = points[0].Length;
        if (Dimension == 0) throw new InvalidConfigException("Points must have at least one coordinate (input dimension d ≥ 1).");
        Count = points.Count;
        _rows = new double[Count * Dimension];
        _columns = new double[Count * Dimension];
        _squaredNorms = new double[Count];
        for (int p = 0; p < Count; p++)
        {
            if (points[p].Length != Dimension)
                throw new InvalidConfigException($"Point {p} has {points[p].Length} coordinates but point 0 has {Dimension}; all points must have the same dimension d.");
            for (int j = 0; j < Dimension; j++)
            {
                double v = points[p][j];
                if (!double.IsFinite(v)) throw new InvalidConfigException($"Point {p} coordinate {j} is {v}; coordinates must be finite numbers.");
                _rows[p * Dimension + j] = v;
                _columns[j * Count + p] = v;
                _squaredNorms[p] += v * v;
            }
        }
    }

    /// <summary>Coordinate j of point p.</summary>
    public double this[int p, int j] => _rows[p * Dimension + j];

    /// <summary>Coordinate j of every point, length P.</summary>
    public ReadOnlySpan<double> Column(int j) => _columns.AsSpan(j * Count, Count);

    /// <summary>|x_p|² for every point, length P.</summary>
    public ReadOnlySpan<double> SquaredNorms => _squaredNorms;

    /// <summary>All coordinates row-major, shape (P, d).</summary>
    public ReadOnlySpan<double> RowMajor => _rows;

    /// <summary>A copy of point p.</summary>
    public double[] Point(int p) => _rows.AsSpan(p * Dimension, Dimension).ToArray();

    /// <summary>All points as rows (copies).</summary>
    public double[][] ToRows()
    {
        var result = new double[Count][];
        for (int p = 0; p < Count; p++) result[p] = Point(p);
        return result;
    }

    /// <summary>The union of this set and <paramref name="other"/> (this set's points first).</summary>
    public PointSet Concat(PointSet other)
    {
        RequireDimension(other.Dimension, "the concatenated point set");
        var rows = new List<double[]>(ToRows());
        rows.AddRange(other.ToRows());
        return new PointSet(rows);
    }

    /// <summary>Throws unless the points have dimension <paramref name="expected"/>.</summary>
    /// <exception cref="InvalidConfigException">The dimensions differ.</exception>
    public void RequireDimension(int expected, string who)
    {
        if (expected != Dimension)
            throw new InvalidConfigException($"Points have dimension {Dimension} but {who} takes inputs of dimension {expected}; give points with {expected} coordinates each or change the input dimension d.");
    }

    /// <summary>A regular grid of n points per axis on [lo, hi]^d (cell centres), row-major with the last axis fastest.</summary>
    public static PointSet Grid(int dimension, int perAxis, double lo, double hi)
    {
        if (dimension < 1 || perAxis < 1) throw new InvalidConfigException($"A grid needs d ≥ 1 and ≥ 1 point per axis, got d = {dimension}, n = {perAxis}.");
        int total = 1;
        for (int j = 0; j < dimension; j++) total *= perAxis;
        var rows = new List<double[]>(total);
        double h = (hi - lo) / perAxis;
        for (int index = 0; index < total; index++)
        {
            var x = new double[dimension];
            int rest = index;
            for (int j = dimension - 1; j >= 0; j--) { x[j] = lo + (rest % perAxis + 0.5) * h; rest /= perAxis; }
            rows.Add(x);
        }
        return new PointSet(rows);
    }
}
