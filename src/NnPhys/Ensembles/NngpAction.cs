using NnPhys.Numerics;

namespace NnPhys.Ensembles;

/// <summary>
/// The NNGP action on a finite point set (tasi-physics-for-ml eqs. (41)–(43)): with K = G2 restricted to P points,
/// the inverse two-point function of eq. (43) becomes the matrix inverse K⁻¹, the action (42) becomes
/// S[φ] = φᵀ K⁻¹ φ, and the Gaussian log-density is log p(φ) = −S/2 − ½ log det(2πK). (Eq. (42) is written without the ½
/// that the density exp(−S/2) carries; here S is exactly φᵀK⁻¹φ and the ½ sits in the density.) Under the GP,
/// S ~ χ²_P: mean P, variance 2P. At finite N the mean stays P exactly (G2 is exact in N) but the variance shifts by
/// Σ K⁻¹_ab K⁻¹_cd G4_c(a, b, c, d) ∝ 1/N: the finite-N deviation.
/// </summary>
public sealed class NngpAction
{
    readonly Matrix<double> _choleskyFactor; // lower-triangular L, K = L Lᵀ
    readonly Matrix<double> _inverse;

    /// <summary>Number of points P.</summary>
    public int Dimension { get; }
    /// <summary>log det K.</summary>
    public double LogDeterminant { get; }

    /// <summary>Factors K + jitter·I by Cholesky.</summary>
    /// <exception cref="InvalidConfigException">K not square or not symmetric.</exception>
    /// <exception cref="NumericalInstabilityException">K not positive definite (points too close for the kernel's length scale).</exception>
    public NngpAction(double[,] covariance, double jitter = 0)
    {
        int p = covariance.GetLength(0);
        if (p == 0 || covariance.GetLength(1) != p) throw new InvalidConfigException($"The two-point matrix must be square and non-empty, got {covariance.GetLength(0)}×{covariance.GetLength(1)}.");
        for (int i = 0; i < p; i++)
            for (int j = 0; j < i; j++)
                if (Math.Abs(covariance[i, j] - covariance[j, i]) > 1e-9 * (Math.Abs(covariance[i, j]) + Math.Abs(covariance[j, i]) + 1e-300))
                    throw new InvalidConfigException($"The two-point matrix is not symmetric at ({i}, {j}); G2(x, y) must equal G2(y, x).");
        Dimension = p;
        var k = new Matrix<double>(p, p);
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) k[i, j] = covariance[i, j] + (i == j ? jitter : 0);
        try { _choleskyFactor = Cholesky.Factor(k); } // K = L Lᵀ via NnPhys.Numerics (LAPACK dpotrf or managed)
        catch (NnPhysException e)
        {
            throw new NumericalInstabilityException($"The {p}×{p} two-point matrix is not positive definite ({e.Message}): points are too close for the kernel's correlation length (or G2 is noisy). Spread the points, use fewer, or add jitter.");
        }
        double logDet = 0;
        for (int i = 0; i < p; i++) logDet += 2 * Math.Log(_choleskyFactor[i, i]);
        LogDeterminant = logDet;
        if (!double.IsFinite(logDet)) throw new NumericalInstabilityException("log det G2 is not finite: the two-point matrix is singular to working precision; spread the points or add jitter.");
        _inverse = Cholesky.SolveFactored(_choleskyFactor, Matrix<double>.Identity(p));
    }

    /// <summary>K⁻¹ (the discretised inverse two-point function of eq. (43)), P×P.</summary>
    public double[,] InverseTwoPoint
    {
        get
        {
            var result = new double[Dimension, Dimension];
            for (int i = 0; i < Dimension; i++) for (int j = 0; j < Dimension; j++) result[i, j] = _inverse[i, j];
            return result;
        }
    }

    /// <summary>S[φ] = φᵀ K⁻¹ φ (eq. (42) on the point set), computed as |L⁻¹φ|².</summary>
    public double Action(ReadOnlySpan<double> phi)
    {
        if (phi.Length != Dimension) throw new InvalidConfigException($"φ has {phi.Length} values but the action is defined on {Dimension} points.");
        var z = new double[Dimension];
        for (int i = 0; i < Dimension; i++) // forward substitution L z = φ
        {
            double s = phi[i];
            for (int j = 0; j < i; j++) s -= _choleskyFactor[i, j] * z[j];
            z[i] = s / _choleskyFactor[i, i];
        }
        double action = 0;
        for (int i = 0; i < Dimension; i++) action += z[i] * z[i];
        return action;
    }

    /// <summary>Gaussian log-density log p(φ) = −S[φ]/2 − ½ log det(2πK).</summary>
    public double LogDensity(ReadOnlySpan<double> phi) => -0.5 * Action(phi) - 0.5 * (LogDeterminant + Dimension * Math.Log(2 * Math.PI));

    /// <summary>The finite-N prediction Var(S) − 2P = Σ K⁻¹_ab K⁻¹_cd G4_c(a, b, c, d), given G4_c as a function of four point indices.</summary>
    public double ExcessActionVariance(Func<int, int, int, int, double> connectedFourPoint)
    {
        double sum = 0;
        for (int a = 0; a < Dimension; a++) for (int b = 0; b < Dimension; b++)
            for (int c = 0; c < Dimension; c++) for (int d = 0; d < Dimension; d++)
                sum += _inverse[a, b] * _inverse[c, d] * connectedFourPoint(a, b, c, d);
        return sum;
    }
}
