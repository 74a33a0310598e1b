using System.Runtime.Intrinsics;
using NnPhys.Kernels;
using NnPhys.Numerics;

namespace NnPhys.Tests.Kernels;

/// <summary>The division-free arccos / sin of the fused Gram path against Math.Acos and Math.Sqrt, at every lane width.</summary>
public class ArcCosineSineTests
{
    /// <summary>Error in units of the last place of the reference.</summary>
    static double UlpDistance(double value, double reference) => Math.Abs(value - reference) / (Math.BitIncrement(Math.Abs(reference)) - Math.Abs(reference));

    /// <summary>Test points: a dense grid, random points, the branch boundaries ±½ and their neighbours, ±1, 0, and tails toward ±1
    /// down to just outside the snap zone.</summary>
    static double[] Points()
    {
        var random = new RandomStream(17);
        var c = new List<double>();
        for (int k = -100000; k <= 100000; k++) c.Add(k / 100000.0);
        for (int k = 0; k < 200000; k++) c.Add(random.NextUniform(-1, 1));
        foreach (var b in new[] { 0.5, -0.5, 1.0, -1.0, 0.0 })
        {
            double lo = b, hi = b;
            for (int k = 0; k < 8; k++) { lo = Math.BitDecrement(lo); hi = Math.BitIncrement(hi); c.Add(lo); c.Add(hi); }
            c.Add(b);
        }
        for (double e = 0.5; e > 2 * ArcCosineSine.SnapToOne; e *= 0.83) { c.Add(1 - e); c.Add(-1 + e); }
        // |c| within the snap zone of 1 is ±1 by design (tested exactly below), so outside the ulp comparison
        return [.. c.Where(v => Math.Abs(v) <= 1 - ArcCosineSine.SnapToOne || Math.Abs(v) == 1)];
    }

    static (double[] Theta, double[] PiMinus, double[] Sin) Evaluate(double[] c, LaneWidth width)
    {
        int n = c.Length;
        var theta = new double[n]; var piMinus = new double[n]; var sin = new double[n];
        for (int i = 0; i < n; i++)
        {
            switch (width)
            {
                case LaneWidth.Avx512:
                    ArcCosineSine.Evaluate<Lanes512, Vector512<double>>(Vector512.Create(c[i]), out var t8, out var p8, out var s8);
                    (theta[i], piMinus[i], sin[i]) = (t8[3], p8[3], s8[3]);
                    break;
                case LaneWidth.Avx512x2:
                    ArcCosineSine.Evaluate<Lanes512x2, Vector512x2>(new Vector512x2(Vector512.Create(0.5), Vector512.Create(c[i])), out var t16, out var p16, out var s16);
                    (theta[i], piMinus[i], sin[i]) = (t16.Hi[5], p16.Hi[5], s16.Hi[5]);
                    break;
                case LaneWidth.Avx2:
                    ArcCosineSine.Evaluate<Lanes256, Vector256<double>>(Vector256.Create(c[i]), out var t4, out var p4, out var s4);
                    (theta[i], piMinus[i], sin[i]) = (t4[1], p4[1], s4[1]);
                    break;
                default:
                    (theta[i], piMinus[i], sin[i]) = ArcCosineSine.Scalar(c[i]);
                    break;
            }
        }
        return (theta, piMinus, sin);
    }

    public static TheoryData<string> Widths() => ["Scalar", "Avx2", "Avx512", "Avx512x2"];

    [Theory]
    [MemberData(nameof(Widths))]
    public void ThetaPiMinusThetaAndSineAreWithinAFewUlpOfTheLibraryFunctions(string lanes)
    {
        var width = Enum.Parse<LaneWidth>(lanes);
        if (!Supported(width)) return; // the machine lacks these lanes; the other widths still run
        var c = Points();
        var (theta, piMinus, sin) = Evaluate(c, width);
        double worstTheta = 0, worstPiMinus = 0, worstSin = 0;
        for (int i = 0; i < c.Length; i++)
        {
            double refTheta = Math.Acos(c[i]), refPiMinus = Math.Acos(-c[i]), refSin = Math.Sqrt(Math.FusedMultiplyAdd(-c[i], c[i], 1));
            worstTheta = Math.Max(worstTheta, UlpDistance(theta[i], refTheta));
            worstPiMinus = Math.Max(worstPiMinus, UlpDistance(piMinus[i], refPiMinus));
            if (refSin > 0) worstSin = Math.Max(worstSin, UlpDistance(sin[i], refSin));
            else Assert.Equal(0.0, sin[i]);
        }
        // measured (AVX-512 and AVX2 with FMA; scalar rounds a·b + c twice): θ and π − θ ≤ 2 ulp, sin θ ≤ 2 ulp
        Assert.True(worstTheta <= 4, $"{width}: θ off by {worstTheta:F2} ulp");
        Assert.True(worstPiMinus <= 4, $"{width}: π − θ off by {worstPiMinus:F2} ulp");
        Assert.True(worstSin <= 4, $"{width}: sin θ off by {worstSin:F2} ulp");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void ExactValuesAtTheEndsAndTheSnapZoneIsExactlyPlusMinusOne(string lanes)
    {
        var width = Enum.Parse<LaneWidth>(lanes);
        if (!Supported(width)) return;
        double[] c = [1, -1, 0, 0.5, -0.5, 1 - ArcCosineSine.SnapToOne / 2, -1 + ArcCosineSine.SnapToOne / 2, Math.BitDecrement(1.0), 1.0000000000000004, -1.0000000000000004];
        var (theta, piMinus, sin) = Evaluate(c, width);
        foreach (int i in new[] { 0, 5, 7, 8 }) { Assert.Equal(0.0, theta[i]); Assert.Equal(Math.PI, piMinus[i]); Assert.Equal(0.0, sin[i]); }
        foreach (int i in new[] { 1, 6, 9 }) { Assert.Equal(Math.PI, theta[i]); Assert.Equal(0.0, piMinus[i]); Assert.Equal(0.0, sin[i]); }
        Assert.Equal(Math.PI / 2, theta[2], 15); Assert.Equal(1.0, sin[2]);
        Assert.Equal(Math.PI / 3, theta[3], 15); Assert.Equal(2 * Math.PI / 3, theta[4], 15);
        Assert.Equal(Math.Sqrt(0.75), sin[3], 15); Assert.Equal(Math.Sqrt(0.75), sin[4], 15);
    }

    internal static bool Supported(LaneWidth width)
    {
        try { FusedLeakyReluGram.Resolve(width); return true; }
        catch (PlatformNotSupportedException) { return false; }
    }
}

/// <summary>The fused Gram (every lane width) against the general per-layer path, on inputs that stress it.</summary>
public class FusedGramTests
{
    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var w in new[] { "Scalar", "Avx2", "Avx512", "Avx512x2" })
            foreach (var a in new[] { "relu", "abs", "leaky(0.2)", "identity" })
                foreach (var inline in new[] { true, false }) data.Add(w, a, inline);
        return data;
    }

    static (KernelPair Fused, KernelPair General, (double[] K, double[] T) Diagonal) Both(Matrix<double> x, string arch, LaneWidth width, bool inlineInput = true)
    {
        var kernel = new AnalyticKernel(KernelArchitecture.Parse(arch, x.Cols));
        Assert.NotNull(kernel.Fused);
        var nngp = new Matrix<double>(x.Rows, x.Rows); var ntk = new Matrix<double>(x.Rows, x.Rows);
        nngp.AsSpan().Fill(double.NaN); ntk.AsSpan().Fill(double.NaN); // every entry must be written
        kernel.FusedGram(x, nngp, ntk, width, inlineInput);
        return (new KernelPair(nngp, ntk), kernel.Cross(x, x), kernel.Diagonal(x));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EqualsThePerLayerPathTo1e12AtEveryLaneWidth(string lanes, string activation, bool inlineInput)
    {
        var width = Enum.Parse<LaneWidth>(lanes);
        if (!ArcCosineSineTests.Supported(width)) return;
        // 150 points: rows of every length 1 … 150 (every tail length of every width, three tiles of 64 — the pairing of
        // bands and the tile mirror), the input kernel formed in the rows or by GEMM,
        // one zero point (K(x, x) = 0 before the first activation: cos θ = 0 by convention) and random Gaussian points.
        var random = new RandomStream(23);
        var x = new Matrix<double>(150, 10);
        random.FillNormal(x.Data);
        x.Row(40).Clear();
        string arch = $"dense(1.4142135623730951,0)-{activation}-dense(1.3,0.2)-relu-dense(1.2,0)-{activation}-dense(1.4142135623730951,0.1)";
        var (fused, general, (dk, dt)) = Both(x, arch, width, inlineInput);
        double worst = 0;
        string where = "";
        // relative to the entry, with a floor of 1e-14 of the diagonals' scale √(M_ii·M_jj): an entry that is small by
        // cancellation (Θ ~ 3e-4 where the diagonal is ~3) carries the round-off of the terms it cancelled
        void Compare(double a, double b, double scale, string what)
        {
            double e = Math.Abs(a - b) / (Math.Abs(b) + 1e-2 * scale);
            if (e > worst) (worst, where) = (e, $"{what}: {a:R} vs {b:R}");
        }
        for (int i = 0; i < x.Rows; i++)
        {
            Assert.True(Math.Abs(fused.Nngp[i, i] - dk[i]) <= 1e-14 * Math.Abs(dk[i]), $"K[{i},{i}] {fused.Nngp[i, i]:R} vs {dk[i]:R}");
            Assert.True(Math.Abs(fused.Ntk[i, i] - dt[i]) <= 1e-14 * Math.Abs(dt[i]), $"Θ[{i},{i}] {fused.Ntk[i, i]:R} vs {dt[i]:R}");
            for (int j = 0; j < x.Rows; j++)
            {
                Assert.Equal(fused.Nngp[i, j], fused.Nngp[j, i]);
                Assert.Equal(fused.Ntk[i, j], fused.Ntk[j, i]);
                if (i == j) continue;
                Compare(fused.Nngp[i, j], general.Nngp[i, j], Math.Sqrt(dk[i] * dk[j]), $"K[{i},{j}]");
                Compare(fused.Ntk[i, j], general.Ntk[i, j], Math.Sqrt(dt[i] * dt[j]), $"Θ[{i},{j}]");
            }
        }
        Assert.True(worst <= 1e-12, $"{width} {activation}: largest relative difference {worst:E2} at {where}");
    }

    [Theory]
    [InlineData("Scalar")]
    [InlineData("Avx2")]
    [InlineData("Avx512")]
    [InlineData("Avx512x2")]
    public void DuplicatedAndOppositePointsGetTheDiagonalsValuesExactlyEnough(string lanes)
    {
        var width = Enum.Parse<LaneWidth>(lanes);
        if (!ArcCosineSineTests.Supported(width)) return;
        // x_j = x_i (cos θ = 1: θ = 0, Θ gets the full factor) and x_j = −x_i (cos θ = −1 at the first ReLU); without the
        // snap of |c| within 8 ulp of 1, rounding in c would make θ ~ 1e-8 and Θ(x, x′) differ from Θ(x, x) by ~1e-9.
        var random = new RandomStream(5);
        var x = new Matrix<double>(24, 6);
        random.FillNormal(x.Data.AsSpan(0, 12 * 6));
        for (int i = 0; i < 12; i++) x.Row(i).CopyTo(x.Row(i + 12));
        for (int c = 0; c < 6; c++) x[23, c] = -x[3, c];
        var (fused, general, _) = Both(x, "dense(1.4142135623730951,0)-relu-dense(1.4142135623730951,0)-relu-dense(1.4142135623730951,0)-relu-dense(1,0)", width);
        for (int i = 0; i < 11; i++)
        {
            Assert.True(Math.Abs(fused.Ntk[i + 12, i] - fused.Ntk[i, i]) <= 1e-14 * fused.Ntk[i, i], $"Θ duplicate {i}: {fused.Ntk[i + 12, i]:R} vs {fused.Ntk[i, i]:R}");
            Assert.True(Math.Abs(fused.Nngp[i + 12, i] - fused.Nngp[i, i]) <= 1e-14 * fused.Nngp[i, i], $"K duplicate {i}");
        }
        // opposite points by hand: cos θ = −1 exactly at the first ReLU (there K ← 0, Θ ← 0), Math.Acos after. The general
        // path gets c = −1 + O(ulp) from x·xᵀ by Gemm against the diagonal by Dot, so Θ off by ~4e-9 there: not the reference.
        var (k, theta) = ReluByHand(x.Row(3).ToArray(), x.Row(23).ToArray(), 3);
        Assert.True(Math.Abs(fused.Ntk[23, 3] - theta) <= 1e-13 * theta, $"Θ opposite: {fused.Ntk[23, 3]:R} vs {theta:R} by hand");
        Assert.True(Math.Abs(fused.Nngp[23, 3] - k) <= 1e-13 * k, $"K opposite: {fused.Nngp[23, 3]:R} vs {k:R} by hand");
        Assert.True(Math.Abs(general.Ntk[23, 3] - theta) <= 1e-8 * theta, "general path");
    }

    /// <summary>dense(√2, 0)-relu repeated depth times, then dense(1, 0), for one pair, written out (stax conventions).</summary>
    static (double K, double Theta) ReluByHand(double[] x, double[] y, int depth)
    {
        double d = x.Length, kxx = 0, kyy = 0, kxy = 0, theta = 0;
        for (int c = 0; c < x.Length; c++) { kxx += x[c] * x[c]; kyy += y[c] * y[c]; kxy += x[c] * y[c]; }
        kxx /= d; kyy /= d; kxy /= d;
        for (int layer = 0; layer < depth; layer++)
        {
            kxx *= 2; kyy *= 2; kxy *= 2;
            theta = kxy + 2 * theta;
            double norm = Math.Sqrt(kxx * kyy), cos = Math.Clamp(kxy / norm, -1, 1), t = Math.Acos(cos);
            theta *= (Math.PI - t) / (2 * Math.PI);
            kxy = norm * (Math.Sin(t) + (Math.PI - t) * cos) / (2 * Math.PI);
            kxx /= 2; kyy /= 2;                                      // E[relu(u)²] = k/2
        }
        return (kxy, kxy + theta);
    }

    [Fact]
    public void TheCommandLineContractExampleMatchesTheClosedForm()
    {
        // dense(1,0)-relu-dense(1,0) on unit vectors in d = 2: input kernel c/2 with c = x·x′ = cos θ, so
        // K = ½(sin θ + (π − θ)c)/(2π) and Θ = K + (c/2)(π − θ)/(2π), written out by hand
        var x = new Matrix<double>(3, 2, [1.0, 0.0, 0.6, 0.8, 0.0, 1.0]);
        var gram = new AnalyticKernel(KernelArchitecture.Parse("dense(1,0)-relu-dense(1,0)", 2)).Gram(x);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double c = i == j ? 1 : x[i, 0] * x[j, 0] + x[i, 1] * x[j, 1], t = Math.Acos(c);
                double k = 0.5 * (Math.Sin(t) + (Math.PI - t) * c) / (2 * Math.PI);           // ReLU of K = c/2
                double theta = k + 0.5 * c * (Math.PI - t) / (2 * Math.PI);                 // Θ = K + K_in·E[φ′φ′]
                Assert.True(Math.Abs(gram.Nngp[i, j] - k) <= 1e-14 * k, $"K[{i},{j}] {gram.Nngp[i, j]:R} vs {k:R}");
                Assert.True(Math.Abs(gram.Ntk[i, j] - theta) <= 1e-14 * theta, $"Θ[{i},{j}] {gram.Ntk[i, j]:R} vs {theta:R}");
            }
    }
}
