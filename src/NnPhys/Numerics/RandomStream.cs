namespace NnPhys.Numerics;

/// <summary>
/// Reproducible random numbers: a (seed, stream) pair names one independent, repeatable sequence, so shard k of n,
/// layer l, or worker w can each draw their own stream with no coordination. The generator is xoshiro256**
/// with its state filled by SplitMix64 from a mix of the seed and the stream index.
/// </summary>
public sealed class RandomStream
{
    ulong _s0, _s1, _s2, _s3;
    double _spareNormal; bool _hasSpare;

    /// <summary>The seed this stream was created with.</summary>
    public ulong Seed { get; }
    /// <summary>The stream index this stream was created with.</summary>
    public ulong Stream { get; }

    public RandomStream(ulong seed, ulong stream = 0)
    {
        Seed = seed; Stream = stream;
        ulong x = seed ^ (0x9E3779B97F4A7C15UL * (stream + 1)) ^ Rotl(stream * 0xD1B54A32D192ED03UL, 29);
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1;
    }

    /// <summary>A child stream, independent of this one and of other children with different indices.</summary>
    public RandomStream Fork(ulong index) => new(Seed ^ Rotl(Stream + 0x632BE59BD9B4E019UL, 17), index * 0x9E3779B97F4A7C15UL + Stream + 1);

    static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Next 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = Rotl(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3; _s2 ^= t; _s3 = Rotl(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>Uniform double in [lo, hi).</summary>
    public double NextUniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Uniform integer in [0, n) without modulo bias.</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "n must be positive.");
        ulong bound = (ulong)n, threshold = (0UL - bound) % bound;
        while (true) { ulong r = NextUInt64(); if (r >= threshold) return (int)(r % bound); }
    }

    /// <summary>Standard normal draw (Box–Muller, the second value of each pair is kept for the next call).</summary>
    public double NextNormal()
    {
        if (_hasSpare) { _hasSpare = false; return _spareNormal; }
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1)), th = 2.0 * Math.PI * u2;
        _spareNormal = r * Math.Sin(th); _hasSpare = true;
        return r * Math.Cos(th);
    }

    /// <summary>
    /// Fills with N(mean, std²) draws: exactly the values <c>mean + std·NextNormal()</c> would give, in order (so
    /// chunked and one-shot fills agree bit for bit), but producing both Box–Muller values of a pair per step.
    /// </summary>
    public void FillNormal(Span<double> dst, double mean = 0, double std = 1)
    {
        int i = 0;
        if (_hasSpare && dst.Length > 0) dst[i++] = mean + std * NextNormal();
        for (; i + 1 < dst.Length; i += 2)
        {
            var (z0, z1) = NextNormalPair();
            dst[i] = mean + std * z0;
            dst[i + 1] = mean + std * z1;
        }
        if (i < dst.Length) dst[i] = mean + std * NextNormal();
    }

    /// <summary>Fills with N(mean, std²) draws, the same sequence as the double overload, rounded to float.</summary>
    public void FillNormal(Span<float> dst, double mean = 0, double std = 1)
    {
        int i = 0;
        if (_hasSpare && dst.Length > 0) dst[i++] = (float)(mean + std * NextNormal());
        for (; i + 1 < dst.Length; i += 2)
        {
            var (z0, z1) = NextNormalPair();
            dst[i] = (float)(mean + std * z0);
            dst[i + 1] = (float)(mean + std * z1);
        }
        if (i < dst.Length) dst[i] = (float)(mean + std * NextNormal());
    }

    /// <summary>One Box–Muller pair (cos branch, sin branch), identical to two NextNormal calls with no spare.</summary>
    (double, double) NextNormalPair()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1)), th = 2.0 * Math.PI * u2;
        return (r * Math.Cos(th), r * Math.Sin(th));
    }
    /// <summary>Fills with U[lo, hi) draws.</summary>
    public void FillUniform(Span<double> dst, double lo = 0, double hi = 1) { for (int i = 0; i < dst.Length; i++) dst[i] = NextUniform(lo, hi); }
    /// <summary>Fills with U[lo, hi) draws.</summary>
    public void FillUniform(Span<float> dst, double lo = 0, double hi = 1) { for (int i = 0; i < dst.Length; i++) dst[i] = (float)NextUniform(lo, hi); }

    /// <summary>In-place Fisher–Yates shuffle.</summary>
    public void Shuffle<T>(Span<T> items) { for (int i = items.Length - 1; i > 0; i--) { int j = NextInt(i + 1); (items[i], items[j]) = (items[j], items[i]); } }

    /// <summary>The full generator state (to checkpoint and resume bit-exactly).</summary>
    public ulong[] GetState() => [_s0, _s1, _s2, _s3, _hasSpare ? 1UL : 0UL, BitConverter.DoubleToUInt64Bits(_spareNormal)];

    /// <summary>Restores a state from <see cref="GetState"/>.</summary>
    public void SetState(ReadOnlySpan<ulong> s)
    {
        if (s.Length != 6) throw new ArgumentException("A RandomStream state has 6 words.", nameof(s));
        _s0 = s[0]; _s1 = s[1]; _s2 = s[2]; _s3 = s[3]; _hasSpare = s[4] != 0; _spareNormal = BitConverter.UInt64BitsToDouble(s[5]);
    }
}
