using NnPhys.Data;
using NnPhys.Numerics;
using NnPhys.Runs;
using NnPhys.Training;

namespace NnPhys.Experiments;

/// <summary>
/// Records, at every epoch boundary of the autoencoder's training, what the Fokker–Planck theory needs about the
/// bottleneck layers b1 and b2 (fokker-planck-to-callan-symanzik eqs. 8, 9, 12, 28), one file per epoch
/// <c>trajectory/epoch-NNNN.npz</c> (written atomically, so a resumed run simply continues the series):
/// <list type="bullet">
/// <item><c>{layer}_weight</c> (in, 2) float64: the weight matrix; b1's 200 rows are the points in R² whose density evolves.</item>
/// <item><c>{layer}_adam_m</c>, <c>{layer}_adam_v</c> (in, 2): Adam moments after the epoch; <c>adam_step</c>: Adam's t.</item>
/// <item><c>{layer}_grad_full</c> (in, 2): full-batch gradient at these weights (when enabled), and <c>loss_full</c>.</item>
/// <item><c>{layer}_grad_step_mean</c>, <c>{layer}_grad_step_cov</c> (in, 2, 2): mean and covariance of the minibatch
/// gradients of the epoch just ended (absent at epoch 0) — the minibatch-noise estimate of the diffusion.</item>
/// <item><c>eval_b1_inputs</c> (e, 200) float32, <c>eval_b1_outputs</c>, <c>eval_b2_outputs</c> (e, 2) float64: the fixed
/// evaluation set pushed through the network, so theoretical matrices can be fed the same inputs.</item>
/// <item><c>loss_epoch</c>: mean training loss of the epoch just ended (absent at epoch 0).</item>
/// </list>
/// </summary>
public sealed class BottleneckRecorder : ITrainingObserver<float>
{
    /// <summary>The two bottleneck layers recorded.</summary>
    public static readonly string[] Layers = ["b1", "b2"];

    readonly RunDirectory _run;
    readonly Matrix<float> _evaluationInputs, _allInputs;
    readonly bool _fullBatchGradient;
    readonly Dictionary<string, GradientMoments> _steps = new(StringComparer.Ordinal);

    /// <summary>The directory inside the run that holds the per-epoch files.</summary>
    public static string TrajectoryDirectory(string runRoot) => Path.Combine(runRoot, "trajectory");

    /// <summary>Path of the file for epoch <paramref name="epoch"/>.</summary>
    public static string EpochPath(string runRoot, int epoch) => Path.Combine(TrajectoryDirectory(runRoot), $"epoch-{epoch:D4}.npz");

    public BottleneckRecorder(RunDirectory run, Matrix<float> evaluationInputs, Matrix<float> allInputs, bool fullBatchGradient)
    {
        _run = run; _evaluationInputs = evaluationInputs; _allInputs = allInputs; _fullBatchGradient = fullBatchGradient;
        Directory.CreateDirectory(TrajectoryDirectory(run.Root));
    }

    /// <summary>Records epoch 0 (the initialization) unless this run is resumed past it.</summary>
    public void OnTrainingStart(Trainer<float> trainer)
    {
        foreach (var l in Layers) _steps[l] = new GradientMoments(trainer.Network.Layer(l).Weight.Length);
        if (!File.Exists(EpochPath(_run.Root, trainer.CompletedEpochs))) Record(trainer, double.NaN);
    }

    /// <summary>Accumulates this minibatch's b1/b2 gradients (still in the network after the optimizer step).</summary>
    public void OnStep(Trainer<float> trainer, in StepReport step)
    {
        foreach (var l in Layers) _steps[l].Add(trainer.Network.Layer(l).WeightGradient);
    }

    /// <summary>Writes the epoch's file.</summary>
    public void OnEpochEnd(Trainer<float> trainer, in EpochReport epoch) => Record(trainer, epoch.MeanLoss);

    void Record(Trainer<float> trainer, double epochLoss)
    {
        var network = trainer.Network;
        var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        var adam = (Adam<float>)trainer.Optimizer;
        arrays["adam_step"] = NpyArray.Scalar(adam.StepCount);
        if (!double.IsNaN(epochLoss)) arrays["loss_epoch"] = NpyArray.Scalar(epochLoss);
        foreach (var l in Layers)
        {
            var layer = network.Layer(l);
            int rows = layer.InputSize, cols = layer.OutputSize;
            arrays[$"{l}_weight"] = NpyArray.Of(ToDouble(layer.Weight), rows, cols);
            arrays[$"{l}_adam_m"] = NpyArray.Of(ToDouble(adam.FirstMoment(layer.Spec.WeightName)), rows, cols);
            arrays[$"{l}_adam_v"] = NpyArray.Of(ToDouble(adam.SecondMoment(layer.Spec.WeightName)), rows, cols);
            var moments = _steps[l];
            if (moments.Count > 0)
            {
                arrays[$"{l}_grad_step_mean"] = NpyArray.Of(moments.Mean(), rows, cols);
                arrays[$"{l}_grad_step_cov"] = NpyArray.Of(moments.RowCovariance(cols), rows, cols, cols);
                moments.Reset();
            }
        }
        if (_fullBatchGradient)
        {
            double loss = FullBatchGradient.Compute(network, _allInputs, _allInputs);
            arrays["loss_full"] = NpyArray.Scalar(loss);
            foreach (var l in Layers)
            {
                var layer = network.Layer(l);
                arrays[$"{l}_grad_full"] = NpyArray.Of(ToDouble(layer.WeightGradient), layer.InputSize, layer.OutputSize);
            }
        }
        var b1Inputs = network.LayerOutputs("enc2", _evaluationInputs);          // (e, 200): the input of b1
        arrays["eval_b1_inputs"] = NpyArray.Of(b1Inputs.Data, b1Inputs.Rows, b1Inputs.Cols);
        foreach (var l in Layers)
        {
            var o = network.LayerOutputs(l, _evaluationInputs);                   // (e, 2)
            arrays[$"eval_{l}_outputs"] = NpyArray.Of(ToDouble(o.Data), o.Rows, o.Cols);
        }
        Npz.Write(EpochPath(_run.Root, trainer.CompletedEpochs), arrays);
    }

    static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var d = new double[values.Length];
        for (int i = 0; i < d.Length; i++) d[i] = values[i];
        return d;
    }

    /// <summary>Running sums of minibatch gradients of one weight matrix (in, k) for their mean and per-row k×k covariance.</summary>
    sealed class GradientMoments(int length)
    {
        readonly double[] _sum = new double[length];
        readonly List<double[]> _samples = [];
        public int Count => _samples.Count;

        public void Add(ReadOnlySpan<float> gradient)
        {
            var g = ToDouble(gradient);
            for (int i = 0; i < g.Length; i++) _sum[i] += g[i];
            _samples.Add(g);
        }

        public double[] Mean()
        {
            var m = new double[_sum.Length];
            for (int i = 0; i < m.Length; i++) m[i] = _sum[i] / Count;
            return m;
        }

        /// <summary>Unbiased covariance over the minibatches, per row: (rows, k, k).</summary>
        public double[] RowCovariance(int k)
        {
            var mean = Mean();
            int rows = mean.Length / k;
            var cov = new double[rows * k * k];
            foreach (var g in _samples)
                for (int r = 0; r < rows; r++)
                    for (int a = 0; a < k; a++)
                        for (int b = 0; b < k; b++)
                            cov[(r * k + a) * k + b] += (g[r * k + a] - mean[r * k + a]) * (g[r * k + b] - mean[r * k + b]);
            double denominator = Math.Max(1, Count - 1);
            for (int i = 0; i < cov.Length; i++) cov[i] /= denominator;
            return cov;
        }

        public void Reset() { Array.Clear(_sum); _samples.Clear(); }
    }
}
