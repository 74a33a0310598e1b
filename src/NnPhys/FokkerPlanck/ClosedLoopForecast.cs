using NnPhys.Data;
using NnPhys.Experiments;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.FokkerPlanck;

/// <summary>Whose minibatch order the closed-loop forecast draws.</summary>
public enum ClosedLoopBatchOrder
{
    /// <summary>Its own seeded stream (seed, stream <see cref="ClosedLoopForecast.OrderStream"/>, forked per start epoch): the
    /// noise is minibatch noise of the same statistics as training's, but not the training's realisation. The default.</summary>
    Independent,
    /// <summary>The training run's own shuffling stream, continued from the start epoch's state: the same minibatches the
    /// network saw after s (a diagnostic that isolates the effect of freezing the other layers; part of the epoch-s state).</summary>
    Training,
}

/// <summary>The closed-loop forecast rows per method and start epoch (<see cref="ClosedLoopForecast.Run"/>).</summary>
/// <param name="Rows">(method, start epoch s) → the rows (b1, b2) at s+1, s+2, … (as many epochs as the horizon and the run allow).</param>
/// <param name="Notes">What the reader must know, e.g. how far the replayed training deviated from the recording.</param>
public sealed record ClosedLoopRows(IReadOnlyDictionary<(ForecastMethod Method, int Start), IReadOnlyList<(double[] B1, double[] B2)>> Rows, IReadOnlyList<string> Notes);

/// <summary>
/// Runs <see cref="ClosedLoop"/> from every start epoch of a recorded training run. The run keeps only its last
/// checkpoints, so the full training state at each epoch s (all layers, Adam, the shuffling stream) is recovered by
/// replaying the training from its seed (<see cref="AutoencoderTraining.CreateTrainer"/>, bit-reproducible) and checked
/// against the recorded b1/b2 weights and Adam step of that epoch; then the forecasts from the start epochs run in parallel
/// (each with its own forked random stream, so the result does not depend on the scheduling).
/// </summary>
public static class ClosedLoopForecast
{
    /// <summary>Stream index of the closed loop's own minibatch orders (the training uses streams 1–3).</summary>
    public const ulong OrderStream = 0xC105ED;

    /// <summary>Largest deviation (relative to the rows' largest magnitude) between replayed and recorded b1/b2 weights that is
    /// still treated as the same run: a different BLAS may round differently; a different run differs at order 1.</summary>
    public const double ReplayTolerance = 1e-4;

    /// <summary>Forecasts from every start epoch s = 1..epochs−1 for min(maxHorizon, epochs − s) epochs.</summary>
    /// <param name="training">The training run's config (seed, digits, batch, η).</param>
    /// <param name="trainingSet">The MNIST training set the run used.</param>
    /// <param name="trajectory">The run's recording (checked against the replay).</param>
    /// <param name="epochs">Epochs of the trajectory used.</param>
    /// <param name="maxHorizon">Epochs to evolve from each start (fewer near the end of the run).</param>
    /// <param name="batchOrder">Whose minibatch order to use.</param>
    /// <param name="progress">Progress: replayed epochs, then forecasts done.</param>
    /// <param name="cancel">Cancels.</param>
    /// <exception cref="DataFileException">The replayed training does not reproduce the recorded weights (another data set,
    /// config or code version).</exception>
    /// <exception cref="InvalidConfigException">Bad arguments, or non-finite closed-loop rows.</exception>
    /// <param name="methods">Which closed loops: <see cref="ForecastMethod.ClosedLoop"/> and/or <see cref="ForecastMethod.ClosedLoopMean"/> (default both).</param>
    /// <param name="refreshesPerEpoch">Mean-gradient refreshes per epoch of the mean-field closed loop.</param>
    public static ClosedLoopRows Run(AutoencoderTrainingConfig training, MnistDataset trainingSet, BottleneckTrajectory trajectory, int epochs,
        int maxHorizon, ClosedLoopBatchOrder batchOrder = ClosedLoopBatchOrder.Independent, IProgress<FokkerPlanckProgress>? progress = null,
        CancellationToken cancel = default, IReadOnlyList<ForecastMethod>? methods = null, int refreshesPerEpoch = 4)
    {
        methods ??= [ForecastMethod.ClosedLoop, ForecastMethod.ClosedLoopMean];
        if (methods.Count == 0 || methods.Any(m => !PastOnlyForecastOptions.IsClosedLoop(m)))
            throw new InvalidConfigException("ClosedLoopForecast runs closed-loop and closed-loop-mean only.");
        if (methods.Contains(ForecastMethod.ClosedLoopMean))
            for (int s = 1; s < epochs; s++)
                if (trajectory.Epochs[s].B1.GradientCovariance is null || trajectory.Epochs[s].B2.GradientCovariance is null)
                    throw new InvalidConfigException($"--forecast-methods closed-loop-mean needs the per-batch gradient covariance of b1 and b2, which this run did not record at epoch {s}; re-record the training or use closed-loop.");
        Check.Positive(maxHorizon, "--forecast-horizons", "--forecast-horizons 1,2,5");
        if (epochs < 2 || epochs > trajectory.EpochCount)
            throw new InvalidConfigException($"The closed-loop forecast needs 2..{trajectory.EpochCount} epochs of the run; got {epochs}.");
        var inputs = AutoencoderTraining.TrainingImages(training, trainingSet).ImagesAsMatrix();
        var trainer = AutoencoderTraining.CreateTrainer(training);
        var notes = new List<string>();
        var states = new (float[] Values, BottleneckAdamState Adam, ulong[] Shuffle)[epochs];
        double worst = 0;
        for (int s = 1; s < epochs; s++)
        {
            cancel.ThrowIfCancellationRequested();
            trainer.TrainEpoch(inputs, inputs);
            worst = Math.Max(worst, Deviation(trainer, trajectory, s));
            var saved = trainer.SaveState();
            var adamState = BottleneckAdamState.Of((Adam<float>)trainer.Optimizer);
            if (trajectory.Epochs[s].B1.GradientCovariance is { } c1 && trajectory.Epochs[s].B2.GradientCovariance is { } c2)
                adamState = adamState with { Variance1 = BottleneckAdamState.DiagonalOf(c1), Variance2 = BottleneckAdamState.DiagonalOf(c2) };
            states[s] = ((float[])trainer.Network.Parameters.Values.Clone(), adamState,
                         ShuffleWords(StateArrays.Read<long>(saved, "trainer.rng", 6)));
            progress?.Report(new("closed loop: replaying the training", s, epochs - 1));
        }
        if (worst > 0)
            notes.Add($"closed loop: the replayed training differs from the recorded b1/b2 weights by up to {worst:G3} of their magnitude (round-off of another BLAS); the forecasts start from the replayed state.");

        var jobs = (from method in methods from s in Enumerable.Range(1, epochs - 1) select (Method: method, Start: s)).ToArray();
        var rows = new IReadOnlyList<(double[], double[])>[jobs.Length];
        int done = 0;
        var parallel = new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, jobs.Length, parallel, j =>
        {
            var (method, s) = jobs[j];
            var network = new Network<float>(trainer.Network.Architecture);
            states[s].Values.AsSpan().CopyTo(network.Parameters.Values);
            // each (method, start) draws its own stream: the result does not depend on the scheduling
            var order = batchOrder == ClosedLoopBatchOrder.Training ? Restored(states[s].Shuffle)
                      : new RandomStream(training.Seed, OrderStream).Fork((ulong)s);
            int horizon = Math.Min(maxHorizon, epochs - s);
            rows[j] = method == ForecastMethod.ClosedLoop
                ? ClosedLoop.Evolve(network, states[s].Adam, inputs, order, training.BatchSize, horizon, cancel: cancel)
                : ClosedLoop.EvolveMean(network, states[s].Adam, inputs, order, training.BatchSize, horizon, refreshesPerEpoch, cancel: cancel);
            progress?.Report(new("closed loop: forecasts", Interlocked.Increment(ref done), jobs.Length));
        });
        var byStart = new Dictionary<(ForecastMethod, int), IReadOnlyList<(double[] B1, double[] B2)>>();
        for (int j = 0; j < jobs.Length; j++) byStart[jobs[j]] = rows[j];
        return new ClosedLoopRows(byStart, notes);
    }

    static ulong[] ShuffleWords(ReadOnlySpan<long> words)
    {
        var result = new ulong[words.Length];
        for (int i = 0; i < words.Length; i++) result[i] = unchecked((ulong)words[i]);
        return result;
    }

    static RandomStream Restored(ulong[] words)
    {
        var random = new RandomStream(0);
        random.SetState(words);
        return random;
    }

    /// <summary>Largest |replayed − recorded| of b1/b2 weights at epoch s relative to the recorded magnitude; throws beyond <see cref="ReplayTolerance"/>.</summary>
    static double Deviation(Trainer<float> trainer, BottleneckTrajectory trajectory, int s)
    {
        var record = trajectory.Epochs[s];
        if (trainer.GlobalStep != record.AdamStep)
            throw new DataFileException($"Replaying the training for the closed-loop forecast took {trainer.GlobalStep} Adam steps to epoch {s}, but the recording has {record.AdamStep}; " +
                                        "the training run used another data set or batch size. Run the forecast on the run's own config, or leave closed-loop out of --forecast-methods.");
        double worst = 0;
        foreach (var (name, recorded) in new[] { ("b1", record.B1.Weights), ("b2", record.B2.Weights) })
        {
            var replayed = trainer.Network.Layer(name).Weight;
            double diff = 0, scale = 0;
            for (int k = 0; k < recorded.Length; k++) { diff = Math.Max(diff, Math.Abs(replayed[k] - recorded[k])); scale = Math.Max(scale, Math.Abs(recorded[k])); }
            double relative = diff / Math.Max(scale, 1e-30);
            if (relative > ReplayTolerance)
                throw new DataFileException($"Replaying the training for the closed-loop forecast gives {name} weights at epoch {s} that differ from the recording by {relative:G3} of their magnitude; " +
                                            "the run was trained with other data, options or code. Run the forecast on the run's own MNIST files and version, or leave closed-loop out of --forecast-methods.");
            worst = Math.Max(worst, relative);
        }
        return worst;
    }
}
