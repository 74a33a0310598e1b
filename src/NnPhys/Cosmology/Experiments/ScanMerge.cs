using System.Text.Json.Nodes;
using NnPhys.Plotting;
using NnPhys.Runs;
using static NnPhys.Cosmology.Experiments.CosmologyRun;

namespace NnPhys.Cosmology.Experiments;

/// <summary>Merges scan shards into one table, figure set and report (deviation vs each hyperparameter; largest matching η per width).</summary>
public static class ScanMerge
{
    /// <summary>Reads shard files and writes the merged run directory.</summary>
    /// <exception cref="DataFileException">A file is missing or unreadable.</exception>
    /// <exception cref="InvalidConfigException">Shards of different scans, overlapping or missing jobs.</exception>
    public static JsonObject Merge(IReadOnlyList<string> shardFiles, string outputDirectory)
    {
        if (shardFiles.Count == 0) throw new InvalidConfigException("cosmology merge needs at least one shard file (shard-K-of-N.json).");
        return Write(shardFiles.Select(ScanShardFile.Read).ToArray(), outputDirectory, "cosmology merge");
    }

    /// <summary>Checks the shards and writes the merged results.</summary>
    public static JsonObject Write(IReadOnlyList<ScanShardFile> shards, string outputDirectory, string command)
    {
        var first = shards[0];
        foreach (var s in shards)
            if (s.Fingerprint != first.Fingerprint || s.Shards != first.Shards)
                throw new InvalidConfigException($"Shard {s.Shard}/{s.Shards} belongs to scan {s.Fingerprint} but shard {first.Shard}/{first.Shards} to {first.Fingerprint}; merge only shards of one `cosmology scan` (same --seeds, --seed and n).");
        var dup = shards.GroupBy(s => s.Shard).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new InvalidConfigException($"Shard {dup.Key}/{first.Shards} is given twice; its jobs would be counted twice.");
        var rows = shards.SelectMany(s => s.Rows).OrderBy(r => r.Job).ToArray();
        if (rows.Select(r => r.Job).Distinct().Count() != rows.Length) throw new InvalidConfigException("Two shards contain the same job; they overlap. Re-run the shards with one n.");
        if (rows.Length != first.TotalJobs)
        {
            var missing = Enumerable.Range(0, first.Shards).Except(shards.Select(s => s.Shard)).ToArray();
            throw new InvalidConfigException($"The shards hold {rows.Length} of {first.TotalJobs} jobs; missing shard(s) {string.Join(", ", missing.Select(m => $"{m}/{first.Shards}"))}. Run them and merge again.");
        }
        return CosmologyRun.Write(outputDirectory, command, new { first.Fingerprint, first.Shards, first.Seeds, first.Seed, first.TotalJobs }, first.Seed, run => Report(rows, first, run));
    }

    sealed record Group(HomogeneousSettings Settings, ScanRow[] Rows)
    {
        static double M(IEnumerable<double> v) { var a = v.ToArray(); return a.Any(x => !double.IsFinite(x)) ? double.NaN : a.Average(); }
        public double Leading => M(Rows.Select(r => r.LeadingMaxError));
        public double Corrected => M(Rows.Select(r => r.CorrectedMaxError));
        public double Flow => M(Rows.Select(r => r.GradientFlowMaxError));
        public double Ntk => Rows.Average(r => r.Ntk);
    }

    static JsonObject Report(ScanRow[] rows, ScanShardFile info, RunDirectory run)
    {
        var groups = rows.GroupBy(r => new HomogeneousSettings(new ScalarNetworkSpec(r.Width, r.Depth, r.Activation, r.SigmaW, r.SigmaB), r.Power, r.LearningRate, r.Momentum))
            .Select(g => new Group(g.Key, g.ToArray())).ToArray();
        Array(run, "job", rows.Select(r => (double)r.Job).ToArray());
        Array(run, "width", rows.Select(r => (double)r.Width).ToArray());
        Array(run, "depth", rows.Select(r => (double)r.Depth).ToArray());
        Array(run, "activation_is_erf", rows.Select(r => r.Activation == "erf" ? 1.0 : 0.0).ToArray());
        Array(run, "sigma_w", rows.Select(r => r.SigmaW).ToArray());
        Array(run, "power", rows.Select(r => (double)r.Power).ToArray());
        Array(run, "lr", rows.Select(r => r.LearningRate).ToArray());
        Array(run, "momentum", rows.Select(r => r.Momentum).ToArray());
        Array(run, "seed", rows.Select(r => (double)r.Seed).ToArray());
        Array(run, "ntk", rows.Select(r => r.Ntk).ToArray());
        Array(run, "error_leading", rows.Select(r => r.LeadingMaxError).ToArray());
        Array(run, "error_corrected", rows.Select(r => r.CorrectedMaxError).ToArray());
        Array(run, "error_gradient_flow", rows.Select(r => r.GradientFlowMaxError).ToArray());

        var b = HyperparameterScan.Base;
        Group[] Axis(Func<HomogeneousSettings, bool> onAxis, Func<HomogeneousSettings, double> key) =>
            groups.Where(g => onAxis(g.Settings)).OrderBy(g => key(g.Settings)).ToArray();
        static HomogeneousSettings WithWidth(HomogeneousSettings s, int w) => s with { Network = s.Network with { Width = w } };
        static HomogeneousSettings WithDepth(HomogeneousSettings s, int d) => s with { Network = s.Network with { Depth = d } };
        static HomogeneousSettings WithSigmaW(HomogeneousSettings s, double v) => s with { Network = s.Network with { SigmaW = v } };
        var axes = new (string Name, Group[] Groups, Func<HomogeneousSettings, double> Key, bool Log)[]
        {
            ("width (η = 0.01)", Axis(s => WithWidth(s, 1024) == b, s => s.Network.Width), (s => s.Network.Width), true),
            ("depth", Axis(s => WithDepth(s, 1) == b, s => s.Network.Depth), (s => s.Network.Depth), false),
            ("σ_w", Axis(s => WithSigmaW(s, 1) == b, s => s.Network.SigmaW), (s => s.Network.SigmaW), false),
            ("μ", Axis(s => (s with { Momentum = 0.9 }) == b, s => s.Momentum), (s => s.Momentum), false),
            ("η (width 1024)", Axis(s => (s with { LearningRate = 0.01 }) == b, s => s.LearningRate), (s => s.LearningRate), true),
        };
        var panels = axes.Select(a => CosmologyCharts.Lines($"error vs {a.Name}", a.Name, "max_s |pred − f| / |f(T) − f(0)|",
            [new("leading", a.Groups.Select(g => a.Key(g.Settings)).ToArray(), a.Groups.Select(g => g.Leading).ToArray()),
             new("corrected", a.Groups.Select(g => a.Key(g.Settings)).ToArray(), a.Groups.Select(g => g.Corrected).ToArray()),
             new("null: overdamped", a.Groups.Select(g => a.Key(g.Settings)).ToArray(), a.Groups.Select(g => g.Flow).ToArray(), Dashed: true)],
            logX: a.Log, logY: true, legend: ScottPlot.Alignment.LowerRight)).ToList();

        var byWidth = rows.Select(r => r.Width).Distinct().Order().Select(w =>
        {
            var g = groups.Where(x => (WithWidth(x.Settings, 1024) with { LearningRate = 0.01 }) == b && x.Settings.Network.Width == w).ToArray();
            double Max(Func<Group, double> e) { var ok = g.Where(x => e(x) <= HomogeneousConfig.MatchThreshold).Select(x => x.Settings.LearningRate).ToArray(); return ok.Length == 0 ? double.NaN : ok.Max(); }
            return (Width: w, Leading: Max(x => x.Leading), Corrected: Max(x => x.Corrected));
        }).ToArray();
        panels.Add(CosmologyCharts.Lines("largest η with error ≤ 5 %", "width", "η_max",
            [new("leading", byWidth.Select(x => (double)x.Width).ToArray(), byWidth.Select(x => x.Leading).ToArray()),
             new("corrected", byWidth.Select(x => (double)x.Width).ToArray(), byWidth.Select(x => x.Corrected).ToArray())], logX: true, logY: true, legend: ScottPlot.Alignment.LowerRight));
        Figure.SavePanels(panels, 3, run.FiguresDirectory, "scan");

        var report = new ReportWriter().Heading("Hyperparameter scan of the homogeneous mapping (issue 16 items 2 and 6)")
            .Paragraph($"{rows.Length} jobs ({groups.Length} settings × {info.Seeds} seeds, first seed {info.Seed}), merged from {info.Shards} shard(s), fingerprint {info.Fingerprint}. " +
                       "Base: 1×1024 relu, σ_w = 1, σ_b = 0, p = 2, η = 0.01, μ = 0.9, one input x = 1, y = f₀ + 1. Each axis varies one hyperparameter; width × η is a full grid. " +
                       "Scores as in `cosmology homogeneous` (whole-trajectory error up to the 90 % loss drop, in units of |f(T) − f(0)|), mean over seeds; the overdamped flow is the null.")
            .Figure("figures/scan.png", "Deviation vs each hyperparameter (leading, corrected, null), and the largest matching η per width.")
            .Paragraph($"Largest η of the width × η grid whose error stays ≤ 5 % (the grid ends at η = {HyperparameterScan.LearningRates.Max()}: a value equal to it is a lower bound).")
            .Table(["width", "largest η, leading ≤ 5 %", "largest η, corrected ≤ 5 %"], byWidth.Select(x => (IReadOnlyList<string>)[x.Width.ToString(), F(x.Leading), F(x.Corrected)]))
            .Heading("All settings", 2)
            .Table(["width", "depth", "activation", "σ_w", "p", "η", "μ", "Θ̄ (mean)", "leading", "corrected", "null: overdamped", "diverged"],
                groups.Select(g => (IReadOnlyList<string>)[g.Settings.Network.Width.ToString(), g.Settings.Network.Depth.ToString(), g.Settings.Network.Activation, F(g.Settings.Network.SigmaW),
                    g.Settings.Power.ToString(), F(g.Settings.LearningRate), F(g.Settings.Momentum), F(g.Ntk), F(g.Leading), F(g.Corrected), F(g.Flow),
                    g.Rows.Count(r => r.DivergedAtStep is not null).ToString()]));
        // paper Fig. 1: the potential's scale Θ̄ at initialisation against the hyperparameters
        var ntkPanels = axes.Where(a => !a.Name.StartsWith("μ") && !a.Name.StartsWith("η")).Select(a => CosmologyCharts.Lines($"Θ̄ at init vs {a.Name}", a.Name, "Θ̄ (mean over seeds)",
            [new("relu", a.Groups.Select(g => a.Key(g.Settings)).ToArray(), a.Groups.Select(g => g.Ntk).ToArray())], logX: a.Log, logY: a.Name.StartsWith("σ"))).ToList();
        var act = groups.Where(g => g.Settings == b || g.Settings == (b with { Network = b.Network with { Activation = "erf" } })).OrderBy(g => g.Settings.Network.Activation).ToArray();
        report.Paragraph("Θ̄ at initialisation (the scale of the potential, paper Fig. 1): " + string.Join(", ", act.Select(g => $"{g.Settings.Network.Activation} {F(g.Ntk)}")) + " at width 1024, σ_w = 1.");
        Figure.SavePanels(ntkPanels, 3, run.FiguresDirectory, "ntk_at_init");
        report.Figure("figures/ntk_at_init.png", "Θ̄ at initialisation against width, depth and σ_w (one input, NTK parameterization).");
        report.Save(run.ReportPath);

        var target = groups.Where(g => g.Settings.Network.Width >= 1024 && g.Settings.LearningRate == 0.01).ToArray();
        var metrics = new JsonObject
        {
            ["jobs"] = rows.Length,
            ["settings"] = groups.Length,
            ["worst_corrected_error_width_ge_1024_lr_0.01"] = target.Length == 0 ? null : Number(target.Max(g => g.Corrected)),
            ["worst_leading_error_width_ge_1024_lr_0.01"] = target.Length == 0 ? null : Number(target.Max(g => g.Leading)),
            ["diverged_runs"] = rows.Count(r => r.DivergedAtStep is not null),
        };
        var mm = new JsonObject();
        foreach (var x in byWidth) mm[x.Width.ToString()] = Number(x.Leading);
        metrics["max_matching_lr_by_width"] = mm;
        var mc = new JsonObject();
        foreach (var x in byWidth) mc[x.Width.ToString()] = Number(x.Corrected);
        metrics["max_matching_lr_corrected_by_width"] = mc;
        return metrics;
    }
}
