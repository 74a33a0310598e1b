using NnPhys.Data;
using NnPhys.Runs;
using NnPhys.Tests.Data;

namespace NnPhys.Tests.Runs;

/// <summary>Data provenance (issue 12 item 3): the manifest records the files read and their SHA-256; a resume on altered data is refused.</summary>
public class DataProvenanceTests
{
    private static readonly byte[] Labels = [0, 1, 2, 3, 4, 5, 6, 7];

    [Fact]
    public void LoadRecordsTheDirectoryAndTheSha256OfEachFileRead()
    {
        using var dir = new TempDirectory();
        IdxTestFiles.WriteSplit(dir.Path, "train", Labels);
        DataProvenance p = MnistDataset.Load(dir.Path, MnistSplit.Train, checksumsVerified: false).FilterDigits(1, 2).Provenance!;

        Assert.Equal(Path.GetFullPath(dir.Path), p.Directory);
        Assert.False(p.ChecksumsVerified);
        Assert.Equal(["train-images-idx3-ubyte", "train-labels-idx1-ubyte"], p.Files.Keys);
        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(IdxTestFiles.Images(Labels.Length)));
        Assert.Equal(expected, p.Files["train-images-idx3-ubyte"].Sha256);
        Assert.False(p.Files["train-images-idx3-ubyte"].MatchesPublished); // synthetic, not the published MNIST file
    }

    [Fact]
    public void ManifestKeepsTheProvenance_AndResumeOnAlteredPixelsIsRefused()
    {
        using var dir = new TempDirectory();
        string data = dir.Combine("data"), run = dir.Combine("run");
        Directory.CreateDirectory(data);
        IdxTestFiles.WriteSplit(data, "train", Labels);
        DataProvenance original = MnistDataset.Load(data, MnistSplit.Train, false).Provenance!;
        RunDirectory.Create(run, "train", new { E = 1 }, 0, null, original).Dispose();

        DataProvenance saved = RunDirectory.ReadManifest(run).Data!;
        Assert.Equal(original.Files["train-images-idx3-ubyte"].Sha256, saved.Files["train-images-idx3-ubyte"].Sha256);
        Assert.False(saved.ChecksumsVerified);

        // the same files in another directory are the same data: accepted
        string moved = dir.Combine("moved");
        Directory.CreateDirectory(moved);
        IdxTestFiles.WriteSplit(moved, "train", Labels);
        RunDirectory.OpenForResume(run, new { E = 1 }, 0, MnistDataset.Load(moved, MnistSplit.Train, false).Provenance).Dispose();

        // one pixel altered: refused, naming the file, and the manifest is left as it was
        string images = Path.Combine(moved, "train-images-idx3-ubyte");
        byte[] bytes = File.ReadAllBytes(images);
        bytes[^1] ^= 1;
        File.WriteAllBytes(images, bytes);
        string before = File.ReadAllText(Path.Combine(run, "manifest.json"));
        var e = Assert.Throws<InvalidConfigException>(() =>
            RunDirectory.OpenForResume(run, new { E = 1 }, 0, MnistDataset.Load(moved, MnistSplit.Train, false).Provenance));
        Assert.Contains("other data", e.Message);
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.DoesNotContain("train-labels", e.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(run, "manifest.json")));
    }
}
