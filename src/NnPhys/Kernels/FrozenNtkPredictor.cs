using NnPhys.Numerics;

namespace NnPhys.Kernels;

/// <summary>Predictions of a kernel model on the training and test points.</summary>
/// <param name="Train">f on the training points.</param>
/// <param name="Test">f on the test points.</param>
public sealed record KernelPrediction(double[] Train, double[] Test);

/// <summary>
/// Frozen-NTK training dynamics (tasi-physics-for-ml eqs. (95)–(99)) for the loss L = (1/2n)·Σ(f − y)² under gradient
/// flow with learning rate η: ḟ = −(η/n)·Θ·(f − y), so f_t = f_0 + Θ Θ⁻¹(I − e^(−ηΘt/n))(y − f_0) on the training
/// points and f_t(x*) = f_0(x*) + Θ(x*, X) Θ⁻¹(I − e^(−ηΘt/n))(y − f_0) on test points. Θ⁻¹(I − e^(−ηΘt/n)) is applied
/// through the eigendecomposition Θ = V diag(λ) Vᵀ as V diag((1 − e^(−ηλt/n))/λ) Vᵀ (finite as λ → 0); t = ∞ is a
/// Cholesky solve with (Θ + ridge·I). Discrete gradient descent (k steps) replaces e^(−ηλt/n) by (1 − ηλ/n)^k and is
/// stable only for η &lt; 2n/λ_max. The mean over initialisations starts from f_0 = 0. Also: the NNGP posterior and the
/// variance of the ensemble of infinitely wide networks trained this way (Lee et al. 2019, eq. (16)).
/// </summary>
public sealed class FrozenNtkPredictor
{
    readonly KernelPair _train, _testTrain;
    readonly double[] _testNngpDiagonal;
    readonly double[] _eigenvalues;
    readonly Matrix<double> _eigenvectors;

    /// <summary>Training targets y.</summary>
    public double[] Targets { get; }
    /// <summary>Learning rate η.</summary>
    public double LearningRate { get; }
    /// <summary>Ridge added to the diagonal for t = ∞ and the NNGP posterior (0 = none).</summary>
    public double Ridge { get; }
    /// <summary>Largest eigenvalue of Θ on the training points.</summary>
    public double LargestEigenvalue => _eigenvalues[^1];
    /// <summary>Smallest eigenvalue of Θ on the training points.</summary>
    public double SmallestEigenvalue => _eigenvalues[0];
    /// <summary>2n/λ_max: gradient descent on L diverges along Θ's top eigenvector for η above this.</summary>
    public double MaxStableLearningRate => 2.0 * Targets.Length / LargestEigenvalue;

    /// <summary>The predictor for kernels on n training points (<paramref name="train"/>, n×n), m test points
    /// (<paramref name="testTrain"/>, m×n), K(x*, x*) on the test points, targets y (n) and learning rate η.</summary>
    /// <exception cref="InvalidConfigException">Shapes disagree, η or the ridge is invalid, or Θ is not positive semi-definite.</exception>
    public FrozenNtkPredictor(KernelPair train, KernelPair testTrain, double[] testNngpDiagonal, double[] targets, double learningRate, double ridge = 0)
    {
        int n = targets.Length;
        if (train.Ntk.Rows != n || train.Ntk.Cols != n)
            throw new InvalidConfigException($"There are {n} targets but {train.Ntk.Rows} training points; give one target per training point.");
        if (testTrain.Ntk.Cols != n || testNngpDiagonal.Length != testTrain.Ntk.Rows)
            throw new InvalidConfigException("The test block must be (test points × training points) with one diagonal entry per test point.");
        if (!double.IsFinite(learningRate) || learningRate <= 0) throw new InvalidConfigException($"--lr must be a positive finite number, got {learningRate}.");
        if (!double.IsFinite(ridge) || ridge < 0) throw new InvalidConfigException($"--ridge must be a finite number ≥ 0, got {ridge}.");
        foreach (var y in targets) if (!double.IsFinite(y)) throw new InvalidConfigException($"Target {y} is not a finite number.");
        _train = train; _testTrain = testTrain; _testNngpDiagonal = testNngpDiagonal;
        Targets = targets; LearningRate = learningRate; Ridge = ridge;
        (_eigenvalues, _eigenvectors) = SymmetricEigen.Decompose(train.Ntk);
        if (_eigenvalues[0] < -1e-10 * Math.Max(1, Math.Abs(_eigenvalues[^1])))
            throw new InvalidConfigException($"The NTK on the training points is not positive semi-definite (smallest eigenvalue {_eigenvalues[0]:G4}); " +
                "check the architecture, or add a ridge (e.g. --ridge 1e-8).");
    }

    /// <summary>Throws if discrete gradient descent at this learning rate diverges.</summary>
    /// <exception cref="InvalidConfigException">η ≥ 2n/λ_max; the message says what happens and the bound.</exception>
    public void RequireStableLearningRate()
    {
        if (LearningRate >= MaxStableLearningRate)
            throw new InvalidConfigException($"--lr {LearningRate:G4} is above the largest stable learning rate 2n/λ_max = {MaxStableLearningRate:G4} " +
                $"(λ_max(Θ) = {LargestEigenvalue:G4}, n = {Targets.Length}): each gradient-descent step multiplies the error along Θ's top " +
                $"eigenvector by |1 − ηλ_max/n| = {Math.Abs(1 - LearningRate * LargestEigenvalue / Targets.Length):G4} > 1, so training diverges. Use --lr below {MaxStableLearningRate:G4}.");
    }

    /// <summary>Mean prediction (f_0 = 0) after gradient flow for time t (t = ∞: the converged kernel-regression predictor).</summary>
    public KernelPrediction Mean(double time) => Linearised(new double[Targets.Length], new double[_testTrain.Ntk.Rows], time, steps: null);

    /// <summary>Mean prediction (f_0 = 0) after <paramref name="steps"/> steps of discrete gradient descent.</summary>
    public KernelPrediction MeanAfterSteps(int steps) => Linearised(new double[Targets.Length], new double[_testTrain.Ntk.Rows], double.NaN, steps);

    /// <summary>
    /// The linearised (frozen-kernel) prediction of one network that starts from outputs f_0 on the training points and
    /// f_0(x*) on the test points: f = f_0 + Θ T (y − f_0), with T = Θ⁻¹(I − e^(−ηΘt/n)) for flow time t, or
    /// Θ⁻¹(I − (I − ηΘ/n)^k) for k discrete steps when <paramref name="steps"/> is given.
    /// </summary>
    public KernelPrediction Linearised(double[] f0Train, double[] f0Test, double time, int? steps)
    {
        int n = Targets.Length;
        var residual = new double[n];
        for (int i = 0; i < n; i++) residual[i] = Targets[i] - f0Train[i];
        var weights = ApplyT(residual, time, steps);
        var train = Multiply(_train.Ntk, weights);
        var test = Multiply(_testTrain.Ntk, weights);
        for (int i = 0; i < n; i++) train[i] += f0Train[i];
        for (int i = 0; i < test.Length; i++) test[i] += f0Test[i];
        return new KernelPrediction(train, test);
    }

    /// <summary>
    /// Variance over initialisations of the test prediction of infinitely wide networks trained for time t
    /// (or k steps): Σ(x*) = K** + Θ*T K T Θ*ᵀ − 2 Θ*T K*ᵀ (Lee et al. 2019 eq. (16), diagonal only).
    /// </summary>
    public double[] TrainedEnsembleVariance(double time, int? steps = null)
    {
        int n = Targets.Length, m = _testTrain.Ntk.Rows;
        var variance = new double[m];
        for (int i = 0; i < m; i++)
        {
            var a = ApplyT(_testTrain.Ntk.Row(i).ToArray(), time, steps); // row i of Θ* T (T symmetric)
            var ka = Multiply(_train.Nngp, a);
            double quadratic = 0, cross = 0;
            for (int j = 0; j < n; j++) { quadratic += a[j] * ka[j]; cross += a[j] * _testTrain.Nngp[i, j]; }
            variance[i] = Math.Max(0, _testNngpDiagonal[i] + quadratic - 2 * cross);
        }
        return variance;
    }

    /// <summary>The NNGP posterior on the test points: mean K*(K + ridge)⁻¹y and variance K** − K*(K + ridge)⁻¹K*ᵀ.</summary>
    /// <exception cref="InvalidConfigException">K + ridge·I is singular.</exception>
    public (double[] Mean, double[] Variance) NngpPosterior()
    {
        int n = Targets.Length, m = _testTrain.Nngp.Rows;
        var rhs = new Matrix<double>(n, m + 1);
        for (int i = 0; i < n; i++)
        {
            rhs[i, 0] = Targets[i];
            for (int j = 0; j < m; j++) rhs[i, j + 1] = _testTrain.Nngp[j, i];
        }
        var solved = SolveRidged(_train.Nngp, rhs, "NNGP");
        var mean = new double[m];
        var variance = new double[m];
        for (int j = 0; j < m; j++)
        {
            double q = 0;
            for (int i = 0; i < n; i++) { mean[j] += _testTrain.Nngp[j, i] * solved[i, 0]; q += _testTrain.Nngp[j, i] * solved[i, j + 1]; }
            variance[j] = Math.Max(0, _testNngpDiagonal[j] - q);
        }
        return (mean, variance);
    }

    /// <summary>T·v with T = Θ⁻¹(I − e^(−ηΘt/n)) (flow), Θ⁻¹(I − (I − ηΘ/n)^k) (k steps), or (Θ + ridge)⁻¹ (t = ∞, Cholesky).</summary>
    double[] ApplyT(double[] v, double time, int? steps)
    {
        int n = v.Length;
        if (steps is null && double.IsPositiveInfinity(time))
        {
            if (Ridge == 0 && _eigenvalues[0] <= 1e-12 * _eigenvalues[^1])
                throw new InvalidConfigException($"The NTK on the training points is singular (eigenvalues {_eigenvalues[0]:G3} … {_eigenvalues[^1]:G3}; are two training points equal?), " +
                    "so the t = ∞ predictor Θ⁻¹y is not defined. Add a ridge, e.g. --ridge 1e-8, remove duplicate points, or give a finite --time.");
            var solved = SolveRidged(_train.Ntk, new Matrix<double>(n, 1, (double[])v.Clone()), "NTK");
            return solved.Data;
        }
        if (steps is null && !(time >= 0)) throw new InvalidConfigException($"--time must be ≥ 0 or inf, got {time}.");
        double rate = LearningRate / n;
        var projected = new double[n];
        for (int k = 0; k < n; k++)
        {
            double lambda = _eigenvalues[k], dot = 0;
            for (int i = 0; i < n; i++) dot += _eigenvectors[i, k] * v[i];
            double h = steps is int s
                ? (Math.Abs(rate * lambda) < 1e-12 ? s * rate : (1 - Math.Pow(1 - rate * lambda, s)) / lambda)
                : (Math.Abs(rate * lambda * time) < 1e-12 ? rate * time : -double.ExpM1(-rate * lambda * time) / lambda);
            projected[k] = h * dot;
        }
        var result = new double[n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++) result[i] += _eigenvectors[i, k] * projected[k];
        return result;
    }

    Matrix<double> SolveRidged(Matrix<double> kernel, Matrix<double> rhs, string name)
    {
        var a = kernel.Clone();
        for (int i = 0; i < a.Rows; i++) a[i, i] += Ridge;
        try { return Cholesky.Solve(a, rhs); }
        catch (NnPhysException e) when (e is not InvalidConfigException)
        {
            throw new InvalidConfigException($"The {name} kernel on the training points is singular or not positive definite{(Ridge > 0 ? $" even with ridge {Ridge:G3}" : "")} " +
                $"(are two training points equal?): {e.Message} Add a ridge, e.g. --ridge 1e-8, or remove duplicate points.");
        }
    }

    static double[] Multiply(Matrix<double> a, double[] v)
    {
        var r = new double[a.Rows];
        for (int i = 0; i < a.Rows; i++) { double s = 0; var row = a.Row(i); for (int j = 0; j < v.Length; j++) s += row[j] * v[j]; r[i] = s; }
        return r;
    }
}
