using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.FokkerPlanck;

/// <summary>How theoretical weight matrices are read off the evolved density.</summary>
public enum TheoreticalRows
{
    /// <summary>Each empirical row at epoch 0 is carried along the probability-flow velocity (row identity kept).</summary>
    Transport,
    /// <summary>Rows are drawn afresh from P at each epoch (row identity lost; seeded by <see cref="FokkerPlanckOptions.Seed"/>).</summary>
    Sample,
}

/// <summary>Where each epoch's theoretical evolution starts, and what the theory sees (issue 8 §1).</summary>
public enum TheoryStart
{
    /// <summary>
    /// `previous`, one epoch ahead (default): each epoch restarts from the empirical rows of the previous epoch and their KDE
    /// (P_{t} = e^{−V_t} of the empirical potential), then evolves 1 epoch — the protocol of the paper's §3.2. Measured drift
    /// sees the epoch's actual displacements W_{t+1} − W_t.
    /// </summary>
    FromPreviousEpoch,
    /// <summary>
    /// `free_running`: one evolution from the epoch-0 rows that sees epoch 0 only. The drift field is regressed once, at the
    /// rows' first-epoch midpoints, and held fixed as a function of w for every later epoch (measured drift: the first
    /// epoch's displacements W_1 − W_0; predicted drift: eq. (9) at epoch 0), with the loss gate of the first epoch.
    /// </summary>
    FreeRunning,
    /// <summary>
    /// `free_running_refit`: one evolution from the epoch-0 rows whose drift field is re-fitted every epoch at the network's
    /// actual rows W_t (measured: their actual displacements): the density and theoretical rows run freely, the drift does not.
    /// </summary>
    FreeRunningRefit,
}

/// <summary>Names of the protocols in metrics, arrays and the command line.</summary>
public static class TheoryStartNames
{
    /// <summary>"previous", "free_running" or "free_running_refit".</summary>
    public static string Name(TheoryStart start) => start switch
    {
        TheoryStart.FromPreviousEpoch => "previous",
        TheoryStart.FreeRunning => "free_running",
        _ => "free_running_refit",
    };

    /// <summary>What the protocol sees in the given drift mode, for the report.</summary>
    public static string Description(TheoryStart start, DriftMode mode) => (start, mode) switch
    {
        (TheoryStart.FromPreviousEpoch, DriftMode.Measured) => "one epoch ahead from W_(t−1) and its KDE; sees the epoch's actual displacements W_t − W_(t−1)",
        (TheoryStart.FromPreviousEpoch, _) => "one epoch ahead from W_(t−1) and its KDE; drift by eq. (9) from the gradient and Adam state at t−1",
        (TheoryStart.FreeRunning, DriftMode.Measured) => "sees W_0 and the first epoch's displacements W_1 − W_0 only; that drift field fitted once, held fixed in w",
        (TheoryStart.FreeRunning, _) => "sees epoch 0 only: eq. (9) at epoch 0, fitted once, held fixed in w",
        (_, DriftMode.Measured) => "one evolution from W_0, drift re-fitted every epoch at the network's rows W_t from their actual displacements",
        _ => "one evolution from W_0, drift re-fitted every epoch by eq. (9) at the network's rows and Adam state",
    };

    static readonly Choices<TheoryStart> Table = new("a protocol",
        [(["previous"], TheoryStart.FromPreviousEpoch), (["free_running"], TheoryStart.FreeRunning), (["free_running_refit"], TheoryStart.FreeRunningRefit)]);

    /// <summary>Parses a protocol name (case-insensitive, '-' = '_').</summary>
    /// <exception cref="InvalidConfigException">Unknown name, naming the option and the valid names.</exception>
    public static TheoryStart Parse(string name, string option = "--protocols") => Table.Parse(name, option);
}

/// <summary>Settings of <see cref="FokkerPlanckReproduction.Run"/>. Defaults are the documented choices of docs/fokker-planck.md.</summary>
public sealed record FokkerPlanckOptions
{
    /// <summary>Cells per side of each layer's weight-space grid.</summary>
    public int GridSize { get; init; } = 128;
    /// <summary>Margin added on each side of the rows' bounding box (over all epochs), as a fraction of the box's larger side.</summary>
    public double GridMargin { get; init; } = 0.25;
    /// <summary>
    /// Refine <see cref="GridSize"/> automatically when B1's rows would span fewer than <see cref="MinCellsPerRowSpread"/> cells
    /// per standard deviation (long runs spread the rows far, so the box over all epochs grows); the result's notes say so.
    /// When false, such a grid is an error that names the size to use.
    /// </summary>
    public bool AutoRefineGrid { get; init; } = true;
        /// <summary>B1's rows at epoch 0 must span at least this many cells per standard deviation on each axis, else the grid is too coarse.</summary>
    public double MinCellsPerRowSpread { get; init; } = 4;
    /// <summary>Minimum explicit substeps per epoch (the paper's 100); refined automatically when the stability bound needs more.</summary>
    public int MinSubstepsPerEpoch { get; init; } = 100;
    /// <summary>
    /// How often the drift field is re-regressed within an epoch: at sub-interval k it is regressed at the rows' straight-line
    /// positions w_r + τ_k F_r, τ_k = (k + ½)/K, so the field travels with the rows (a row typically moves farther in an epoch
    /// than the kernel bandwidth). 1 = one field per epoch at the midpoints w_r + F_r/2.
    /// </summary>
    public int DriftRefreshesPerEpoch { get; init; } = 10;
    /// <summary>
    /// Choose the drift-regression bandwidth by leave-one-out cross-validation over the rows each epoch (default), instead
    /// of Scott's rule × <see cref="BandwidthScale"/>.
    /// </summary>
    public bool CrossValidateBandwidth { get; init; } = true;
    /// <summary>Multiplier of Scott's bandwidth for the row KDE and (without cross-validation) the drift regression.</summary>
    public double BandwidthScale { get; init; } = 1.0;
    /// <summary>Diffusion model (eq. 12 or minibatch noise).</summary>
    public DiffusionModel Diffusion { get; init; } = DiffusionModel.AdamEpsilon;
    /// <summary>Drift modes to run (each gets its own evolution and metrics).</summary>
    public IReadOnlyList<DriftMode> Modes { get; init; } = [DriftMode.Measured, DriftMode.Predicted];
    /// <summary>How the predicted drift forecasts an epoch of Adam.</summary>
    public AdamForecast PredictedForecast { get; init; } = AdamForecast.SingleStep;
    /// <summary>How theoretical rows are obtained.</summary>
    public TheoreticalRows Rows { get; init; } = TheoreticalRows.Transport;
    /// <summary>Free-running or one-epoch-ahead theory.</summary>
    public TheoryStart Start { get; init; } = TheoryStart.FromPreviousEpoch;
    /// <summary>Lattice points per axis of the latent-output KDE comparison.</summary>
    public int KdeGridSize { get; init; } = 100;
    /// <summary>Use only the first epochs of the trajectory (null: all).</summary>
    public int? MaxEpochs { get; init; }
    /// <summary>Evolve V = −log P by the KPZ equation alongside and report the gap.</summary>
    public bool RunKpz { get; init; } = true;
    /// <summary>KPZ gap compares cells with P ≥ this fraction of max P.</summary>
    public double KpzThreshold { get; init; } = KpzGap.DefaultThreshold;
    /// <summary>Threshold on r(t) = t·‖∂P/∂t‖₁ for the terminal epoch.</summary>
    public double TerminalThreshold { get; init; } = TerminalEpoch.DefaultThreshold;
    /// <summary>r must stay below the threshold this many epochs in a row.</summary>
    public int TerminalConsecutive { get; init; } = 3;
    /// <summary>Early epochs used to estimate T ("short pre-training").</summary>
    public int TerminalEstimateEpochs { get; init; } = 5;
    /// <summary>Keep the regressed drift field of every epoch in the result (for score/drift figures).</summary>
    public bool RecordDriftFields { get; init; } = true;
    /// <summary>Seed for row sampling.</summary>
    public ulong Seed { get; init; }

    /// <summary>Checks every value.</summary>
    /// <exception cref="InvalidConfigException">A value out of range, with the allowed range.</exception>
    public void Validate()
    {
        if (GridSize < 16 || GridSize > 2048) throw new InvalidConfigException($"GridSize {GridSize} must be in 16..2048 (128 is the default).");
        if (!(GridMargin >= 0.05 && GridMargin <= 2)) throw new InvalidConfigException($"GridMargin {GridMargin} must be in [0.05, 2].");
        if (!(MinCellsPerRowSpread > 0)) throw new InvalidConfigException("MinCellsPerRowSpread must be positive.");
        if (MinSubstepsPerEpoch < 1) throw new InvalidConfigException($"MinSubstepsPerEpoch must be ≥ 1 (the paper uses 100), got {MinSubstepsPerEpoch}.");
        if (DriftRefreshesPerEpoch < 1 || DriftRefreshesPerEpoch > MinSubstepsPerEpoch) throw new InvalidConfigException($"DriftRefreshesPerEpoch {DriftRefreshesPerEpoch} must be in 1..MinSubstepsPerEpoch ({MinSubstepsPerEpoch}).");
        if (!(BandwidthScale > 0) || !double.IsFinite(BandwidthScale)) throw new InvalidConfigException($"BandwidthScale {BandwidthScale} must be positive.");
        if (Modes.Count == 0) throw new InvalidConfigException("Give at least one drift mode (Measured, Predicted).");
        if (KdeGridSize < 8 || KdeGridSize > 1024) throw new InvalidConfigException($"KdeGridSize {KdeGridSize} must be in 8..1024.");
        if (MaxEpochs is < 1) throw new InvalidConfigException($"MaxEpochs must be ≥ 1, got {MaxEpochs}.");
        if (!(KpzThreshold > 0 && KpzThreshold < 1)) throw new InvalidConfigException($"KpzThreshold {KpzThreshold} must be in (0, 1).");
        if (!(TerminalThreshold > 0)) throw new InvalidConfigException($"TerminalThreshold {TerminalThreshold} must be positive.");
        if (TerminalConsecutive < 1 || TerminalEstimateEpochs < 3) throw new InvalidConfigException("TerminalConsecutive must be ≥ 1 and TerminalEstimateEpochs ≥ 3.");
    }
}
