using NnPhys.Numerics;

namespace NnPhys.Ensembles;

/// <summary>
/// Runs parameter-space Monte Carlo: sample s ∈ [First, End) of a <see cref="StreamRange"/> is one network (or one neuron)
/// drawn from <c>RandomStream(seed, s)</c>. The range is cut into fixed chunks of <see cref="ChunkSize"/> streams; chunks run
/// in parallel (Parallel.For over samples), each into its own observer, and are merged in chunk order, so the result is
/// the same bytes for any thread count. Only a bounded wave of chunk observers is alive at a time: memory stays flat as
/// the number of samples grows.
/// </summary>
public static class EnsembleSampler
{
    /// <summary>Streams per chunk.</summary>
    public const int ChunkSize = 128;

    /// <summary>Samples networks of <paramref name="ensemble"/> at <paramref name="points"/> and feeds each φ (length P) to an observer.</summary>
    /// <exception cref="InvalidConfigException">Empty range, or points of the wrong dimension.</exception>
    public static T Networks<T>(INetworkEnsemble ensemble, PointSet points, ulong seed, StreamRange range, Func<T> createObserver,
        int maxThreads = 0, IProgress<double>? progress = null, CancellationToken cancellation = default) where T : ISampleObserver<T>
    {
        points.RequireDimension(ensemble.InputDimension, $"the {ensemble.Name} ensemble");
        return Custom(range, createObserver, () =>
        {
            var sampler = ensemble.CreateSampler(points);
            var phi = new double[points.Count];
            return (rng, observer) => { sampler.SampleAndEvaluate(rng, phi); observer.Observe(phi); };
        }, seed, maxThreads, progress, cancellation);
    }

    /// <summary>Samples single neurons ψ ~ P(θ) at <paramref name="points"/> (one per stream) for the exact-in-N reductions.</summary>
    public static T Neurons<T>(IRandomNeuron neuron, PointSet points, ulong seed, StreamRange range, Func<T> createObserver,
        int maxThreads = 0, IProgress<double>? progress = null, CancellationToken cancellation = default) where T : ISampleObserver<T>
    {
        points.RequireDimension(neuron.InputDimension, $"the {neuron.Name} neuron");
        return Custom(range, createObserver, () =>
        {
            var theta = new double[neuron.ParametersPerNeuron];
            var psi = new double[points.Count];
            return (rng, observer) => { neuron.Sample(rng, theta); neuron.Evaluate(theta, points, psi); observer.Observe(psi); };
        }, seed, maxThreads, progress, cancellation);
    }

    /// <summary>
    /// The general loop: <paramref name="createWorker"/> makes a per-thread action that draws one sample from a stream and
    /// feeds an observer. Used by the network and neuron samplers and by estimators that need more than φ at points.
    /// </summary>
    public static T Custom<T>(StreamRange range, Func<T> createObserver, Func<Action<RandomStream, T>> createWorker, ulong seed,
        int maxThreads = 0, IProgress<double>? progress = null, CancellationToken cancellation = default) where T : ISampleObserver<T>
    {
        EnsembleChecks.Samples(range.Count);
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
