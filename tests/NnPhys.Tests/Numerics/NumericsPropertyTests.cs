using CsCheck;
using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>Randomised (CsCheck) checks: the blocked GEMM against the reference on random shapes, and merge invariance of moments.</summary>
public class NumericsPropertyTests
{
    [Avx2Fact]
    public void BlockedGemmMatchesReferenceOnRandomShapes()
    {
        Gen.Select(Gen.Int[0, 40], Gen.Int[0, 40], Gen.Int[0, 300]).Sample(shape =>
        {
            var (m, n, k) = shape;
            GemmTests.CheckAgainstReference(m, n, k, (ta, tb, mm, nn, kk, alpha, a, lda, b, ldb, beta, c, ldc, single) =>
            {
                if (!single) { BlockedGemm.Multiply(ta, tb, mm, nn, kk, alpha, a, lda, b, ldb, beta, c, ldc); return; }
                var cf = GemmReference.ToFloat(c);
                BlockedGemm.Multiply(ta, tb, mm, nn, kk, (float)alpha, GemmReference.ToFloat(a), lda, GemmReference.ToFloat(b), ldb, (float)beta, cf, ldc);
                GemmReference.ToDouble(cf).CopyTo(c, 0);
            });
        }, iter: 40);
    }

    [Fact]
    public void MomentsOfAnySplitMergeToTheWhole()
    {
        Gen.Select(Gen.Double[-1e3, 1e3].Array[2, 300], Gen.Double[0, 1]).Sample(sample =>
        {
            var (x, fraction) = sample;
            int cut = (int)(fraction * x.Length);
            var whole = new StreamingMoments(); foreach (double v in x) whole.Add(v);
            var left = new StreamingMoments(); left.Add(x.AsSpan(0, cut));
            var right = new StreamingMoments(); right.Add(x.AsSpan(cut));
            left.Merge(right);
            double scale2 = Math.Max(whole.M2, 1e-300);
            Assert.Equal(whole.Count, left.Count);
            Assert.True(Math.Abs(whole.Mean - left.Mean) <= 1e-12 * (Math.Abs(whole.Mean) + Math.Sqrt(scale2 / x.Length)));
            Assert.True(Math.Abs(whole.M2 - left.M2) <= 1e-11 * scale2);
            Assert.True(Math.Abs(whole.M3 - left.M3) <= 1e-10 * Math.Pow(scale2, 1.5) / Math.Sqrt(x.Length));
            Assert.True(Math.Abs(whole.M4 - left.M4) <= 1e-10 * scale2 * scale2 / x.Length);
        }, iter: 200);
    }
}
