using System.Security.Cryptography;

namespace NnPhys.Data;

/// <summary>
/// Which data a run actually read: the directory, the SHA-256 of each file as stored on disk, whether each equals the
/// published SHA-256 of that file, and whether the caller verified checksums (false under <c>--no-verify-checksums</c>,
/// null when not told). Recorded in the run's manifest; a resume whose files hash differently is refused
/// (<see cref="Runs.RunDirectory.OpenForResume"/>).
/// </summary>
/// <param name="Directory">Full path of the data directory.</param>
/// <param name="Files">Per file actually read (standard name → its hash and whether it is the published file).</param>
/// <param name="ChecksumsVerified">True when the files were checked against the published SHA-256 before use, false when the check was turned off.</param>
public sealed record DataProvenance(string Directory, IReadOnlyDictionary<string, DataFileRecord> Files, bool? ChecksumsVerified)
{
    /// <summary>Hashes the files at <paramref name="paths"/> (standard name → path) in <paramref name="directory"/>.</summary>
    public static DataProvenance Of(string directory, IEnumerable<(string StandardName, string Path, string? PublishedSha256)> paths, bool? checksumsVerified)
    {
        var files = new SortedDictionary<string, DataFileRecord>(StringComparer.Ordinal);
        foreach (var (name, path, published) in paths)
        {
            string sha;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
                sha = Convert.ToHexStringLower(SHA256.HashData(stream));
            files[name] = new DataFileRecord(Path.GetFileName(path), sha, published is null ? null : sha == published);
        }
        return new DataProvenance(Path.GetFullPath(directory), files, checksumsVerified);
    }

    /// <summary>The same provenance with <see cref="ChecksumsVerified"/> set.</summary>
    public DataProvenance WithChecksumsVerified(bool verified) => this with { ChecksumsVerified = verified };

    /// <summary>
    /// The files whose content differs between <paramref name="saved"/> and this provenance (a file read by only
    /// one of them counts), as "name (saved sha…, now sha…)". The directory may differ: moved data are the same data.
    /// </summary>
    public IReadOnlyList<string> DifferencesFrom(DataProvenance saved)
    {
        var differences = new List<string>();
        foreach (string name in saved.Files.Keys.Union(Files.Keys).Order(StringComparer.Ordinal))
        {
            string? before = saved.Files.TryGetValue(name, out var s) ? s.Sha256 : null;
            string? now = Files.TryGetValue(name, out var n) ? n.Sha256 : null;
            if (before != now) differences.Add($"{name} (saved SHA-256 {Short(before)}, now {Short(now)})");
        }
        return differences;
    }

    private static string Short(string? sha) => sha is null ? "not read" : sha[..16] + "…";
}

/// <summary>One data file as read by a run.</summary>
/// <param name="FileName">The name on disk (e.g. <c>train-images-idx3-ubyte.gz</c>).</param>
/// <param name="Sha256">SHA-256 of the file as stored, lower-case hex (for a plain IDX file this is the published value).</param>
/// <param name="MatchesPublished">Whether <paramref name="Sha256"/> equals the published SHA-256 of the file; null when none is known (e.g. gzip).</param>
public sealed record DataFileRecord(string FileName, string Sha256, bool? MatchesPublished);
