using NnPhys.Numerics;

namespace NnPhys.Dmft;

/// <summary>
/// Gauss–Hermite nodes and weights for E[f(Z)], Z ~ N(0, 1) (probabilists' weight e^{−z²/2}/√(2π)), by the
/// Golub–Welsch method: the nodes are the eigenvalues of the Jacobi matrix of the Hermite polynomials He_k
/// (off-diagonal √k), the weights the squared first components of its unit eigenvectors.
/// </summary>
// TODO(merge): replace with NnPhys.Numerics.GaussHermite (CONTRACT §1) when it lands on main.
public sealed class GaussianQuadrature
{
    static readonly Dictionary<int, GaussianQuadrature> Cache = [];

    /// <summary>The nodes z_k.</summary>
    public double[] Nodes { get; }
    /// <summary>The weights w_k (they sum to 1).</summary>
    public double[] Weights { get; }

    GaussianQuadrature(double[] nodes, double[] weights) { Nodes = nodes; Weights = weights; }

    /// <summary>The n-point rule (cached), n ≥ 1.</summary>
    public static GaussianQuadrature Rule(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), "A quadrature rule needs at least one node.");
        lock (Cache)
        {
            if (Cache.TryGetValue(n, out var cached)) return cached;
            var jacobi = new Matrix<double>(n, n);
            for (int k = 1; k < n; k++) jacobi[k, k - 1] = jacobi[k - 1, k] = Math.Sqrt(k);
            var (values, vectors) = SymmetricEigen.Decompose(jacobi);
            var weights = new double[n];
            for (int j = 0; j < n; j++) weights[j] = vectors[0, j] * vectors[0, j];
            double total = weights.Sum();
            for (int j = 0; j < n; j++) weights[j] /= total;
            return Cache[n] = new GaussianQuadrature(values, weights);
        }
    }

    /// <summary>
    /// The trapezoid rule z_k = k·h on [−cutoff, cutoff] with weights h·e^{−z²/2}/√(2π): for f analytic in a strip
    /// |Im z| &lt; d its error falls like e^{−2πd/h}, so unlike Gauss–Hermite it does not slow down when f has poles near
    /// the real axis (tanh(σz) at large σ). Weights renormalised to sum to 1.
    /// </summary>
    public static GaussianQuadrature Trapezoid(double step = 0.125, double cutoff = 8.5)
    {
        int half = (int)Math.Ceiling(cutoff / step);
        var nodes = new double[2 * half + 1]; var weights = new double[2 * half + 1];
        for (int k = -half; k <= half; k++) { nodes[k + half] = k * step; weights[k + half] = Math.Exp(-0.5 * k * step * k * step); }
        double total = weights.Sum();
        for (int k = 0; k < weights.Length; k++) weights[k] /= total;
        return new GaussianQuadrature(nodes, weights);
    }

    /// <summary>E[f(Z)], Z ~ N(0, 1).</summary>
    public double Expectation(Func<double, double> f)
    {
        double s = 0;
        for (int k = 0; k < Nodes.Length; k++) s += Weights[k] * f(Nodes[k]);
        return s;
    }
}
