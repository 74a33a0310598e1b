namespace NnPhys.Kan;

/// <summary>
/// One Kolmogorov–Arnold layer (tasi-physics-for-ml eq. 25; Liu et al. 2024): every edge i → j carries its own learnable
/// function φ_(j,i)(x) = w_b,(j,i) silu(x) + w_s,(j,i) Σ_m c_(j,i,m) B_m(x), and node j sums its incoming edges,
/// y_j = Σ_i φ_(j,i)(x_i). Parameters live in a slice of the network's flat vector:
/// [c (out, in, G+k) | w_b (out, in) | w_s (out, in)]. Forward and backward sit side by side.
/// </summary>
public sealed class KanLayer
{
    /// <summary>Inputs.</summary>
    public int In { get; }
    /// <summary>Outputs.</summary>
    public int Out { get; }
    /// <summary>The spline basis shared by all edges of this layer.</summary>
    public BSplineBasis Basis { get; }
    /// <summary>Offset of this layer's parameters in the flat vector.</summary>
    public int Offset { get; }
    /// <summary>Number of parameters: out·in·(G+k+2).</summary>
    public int ParameterCount => Out * In * (Basis.Count + 2);
    /// <summary>Edge mask (out, in): 0 for pruned edges.</summary>
    public double[] Mask { get; }

    /// <summary>A layer whose parameters start at <paramref name="offset"/>.</summary>
    public KanLayer(int inputs, int outputs, BSplineBasis basis, int offset)
    {
        (In, Out, Basis, Offset) = (inputs, outputs, basis, offset);
        Mask = Enumerable.Repeat(1.0, inputs * outputs).ToArray();
    }

    int CoefficientIndex(int j, int i, int m) => Offset + (j * In + i) * Basis.Count + m;
    int BaseIndex(int j, int i) => Offset + Out * In * Basis.Count + j * In + i;
    int ScaleIndex(int j, int i) => Offset + Out * In * (Basis.Count + 1) + j * In + i;

    /// <summary>Spline coefficients c_(j,i,·) of edge i → j (a view into the flat vector).</summary>
    public Span<double> Coefficients(double[] parameters, int j, int i) => parameters.AsSpan(CoefficientIndex(j, i, 0), Basis.Count);
    /// <summary>Index of w_b of edge i → j in the flat vector.</summary>
    public int BaseWeightIndex(int j, int i) => BaseIndex(j, i);
    /// <summary>Index of w_s of edge i → j in the flat vector.</summary>
    public int SplineWeightIndex(int j, int i) => ScaleIndex(j, i);

    /// <summary>silu(x) = x σ(x).</summary>
    public static double Silu(double x) => x / (1 + Math.Exp(-x));
    static double SiluDerivative(double x) { double s = 1 / (1 + Math.Exp(-x)); return s * (1 + x * (1 - s)); }

    /// <summary>φ_(j,i)(x), the function on one edge.</summary>
    public double Edge(double[] parameters, int j, int i, double x)
    {
        Span<double> b = stackalloc double[Basis.Count];
        Basis.Evaluate(x, b);
        double spline = 0;
        var c = Coefficients(parameters, j, i);
        for (int m = 0; m < b.Length; m++) spline += c[m] * b[m];
        return Mask[j * In + i] * (parameters[BaseIndex(j, i)] * Silu(x) + parameters[ScaleIndex(j, i)] * spline);
    }

    /// <summary>Forward for one sample: y_j = Σ_i φ_(j,i)(x_i).</summary>
    public void Forward(double[] parameters, ReadOnlySpan<double> x, Span<double> y)
    {
        y.Clear();
        Span<double> b = stackalloc double[Basis.Count];
        for (int i = 0; i < In; i++)
        {
            Basis.Evaluate(x[i], b);
            double silu = Silu(x[i]);
            for (int j = 0; j < Out; j++)
            {
                if (Mask[j * In + i] == 0) continue;
                var c = Coefficients(parameters, j, i);
                double spline = 0;
                for (int m = 0; m < b.Length; m++) spline += c[m] * b[m];
                y[j] += parameters[BaseIndex(j, i)] * silu + parameters[ScaleIndex(j, i)] * spline;
            }
        }
    }

    /// <summary>
    /// Backward for one sample: from g = ∂L/∂y adds ∂L/∂c = g_j w_s B_m(x_i), ∂L/∂w_b = g_j silu(x_i), ∂L/∂w_s = g_j Σ c B,
    /// into <paramref name="gradient"/>, and writes ∂L/∂x_i = Σ_j g_j (w_b silu′(x_i) + w_s Σ_m c_m B′_m(x_i)).
    /// With <paramref name="l1"/> = λ/N &gt; 0 the sparsity penalty λ⟨|φ_(j,i)(x_i)|⟩ (Liu et al.'s L1 norm of an activation,
    /// summed over edges, averaged over the N samples) joins in: each edge's upstream gradient becomes g_j + (λ/N) sign φ_(j,i).
    /// Returns this sample's penalty (λ/N) Σ_(j,i) |φ_(j,i)(x_i)| (0 when l1 = 0).
    /// </summary>
    public double Backward(double[] parameters, ReadOnlySpan<double> x, ReadOnlySpan<double> g, double[] gradient, Span<double> inputGradient, double l1 = 0)
    {
        Span<double> b = stackalloc double[Basis.Count];
        Span<double> db = stackalloc double[Basis.Count];
        double penalty = 0;
        for (int i = 0; i < In; i++)
        {
            Basis.Evaluate(x[i], b, db);
            double silu = Silu(x[i]), dsilu = SiluDerivative(x[i]), dx = 0;
            for (int j = 0; j < Out; j++)
            {
                if (Mask[j * In + i] == 0) continue;
                var c = Coefficients(parameters, j, i);
                double spline = 0, dspline = 0, ws = parameters[ScaleIndex(j, i)], wb = parameters[BaseIndex(j, i)];
                for (int m = 0; m < b.Length; m++) { spline += c[m] * b[m]; dspline += c[m] * db[m]; }
                double ge = g[j];
                if (l1 > 0)
                {
                    double phi = wb * silu + ws * spline;
                    penalty += l1 * Math.Abs(phi);
                    ge += l1 * Math.Sign(phi);
                }
                int ci = CoefficientIndex(j, i, 0);
                for (int m = 0; m < b.Length; m++) gradient[ci + m] += ge * ws * b[m];
                gradient[BaseIndex(j, i)] += ge * silu;
                gradient[ScaleIndex(j, i)] += ge * spline;
                dx += ge * (wb * dsilu + ws * dspline);
            }
            inputGradient[i] = dx;
        }
        return penalty;
    }
}
