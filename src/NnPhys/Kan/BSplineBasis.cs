namespace NnPhys.Kan;

/// <summary>
/// B-splines of order k on a uniform grid of G intervals over [a, b], extended by k knots on each side as pykan does:
/// knots t_r = a + (r − k)h, r = 0 … G + 2k, h = (b − a)/G, giving G + k basis functions B_m (m = 0 … G+k−1), which
/// sum to one on [a, b]. Values by the Cox–de Boor recursion; derivatives by B′_m^k = (B_m^(k−1) − B_(m+1)^(k−1))/h.
/// </summary>
public sealed class BSplineBasis
{
    /// <summary>Grid intervals G.</summary>
    public int GridSize { get; }
    /// <summary>Spline order k (3 = cubic).</summary>
    public int Order { get; }
    /// <summary>Left end a of the grid.</summary>
    public double Min { get; }
    /// <summary>Right end b of the grid.</summary>
    public double Max { get; }
    /// <summary>Number of basis functions, G + k.</summary>
    public int Count => GridSize + Order;
    double Step => (Max - Min) / GridSize;

    /// <summary>A basis on [min, max] with G intervals and order k.</summary>
    /// <exception cref="InvalidConfigException">G or k not positive, k ≥ G, or an empty interval.</exception>
    public BSplineBasis(int gridSize, int order, double min, double max)
    {
        if (gridSize <= 0) throw new InvalidConfigException($"The spline grid size G must be positive, got {gridSize}; e.g. 5.");
        if (order <= 0) throw new InvalidConfigException($"The spline order k must be positive, got {order}; e.g. 3 (cubic).");
        if (order >= gridSize) throw new InvalidConfigException($"The spline order k = {order} must be smaller than the grid size G = {gridSize}; use e.g. G = {order + 2}.");
        if (!(max > min) || !double.IsFinite(min) || !double.IsFinite(max)) throw new InvalidConfigException($"The spline range [{min}, {max}] must be finite and non-empty.");
        (GridSize, Order, Min, Max) = (gridSize, order, min, max);
    }

    /// <summary>Fills <paramref name="values"/> (length Count) with B_m(x) and, if given, <paramref name="derivatives"/> with B′_m(x).</summary>
    public void Evaluate(double x, Span<double> values, Span<double> derivatives = default)
    {
        int n = GridSize + 2 * Order; // number of knot intervals
        double h = Step, t0 = Min - Order * h;
        Span<double> b = stackalloc double[n + 1];
        b.Clear();
        // order 0: indicator of [t_r, t_(r+1))
        double u = (x - t0) / h;
        int cell = (int)Math.Floor(u);
        if (cell >= 0 && cell < n) b[cell] = 1;
        else if (x == Max + Order * h) b[n - 1] = 1;
        Span<double> lower = stackalloc double[n + 1];
        for (int p = 1; p <= Order; p++)
        {
            if (p == Order) b.CopyTo(lower);
            for (int r = 0; r < n - p; r++)
            {
                // Cox–de Boor on a uniform grid: B_r^p = ((x − t_r) B_r^(p−1) + (t_(r+p+1) − x) B_(r+1)^(p−1)) / (p h)
                double tr = t0 + r * h, trp1 = t0 + (r + p + 1) * h;
                b[r] = ((x - tr) * b[r] + (trp1 - x) * b[r + 1]) / (p * h);
            }
            b[n - p] = 0;
        }
        b[..Count].CopyTo(values);
        if (!derivatives.IsEmpty)
            for (int m = 0; m < Count; m++) derivatives[m] = (lower[m] - lower[m + 1]) / h;
    }
}
