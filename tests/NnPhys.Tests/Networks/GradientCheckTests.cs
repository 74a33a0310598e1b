using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Tests.Networks;

/// <summary>Backpropagated gradients against central finite differences of the reference loss, in double.</summary>
public class GradientCheckTests
{
    /// <summary>
    /// Runs forward/backward on (inputs, targets), then perturbs every parameter by ±h and compares
    /// (L(θ+h) − L(θ−h))/(2h), with L from the slow reference forward pass, to the backpropagated ∂L/∂θ.
    /// </summary>
    static void CheckAllParameters(Network<double> net, Matrix<double> x, Matrix<double> y, double tolerance = 1e-6)
    {
        net.Parameters.ZeroGradients();
        var prediction = net.Forward(x.Data, x.Rows);
        var dOut = new double[prediction.Length];
        double loss = MeanSquaredError.LossAndGradient(prediction, y.Data, dOut);
        Assert.Equal(ReferenceNetwork.Loss(net, x, y), loss, 1e-12);
        net.Backward(dOut);
        var analytic = (double[])net.Parameters.Gradients.Clone();
        var theta = net.Parameters.Values;
        const double h = 1e-6;
        for (int i = 0; i < theta.Length; i++)
        {
            double saved = theta[i];
            theta[i] = saved + h; double up = ReferenceNetwork.Loss(net, x, y);
            theta[i] = saved - h; double down = ReferenceNetwork.Loss(net, x, y);
            theta[i] = saved;
            double numeric = (up - down) / (2 * h);
            double scale = Math.Max(1e-3, Math.Abs(numeric) + Math.Abs(analytic[i]));
            Assert.True(Math.Abs(numeric - analytic[i]) <= tolerance * scale,
                $"parameter {i}: backprop {analytic[i]:R} vs finite difference {numeric:R}");
        }
    }

    public static TheoryData<string, bool, string> Layers()
    {
        var data = new TheoryData<string, bool, string>();
        foreach (var a in new[] { "identity", "relu", "leaky_relu(0.1)", "sigmoid", "tanh", "erf", "abs", "gelu", "sin", "cos", "silu", "softplus" })
            foreach (bool bias in new[] { true, false })
                foreach (var k in new[] { "standard", "ntk", "mup" })
                    data.Add(a, bias, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void EveryLayerTypeAndActivation(string activationName, bool bias, string kind)
    {
        var activation = Activation.Parse(activationName);
        // activation in the hidden layer and again at the output, so both positions are checked
        var arch = new Architecture(
        [
            new DenseLayerSpec("hidden", 4, 5, bias, activation),
            new DenseLayerSpec("readout", 5, 3, bias, activation),
        ]).WithParameterization(Parameterizations.Named(kind), 1.4, 0.7);
        var net = new Network<double>(arch, new RandomStream(21));
        if (kind != "ntk" && bias)
            new RandomStream(22).FillNormal(net.Parameters.Value("hidden.bias"), 0, 0.5);
        CheckAllParameters(net, ReferenceNetwork.RandomMatrix(6, 4, 3), ReferenceNetwork.RandomMatrix(6, 3, 4));
    }

    [Fact]
    public void WholeAutoencoderAtSmallWidth()
    {
        var net = new Network<double>(ReferenceNetwork.SmallAutoencoder(), new RandomStream(31));
        var x = ReferenceNetwork.RandomMatrix(9, 6, 7, 0, 1);
        CheckAllParameters(net, x, x);
    }

    [Fact]
    public void InputGradientMatchesFiniteDifferences()
    {
        var net = new Network<double>(Architecture.Mlp(3, 6, 2, 2, Activation.Tanh, 1.5, 0.2, Parameterizations.Ntk), new RandomStream(5));
        var x = ReferenceNetwork.RandomMatrix(4, 3, 8);
        var y = ReferenceNetwork.RandomMatrix(4, 2, 9);
        var prediction = net.Forward(x.Data, 4);
        var dOut = new double[prediction.Length];
        MeanSquaredError.LossAndGradient(prediction, y.Data, dOut);
        var dx = new double[12];
        net.Parameters.ZeroGradients();
        net.Backward(dOut, dx);
        for (int i = 0; i < 12; i++)
        {
            double saved = x.Data[i];
            x.Data[i] = saved + 1e-6; double up = ReferenceNetwork.Loss(net, x, y);
            x.Data[i] = saved - 1e-6; double down = ReferenceNetwork.Loss(net, x, y);
            x.Data[i] = saved;
            Assert.Equal((up - down) / 2e-6, dx[i], 1e-8);
        }
    }

    [Fact]
    public void BackwardAccumulatesIntoGradients()
    {
        var net = new Network<double>(ReferenceNetwork.SmallAutoencoder(), new RandomStream(2));
        var x = ReferenceNetwork.RandomMatrix(5, 6, 1, 0, 1);
        var p = net.Forward(x.Data, 5);
        var d = new double[p.Length];
        MeanSquaredError.LossAndGradient(p, x.Data, d);
        net.Parameters.ZeroGradients();
        net.Backward(d);
        var once = (double[])net.Parameters.Gradients.Clone();
        net.Backward(d);
        for (int i = 0; i < once.Length; i++) Assert.Equal(2 * once[i], net.Parameters.Gradients[i], 1e-14);
    }

    [Fact]
    public void FullBatchGradientIsIndependentOfChunking()
    {
        var net = new Network<double>(ReferenceNetwork.SmallAutoencoder(), new RandomStream(12));
        var x = ReferenceNetwork.RandomMatrix(37, 6, 2, 0, 1);
        double l1 = FullBatchGradient.Compute(net, x, x, chunkSize: 37);
        var g1 = (double[])net.Parameters.Gradients.Clone();
        double l2 = FullBatchGradient.Compute(net, x, x, chunkSize: 5);
        Assert.Equal(ReferenceNetwork.Loss(net, x, x), l1, 1e-13);
        Assert.Equal(l1, l2, 1e-13);
        for (int i = 0; i < g1.Length; i++) Assert.Equal(g1[i], net.Parameters.Gradients[i], 1e-13);
    }
}
