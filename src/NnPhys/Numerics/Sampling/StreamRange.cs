namespace NnPhys.Numerics.Sampling;

/// <summary>
/// A contiguous range of random-stream indices [First, First + Count): sample s of an ensemble run is drawn from
/// <c>RandomStream(seed, s)</c>, so any range can be computed anywhere and ranges of shards tile a whole run.
/// </summary>
public readonly record struct StreamRange(long First, long Count)
{
    /// <summary>One past the last stream index.</summary>
    public long End => First + Count;

    /// <summary>Shard k of n (0-based) of the streams [0, total): contiguous, sizes differ by at most one.</summary>
    /// <exception cref="InvalidConfigException">n &lt; 1, k outside [0, n), or total &lt; 1.</exception>
    public static StreamRange Shard(int k, int n, long total)
    {
        if (n < 1 || k < 0 || k >= n) throw new InvalidConfigException($"Shard {k}/{n} is invalid: use --shard k/n with 0 ≤ k < n, e.g. --shard 0/4.");
        if (total < 1) throw new InvalidConfigException($"The number of samples must be ≥ 1, got {total}; pass e.g. --samples 10000.");
        if (total < n) throw new InvalidConfigException($"Cannot split {total} samples into {n} shards; use at least as many samples as shards.");
        long first = total * k / n, end = total * (k + 1) / n;
        return new StreamRange(first, end - first);
    }

    /// <summary>Parses "k/n" as used by <c>--shard</c>.</summary>
    public static (int k, int n) ParseShard(string spec)
    {
        var parts = spec.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int k) || !int.TryParse(parts[1], out int n))
            throw new InvalidConfigException($"--shard '{spec}' is not of the form k/n; use e.g. --shard 0/4 for the first of four shards.");
        return (k, n);
    }

    /// <summary>True when the two ranges share a stream index.</summary>
    public bool Overlaps(StreamRange other) => First < other.End && other.First < End;

    public override string ToString() => $"[{First}, {End})";
}
