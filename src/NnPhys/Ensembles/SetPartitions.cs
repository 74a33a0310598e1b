namespace NnPhys.Ensembles;

/// <summary>
/// Set partitions of small index sets (bitmasks of ≤ 6 positions) and the moment–cumulant relations built on them:
/// the joint cumulant κ(S) = Σ_π (−1)^{|π|−1}(|π|−1)! Π_{B∈π} m(B) and its inverse m(S) = Σ_π Π_{B∈π} κ(B).
/// Connected correlators are joint cumulants (tasi-physics-for-ml eq. (49) is the case with vanishing odd moments,
/// eqs. (140)–(142) the one-variable case).
/// </summary>
public static class SetPartitions
{
    static readonly Dictionary<int, int[][]> Cache = new();
    static readonly Lock CacheLock = new();

    /// <summary>All partitions of the set bits of <paramref name="mask"/> into blocks, each block a bitmask.</summary>
    public static int[][] Of(int mask)
    {
        if (mask <= 0 || mask >= 1 << 12) throw new ArgumentOutOfRangeException(nameof(mask), "Partitions are enumerated for 1 to 12 positions.");
        lock (CacheLock)
        {
            if (Cache.TryGetValue(mask, out var cached)) return cached;
            var result = new List<int[]>();
            Build(mask, [], result);
            var array = result.ToArray();
            Cache[mask] = array;
            return array;
        }
    }

    // The block containing the lowest remaining bit ranges over all subsets of the rest; recurse on what is left.
    static void Build(int remaining, List<int> blocks, List<int[]> result)
    {
        if (remaining == 0) { result.Add([.. blocks]); return; }
        int lowest = remaining & -remaining, rest = remaining & ~lowest;
        for (int sub = rest; ; sub = (sub - 1) & rest)
        {
            blocks.Add(lowest | sub);
            Build(rest & ~sub, blocks, result);
            blocks.RemoveAt(blocks.Count - 1);
            if (sub == 0) break;
        }
    }

    /// <summary>(−1)^{k−1}(k−1)! for a partition of k blocks.</summary>
    public static double CumulantCoefficient(int blocks)
    {
        double f = 1;
        for (int j = 2; j < blocks; j++) f *= j;
        return blocks % 2 == 1 ? f : -f;
    }

    /// <summary>Joint cumulant κ(S) = Σ_π (−1)^{|π|−1}(|π|−1)! Π_{B∈π} moment(B) over partitions π of S.</summary>
    public static double CumulantFromMoments(int mask, Func<int, double> moment)
    {
        double sum = 0;
        foreach (var partition in Of(mask))
        {
            double term = CumulantCoefficient(partition.Length);
            foreach (var block in partition) term *= moment(block);
            sum += term;
        }
        return sum;
    }

    /// <summary>Joint moment m(S) = Σ_π Π_{B∈π} cumulant(B) over partitions π of S.</summary>
    public static double MomentFromCumulants(int mask, Func<int, double> cumulant)
    {
        double sum = 0;
        foreach (var partition in Of(mask))
        {
            double term = 1;
            foreach (var block in partition) term *= cumulant(block);
            sum += term;
        }
        return sum;
    }

    /// <summary>Number of set bits.</summary>
    public static int Size(int mask) => System.Numerics.BitOperations.PopCount((uint)mask);
}
