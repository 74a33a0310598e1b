using NnPhys.Numerics;
using NnPhys.Runs;

namespace NnPhys.Kan.Experiments;

/// <summary>
/// Configuration of <c>nnphys kan fit</c>: a KAN fitted to f(x₁, x₂) = exp(sin(πx₁) + x₂²) on [−1, 1]² (Liu et al.'s
/// example) with L-BFGS on a sequence of ever finer grids, each initialized from the previous by grid extension.
/// </summary>
/// <param name="Shape">Widths, e.g. [2, 5, 1] or [2, 1, 1].</param>
/// <param name="Grids">Grid sizes G, ascending (each extension refits the previous network on the new grid).</param>
/// <param name="Order">Spline order k (3 = cubic); must be below every G.</param>
/// <param name="Steps">L-BFGS iterations per grid.</param>
/// <param name="TrainSamples">Uniform training points.</param>
/// <param name="TestSamples">Uniform test points (another seed stream).</param>
/// <param name="Seed">Seed of data and initialization.</param>
/// <param name="Prune">Train the first grid with the sparsity penalty <paramref name="Lambda"/>, prune weak edges and nodes, retrain without it, then extend the grid.</param>
/// <param name="Lambda">Weight λ of the L1 sparsity penalty λ Σ_edges ⟨|φ|⟩ used before pruning.</param>
/// <param name="PruneThreshold">Node and edge threshold on the scores ⟨|φ|⟩ (pykan's default 1e-2).</param>
/// <param name="Symbolic">Snap every edge of the final network to the symbolic library, print and refine the formula.</param>
public sealed record KanFitConfig(int[] Shape, int[] Grids, int Order = 3, int Steps = 1000, int TrainSamples = 1000, int TestSamples = 1000, ulong Seed = 0,
    bool Prune = false, double Lambda = 1e-3, double PruneThreshold = 1e-2, bool Symbolic = false) : NnPhys.Runs.IExperimentConfig
{
    /// <summary>Throws on invalid input before anything is written.</summary>
    public void Validate()
    {
        if (Shape is null || Shape.Length < 2 || Shape.Any(w => w <= 0)) throw new InvalidConfigException("--shape needs at least two positive widths, e.g. 2,5,1.");
        if (Shape[0] != 2 || Shape[^1] != 1) throw new InvalidConfigException($"The target f(x₁, x₂) has 2 inputs and 1 output; the shape must start with 2 and end with 1 (e.g. 2,5,1), got {string.Join(",", Shape)}.");
        if (Grids is null || Grids.Length == 0) throw new InvalidConfigException("Give at least one grid size, e.g. --grids 3,5,10,20.");
        foreach (var g in Grids)
        {
            if (g <= 0) throw new InvalidConfigException($"Grid size {g} is not positive; use e.g. --grids 3,5,10,20.");
            if (Order >= g) throw new InvalidConfigException($"Spline order k = {Order} must be smaller than every grid size; G = {g} is not. Use G ≥ {Order + 1} or a lower --order.");
        }
        if (Order <= 0) throw new InvalidConfigException($"Spline order must be positive, got {Order}; e.g. 3.");
        if (Steps <= 0 || TrainSamples <= 0 || TestSamples <= 0) throw new InvalidConfigException("Steps and sample counts must be positive.");
        if (!(Lambda >= 0) || !double.IsFinite(Lambda)) throw new InvalidConfigException($"--lambda must be finite and non-negative, got {Lambda}; e.g. 1e-3.");
        if (!(PruneThreshold >= 0) || !double.IsFinite(PruneThreshold)) throw new InvalidConfigException($"--prune-threshold must be finite and non-negative, got {PruneThreshold}; e.g. 1e-2.");
    }
}

/// <summary>One grid stage: RMSEs after training on grid G.</summary>
public sealed record KanGridStage(int GridSize, int Parameters, double TrainRmse, double TestRmse);

/// <summary>
/// Result: the stages, the fitted slope of log test RMSE against log G and the trained network; with pruning the network
/// just before pruning and what was pruned; with symbolic snapping the formula (as snapped and after refinement) and its errors.
/// </summary>
public sealed record KanFitResult(KanFitConfig Config, IReadOnlyList<KanGridStage> Stages, double GridSlope, int SlopePoints, KanNetwork Network,
    IReadOnlyDictionary<string, double> Metrics, string? RunDirectory = null, KanNetwork? BeforePruning = null, KanPruneResult? Pruning = null,
    KanFormula? Snapped = null, KanFormula? Formula = null);

/// <summary>Trains a KAN on the grid schedule (pykan's grid-extension recipe) and measures the error against G.</summary>
public static class KanGridExperiment
{
    /// <summary>f(x₁, x₂) = exp(sin(πx₁) + x₂²).</summary>
    public static double Target(double x1, double x2) => Math.Exp(Math.Sin(Math.PI * x1) + x2 * x2);

    /// <summary>Uniform samples on [−1, 1]² with their targets.</summary>
    public static (double[][] X, double[][] Y) Samples(int count, RandomStream random)
    {
        var x = new double[count][];
        var y = new double[count][];
        for (int s = 0; s < count; s++)
        {
            x[s] = [random.NextUniform(-1, 1), random.NextUniform(-1, 1)];
            y[s] = [Target(x[s][0], x[s][1])];
        }
        return (x, y);
    }

    /// <summary>Runs the schedule; pure computation.</summary>
    public static KanFitResult Measure(KanFitConfig config, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        var grids = config.Grids.Order().ToArray();
        var (trainX, trainY) = Samples(config.TrainSamples, new RandomStream(config.Seed, 10));
        var (testX, testY) = Samples(config.TestSamples, new RandomStream(config.Seed, 11));
        var net = KanNetwork.Create(config.Shape, grids[0], config.Order, new RandomStream(config.Seed, 12));
        var stages = new List<KanGridStage>();
        KanNetwork? beforePruning = null;
        KanPruneResult? pruning = null;
        for (int k = 0; k < grids.Length; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (k > 0) net = net.ExtendGrid(grids[k], trainX);
            var current = net;
            double lambda = k == 0 && config.Prune ? config.Lambda : 0;
            // a short first pass, then re-fit the grid ranges to the activations (pykan's update_grid_from_samples), then the rest
            int first = k == 0 ? Math.Max(1, config.Steps / 4) : 0;
            if (first > 0)
            {
                Train(current, trainX, trainY, first, lambda);
                net = net.ExtendGrid(grids[k], trainX);
                current = net;
            }
            Train(current, trainX, trainY, config.Steps - first, lambda);
            if (k == 0 && config.Prune)
            {
                // pykan's recipe: sparsify, prune, then retrain the smaller network without the penalty on a grid fitted to its new ranges
                beforePruning = net.Clone();
                pruning = KanPruning.Prune(net, trainX, config.PruneThreshold, config.PruneThreshold);
                net = net.ExtendGrid(grids[k], trainX);
                Train(net, trainX, trainY, config.Steps);
                progress?.Report(new ProgressTick(0.5 / grids.Length, $"pruned {pruning.PrunedEdges.Count} edges: active shape [{string.Join(",", pruning.ActiveShape)}]"));
            }
            stages.Add(new KanGridStage(grids[k], net.Parameters.Length, net.Rmse(trainX, trainY), net.Rmse(testX, testY)));
            progress?.Report(new ProgressTick((k + 1.0) / grids.Length, $"G = {grids[k]}: test RMSE {stages[^1].TestRmse:E2}"));
        }
        var (slope, points) = SlopeBeforeSaturation(stages);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["test_rmse"] = stages[^1].TestRmse,
            ["rmse_test"] = stages[^1].TestRmse,
            ["train_rmse"] = stages[^1].TrainRmse,
            ["grid_slope"] = slope,
            ["slope_vs_grid"] = slope,
            ["grid_slope_points"] = points,
            ["slope_grid_min"] = stages[0].GridSize,
            ["slope_grid_max"] = stages[Math.Max(0, points - 1)].GridSize,
        };
        foreach (var s in stages) metrics[$"test_rmse_grid_{s.GridSize}"] = s.TestRmse;
        if (pruning is not null)
        {
            metrics["pruned_edges"] = pruning.PrunedEdges.Count;
            for (int n = 0; n < pruning.ActiveShape.Length; n++) metrics[$"active_width_{n}"] = pruning.ActiveShape[n];
        }
        KanFormula? snapped = null, formula = null;
        if (config.Symbolic)
        {
            cancellation.ThrowIfCancellationRequested();
            snapped = KanFormula.Snap(net, trainX);
            formula = snapped.Copy();
            metrics["snapped_rmse_test"] = snapped.Rmse(testX, testY);
            formula.Refine(trainX, trainY);
            metrics["formula_rmse_test"] = formula.Rmse(testX, testY);
            metrics["formula_rmse_train"] = formula.Rmse(trainX, trainY);
            metrics["symbolic_min_r2"] = snapped.Edges.Count == 0 ? double.NaN : snapped.Edges.Min(e => e.Chosen.R2);
        }
        return new KanFitResult(config with { Grids = grids }, stages, slope, points, net, metrics, null, beforePruning, pruning, snapped, formula);
    }

    /// <summary>L-BFGS on ½⟨(f − y)²⟩ (+ λ Σ⟨|φ|⟩) from the network's parameters (a copy is iterated, since each evaluation loads its point into the network).</summary>
    public static double Train(KanNetwork net, double[][] x, double[][] y, int iterations, double lambda = 0)
    {
        if (iterations <= 0) return double.NaN;
        var p = (double[])net.Parameters.Clone();
        double loss = Lbfgs.Minimize((q, g) => net.LossAndGradient(q, x, y, g, lambda), p, iterations);
        p.CopyTo(net.Parameters, 0);
        return loss;
    }

    /// <summary>
    /// Slope of log test RMSE against log G over the longest leading run of stages in which the error keeps falling by more than
    /// a factor 1.5 per stage and the test error stays within 2× of the train error. Where the first fails the fit has
    /// saturated at the optimizer's floor; where the second fails it is data-limited (more coefficients than the training
    /// points pin down: the fit follows the training sample, not f).
    /// </summary>
    public static (double Slope, int Points) SlopeBeforeSaturation(IReadOnlyList<KanGridStage> stages)
    {
        int end = 1;
        while (end < stages.Count && stages[end].TestRmse < stages[end - 1].TestRmse / 1.5 && !(stages[end].TestRmse > 2 * stages[end].TrainRmse)) end++;
        if (end < 2) return (double.NaN, end);
        var g = stages.Take(end).Select(s => (double)s.GridSize).ToArray();
        var e = stages.Take(end).Select(s => s.TestRmse).ToArray();
        double mx = g.Average(Math.Log), my = e.Average(Math.Log);
        double sxy = g.Zip(e).Sum(p => (Math.Log(p.First) - mx) * (Math.Log(p.Second) - my)), sxx = g.Sum(v => (Math.Log(v) - mx) * (Math.Log(v) - mx));
        return (sxy / sxx, end);
    }
}
