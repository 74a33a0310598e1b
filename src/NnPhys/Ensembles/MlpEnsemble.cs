using System.Globalization;
using System.Numerics.Tensors;
using NnPhys.Numerics;

namespace NnPhys.Ensembles;

/// <summary>How weights are scaled in an <see cref="MlpEnsemble"/>.</summary>
public enum MlpParameterization
{
    /// <summary>W ~ N(0, σ_w²/fan_in), b ~ N(0, σ_b²); the forward pass uses W as drawn.</summary>
    Standard,
    /// <summary>W ~ N(0, 1), b ~ N(0, 1); the forward pass multiplies by σ_w/√fan_in and σ_b (NTK parameterization).</summary>
    Ntk,
}

/// <summary>
/// An ensemble of fully connected networks ℝ^d → ℝ with L hidden layers of width N, activation σ, weight scale σ_w and
/// bias scale σ_b, in standard or NTK parameterization: h¹ = W¹x + b¹, h^{l+1} = W^{l+1}σ(h^l) + b^{l+1},
/// φ = w_out·σ(h^L) + b_out (the deep version of tasi-physics-for-ml eq. (32)). At initialization both
/// parameterizations give the same distribution of φ. Sampling order: layer by layer, weights (row-major) then biases.
/// </summary>
public sealed class MlpEnsemble : INetworkEnsemble
{
    /// <summary>Input dimension d.</summary>
    public int InputDimension { get; }
    /// <summary>Hidden width N.</summary>
    public int Width { get; }
    /// <summary>Number of hidden layers L.</summary>
    public int Depth { get; }
    /// <summary>Activation σ.</summary>
    public Architectures.Activation Activation { get; }
    /// <summary>Weight scale σ_w.</summary>
    public double SigmaW { get; }
    /// <summary>Bias scale σ_b.</summary>
    public double SigmaB { get; }
    /// <summary>Standard or NTK parameterization.</summary>
    public MlpParameterization Parameterization { get; }

    /// <exception cref="InvalidConfigException">d, N or L below 1, σ_w not positive, σ_b negative.</exception>
    public MlpEnsemble(int inputDimension, int width, int depth, Architectures.Activation activation, double sigmaW = 1, double sigmaB = 0, MlpParameterization parameterization = MlpParameterization.Standard)
    {
        Check.Positive(inputDimension, "The input dimension d");
        Check.Positive(width, "The width N", "--width 100");
        if (depth < 1) throw new InvalidConfigException($"The MLP depth (number of hidden layers) must be ≥ 1, got {depth}.");
        Check.Positive(sigmaW, "σ_w");
        Check.NonNegative(sigmaB, "σ_b");
        InputDimension = inputDimension; Width = width; Depth = depth; Activation = activation; SigmaW = sigmaW; SigmaB = sigmaB; Parameterization = parameterization;
    }

    public string Name => "mlp";
    public long NeuronEvaluationsPerPoint => (long)Width * Depth;

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"mlp[d={InputDimension},N={Width},L={Depth},act={Activation},sigma_w={SigmaW:R},sigma_b={SigmaB:R},param={Parameterization}]");

    public INetworkSampler CreateSampler(PointSet points)
    {
        points.RequireDimension(InputDimension, "the MLP ensemble");
        return new Sampler(this, points);
    }

    sealed class Sampler : INetworkSampler
    {
        readonly MlpEnsemble _e;
        readonly int _p;
        readonly double[] _input, _weights, _bias, _hidden, _next; // (P, d), (N, fan_in), (N), (P, N), (P, N)

        public Sampler(MlpEnsemble e, PointSet points)
        {
            _e = e; _p = points.Count;
            _input = points.RowMajor.ToArray();
            int maxFan = Math.Max(e.InputDimension, e.Width);
            _weights = new double[e.Width * maxFan];
            _bias = new double[e.Width];
            _hidden = new double[_p * e.Width];
            _next = new double[_p * e.Width];
        }

        public void SampleAndEvaluate(RandomStream rng, Span<double> phi)
        {
            var e = _e;
            bool ntk = e.Parameterization == MlpParameterization.Ntk;
            ReadOnlySpan<double> layerInput = _input;
            int fanIn = e.InputDimension;
            for (int layer = 0; layer < e.Depth; layer++)
            {
                var w = _weights.AsSpan(0, e.Width * fanIn); // (N, fan_in)
                double drawStd = ntk ? 1 : e.SigmaW / Math.Sqrt(fanIn), forwardScale = ntk ? e.SigmaW / Math.Sqrt(fanIn) : 1;
                rng.FillNormal(w, 0, drawStd);
                rng.FillNormal(_bias, 0, ntk ? 1 : e.SigmaB);
                double biasScale = ntk ? e.SigmaB : 1;
                var z = _next.AsSpan(0, _p * e.Width); // (P, N) = scale · (P, fan_in)·(fan_in, N)
                Gemm.Multiply(Transpose.No, Transpose.Yes, _p, e.Width, fanIn, forwardScale, layerInput, fanIn, w, fanIn, 0.0, z, e.Width);
                for (int p = 0; p < _p; p++)
                {
                    var row = z.Slice(p * e.Width, e.Width);
                    TensorPrimitives.MultiplyAdd(_bias, biasScale, row, row);
                }
                e.Activation.Apply<double>(z, z);
                z.CopyTo(_hidden);
                layerInput = _hidden.AsSpan(0, _p * e.Width);
                fanIn = e.Width;
            }
            // read-out: φ = scale · σ(h^L)·w_out + b_out, (P)
            var wOut = _weights.AsSpan(0, e.Width);
            rng.FillNormal(wOut, 0, ntk ? 1 : e.SigmaW / Math.Sqrt(e.Width));
            double bOut = rng.NextNormal() * e.SigmaB;
            double outScale = ntk ? e.SigmaW / Math.Sqrt(e.Width) : 1;
            for (int p = 0; p < _p; p++)
                phi[p] = outScale * TensorPrimitives.Dot(layerInput.Slice(p * e.Width, e.Width), wOut) + bOut;
        }
    }
}
