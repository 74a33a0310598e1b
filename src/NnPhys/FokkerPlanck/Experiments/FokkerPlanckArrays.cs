using NnPhys.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.IO;
using NnPhys.Runs;

namespace NnPhys.FokkerPlanck.Experiments;

/// <summary>
/// Writes the reproduction's arrays into the run directory and returns its headline metrics (the <c>--json</c> keys, issue
/// 8 §1–2). Arrays: the headline protocol's as <see cref="FokkerPlanckResultArrays"/> documents them, every other protocol's
/// with the prefix <c>{protocol}_</c>; <c>baseline_scores</c> (4, E+1, 6) = null model × epoch × (b1 r, b1 MSE, b1 FVE, b2 r,
/// b2 MSE, b2 FVE) in the order no_motion, mean_displacement, persistence, initial_weights; <c>forecast_scores</c> (N, 9) =
/// (model index, start s, horizon k, b1 r, MSE, FVE, b2 r, MSE, FVE) with models in the order of <c>forecast_models.json</c>.
/// Metrics at the comparison epoch: <c>{protocol}_{mode}_{layer}_pearson|_mse|_fve</c> and the protocol's KPZ gap, terminal
/// epochs and invariants under the same prefix; <c>baseline_{name}_{layer}_pearson|_mse|_fve</c>;
/// <c>margin_{layer}_pearson</c> = headline measured r − best baseline r; per forecast model and horizon k over start epochs
/// ≥ 2: <c>forecast_{model}_h{k}_{layer}_fve_mean|_fve_min|_pearson_mean</c> and <c>forecast_{method}_h{k}_beats_baselines</c> (1/0: b1 FVE above persistence's and no motion's and b1 r above no motion's at every such start) and <c>…_beats_baselines_fve</c> (the FVE part alone),
/// <c>forecast_{model}_h{k}_m_fve_mean</c> (FVE of the gauge-invariant M = W1·W2), <c>…_worst_start</c> and <c>…_b1_fve_margin_min</c> (the start where b1 FVE is least above the better baseline, and that margin);
/// <c>forecast_calibration</c> (N, 5) = (method index in <c>forecast_models.json</c>, start s, λ of b1, λ of b2, past forecasts fitted on).
/// </summary>
public static class FokkerPlanckArrays
{
    /// <summary>Layers and their names.</summary>
    static readonly (string Name, BottleneckLayer Layer)[] Layers = [("b1", BottleneckLayer.B1), ("b2", BottleneckLayer.B2)];

    public static Dictionary<string, double> Write(RunDirectory run, FokkerPlanckOutcome outcome)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        int epoch = outcome.ComparisonEpoch, epochs = outcome.Headline.Epochs;
        metrics["epochs"] = epochs;
        metrics["comparison_epoch"] = epoch;
        if (outcome.Config.ComparisonEpochRequested is int requested) metrics["comparison_epoch_requested"] = requested;
        AddTerminal(metrics, "empirical_b1", outcome.Headline.EmpiricalTerminalB1);
        if (outcome.GridCheck is { Count: > 0 } check)
        {
            metrics["grid_check_cells_b1"] = check[0].Cells;
            metrics["grid_check_fine_cells_b1"] = check[0].FineCells;
        }
        // terminal-epoch threshold sensitivity of the empirical b1 densities: rows (threshold, T seen, T estimated) for
        // scale invariance then stationarity; NaN = not reached / no estimate
        var sensitivity = outcome.Headline.EmpiricalTerminalB1.Sensitivity;
        var sensitivityArray = new double[sensitivity.Count * 5];
        for (int i = 0; i < sensitivity.Count; i++)
        {
            var row = sensitivity[i];
            double[] values = [row.Threshold, row.DetectedT ?? double.NaN, row.Estimate.EstimatedT, row.StationaryT ?? double.NaN, row.StationaryEstimate.EstimatedT];
            values.CopyTo(sensitivityArray, i * 5);
        }
        if (sensitivity.Count > 0) run.WriteArray("terminal_sensitivity_b1", NpyArray.Of(sensitivityArray, sensitivity.Count, 5), allowNonFinite: true);
        for (int p = 0; p < outcome.Protocols.Count; p++)
        {
            var (protocol, result) = outcome.Protocols[p];
            string name = TheoryStartNames.Name(protocol);
            foreach (var (file, array) in FokkerPlanckResultArrays.ToNpyArrays(result))
                run.WriteArray((p == 0 ? "" : name + "_") + file, array, allowNonFinite: true); // NaN marks undefined entries, as documented
            foreach (var mode in result.Modes)
            {
                string m = $"{name}_{Name(mode.Mode)}";
                var c = mode.Metrics[epoch];
                metrics[$"{m}_b1_pearson"] = c.PearsonB1; metrics[$"{m}_b1_mse"] = c.MseB1; metrics[$"{m}_b1_fve"] = c.FveB1;
                metrics[$"{m}_b2_pearson"] = c.PearsonB2; metrics[$"{m}_b2_mse"] = c.MseB2; metrics[$"{m}_b2_fve"] = c.FveB2;
                metrics[$"{m}_kpz_gap_b1"] = c.KpzGapB1;
                foreach (var (layerName, layer) in Layers)
                    if (outcome.GridError(protocol, mode.Mode, layer) is { } g)
                    {
                        metrics[$"{m}_{layerName}_pearson_grid_error"] = g.PearsonError;
                        metrics[$"{m}_{layerName}_fve_grid_error"] = g.FveError;
                        metrics[$"{m}_{layerName}_pearson_box_change"] = g.PearsonBoxChange;
                    }
                AddTerminal(metrics, $"{m}_b1", mode.TerminalB1);
                metrics[$"{m}_max_relative_mass_drift"] = Math.Max(mode.B1.MaxRelativeMassDrift, mode.B2.MaxRelativeMassDrift);
                metrics[$"{m}_min_density"] = Math.Min(mode.B1.MinDensity, mode.B2.MinDensity);
            }
        }

        var baselineArray = new double[outcome.Baselines.Count * (epochs + 1) * 6];
        for (int b = 0; b < outcome.Baselines.Count; b++)
        {
            var model = outcome.Baselines[b];
            for (int t = 0; t <= epochs; t++)
            {
                var (s1, s2) = (model.B1[t], model.B2[t]);
                double[] row = [s1.Pearson, s1.Mse, s1.Fve, s2.Pearson, s2.Mse, s2.Fve];
                row.CopyTo(baselineArray, (b * (epochs + 1) + t) * 6);
            }
            foreach (var (layer, l) in Layers)
            {
                var s = (l == BottleneckLayer.B1 ? model.B1 : model.B2)[epoch];
                metrics[$"baseline_{model.Name}_{layer}_pearson"] = s.Pearson;
                metrics[$"baseline_{model.Name}_{layer}_mse"] = s.Mse;
                metrics[$"baseline_{model.Name}_{layer}_fve"] = s.Fve;
            }
        }
        run.WriteArray("baseline_scores", NpyArray.Of(baselineArray, outcome.Baselines.Count, epochs + 1, 6), allowNonFinite: true);
        var measured = outcome.Headline.Modes[0];
        foreach (var (layer, l) in Layers)
        {
            double theory = l == BottleneckLayer.B1 ? measured.Metrics[epoch].PearsonB1 : measured.Metrics[epoch].PearsonB2;
            var best = outcome.BestBaseline(l);
            metrics[$"margin_{layer}_pearson"] = theory - (l == BottleneckLayer.B1 ? best.B1 : best.B2)[epoch].Pearson;
        }
        if (outcome.Forecast is { } forecast) WriteForecast(run, forecast, metrics);
        return metrics;
    }

    static void WriteForecast(RunDirectory run, PastOnlyForecastResult forecast, Dictionary<string, double> metrics)
    {
        var models = forecast.Models.ToList();
        var data = new double[forecast.Scores.Count * 9];
        for (int i = 0; i < forecast.Scores.Count; i++)
        {
            var s = forecast.Scores[i];
            double[] row = [models.IndexOf(s.Model), s.Start, s.Horizon, s.B1.Pearson, s.B1.Mse, s.B1.Fve, s.B2.Pearson, s.B2.Mse, s.B2.Fve];
            row.CopyTo(data, i * 9);
        }
        run.WriteArray("forecast_scores", NpyArray.Of(data, forecast.Scores.Count, 9), allowNonFinite: true);
        run.WriteJson(Path.Combine("arrays", "forecast_models.json"), models);
        foreach (int k in forecast.Options.Horizons.Distinct().Order())
        {
            foreach (var model in models)
            {
                var scores = ForecastSummary.Starts(forecast, model, k);
                if (scores.Count == 0) continue;
                metrics[$"forecast_{model}_h{k}_m_fve_mean"] = scores.Average(s => s.MFve);
                foreach (var (layer, l) in Layers)
                {
                    var layerScores = scores.Select(s => l == BottleneckLayer.B1 ? s.B1 : s.B2).ToList();
                    metrics[$"forecast_{model}_h{k}_{layer}_fve_mean"] = layerScores.Average(s => s.Fve);
                    metrics[$"forecast_{model}_h{k}_{layer}_fve_min"] = layerScores.Min(s => s.Fve);
                    metrics[$"forecast_{model}_h{k}_{layer}_pearson_mean"] = layerScores.Average(s => s.Pearson);
                }
            }
            foreach (var method in forecast.ForecastModels)
            {
                metrics[$"forecast_{method}_h{k}_beats_baselines"] = forecast.BeatsBaselines(method, k, ForecastSummary.FirstStart(forecast, k)) ? 1 : 0;
                metrics[$"forecast_{method}_h{k}_beats_baselines_fve"] = forecast.BeatsBaselines(method, k, ForecastSummary.FirstStart(forecast, k), requirePearson: false) ? 1 : 0;
                if (forecast.WorstStart(method, k, ForecastSummary.FirstStart(forecast, k)) is { } worst)
                {
                    metrics[$"forecast_{method}_h{k}_worst_start"] = worst.Start;
                    metrics[$"forecast_{method}_h{k}_b1_fve_margin_min"] = worst.Margin;
                }
            }
        }
        if (forecast.Calibration.Count > 0)
        {
            var methods = forecast.Options.Methods.Select(PastOnlyForecastOptions.Name).ToList();
            var lambdas = forecast.Calibration.SelectMany(c => new double[] { methods.IndexOf(c.Method), c.Start, c.LambdaB1, c.LambdaB2, c.PastForecasts }).ToArray();
            run.WriteArray("forecast_calibration", NpyArray.Of(lambdas, forecast.Calibration.Count, 5));
        }
    }

    static void AddTerminal(Dictionary<string, double> metrics, string name, TerminalEpochAnalysis t)
    {
        metrics[$"{name}_terminal_epoch_scale"] = t.DetectedT ?? double.NaN;
        metrics[$"{name}_terminal_epoch_scale_estimate"] = t.Estimate.EstimatedT;
        metrics[$"{name}_terminal_epoch_stationary"] = t.StationaryT ?? double.NaN;
        metrics[$"{name}_terminal_epoch_stationary_estimate"] = t.StationaryEstimate.EstimatedT;
    }

    /// <summary>The lower-case name used in file names and metrics.</summary>
    public static string Name(DriftMode mode) => mode.ToString().ToLowerInvariant();
}

/// <summary>Which start epochs a forecast summary covers: s ≥ 2 (issue 8 §2's target), or s ≥ 1 when a horizon leaves no s ≥ 2.</summary>
public static class ForecastSummary
{
    /// <summary>The first start epoch summarised at horizon k.</summary>
    public static int FirstStart(PastOnlyForecastResult forecast, int k) => 2 + k <= forecast.Epochs ? 2 : 1;

    /// <summary>A model's scores at horizon k from <see cref="FirstStart"/> on.</summary>
    public static IReadOnlyList<ForecastScore> Starts(PastOnlyForecastResult forecast, string model, int k) =>
        forecast.Of(model, k).Where(s => s.Start >= FirstStart(forecast, k)).ToList();
}
