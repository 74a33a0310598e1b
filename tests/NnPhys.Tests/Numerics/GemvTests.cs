using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>GEMV on each backend against the explicit double loop y_i = beta·y_i + alpha·Σ_j op(A)[i,j] x_j.</summary>
[Collection("BlasBackend")]
public class GemvTests
{
    public static TheoryData<BlasBackend> Backends => BlasBackends.Available();

    [Theory, MemberData(nameof(Backends))]
    public void MatchesReferenceLoopForAllShapes(BlasBackend backend)
    {
        var rng = new RandomStream(8);
        foreach (var (m, n) in new[] { (0, 3), (3, 0), (1, 1), (5, 17), (33, 8), (64, 129) })
            foreach (var t in new[] { Transpose.No, Transpose.Yes })
            {
                int lda = n + 2, xLen = t == Transpose.No ? n : m, yLen = t == Transpose.No ? m : n;
                var a = GemmReference.Random(rng, m, n, lda);
                var x = new double[xLen]; rng.FillNormal(x);
                var y0 = new double[yLen]; rng.FillNormal(y0);
                var expected = new double[yLen];
                for (int i = 0; i < yLen; i++)
                {
                    double s = 0;
                    for (int j = 0; j < xLen; j++) s += (t == Transpose.No ? a[i * lda + j] : a[j * lda + i]) * x[j];
                    expected[i] = 0.5 * y0[i] + 1.5 * s;
                }
                var yd = (double[])y0.Clone();
                BlasBackends.With(backend, () => Gemv.Multiply(t, m, n, 1.5, a, lda, x, 0.5, yd));
                var yf = GemmReference.ToFloat(y0);
                BlasBackends.With(backend, () => Gemv.Multiply(t, m, n, 1.5f, GemmReference.ToFloat(a), lda, GemmReference.ToFloat(x), 0.5f, yf));
                for (int i = 0; i < yLen; i++)
                {
                    Assert.Equal(expected[i], yd[i], 11);
                    Assert.True(Math.Abs(expected[i] - yf[i]) < 1e-4 * (1 + Math.Abs(expected[i])), $"float m={m} n={n} {t}");
                }
            }
    }

    [Fact]
    public void MatrixOverloadMatchesHandComputation()
    {
        var a = new Matrix<double>(2, 3, [1, 2, 3, 4, 5, 6]);
        var y = new double[2];
        Gemv.Multiply(a, Transpose.No, [1.0, 0, -1], y);
        Assert.Equal([-2.0, -2.0], y);
        var z = new double[3];
        Gemv.Multiply(a, Transpose.Yes, [1.0, 1], z);
        Assert.Equal([5.0, 7.0, 9.0], z);
    }

    [Fact]
    public void WrongLengthsThrow()
    {
        var a = new double[6];
        Assert.Contains("x has 2", Assert.Throws<ArgumentException>(() => Gemv.Multiply(Transpose.No, 2, 3, 1.0, a, 3, new double[2], 0.0, new double[2])).Message);
        Assert.Contains("y has 1", Assert.Throws<ArgumentException>(() => Gemv.Multiply(Transpose.No, 2, 3, 1.0, a, 3, new double[3], 0.0, new double[1])).Message);
        Assert.Throws<ArgumentException>(() => Gemv.Multiply(Transpose.No, 2, 3, 1.0, a.AsSpan(0, 5), 3, new double[3], 0.0, new double[2]));
    }
}
