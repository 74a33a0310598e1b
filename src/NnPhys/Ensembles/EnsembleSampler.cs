using NnPhys.Numerics;
using NnPhys.Numerics.Sampling;

namespace NnPhys.Ensembles;

/// <summary>
/// Parameter-space Monte Carlo over networks and neurons: sample s of a <see cref="StreamRange"/> is one network (or one
/// neuron) drawn from <c>RandomStream(seed, s)</c>, run through the shared <see cref="ParallelSampler"/> engine.
/// </summary>
public static class EnsembleSampler

{
    /// <summary>Samples networks of <paramref name="ensemble"/> at <paramref name="points"/> and feeds each φ (length P) to an observer.</summary>
    /// <exception cref="InvalidConfigException">Empty range, or points of the wrong dimension.</exception>
    public static T Networks<T>(INetworkEnsemble ensemble, PointSet points, ulong seed, StreamRange range, Func<T> createObserver,
        int maxThreads = 0, IProgress<double>? progress = null, CancellationToken cancellation = default) where T : ISampleObserver<T>
    {
        points.RequireDimension(ensemble.InputDimension, $"the {ensemble.Name} ensemble");
        return ParallelSampler.Run(range, createObserver, () =>
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
        return ParallelSampler.Run(range, createObserver, () =>
        {
            var theta = new double[neuron.ParametersPerNeuron];
            var psi = new double[points.Count];
            return (rng, observer) => { neuron.Sample(rng, theta); neuron.Evaluate(theta, points, psi); observer.Observe(psi); };
        }, seed, maxThreads, progress, cancellation);
    }
}
