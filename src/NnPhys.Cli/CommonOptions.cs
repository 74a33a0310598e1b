using System.CommandLine;
using System.Globalization;

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

    /// <summary>The one list reader: splits a comma-separated value and reads each item with <paramref name="item"/>; an empty
    /// list, or an item <paramref name="item"/> rejects (by throwing FormatException or returning a failed parse), names the option and an example.</summary>
    /// <exception cref="InvalidConfigException">The list is empty or an item does not parse.</exception>
    public static T[] List<T>(string spec, string option, Func<string, T> item, string example)
    {
        var parts = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new InvalidConfigException($"{option} is empty; give e.g. {option} {example}.");
        var values = new T[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            try { values[i] = item(parts[i]); }
            catch (FormatException) { throw new InvalidConfigException($"{option}: '{parts[i]}' is not valid here; give e.g. {option} {example}."); }
        }
        return values;
    }

    /// <summary>A comma-separated list of finite numbers ("0.5,1,2").</summary>
    public static double[] Numbers(string spec, string option, string example) => List(spec, option, s =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : throw new FormatException(), example);

    /// <summary>A comma-separated list of whole numbers ("1,2,5").</summary>
    public static int[] Integers(string spec, string option, string example) => List(spec, option, s =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw new FormatException(), example);

    /// <summary>Sizes as a list "64,128,256" or a doubling range "64-4096" (widths, bump counts, grid sizes).</summary>
    /// <exception cref="InvalidConfigException">Not a list of whole numbers, or a range that is empty or not positive.</exception>
    public static int[] Sizes(string spec, string option)
    {
        var range = spec.Trim().Split('-', StringSplitOptions.TrimEntries);
        if (range.Length == 2 && int.TryParse(range[0], out int lo) && int.TryParse(range[1], out int hi))
        {
            if (lo <= 0 || hi < lo) throw new InvalidConfigException($"{option} '{spec}' is not a doubling range of positive sizes; write it low-high, e.g. 64-4096.");
            var list = new List<int>();
            for (long w = lo; w <= hi; w *= 2) list.Add((int)w);
            return [.. list];
        }
        return Integers(spec, option, "64,128,256 (or a doubling range 64-4096)");
    }

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
