using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Numerics;
using NnPhys.Networks;
using NnPhys.Numerics;

namespace NnPhys.Training;

/// <summary>
/// Minibatch training of a <see cref="Network{T}"/> on an <see cref="ILoss"/> (MSE unless given) with any <see cref="IOptimizer{T}"/>, in one fixed,
/// readable order per step: gather batch → forward → loss and ∂L/∂output → zero gradients → backward → optimizer
/// step → observers. Each epoch shuffles the sample order with a <see cref="RandomStream"/>. The whole state
/// (parameters, optimizer state, counters, RNG words) saves to and restores from named arrays, and a restored trainer
/// continues bit-for-bit as if it had never stopped. All batch buffers are allocated once.
/// </summary>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly RandomStream _shuffle;
    readonly List<double> _epochLosses = [];
    int[] _order = [];
    T[] _batchInputs = [], _batchTargets = [], _outputGradient = [];

    /// <summary>The network being trained.</summary>
    public Network<T> Network { get; }
    /// <summary>The optimizer updating <see cref="Network"/>'s parameters.</summary>
    public IOptimizer<T> Optimizer { get; }
    /// <summary>Epochs, batch size, shuffling.</summary>
    public TrainingOptions Options { get; }
    /// <summary>The loss minimised (MSE unless another was given).</summary>
    public ILoss Loss { get; }
    /// <summary>Epochs finished so far (restored by <see cref="RestoreState"/>).</summary>
    public int CompletedEpochs { get; private set; }
    /// <summary>Optimizer steps taken so far.</summary>
    public long GlobalStep { get; private set; }
    /// <summary>Mean training loss of each completed epoch, in order.</summary>
    public IReadOnlyList<double> EpochLosses => _epochLosses;

    /// <summary>
    /// A trainer for <paramref name="network"/> driven by <paramref name="optimizer"/> (which must be bound to the
    /// network's parameters). Shuffling draws from <paramref name="shuffleRandom"/>, or from
    /// <c>new RandomStream(options.Seed, 1)</c> if none is given. The loss is <paramref name="loss"/>, MSE if null.
    /// </summary>
    /// <exception cref="InvalidConfigException">Bad options, or an optimizer bound to another parameter set.</exception>
    public Trainer(Network<T> network, IOptimizer<T> optimizer, TrainingOptions options, RandomStream? shuffleRandom = null, ILoss? loss = null)
    {
        Loss = loss ?? Losses.Mse;
        options.Validate();
        if (!ReferenceEquals(optimizer.Parameters, network.Parameters))
            throw new InvalidConfigException("The optimizer updates a different parameter set than the network's; build it with network.Parameters.");
        Network = network; Optimizer = optimizer; Options = options;
        _shuffle = shuffleRandom ?? new RandomStream(options.Seed, 1);
    }

    /// <summary>
    /// Trains until <see cref="CompletedEpochs"/> reaches <see cref="TrainingOptions.Epochs"/>, calling the observers.
    /// <paramref name="inputs"/> is (samples, in), <paramref name="targets"/> (samples, out); for an autoencoder pass the
    /// inputs twice. Cancellation is honoured between epochs, so the state is always at an epoch boundary.
    /// Returns the mean loss of every completed epoch.
    /// </summary>
    /// <exception cref="InvalidConfigException">Shapes do not match the network, or the data hold NaN/±∞.</exception>
    /// <exception cref="NumericalInstabilityException">A minibatch loss became NaN or infinite; the message names the
    /// epoch and step. Parameters are those before that step; resume from the last good checkpoint.</exception>
    public IReadOnlyList<double> Fit(Matrix<T> inputs, Matrix<T> targets, IReadOnlyList<ITrainingObserver<T>>? observers = null,
        CancellationToken cancellation = default)
    {
        ValidateData(inputs, targets);
        observers ??= [];
        for (int i = 0; i < observers.Count; i++) observers[i].OnTrainingStart(this);
        while (CompletedEpochs < Options.Epochs)
        {
            cancellation.ThrowIfCancellationRequested();
            RunEpoch(inputs, targets, observers);
        }
        return _epochLosses;
    }

    /// <summary>Runs exactly one more epoch (ignoring <see cref="TrainingOptions.Epochs"/>) and returns its report.</summary>
    /// <exception cref="InvalidConfigException">Shapes do not match the network, or the data hold NaN/±∞.</exception>
    /// <exception cref="NumericalInstabilityException">A minibatch loss became NaN or infinite.</exception>
    public EpochReport TrainEpoch(Matrix<T> inputs, Matrix<T> targets, IReadOnlyList<ITrainingObserver<T>>? observers = null)
    {
        ValidateData(inputs, targets);
        return RunEpoch(inputs, targets, observers ?? []);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 so the first epoch is as fast as the rest
    EpochReport RunEpoch(Matrix<T> inputs, Matrix<T> targets, IReadOnlyList<ITrainingObserver<T>> observers)
    {
        var clock = Stopwatch.StartNew();
        int n = inputs.Rows, nIn = inputs.Cols, nOut = targets.Cols, batchSize = Options.BatchSize;
        EnsureBuffers(n, Math.Min(batchSize, n), nIn, nOut);
        for (int i = 0; i < n; i++) _order[i] = i;
        if (Options.Shuffle) _shuffle.Shuffle(_order.AsSpan());
        int epoch = CompletedEpochs + 1, steps = (n + batchSize - 1) / batchSize;
        double lossSum = 0;
        for (int s = 0; s < steps; s++)
        {
            int start = s * batchSize, rows = Math.Min(batchSize, n - start);
            // gather the minibatch    (rows, in) and (rows, out)
            for (int r = 0; r < rows; r++)
            {
                int sample = _order[start + r];
                inputs.Row(sample).CopyTo(_batchInputs.AsSpan(r * nIn, nIn));
                targets.Row(sample).CopyTo(_batchTargets.AsSpan(r * nOut, nOut));
            }
            ReadOnlySpan<T> prediction = Network.Forward(_batchInputs.AsSpan(0, rows * nIn), rows);   // (rows, out)
            Span<T> dOutput = _outputGradient.AsSpan(0, rows * nOut);                                 // ∂L/∂ŷ (rows, out)
            double loss = Loss.LossAndGradient(prediction, _batchTargets.AsSpan(0, rows * nOut), dOutput, nOut, Loss.Normalization(rows, nOut));
            if (!double.IsFinite(loss))
                throw new NumericalInstabilityException(
                    $"Training loss became {loss} at epoch {epoch}, step {s + 1} of {steps} (global step {GlobalStep + 1}) with {Optimizer.Description}. " +
                    "The parameters are from the step before; resume from the last good checkpoint with a smaller learning rate, or check the data.");
            Network.Parameters.ZeroGradients();
            Network.Backward(dOutput);
            Optimizer.Step();
            GlobalStep++;
            lossSum += loss * rows;
            var report = new StepReport(epoch, s, steps, GlobalStep, rows, loss);
            for (int i = 0; i < observers.Count; i++) observers[i].OnStep(this, report); // indexed: no enumerator allocation per step
        }
        CompletedEpochs = epoch;
        _epochLosses.Add(lossSum / n);
        var summary = new EpochReport(epoch, lossSum / n, steps, clock.Elapsed.TotalSeconds);
        for (int i = 0; i < observers.Count; i++) observers[i].OnEpochEnd(this, summary);
        return summary;
    }

    void EnsureBuffers(int samples, int batch, int nIn, int nOut)
    {
        if (_order.Length != samples) _order = new int[samples];
        if (_batchInputs.Length < batch * nIn) _batchInputs = new T[batch * nIn];
        if (_batchTargets.Length < batch * nOut) { _batchTargets = new T[batch * nOut]; _outputGradient = new T[batch * nOut]; }
    }

    void ValidateData(Matrix<T> inputs, Matrix<T> targets)
    {
        if (inputs.Cols != Network.InputSize)
            throw new InvalidConfigException($"Inputs have {inputs.Cols} columns but the network takes {Network.InputSize}; pass (samples, {Network.InputSize}) data.");
        if (targets.Cols != Network.OutputSize)
            throw new InvalidConfigException($"Targets have {targets.Cols} columns but the network outputs {Network.OutputSize}; pass (samples, {Network.OutputSize}) targets.");
        if (inputs.Rows != targets.Rows || inputs.Rows == 0)
            throw new InvalidConfigException($"Inputs have {inputs.Rows} rows and targets {targets.Rows}; they must match and be non-zero.");
        CheckFinite(inputs, "Inputs");
        if (!ReferenceEquals(inputs, targets)) CheckFinite(targets, "Targets");
    }

    static void CheckFinite(Matrix<T> m, string what)
    {
        var d = m.Data;
        for (int i = 0; i < d.Length; i++)
            if (!T.IsFinite(d[i]))
                throw new InvalidConfigException($"{what} hold {d[i]} at row {i / m.Cols}, column {i % m.Cols}; clean or re-normalize the data before training.");
    }

    /// <summary>
    /// The full training state as named arrays: "network.{parameter}" (weights (in, out), biases (out)), the optimizer's
    /// entries (e.g. "adam.m.{parameter}", "adam.v.{parameter}", "adam.step", "adam.hyperparameters"), and
    /// "trainer.epoch", "trainer.global_step", "trainer.batch_size" (long[1]), "trainer.rng" (long[6], the shuffling
    /// RandomStream's state words reinterpreted as int64),
    /// "trainer.epoch_losses" (double[epochs]). Keys contain no '/' (they are valid .npz entry names); weights and
    /// their optimizer moments are T[in, out], everything else 1-D. Arrays are copies.
    /// </summary>
    public Dictionary<string, Array> SaveState()
    {
        var s = new Dictionary<string, Array>(StringComparer.Ordinal);
        StateArrays.AddPerParameter(s, "network.", Network.Parameters, Network.Parameters.Values);
        foreach (var (k, v) in Optimizer.GetState()) s[k] = v;
        s["trainer.epoch"] = new long[] { CompletedEpochs };
        s["trainer.global_step"] = new[] { GlobalStep };
        s["trainer.batch_size"] = new long[] { Options.BatchSize };
        s["trainer.rng"] = Array.ConvertAll(_shuffle.GetState(), w => unchecked((long)w)); // bit-identical words, as int64 for .npy
        s["trainer.epoch_losses"] = _epochLosses.ToArray();
        return s;
    }

    /// <summary>Restores a state from <see cref="SaveState"/> into this trainer, its network and its optimizer.</summary>
    /// <exception cref="InvalidConfigException">A key is missing, an array has the wrong type or size, or the batch size
    /// or optimizer hyperparameters differ from the saved run's. After a failure the trainer may be partly restored:
    /// discard it and build a new one.</exception>
    public void RestoreState(IReadOnlyDictionary<string, Array> state)
    {
        long batch = StateArrays.Read<long>(state, "trainer.batch_size", 1)[0];
        if (batch != Options.BatchSize)
            throw new InvalidConfigException($"The saved run used batch size {batch} but this one has {Options.BatchSize}; resume with the saved batch size or start a new run.");
        int epoch = checked((int)StateArrays.Read<long>(state, "trainer.epoch", 1)[0]);
        long step = StateArrays.Read<long>(state, "trainer.global_step", 1)[0];
        var rngWords = StateArrays.Read<long>(state, "trainer.rng", 6);
        var rng = new ulong[6];
        for (int i = 0; i < 6; i++) rng[i] = unchecked((ulong)rngWords[i]);
        if (!state.TryGetValue("trainer.epoch_losses", out var lossesArray) || lossesArray is not double[] losses || losses.Length != epoch)
            throw new InvalidConfigException($"The saved state's 'trainer.epoch_losses' is missing or does not hold {epoch} values; the checkpoint is damaged, use an earlier one.");
        StateArrays.ReadPerParameter(state, "network.", Network.Parameters, Network.Parameters.Values);
        Optimizer.SetState(state);
        _shuffle.SetState(rng);
        CompletedEpochs = epoch;
        GlobalStep = step;
        _epochLosses.Clear();
        _epochLosses.AddRange(losses);
    }
}
