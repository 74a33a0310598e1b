using System.IO.Compression;

namespace NnPhys.IO;

/// <summary>
/// Reads and writes named sets of arrays in NumPy's <c>.npz</c> format: a zip archive with one <c>name.npy</c>
/// entry per array, as <c>numpy.savez</c> writes (entries stored uncompressed). <c>numpy.load(path)[name]</c> reads them.
/// </summary>
/// <remarks>
/// Entry timestamps are fixed to 1980-01-01 (the zip epoch) and entries are written in ordinal name order, so the
/// same arrays always give the same bytes — a requirement for reproducible runs.
/// </remarks>
public static class Npz
{
    private static readonly DateTimeOffset FixedEntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="arrays"/> to <paramref name="path"/> atomically (temporary file + rename).</summary>
    /// <exception cref="ArgumentException">A name is empty or contains a path separator.</exception>
    /// <exception cref="DataFileException">The path is a directory or its parent is a file.</exception>
    public static void Write(string path, IReadOnlyDictionary<string, NpyArray> arrays)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        var names = new List<string>(arrays.Keys);
        foreach (string name in names) ValidateName(name);
        names.Sort(StringComparer.Ordinal);

        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (string name in names)
            {
                ZipArchiveEntry entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression);
                entry.LastWriteTime = FixedEntryTime;
                using Stream entryStream = entry.Open();
                Npy.Write(entryStream, arrays[name]);
            }
        });
    }

    /// <summary>
    /// Reads every <c>.npy</c> entry of the <c>.npz</c> file at <paramref name="path"/>, keyed by the entry name
    /// without the <c>.npy</c> suffix. Compressed archives (<c>numpy.savez_compressed</c>) are read too.
    /// </summary>
    /// <exception cref="DataFileException">The file is missing, not a zip archive, or an entry is not a valid supported .npy array.</exception>
    public static Dictionary<string, NpyArray> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new DataFileException($"Array archive '{path}' does not exist. Check the path, or re-run the command that writes it.");
        var result = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue; // directory entry
                string name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                using Stream entryStream = entry.Open();
                result[name] = Npy.Read(entryStream, $"{path}!{entry.FullName}");
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException($"'{path}' is not a readable .npz (zip) archive: {e.Message} It may be truncated; write it again.", e);
        }
        return result;
    }

    /// <summary>Array names become zip entry names, so they must be non-empty and free of path separators.</summary>
    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('/') || name.Contains('\\') || name is "." or "..")
            throw new ArgumentException($"Array name '{name}' cannot be used in an .npz archive: use a non-empty name without '/' or '\\'.", nameof(name));
    }
}
