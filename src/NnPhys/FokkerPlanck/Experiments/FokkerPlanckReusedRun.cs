using System.Security.Cryptography;
using System.Text.Json;
using NnPhys.Experiments;
using NnPhys.Runs;

namespace NnPhys.FokkerPlanck.Experiments;

/// <summary>
/// A finished <c>train autoencoder</c> run reused by <c>reproduce fokker-planck --training-run</c> (issue 12 item 5): its real
/// training config, the SHA-256 of its manifest, and a check that the options the user gave explicitly agree with it.
/// </summary>
/// <param name="Path">Full path of the reused run.</param>
/// <param name="Config">Its real training config (from its manifest).</param>
/// <param name="ManifestSha256">SHA-256 (hex) of its manifest.json at the time it was read.</param>
public sealed record FokkerPlanckReusedRun(string Path, AutoencoderTrainingConfig Config, string ManifestSha256)
{
    /// <summary>
    /// Reads the run and refuses options that conflict with it: any of --digits, --batch, --lr, --eval-size, --seed given
    /// explicitly with a value other than the run's, or --epochs beyond the run's epochs (fewer uses its first epochs).
    /// </summary>
    /// <param name="path">The run directory.</param>
    /// <param name="requested">The training config built from the command line (defaults where not given).</param>
    /// <param name="explicitOptions">The command-line names of the training options the user gave explicitly.</param>
    /// <exception cref="InvalidConfigException">Conflicting options, each with the run's value.</exception>
    /// <exception cref="DataFileException">Not a readable run directory, or its config is not an autoencoder training config.</exception>
    public static FokkerPlanckReusedRun Open(string path, AutoencoderTrainingConfig requested, IReadOnlyCollection<string> explicitOptions)
    {
        string full = System.IO.Path.GetFullPath(path);
        var manifest = RunDirectory.ReadManifest(full);
        if (manifest.Command != "train autoencoder")
            throw new DataFileException($"--training-run '{full}' is a '{manifest.Command}' run, not a 'train autoencoder' run; pass the directory of an autoencoder training run.");
        AutoencoderTrainingConfig? real;
        try { real = manifest.Config?.Deserialize<AutoencoderTrainingConfig>(RunManifest.JsonOptions); }
        catch (JsonException e) { throw new DataFileException($"The config in '{full}/manifest.json' is not an autoencoder training config ({e.Message})."); }
        if (real is null) throw new DataFileException($"'{full}/manifest.json' records no training config; re-run 'nnphys train autoencoder' there.");
        string hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(System.IO.Path.Combine(full, "manifest.json")))).ToLowerInvariant();

        var conflicts = new List<string>();
        void Check(string option, string mine, string theirs) { if (explicitOptions.Contains(option) && mine != theirs) conflicts.Add($"{option} {mine} (the run used {theirs})"); }
        Check("--digits", string.Join(",", requested.Digits), string.Join(",", real.Digits));
        Check("--batch", requested.BatchSize.ToString(), real.BatchSize.ToString());
        Check("--lr", requested.LearningRate.ToString("R"), real.LearningRate.ToString("R"));
        Check("--eval-size", requested.EvaluationSize.ToString(), real.EvaluationSize.ToString());
        Check("--seed", requested.Seed.ToString(), real.Seed.ToString());
        if (explicitOptions.Contains("--epochs") && requested.Epochs > real.Epochs)
            conflicts.Add($"--epochs {requested.Epochs} (the run has only {real.Epochs}; give at most {real.Epochs} to use its first epochs)");
        if (conflicts.Count > 0)
            throw new InvalidConfigException($"These options conflict with the reused training run '{full}': {string.Join("; ", conflicts)}. " +
                                             "Drop them (the run's own settings are used) or train a new run without --training-run.");
        return new FokkerPlanckReusedRun(full, real, hash);
    }
}
