using System.Text.Json.Nodes;

namespace NnPhys.Ensembles.Experiments;

/// <summary>
/// The <c>--json</c> view of the ensemble experiments' typed results: one JSON object per run, keys in snake_case,
/// NaN and ∞ as null (JSON has no NaN). The results themselves stay typed; this is only their printed form.
/// </summary>
public static class EnsembleJson
{
    /// <summary>A JSON number, or null for NaN/∞.</summary>
    public static JsonNode? Number(double? v) => v is { } x && double.IsFinite(x) ? JsonValue.Create(x) : null;

    static JsonObject Estimate(CorrelatorEstimate e, double? pull) => new() { ["value"] = Number(e.Value), ["se"] = Number(e.StandardError), ["pull"] = Number(pull) };

    /// <summary>Every requested correlator with value, SE, closed form and pull, the direct and reduction estimates, tail diagnostics and warnings.</summary>
    public static JsonObject Correlators(CorrelatorResult r)
    {
        var json = new JsonObject
        {
            ["run_directory"] = r.RunDirectory, ["ensemble"] = r.Ensemble, ["output_weight_convention"] = r.OutputWeightConvention,
            ["samples"] = r.Samples, ["neuron_samples"] = r.NeuronSamples,
        };
        if (r.ShardFile is not null)
        {
            json["shard_file"] = r.ShardFile; json["stream_first"] = r.ShardStreams?.First; json["stream_count"] = r.ShardStreams?.Count;
            return json;
        }
        json["correlators"] = new JsonArray(r.Rows.Select(row =>
        {
            var direct = Estimate(row.Direct, row.DirectPull);
            if (row.DirectTails is { } t)
            {
                direct["effective_sample_size"] = Number(t.EffectiveSampleSize); direct["largest_term_share"] = Number(t.LargestTermShare); direct["heavy_tailed"] = t.HeavyTailed;
            }
            JsonObject? reduction = row.Reduction is { } red ? Estimate(red, row.ReductionPull) : null;
            if (reduction is not null) reduction["method"] = row.ReductionMethod;
            return (JsonNode?)new JsonObject
            {
                ["name"] = row.Name, ["tuple"] = new JsonArray(row.Tuple.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
                ["value"] = Number(row.Estimate.Value), ["se"] = Number(row.Estimate.StandardError), ["estimator"] = row.Estimator,
                ["closed_form"] = Number(row.ClosedForm), ["pull"] = Number(row.Pull),
                ["direct"] = direct, ["reduction"] = reduction, ["warning"] = row.Warning,
            };
        }).ToArray());
        json["warnings"] = new JsonArray(r.Warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray());
        json["max_pull_vs_closed_form"] = Number(r.MaxPullVsClosedForm);
        json["max_direct_pull_vs_closed_form"] = Number(r.MaxDirectPullVsClosedForm);
        // the coincident-point values of the default scan, under their earlier keys
        foreach (var (name, key) in new[] { ("G2", "G2_at_x0"), ("G4_c", "G4c_at_x0"), ("G6_c", "G6c_at_x0") })
            if (r.Rows.FirstOrDefault(row => row.Name == name && row.Tuple.All(a => a == 0)) is { } at0) json[key] = Number(at0.Direct.Value);
        return json;
    }

    /// <summary>The merge: shard bookkeeping, every tuple's raw and connected estimate, and the correlator comparison.</summary>
    public static JsonObject Merge(MergeResult m)
    {
        var json = Correlators(m.Correlators);
        json["shards"] = m.Shards; json["stream_ranges"] = m.StreamRanges; json["contiguous"] = m.Contiguous; json["merged_file"] = m.MergedFile;
        json["architecture_known"] = m.SpecFound;
        json["missing_shards"] = new JsonArray(m.MissingShards.Select(k => (JsonNode?)k).ToArray());
        json["complete"] = m.Complete;
        json["raw"] = new JsonArray(m.Raw.Select(e => (JsonNode?)Estimate(e, null)).ToArray());
        json["connected"] = new JsonArray(m.Connected.Select(e => (JsonNode?)Estimate(e, null)).ToArray());
        return json;
    }

    /// <summary>Fitted exponents (null where a cumulant vanishes identically or is not resolved), with notes.</summary>
    public static JsonObject Scaling(ScalingResult r)
    {
        var json = new JsonObject { ["run_directory"] = r.RunDirectory, ["architecture"] = r.Architecture, ["ensemble"] = r.Ensemble };
        foreach (var (name, s) in new[] { ("g4c", r.G4c), ("kappa4", r.Kappa4), ("kappa6", r.Kappa6) })
        {
            json[name + "_exponent"] = Number(s.Fit?.Exponent);
            json[name + "_exponent_se"] = Number(s.Fit?.ExponentError);
            json[name + "_predicted_exponent"] = s.PredictedExponent;
            if (s.Note is not null) json[name + "_note"] = s.Note;
        }
        json["action_variance_excess"] = new JsonArray(r.Action.Select(a => (JsonNode?)new JsonObject
        {
            ["width"] = a.Width, ["value"] = Number(a.ExcessVariance.Value), ["se"] = Number(a.ExcessVariance.StandardError), ["predicted"] = Number(a.PredictedExcess),
        }).ToArray());
        if (r.ActionNote is not null) json["action_note"] = r.ActionNote;
        return json;
    }

    /// <summary>Headline numbers at the smallest coupling, the effective sample sizes and the warnings.</summary>
    public static JsonObject Phi4(Phi4Result r)
    {
        var first = r.SmallestCoupling;
        return new JsonObject
        {
            ["run_directory"] = r.RunDirectory,
            ["smallest_coupling"] = first.Coupling,
            ["g2_shift_at_smallest_coupling"] = Number(first.Shifts[1].Value),
            ["g2_shift_se_at_smallest_coupling"] = Number(first.Shifts[1].StandardError),
            ["g2_first_order_wick_at_smallest_coupling"] = Number(first.FirstOrder[1]),
            ["g2_first_order_same_samples_at_smallest_coupling"] = Number(first.SampleFirstOrder[1].Value),
            ["min_effective_sample_size"] = r.Points.Min(p => p.EffectiveSampleSize),
            ["warnings"] = new JsonArray(r.Warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
        };
    }

    /// <summary>Mean squared pull of the spectrum against its exact mean, per dimension.</summary>
    public static JsonObject FreeScalar(FreeScalarResult r)
    {
        var json = new JsonObject { ["run_directory"] = r.RunDirectory };
        foreach (var d in r.Dimensions) json[$"d{d.Dimension}_mean_squared_pull"] = Number(d.MeanSquaredPull);
        return json;
    }

    /// <summary>Largest |pull| of each check.</summary>
    public static JsonObject Symmetry(SymmetryResult r)
    {
        var json = new JsonObject { ["run_directory"] = r.RunDirectory };
        foreach (var s in r.Invariance) json[$"max_abs_pull_{s.Architecture}_{s.Kind}"] = Number(s.MaxAbsPull);
        json["z2_even_max_abs_pull"] = Number(r.EvenWeights.Max(m => Math.Abs(m.Estimate.Pull(0))));
        json["z2_shifted_max_abs_pull"] = Number(r.ShiftedWeights.Max(m => Math.Abs(m.Estimate.Pull(0))));
        return json;
    }

    /// <summary>Per architecture: smallest eigenvalues of the reflected matrices and the far cluster value (Monte Carlo and closed form).</summary>
    public static JsonObject OsChecks(OsCheckResult r)
    {
        var json = new JsonObject { ["run_directory"] = r.RunDirectory };
        foreach (var a in r.Architectures)
        {
            json[$"{a.Architecture}_rp_two_point_min_eigenvalue"] = Number(a.ReflectionPositivity[0].MinEigenvalue);
            json[$"{a.Architecture}_rp_four_point_min_eigenvalue"] = Number(a.ReflectionPositivity[1].MinEigenvalue);
            json[$"{a.Architecture}_cluster_g4c_far"] = Number(a.Cluster[^1].ConnectedFourPoint.Value);
            json[$"{a.Architecture}_cluster_g4c_far_closed_form"] = Number(a.ClusterClosedFormFar);
            json[$"{a.Architecture}_clusters"] = a.Clusters;
            if (a.ClusterNote is not null) json[$"{a.Architecture}_cluster_note"] = a.ClusterNote;
        }
        return json;
    }
}
