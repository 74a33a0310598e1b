using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;

namespace NnPhys.Tests.Networks;

/// <summary>A slow, obviously correct forward pass and loss used as the independent reference in tests.</summary>
internal static class ReferenceNetwork
{
    /// <summary>Layer outputs per sample: y_j = φ(m_w Σ_i x_i W[i, j] + m_b b_j), one scalar at a time.</summary>
    public static double[] ForwardOne<T>(Network<T> network, ReadOnlySpan<double> input, int lastLayer = -1)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var a = network.Architecture;
        double[] x = input.ToArray();
        int layers = lastLayer < 0 ? a.Layers.Count : lastLayer + 1;
        for (int l = 0; l < layers; l++)
        {
            var spec = a.Layers[l];
            var layer = network.Layers[l];
            double mw = spec.WeightMultiplier, mb = spec.BiasMultiplier;
            var y = new double[spec.OutputSize];
            for (int j = 0; j < spec.OutputSize; j++)
            {
                double z = 0;
                for (int i = 0; i < spec.InputSize; i++) z += x[i] * double.CreateTruncating(layer.Weight[i * spec.OutputSize + j]);
                z *= mw;
                if (spec.HasBias) z += mb * double.CreateTruncating(layer.Bias[j]);
                y[j] = spec.Activation.Evaluate(z);
            }
            x = y;
        }
        return x;
    }

    /// <summary>MSE of the reference forward pass over all rows.</summary>
    public static double Loss(Network<double> network, Matrix<double> inputs, Matrix<double> targets)
    {
        double sum = 0;
        for (int r = 0; r < inputs.Rows; r++)
        {
            var y = ForwardOne(network, inputs.Row(r));
            for (int j = 0; j < y.Length; j++) { double d = y[j] - targets[r, j]; sum += d * d; }
        }
        return sum / (inputs.Rows * (double)targets.Cols);
    }

    public static Matrix<double> RandomMatrix(int rows, int cols, ulong seed, double lo = -1, double hi = 1)
    {
        var m = new Matrix<double>(rows, cols);
        new RandomStream(seed, 99).FillUniform(m.Data, lo, hi);
        return m;
    }

    public static Matrix<float> ToFloat(Matrix<double> m)
    {
        var f = new Matrix<float>(m.Rows, m.Cols);
        for (int i = 0; i < m.Data.Length; i++) f.Data[i] = (float)m.Data[i];
        return f;
    }

    /// <summary>A small autoencoder with the SPEC §1 layer structure: 6→5→4→2→2→4→5→6.</summary>
    public static Architecture SmallAutoencoder() => Architecture.Autoencoder(new AutoencoderOptions(InputSize: 6, Hidden1: 5, Hidden2: 4));
}
