using NnPhys.Numerics.Sampling;
namespace NnPhys.Ensembles;

/// <summary>
/// Entry points for correlators at user-given points: sample networks (direct parameter-space Monte Carlo, eqs. (27),
/// (45)–(49)) or single neurons (exact-in-N reductions, eqs. (39), (50)–(51)) into a <see cref="CorrelatorAccumulator"/>.
/// Tuples are lists of point indices, e.g. [0, 1] for G2(x0, x1) or [0, 1, 2, 3] for G4.
/// </summary>
public static class Correlators
{
    /// <summary>Samples <paramref name="samples"/> networks (streams 0..samples−1) and accumulates the tuples' sub-products.</summary>
    /// <exception cref="InvalidConfigException">Points of the wrong dimension, bad tuples, or samples &lt; 1.</exception>
    public static CorrelatorAccumulator SampleNetworks(INetworkEnsemble ensemble, PointSet points, IReadOnlyList<int[]> tuples, ulong seed, long samples, int maxThreads = 0) =>
        SampleNetworks(ensemble, points, tuples, seed, new StreamRange(0, samples), maxThreads);

    /// <summary>As above over an explicit stream range (a shard).</summary>
    public static CorrelatorAccumulator SampleNetworks(INetworkEnsemble ensemble, PointSet points, IReadOnlyList<int[]> tuples, ulong seed, StreamRange range, int maxThreads = 0,
        IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        Check.Positive(range.Count, "The number of samples", "--samples 10000");
        var validated = new CorrelatorAccumulator(tuples, points.Count); // validates tuples before any work
        return EnsembleSampler.Networks(ensemble, points, seed, range, () => new CorrelatorAccumulator(validated.Tuples, points.Count), maxThreads, progress, cancellation);
    }

    /// <summary>Samples <paramref name="samples"/> single neurons and accumulates their sub-products for <see cref="SingleNeuronReduction"/>.</summary>
    public static CorrelatorAccumulator SampleNeurons(IRandomNeuron neuron, PointSet points, IReadOnlyList<int[]> tuples, ulong seed, long samples, int maxThreads = 0)
    {
        Check.Positive(samples, "The number of samples", "--samples 10000");
        var validated = new CorrelatorAccumulator(tuples, points.Count);
        return EnsembleSampler.Neurons(neuron, points, seed, new StreamRange(0, samples), () => new CorrelatorAccumulator(validated.Tuples, points.Count), maxThreads);
    }

    /// <summary>All pairs (a, b) with a ≤ b of P points, in row order: the tuples of a full two-point matrix.</summary>
    public static int[][] AllPairs(int pointCount)
    {
        var pairs = new List<int[]>();
        for (int a = 0; a < pointCount; a++)
            for (int b = a; b < pointCount; b++) pairs.Add([a, b]);
        return [.. pairs];
    }

    /// <summary>The symmetric P×P matrix of raw two-point estimates from an accumulator over <see cref="AllPairs"/>.</summary>
    public static (double[,] value, double[,] standardError) TwoPointMatrix(CorrelatorAccumulator accumulator)
    {
        int p = accumulator.PointCount;
        var value = new double[p, p];
        var error = new double[p, p];
        for (int t = 0; t < accumulator.Tuples.Count; t++)
        {
            var tuple = accumulator.Tuples[t];
            if (tuple.Length != 2) throw new InvalidConfigException("A two-point matrix needs an accumulator over pairs; build it with Correlators.AllPairs.");
            var e = CorrelatorEstimators.Moment(accumulator, t);
            value[tuple[0], tuple[1]] = value[tuple[1], tuple[0]] = e.Value;
            error[tuple[0], tuple[1]] = error[tuple[1], tuple[0]] = e.StandardError;
        }
        return (value, error);
    }
}
