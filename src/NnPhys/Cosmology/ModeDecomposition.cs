using NnPhys.Numerics;

namespace NnPhys.Cosmology;

/// <summary>
/// The eigenbasis of the empirical NTK on the training inputs (nn-cosmology-duality eqs. (11)–(22)): eigenvalues in
/// descending order, the eigenvectors as rows (unit length, sign fixed so that each sums to ≥ 0), and projections
/// a_k = v_k · f. The top mode is the mean field when its eigenvector is near the uniform vector 1/√N.
/// </summary>
public sealed record ModeDecomposition(double[] Eigenvalues, double[][] Eigenvectors)
{
    /// <summary>Decomposes a symmetric N × N kernel.</summary>
    public static ModeDecomposition Of(Matrix<double> ntk)
    {
        var (values, vectors) = SymmetricEigen.Decompose(ntk);
        int n = values.Length;
        var order = Enumerable.Range(0, n).OrderByDescending(i => values[i]).ToArray();
        var rows = order.Select(j =>
        {
            var v = Enumerable.Range(0, n).Select(i => vectors.Data[i * n + j]).ToArray();
            if (v.Sum() < 0) for (int i = 0; i < n; i++) v[i] = -v[i];
            return v;
        }).ToArray();
        return new ModeDecomposition(order.Select(i => values[i]).ToArray(), rows);
    }

    /// <summary>Number of modes N.</summary>
    public int Count => Eigenvalues.Length;

    /// <summary>|v_k · 1/√N|: 1 for an exactly uniform mode.</summary>
    public double UniformOverlap(int k) => Math.Abs(Eigenvectors[k].Sum()) / Math.Sqrt(Count);

    /// <summary>Mode amplitudes a_k = v_k · f of one output vector.</summary>
    public double[] Project(ReadOnlySpan<double> f)
    {
        var a = new double[Count];
        for (int k = 0; k < Count; k++)
        {
            double s = 0;
            for (int i = 0; i < f.Length; i++) s += Eigenvectors[k][i] * f[i];
            a[k] = s;
        }
        return a;
    }
}
