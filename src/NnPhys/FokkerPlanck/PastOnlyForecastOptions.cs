namespace NnPhys.FokkerPlanck;

/// <summary>Settings of <see cref="PastOnlyForecast.Run"/> (issue 8 §2). Grid, substeps, KDE lattice and row bandwidth come from <see cref="FokkerPlanckOptions"/>.</summary>
public sealed record PastOnlyForecastOptions
{
    /// <summary>Horizons k: from every start epoch s the forecast predicts s + k (default 1, 2, 5).</summary>
    public IReadOnlyList<int> Horizons { get; init; } = [1, 2, 5];
    /// <summary>Past epochs whose displacements enter the fit (the last Window before s, fewer when s &lt; Window).</summary>
    public int Window { get; init; } = 3;
    /// <summary>Forecast models to run.</summary>
    public IReadOnlyList<ForecastMethod> Methods { get; init; } = [ForecastMethod.KramersMoyal, ForecastMethod.CallanSymanzik];
    /// <summary>Times per epoch the time-dependent Callan–Symanzik drift G/t is re-evaluated (the Kramers–Moyal field is fixed).</summary>
    public int RefreshesPerEpoch { get; init; } = 4;

    /// <summary>Checks every value against a run of <paramref name="epochs"/> epochs.</summary>
    /// <exception cref="InvalidConfigException">A horizon beyond the run (a forecast starts at epoch ≥ 1, after one recorded displacement), a window &lt; 1, no method.</exception>
    public void Validate(int epochs)
    {
        if (Horizons.Count == 0) throw new InvalidConfigException("--forecast-horizons is empty; give at least one horizon, e.g. 1,2,5.");
        foreach (int k in Horizons)
            if (k < 1 || k > epochs - 1)
                throw new InvalidConfigException($"--forecast-horizons {k} is outside 1..{epochs - 1}: a forecast starts at epoch ≥ 1 (it needs one recorded displacement to fit) and must end by epoch {epochs}. Use smaller horizons or train more epochs.");
        if (Window < 1 || Window > 100) throw new InvalidConfigException($"--forecast-window {Window} must be in 1..100 past epochs.");
        if (Methods.Count == 0) throw new InvalidConfigException("--forecast-methods is empty; give at least one forecast method (kramers-moyal, callan-symanzik, closed-loop, closed-loop-mean).");
        if (Methods.Distinct().Count() != Methods.Count) throw new InvalidConfigException($"--forecast-methods names a method twice ({string.Join(",", Methods.Select(Name))}); give each once.");
        if (MaxDegreeOfParallelism < 1) throw new InvalidConfigException($"The forecast's MaxDegreeOfParallelism {MaxDegreeOfParallelism} must be ≥ 1.");
        if (RefreshesPerEpoch < 1 || RefreshesPerEpoch > 100) throw new InvalidConfigException($"RefreshesPerEpoch {RefreshesPerEpoch} must be in 1..100.");
    }

    /// <summary>The snake-case name of a method ("kramers_moyal", "callan_symanzik", "closed_loop").</summary>
    public static string Name(ForecastMethod method) => method switch
    {
        ForecastMethod.KramersMoyal => "kramers_moyal",
        ForecastMethod.CallanSymanzik => "callan_symanzik",
        ForecastMethod.ClosedLoop => "closed_loop",
        _ => "closed_loop_mean",
    };

    /// <summary>Whether a method needs the training images and a replay of the training (<see cref="ClosedLoopForecast"/>).</summary>
    public static bool IsClosedLoop(ForecastMethod method) => method is ForecastMethod.ClosedLoop or ForecastMethod.ClosedLoopMean;

    /// <summary>The name of a method's calibrated variant, e.g. "closed_loop_calibrated".</summary>
    public static string CalibratedName(ForecastMethod method) => Name(method) + "_calibrated";

    /// <summary>
    /// Also score each method's calibrated variant: Ŵ = W_s + λ_s (R − W_s), the forecast's displacement scaled by λ_s fitted
    /// by least squares on the same method's one-epoch forecasts from the last <see cref="Window"/> start epochs u &lt; s
    /// (each ended by epoch s, so λ_s sees only the past); λ = 1 at s = 1.
    /// </summary>
    public bool Calibrate { get; init; } = true;

    /// <summary>The methods by name, for <c>--forecast-methods</c> ('-' and '_' alike).</summary>
    public static readonly Choices<ForecastMethod> MethodNames = new("a forecast method",
        [(["kramers-moyal", "km"], ForecastMethod.KramersMoyal), (["callan-symanzik", "cs"], ForecastMethod.CallanSymanzik), (["closed-loop"], ForecastMethod.ClosedLoop), (["closed-loop-mean"], ForecastMethod.ClosedLoopMean)]);

    /// <summary>Whose minibatch order the closed loop draws (<c>--closed-loop-batches</c>).</summary>
    public ClosedLoopBatchOrder ClosedLoopBatches { get; init; } = ClosedLoopBatchOrder.Independent;

    /// <summary>Start epochs forecast at once (1: serially); the results are the same bit for bit whatever the value.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>One model's score for the forecast from start epoch <paramref name="Start"/> to epoch Start + Horizon.</summary>
/// <param name="Model">"kramers_moyal", "callan_symanzik", or a baseline "persistence", "no_motion".</param>
/// <param name="Start">The last epoch the model saw, s.</param>
/// <param name="Horizon">k: the target epoch is s + k.</param>
/// <param name="B1">b1 score (FVE relative to W_s).</param>
/// <param name="B2">b2 score.</param>
public sealed record ForecastScore(string Model, int Start, int Horizon, LayerScore B1, LayerScore B2)
{
    /// <summary>
    /// FVE of the gauge-invariant product M = W1·W2 (rows, 2), relative to M_s: b1 and b2 are both linear, so W1 → W1A,
    /// W2 → A⁻¹W2 leaves the network unchanged and only M is what the network computes with (issue 8 §2's optional view).
    /// </summary>
    public double MFve { get; init; } = double.NaN;
}

/// <summary>The result of <see cref="PastOnlyForecast.Run"/>.</summary>
public sealed class PastOnlyForecastResult
{
    /// <summary>The options used.</summary>
    public required PastOnlyForecastOptions Options { get; init; }
    /// <summary>Every (model, start, horizon) score; baselines under "persistence" and "no_motion".</summary>
    public required IReadOnlyList<ForecastScore> Scores { get; init; }
    /// <summary>Epochs of the trajectory used.</summary>
    public required int Epochs { get; init; }
    /// <summary>Notes (e.g. forecasts whose substeps were refined for stability).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Baseline names, in report order.</summary>
    public static readonly string[] Baselines = ["persistence", "no_motion"];

    /// <summary>The forecast models in report order: the methods run, then their calibrated variants.</summary>
    public IEnumerable<string> ForecastModels => Options.Methods.Select(PastOnlyForecastOptions.Name)
        .Concat(Options.Calibrate ? Options.Methods.Select(PastOnlyForecastOptions.CalibratedName) : []);

    /// <summary>The models in report order: the forecasts, then the baselines.</summary>
    public IEnumerable<string> Models => ForecastModels.Concat(Baselines);

    /// <summary>The calibration factors λ of the calibrated variants, per method and start epoch (empty without calibration).</summary>
    public IReadOnlyList<ForecastCalibration> Calibration { get; init; } = [];

    /// <summary>The scores of one model at one horizon, ordered by start epoch.</summary>
    public IReadOnlyList<ForecastScore> Of(string model, int horizon) =>
        Scores.Where(s => s.Model == model && s.Horizon == horizon).OrderBy(s => s.Start).ToList();

    /// <summary>
    /// Whether <paramref name="model"/> beats both baselines in b1 FVE at <paramref name="horizon"/> for every start epoch ≥
    /// <paramref name="fromStart"/>, and (with <paramref name="requirePearson"/>) its b1 eq. (28) r beats no motion's there
    /// too: issue 8 §2's target.
    /// </summary>
    public bool BeatsBaselines(string model, int horizon, int fromStart = 2, bool requirePearson = true)
    {
        var mine = Of(model, horizon).Where(s => s.Start >= fromStart).ToList();
        if (mine.Count == 0) return false;
        var persistence = Of("persistence", horizon).ToDictionary(s => s.Start);
        var still = Of("no_motion", horizon).ToDictionary(s => s.Start);
        return mine.All(s => s.B1.Fve > persistence[s.Start].B1.Fve && s.B1.Fve > still[s.Start].B1.Fve)
               && (!requirePearson || BeatsNoMotionPearson(model, horizon, fromStart));
    }

    /// <summary>
    /// The start epoch ≥ <paramref name="fromStart"/> where the model's b1 FVE is least above the better baseline (persistence or
    /// no motion), and that margin (negative: it loses there); null without scores.
    /// </summary>
    public (int Start, double Margin)? WorstStart(string model, int horizon, int fromStart = 2)
    {
        var persistence = Of("persistence", horizon).ToDictionary(s => s.Start);
        var still = Of("no_motion", horizon).ToDictionary(s => s.Start);
        var margins = Of(model, horizon).Where(s => s.Start >= fromStart)
            .Select(s => (s.Start, Margin: s.B1.Fve - Math.Max(persistence[s.Start].B1.Fve, still[s.Start].B1.Fve))).ToList();
        return margins.Count == 0 ? null : margins.MinBy(m => double.IsNaN(m.Margin) ? double.NegativeInfinity : m.Margin);
    }

    /// <summary>Whether the model's b1 eq. (28) r beats no motion's at every start epoch ≥ <paramref name="fromStart"/>.</summary>
    public bool BeatsNoMotionPearson(string model, int horizon, int fromStart = 2) =>
        Of(model, horizon).Where(s => s.Start >= fromStart).ToList() is { Count: > 0 } mine && FirstPearsonLoss(model, horizon, fromStart) is null;

    /// <summary>The first start epoch ≥ <paramref name="fromStart"/> where the model's b1 r is not above no motion's, or null.</summary>
    public (int Start, double Mine, double NoMotion)? FirstPearsonLoss(string model, int horizon, int fromStart = 2)
    {
        var still = Of("no_motion", horizon).ToDictionary(s => s.Start);
        foreach (var s in Of(model, horizon).Where(s => s.Start >= fromStart))
            if (!(s.B1.Pearson > still[s.Start].B1.Pearson)) return (s.Start, s.B1.Pearson, still[s.Start].B1.Pearson);
        return null;
    }
}

/// <summary>The calibration of one method's forecast from one start epoch (<see cref="PastOnlyForecastOptions.Calibrate"/>).</summary>
/// <param name="Method">The method, e.g. "closed_loop".</param>
/// <param name="Start">Start epoch s.</param>
/// <param name="LambdaB1">λ of b1.</param>
/// <param name="LambdaB2">λ of b2.</param>
/// <param name="PastForecasts">One-epoch forecasts it was fitted on (0: λ = 1).</param>
public sealed record ForecastCalibration(string Method, int Start, double LambdaB1, double LambdaB2, int PastForecasts);
