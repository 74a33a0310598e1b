using System.CommandLine;

namespace NnPhys.Cli;

/// <summary>Options shared by several commands, and checks of option values at the boundary.</summary>
public static class CommonOptions
{
    /// <summary>Print the headline metrics as one JSON object on stdout (progress and logs go to stderr).</summary>
    public static readonly Option<bool> Json = new("--json") { Description = "Print the headline metrics as one JSON object on stdout.", Recursive = true };

    /// <summary>A random seed option (default 0).</summary>
    public static Option<ulong> Seed() => new("--seed") { Description = "Random seed: the same config and seed give the same numbers.", DefaultValueFactory = _ => 0UL };

    /// <summary>An output-directory option.</summary>
    public static Option<string?> Out(string what) => new("--out") { Description = $"Run directory to write (default: runs/{what}-<UTC time>)." };

    /// <summary>A directory holding (or to receive) the MNIST IDX files.</summary>
    public static Option<string?> Data() => new("--data") { Description = "Directory of MNIST IDX files (default: $NNPHYS_DATA/mnist or ./data/mnist); fetched there if missing." };

    /// <summary>The default run directory for a command when --out is not given.</summary>
    public static string DefaultRunDirectory(string what) =>
        Path.Combine(Environment.GetEnvironmentVariable("NNPHYS_RUNS") ?? "runs", $"{what}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");

    /// <summary>The default MNIST directory.</summary>
    public static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetEnvironmentVariable("NNPHYS_DATA") ?? "data", "mnist");

    /// <summary>Parses a digit set like "0-5" or "0,1,2,7".</summary>
    public static int[] Digits(string spec)
    {
        var digits = new SortedSet<int>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length is < 1 or > 2 || !range.All(r => int.TryParse(r, out var d) && d is >= 0 and <= 9))
                throw new InvalidConfigException($"--digits '{spec}' is not a digit set; use a range like 0-5 or a list like 0,1,7.");
            int lo = int.Parse(range[0]), hi = int.Parse(range[^1]);
            if (hi < lo) throw new InvalidConfigException($"--digits range '{part}' is empty; write it low-high, e.g. 0-5.");
            for (int d = lo; d <= hi; d++) digits.Add(d);
        }
        if (digits.Count == 0) throw new InvalidConfigException("--digits selects no digit; use e.g. 0-5.");
        return [.. digits];
    }
}
