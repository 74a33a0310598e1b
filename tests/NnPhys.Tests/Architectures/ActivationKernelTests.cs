using NnPhys.Architectures;
using NnPhys.Numerics;

namespace NnPhys.Tests.Architectures;

/// <summary>The vectorized activation kernels against the scalar definitions, over every tail length.</summary>
public class ActivationKernelTests
{
    public static TheoryData<string> All => ["identity", "relu", "leaky_relu(0.1)", "leaky_relu(-0.5)", "sigmoid", "tanh", "erf", "abs", "gelu", "sin", "cos", "silu", "softplus"];

    [Theory]
    [MemberData(nameof(All))]
    public void DoubleKernelsMatchScalarDefinitionsForAllLengths(string name)
    {
        var activation = Activation.Parse(name);
        for (int n = 0; n <= 70; n++)
        {
            var z = new double[n]; var a = new double[n]; var delta = new double[n];
            var rng = new RandomStream((ulong)n, 1);
            rng.FillUniform(z, -3, 3); rng.FillUniform(delta, -1, 1);
            var expectedDelta = new double[n];
            for (int i = 0; i < n; i++) expectedDelta[i] = delta[i] * activation.Derivative(z[i]);
            activation.Apply<double>(z, a);
            activation.MultiplyByDerivative<double>(z, a, delta);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(activation.Evaluate(z[i]), a[i], 1e-14);
                Assert.Equal(expectedDelta[i], delta[i], 1e-14);
            }
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void FloatKernelsMatchScalarDefinitionsForAllLengths(string name)
    {
        var activation = Activation.Parse(name);
        for (int n = 0; n <= 70; n++)
        {
            var z = new float[n]; var a = new float[n]; var delta = new float[n];
            var rng = new RandomStream((ulong)n, 2);
            rng.FillUniform(z, -3, 3); rng.FillUniform(delta, -1, 1);
            var expectedDelta = new double[n];
            for (int i = 0; i < n; i++) expectedDelta[i] = delta[i] * activation.Derivative(z[i]);
            activation.Apply<float>(z, a);
            activation.MultiplyByDerivative<float>(z, a, delta);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(activation.Evaluate(z[i]), a[i], 1e-6);
                Assert.Equal(expectedDelta[i], delta[i], 1e-6);
            }
        }
    }

    [Fact]
    public void ReluPropagatesNaN()
    {
        var z = new float[19]; z[17] = float.NaN;
        var a = new float[19];
        Activation.ReLU.Apply<float>(z, a);
        Assert.True(float.IsNaN(a[17]));
    }
}
