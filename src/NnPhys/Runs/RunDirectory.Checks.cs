using NnPhys.IO;

namespace NnPhys.Runs;

/// <summary>Path and value checks of <see cref="RunDirectory"/>: where a run may be written, and what may go into it.</summary>
public sealed partial class RunDirectory
{
    /// <summary>
    /// Checks that <paramref name="path"/> can be a run directory (it is not a file and does not lie under one, and
    /// an existing directory is empty or already a run) and returns its full path; nothing is created. Call it before slow work so a bad --out fails at once.
    /// </summary>
    /// <exception cref="DataFileException">The path is an existing file or lies under one, or a non-empty folder that is not a run.</exception>
    /// <exception cref="InvalidConfigException">The path is empty or blank.</exception>
    public static string CheckOutputPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new InvalidConfigException("The output directory is empty: pass --out with a directory path (it is created if missing), or leave --out out for the default runs/NAME-TIME.");
        string root = Path.GetFullPath(path);
        if (File.Exists(root))
            throw new DataFileException($"Output directory '{root}' is a file: an existing file cannot hold a run. Pass --out with a directory path (it is created if missing), or remove the file.");
        if (!File.Exists(Path.Combine(root, ManifestFileName)) && RunDirectoryContents.ForeignEntries(root) is { Count: > 0 } foreign)
            throw new DataFileException(
                $"Output directory '{root}' is not empty and is not an nnphys run directory (no {ManifestFileName}; it holds {string.Join(", ", foreign)}). " +
                "nnphys does not write into it, so none of your files is overwritten. Choose a new or empty directory with --out.");
        for (string? ancestor = Path.GetDirectoryName(root); !string.IsNullOrEmpty(ancestor); ancestor = Path.GetDirectoryName(ancestor))
        {
            if (Directory.Exists(ancestor)) break;
            if (File.Exists(ancestor))
                throw new DataFileException($"Run output path '{root}' lies under '{ancestor}', which is a file, not a directory. Choose another output directory.");
        }
        return root;
    }

    private string ResolveInside(string relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        if (Path.IsPathRooted(relativePath))
            throw new ArgumentException($"'{relativePath}' must be a path relative to the run directory.", nameof(relativePath));
        string full = Path.GetFullPath(Path.Combine(Root, relativePath));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"'{relativePath}' points outside the run directory '{Root}'.", nameof(relativePath));
        return full;
    }

    private static string CheckedFileName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
            throw new ArgumentException($"'{name}' must be a plain file name without directory separators.", nameof(name));
        return name;
    }

    private static void RejectNonFinite(string name, NpyArray array)
    {
        long index = array.ElementType switch
        {
            NpyElementType.Float32 => FirstNonFinite(array.As<float>()),
            NpyElementType.Float64 => FirstNonFinite(array.As<double>()),
            _ => -1,
        };
        if (index >= 0)
            throw new NumericalInstabilityException(
                $"Array '{name}' has a non-finite value at flat index {index}; refusing to write NaN/∞ into the results. " +
                "The computation diverged: reduce the learning rate or time step and run again.");
    }

    private static long FirstNonFinite(float[] values)
    {
        for (int i = 0; i < values.Length; i++) if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    private static long FirstNonFinite(double[] values)
    {
        for (int i = 0; i < values.Length; i++) if (!double.IsFinite(values[i])) return i;
        return -1;
    }
}
