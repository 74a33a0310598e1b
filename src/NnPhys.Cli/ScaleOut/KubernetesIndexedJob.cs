using System.Text.Json;
using System.Text.Json.Nodes;

namespace NnPhys.Cli.ScaleOut;

/// <summary>
/// A Kubernetes batch/v1 Indexed Job for a <see cref="ShardPlan"/>: completion index k → <c>--shard k/N</c>, output in
/// the run directory on a shared volume (a PersistentVolumeClaim mounted at /runs). Written as JSON, which kubectl
/// (and YAML 1.2) reads. Not exercised on a live cluster here: a test checks it against the batch/v1 Job schema's
/// required fields and types; see docs/scale-out.md.
/// </summary>
public static class KubernetesIndexedJob
{
    /// <summary>Mount point of the run volume inside the container.</summary>
    public const string MountPath = "/runs";

    /// <summary>The manifest.</summary>
    /// <param name="plan">The shard plan (its run directory's folder name is reused under /runs).</param>
    /// <param name="image">Container image with nnphys on PATH.</param>
    /// <param name="volumeClaim">PersistentVolumeClaim holding /runs (ReadWriteMany), or null for an emptyDir (then the
    /// shards are lost with the pods: only for trying the manifest out).</param>
    /// <param name="parallelism">Pods at once (default: all).</param>
    /// <exception cref="InvalidConfigException">Image empty or parallelism &lt; 1.</exception>
    public static string Render(ShardPlan plan, string image, string? volumeClaim, int? parallelism)
    {
        if (string.IsNullOrWhiteSpace(image)) throw new InvalidConfigException("--k8s-image must name a container image that has nnphys on PATH, e.g. --k8s-image registry.example/nnphys:0.1.0.");
        if (parallelism is < 1) throw new InvalidConfigException($"--k8s-parallelism must be at least 1, not {parallelism}.");
        string run = MountPath + "/" + Path.GetFileName(plan.RunDirectory.TrimEnd('/'));
        var containerPlan = plan with { RunDirectory = run };
        var words = containerPlan.TaskArguments("@@K@@").Select(SlurmScript.Quote);
        string shell = "exec nnphys " + string.Join(' ', words).Replace("@@K@@", "\"$JOB_COMPLETION_INDEX\"");
        string name = ("nnphys-" + string.Join('-', plan.CommandPath)).ToLowerInvariant();
        var volume = volumeClaim is null
            ? new JsonObject { ["name"] = "runs", ["emptyDir"] = new JsonObject() }
            : new JsonObject { ["name"] = "runs", ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = volumeClaim } };
        var job = new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "nnphys" } },
            ["spec"] = new JsonObject
            {
                ["completionMode"] = "Indexed",
                ["completions"] = plan.Count,
                ["parallelism"] = parallelism ?? plan.Count,
                ["backoffLimitPerIndex"] = 1,
                ["maxFailedIndexes"] = plan.Count,
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["restartPolicy"] = "Never",
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "nnphys",
                            ["image"] = image,
                            ["command"] = new JsonArray("sh", "-c"),
                            ["args"] = new JsonArray(shell),
                            ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "runs", ["mountPath"] = MountPath }),
                        }),
                        ["volumes"] = new JsonArray(volume),
                    },
                },
            },
        };
        return job.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
