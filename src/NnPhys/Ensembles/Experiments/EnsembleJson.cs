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
}
