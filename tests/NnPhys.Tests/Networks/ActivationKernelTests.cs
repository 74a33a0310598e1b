using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;

namespace NnPhys.Tests.Networks;

/// <summary>The vectorized activation kernels against the scalar definitions, over every tail length.</summary>
public class ActivationKernelTests
{
    public static TheoryData<Activation> All => [.. Enum.GetValues<Activation>()];

    [Theory]
    [MemberData(nameof(All))]
    public void DoubleKernelsMatchScalarDefinitionsForAllLengths(Activation activation)
    {
        for (int n = 0; n <= 70; n++)
        {
            var z = new double[n]; var a = new double[n]; var delta = new double[n];
            var rng = new RandomStream((ulong)n, 1);
            rng.FillUniform(z, -3, 3); rng.FillUniform(delta, -1, 1);
            var expectedDelta = new double[n];
            for (int i = 0; i < n; i++) expectedDelta[i] = delta[i] * activation.Derivative(z[i]);
            ActivationKernels.Apply<double>(activation, z, a);
            ActivationKernels.MultiplyByDerivative<double>(activation, z, a, delta);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(activation.Evaluate(z[i]), a[i], 1e-14);
                Assert.Equal(expectedDelta[i], delta[i], 1e-14);
            }
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void FloatKernelsMatchScalarDefinitionsForAllLengths(Activation activation)
    {
        for (int n = 0; n <= 70; n++)
        {
            var z = new float[n]; var a = new float[n]; var delta = new float[n];
            var rng = new RandomStream((ulong)n, 2);
            rng.FillUniform(z, -3, 3); rng.FillUniform(delta, -1, 1);
            var expectedDelta = new double[n];
            for (int i = 0; i < n; i++) expectedDelta[i] = delta[i] * activation.Derivative(z[i]);
            ActivationKernels.Apply<float>(activation, z, a);
            ActivationKernels.MultiplyByDerivative<float>(activation, z, a, delta);
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
        ActivationKernels.Apply<float>(Activation.ReLU, z, a);
        Assert.True(float.IsNaN(a[17]));
    }
}
