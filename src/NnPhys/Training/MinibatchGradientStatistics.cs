using System.Numerics;
using NnPhys.Numerics;

namespace NnPhys.Training;

/// <summary>
/// One epoch's statistics of the minibatch gradients ∂L_batch/∂W of named layers, row by row.
/// </summary>
/// <param name="Epoch">1-based epoch the statistics cover.</param>
/// <param name="Steps">Minibatch gradients averaged (each step counts once, whatever its batch size).</param>
/// <param name="Mean">Layer name → mean gradient over the epoch's steps, (in, out).</param>
/// <param name="RowCovariance">Layer name → per-row covariance of the gradient over the steps, (in, out·out): row i
/// holds the out×out matrix Cov(g_i) row-major, with g_i the gradient of row i of W (population normalization 1/Steps).</param>
public sealed record EpochGradientStatistics(int Epoch, int Steps,
    IReadOnlyDictionary<string, Matrix<double>> Mean,
    IReadOnlyDictionary<string, Matrix<double>> RowCovariance);

/// <summary>
/// A training observer that accumulates, per epoch, the mean and per-row covariance of the minibatch gradient of
/// named (narrow) layers — for b1 the 200 covariance matrices (2×2) of the rows' gradient noise, from which the
/// Fokker–Planck diffusion estimate σ² = η²·Cov(per-batch gradient) is built. Streaming (Welford) updates in double.
/// </summary>
public sealed class MinibatchGradientStatistics<T> : ITrainingObserver<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    const long MaxCovarianceEntries = 10_000_000;
    readonly string[] _layers;
    readonly List<EpochGradientStatistics> _epochs = [];
    Dictionary<string, (double[] Mean, double[] M2, int In, int Out)>? _acc;
    double[] _delta = [];
    int _steps;

    /// <summary>Statistics of each completed epoch, in order.</summary>
    public IReadOnlyList<EpochGradientStatistics> Epochs => _epochs;

    /// <summary>Tracks the weight gradients of the named layers.</summary>
    public MinibatchGradientStatistics(IEnumerable<string> layerNames) => _layers = layerNames.ToArray();

    /// <summary>Checks the layers exist and are narrow enough, and starts a fresh epoch.</summary>
    /// <exception cref="InvalidConfigException">A layer is missing, or in·out² is above 10⁷ (too wide for per-row covariances).</exception>
    public void OnTrainingStart(Trainer<T> trainer)
    {
        _acc = new Dictionary<string, (double[], double[], int, int)>(StringComparer.Ordinal);
        foreach (var name in _layers)
        {
            var layer = trainer.Network.Layer(name);
            long entries = (long)layer.InputSize * layer.OutputSize * layer.OutputSize;
            if (entries > MaxCovarianceEntries)
                throw new InvalidConfigException($"Layer '{name}' ({layer.InputSize}×{layer.OutputSize}) is too wide for per-row gradient covariances ({entries} entries); track narrow layers such as b1 and b2.");
            _acc[name] = (new double[layer.InputSize * layer.OutputSize], new double[entries], layer.InputSize, layer.OutputSize);
            if (_delta.Length < layer.OutputSize) _delta = new double[layer.OutputSize];
        }
        _steps = 0;
    }

    /// <summary>Adds this step's gradient: Welford update of the mean and of Σ (g − mean)(g − mean)ᵀ per row.</summary>
    public void OnStep(Trainer<T> trainer, in StepReport step)
    {
        if (_acc is null) OnTrainingStart(trainer);
        _steps++;
        double inverseCount = 1.0 / _steps;
        Span<double> delta = _delta;
        foreach (var name in _layers)
        {
            var (mean, m2, nIn, nOut) = _acc![name];
            ReadOnlySpan<T> g = trainer.Network.Layer(name).WeightGradient; // (in, out)
            for (int i = 0; i < nIn; i++)
            {
                // δ = g_i − mean_i (before);  mean_i += δ/n;  M2_i += δ (g_i − mean_i (after))ᵀ
                for (int a = 0; a < nOut; a++)
                {
                    double gi = double.CreateTruncating(g[i * nOut + a]);
                    delta[a] = gi - mean[i * nOut + a];
                    mean[i * nOut + a] += delta[a] * inverseCount;
                }
                for (int a = 0; a < nOut; a++)
                    for (int b = 0; b < nOut; b++)
                    {
                        double after = double.CreateTruncating(g[i * nOut + b]) - mean[i * nOut + b];
                        m2[(i * nOut + a) * nOut + b] += delta[a] * after;
                    }
            }
        }
    }

    /// <summary>Stores the epoch's mean and covariance (M2/steps) and resets the accumulators.</summary>
    public void OnEpochEnd(Trainer<T> trainer, in EpochReport epoch)
    {
        if (_acc is null || _steps == 0) return;
        var means = new Dictionary<string, Matrix<double>>(StringComparer.Ordinal);
        var covariances = new Dictionary<string, Matrix<double>>(StringComparer.Ordinal);
        foreach (var name in _layers)
        {
            var (mean, m2, nIn, nOut) = _acc[name];
            means[name] = new Matrix<double>(nIn, nOut, (double[])mean.Clone());
            var cov = new Matrix<double>(nIn, nOut * nOut);
            for (int k = 0; k < m2.Length; k++) cov.Data[k] = m2[k] / _steps;
            covariances[name] = cov;
            Array.Clear(mean); Array.Clear(m2);
        }
        _epochs.Add(new EpochGradientStatistics(epoch.Epoch, _steps, means, covariances));
        _steps = 0;
    }
}
