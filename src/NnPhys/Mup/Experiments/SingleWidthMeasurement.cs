using NnPhys.Numerics;

namespace NnPhys.Mup.Experiments;

/// <summary>
/// One width of a coordinate check: trains one network per seed and accumulates the RMS quantities, so the curves are
/// seed means. A run whose loss or weights become non-finite marks the width diverged and contributes NaN.
/// </summary>
internal sealed class SingleWidthMeasurement(CoordinateCheckConfig config, int width)
{
    int _seeds;

    public int Width { get; } = width;
    public bool Diverged { get; private set; }
    /// <summary>[hidden layer]: sum over seeds of RMS z at init.</summary>
    public double[] Preactivation { get; } = new double[config.HiddenLayers];
    /// <summary>[step][hidden layer]: sum over seeds of RMS Δh.</summary>
    public double[][] FeatureChange { get; } = Enumerable.Range(0, config.Steps).Select(_ => new double[config.HiddenLayers]).ToArray();
    /// <summary>[step]: sum over seeds of RMS Δφ.</summary>
    public double[] OutputChange { get; } = new double[config.Steps];
    /// <summary>[step]: sum over seeds of the loss before step t+1 (last: after the last step).</summary>
    public double[] Loss { get; } = new double[config.Steps + 1];

    /// <summary>The seed mean of an accumulated sum (NaN if diverged).</summary>
    public double Mean(double sum) => Diverged ? double.NaN : sum / _seeds;

    /// <summary>Trains one network of this width for the configured steps and adds its measurements.</summary>
    /// <param name="parameterization">Canonical preset name (standard, ntk, mup).</param>
    /// <param name="optimizer">SGD or Adam (picks the preset's learning-rate table).</param>
    /// <param name="x">The fixed batch (batch, D).</param>
    /// <param name="y">Its targets.</param>
    /// <param name="random">The weights' stream.</param>
    public void Add(string parameterization, MupOptimizer optimizer, float[] x, float[] y, RandomStream random)
    {
        int batch = y.Length, hidden = config.HiddenLayers;
        var network = WidthScaling.Network(parameterization, optimizer, config.InputDimension, Width, hidden, 1, config.Sigma, random);
        var opt = WidthScaling.Optimizer(network, optimizer, optimizer == MupOptimizer.Sgd ? config.SgdLearningRate : config.AdamLearningRate);
        var output0 = network.Forward(x, batch).ToArray();
        var features0 = new float[hidden][];
        for (int l = 0; l < hidden; l++)
        {
            Preactivation[l] += LogLogSlope.Rms(network.Layers[l].LastPreActivation);
            features0[l] = network.Layers[l].LastOutput.ToArray();
        }
        var gradient = new float[batch];
        var output = (ReadOnlySpan<float>)output0;
        for (int t = 0; t <= config.Steps; t++)
        {
            // centred network φ − φ₀ (so every width and seed fits the same residual −y at t = 0; Δφ is unchanged):
            // loss ½⟨(φ − φ₀ − y)²⟩ over the batch, ∂L/∂φ_b = (φ_b − φ₀_b − y_b)/B
            double loss = 0;
            for (int b = 0; b < batch; b++)
            {
                double r = output[b] - output0[b] - y[b];
                loss += 0.5 * r * r / batch;
                gradient[b] = (float)(r / batch);
            }
            if (!double.IsFinite(loss)) { Diverged = true; break; }
            Loss[t] += loss;
            if (t == config.Steps) break;
            network.Parameters.ZeroGradients();
            network.Backward(gradient);
            opt.Step();
            output = network.Forward(x, batch);
            OutputChange[t] += LogLogSlope.RmsDifference(output, output0);
            for (int l = 0; l < hidden; l++) FeatureChange[t][l] += LogLogSlope.RmsDifference(network.Layers[l].LastOutput, features0[l]);
        }
        _seeds++;
    }
}
