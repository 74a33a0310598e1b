namespace NnPhys.Numerics.Sampling;

/// <summary>
/// The Monte Carlo engine every paper shares: sample s ∈ [First, End) of a <see cref="StreamRange"/> is drawn from
/// <c>RandomStream(seed, s)</c>. The range is cut into fixed chunks of <see cref="ChunkSize"/> streams; chunks run in
/// parallel, each into its own observer, and are merged in chunk order, so the result is the same bytes for any thread
/// count. Only a bounded wave of chunk observers is alive at a time: memory stays flat as the number of samples grows.
/// </summary>
public static class ParallelSampler
{
    /// <summary>Streams per chunk.</summary>
    public const int ChunkSize = 128;

    /// <summary>
    /// The general loop: <paramref name="createWorker"/> makes a per-thread action that draws one sample from a stream and
    /// feeds an observer. Used by the network and neuron samplers and by estimators that need more than φ at points.
    /// </summary>
    public static T Run<T>(StreamRange range, Func<T> createObserver, Func<Action<RandomStream, T>> createWorker, ulong seed,
        int maxThreads = 0, IProgress<double>? progress = null, CancellationToken cancellation = default) where T : ISampleObserver<T>
    {
        if (range.Count < 1) throw new InvalidConfigException($"The number of samples must be ≥ 1, got {range.Count}; pass e.g. --samples 10000.");
        if (range.First < 0) throw new InvalidConfigException($"Stream indices start at 0, got {range.First}.");
        int threads = maxThreads > 0 ? maxThreads : Environment.ProcessorCount;
        long chunks = (range.Count + ChunkSize - 1) / ChunkSize;
        int wave = Math.Max(1, threads * 4);
        var total = createObserver();
        var results = new T[wave];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellation };
        var workers = new ThreadLocal<Action<RandomStream, T>>(createWorker);
        try
        {
            for (long waveStart = 0; waveStart < chunks; waveStart += wave)
            {
                int inWave = (int)Math.Min(wave, chunks - waveStart);
                Parallel.For(0, inWave, options, c =>
                {
                    long first = range.First + (waveStart + c) * ChunkSize, end = Math.Min(first + ChunkSize, range.End);
                    var observer = createObserver();
                    var work = workers.Value!;
                    for (long s = first; s < end; s++) work(new RandomStream(seed, (ulong)s), observer);
                    results[c] = observer;
                });
                for (int c = 0; c < inWave; c++) { total.Merge(results[c]); results[c] = default!; }
                progress?.Report(Math.Min(1.0, (double)(waveStart + inWave) / chunks));
            }
        }
        finally { workers.Dispose(); }
        return total;
    }
}
