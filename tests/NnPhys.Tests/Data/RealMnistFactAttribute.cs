using NnPhys.Cli;
using NnPhys.Data;

namespace NnPhys.Tests.Data;

/// <summary>
/// A fact that runs when the real MNIST files are present where the CLI looks for them, and is otherwise reported as
/// skipped with the folders it tried. Looked at, in order: <c>$NNPHYS_MNIST_DIR</c> (an explicit override), the CLI's
/// default <see cref="CommonOptions.DefaultDataDirectory"/> (<c>$NNPHYS_DATA/mnist</c>, else <c>./data/mnist</c>), and
/// <c>data/mnist</c> under the repository root (where <c>./nnphys data fetch mnist</c> puts it when run from there).
/// </summary>
public sealed class RealMnistFactAttribute : FactAttribute
{
    public RealMnistFactAttribute()
    {
        if (Directory is null)
            Skip = $"Real MNIST not found (looked in {string.Join(", ", Candidates().Select(c => $"'{c}'"))}). " +
                   "Run `./nnphys data fetch mnist` from the repository root, or set NNPHYS_DATA to the folder holding mnist/.";
    }

    /// <summary>The directory holding the four real MNIST files, or null.</summary>
    public static string? Directory =>
        Candidates().FirstOrDefault(c => System.IO.Directory.Exists(c) && MnistFiles.All.All(spec => MnistFiles.TryFind(c, spec) is not null));

    /// <summary>The folders looked at, as full paths, in order.</summary>
    public static IReadOnlyList<string> Candidates()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("NNPHYS_MNIST_DIR") is { Length: > 0 } explicitDirectory) candidates.Add(explicitDirectory);
        candidates.Add(CommonOptions.DefaultDataDirectory());
        if (RepositoryRoot() is { } root) candidates.Add(Path.Combine(root, "data", "mnist"));
        return candidates.Select(Path.GetFullPath).Distinct().ToList();
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NnPhys.slnx"))) return dir.FullName;
        return null;
    }
}
