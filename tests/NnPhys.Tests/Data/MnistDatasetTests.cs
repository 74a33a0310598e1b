using NnPhys.Data;
using NnPhys.Tests.Runs;

namespace NnPhys.Tests.Data;

public class MnistDatasetTests
{
    private static readonly byte[] SixLabels = [5, 0, 4, 1, 9, 2];

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Load_ReadsPixelsScaledTo01AndLabels_ForPlainGzipAndDottedNames(bool gzip, bool dotted)
    {
        using var dir = new TempDirectory();
        IdxTestFiles.WriteSplit(dir.Path, "train", SixLabels, gzip, dotted);

        MnistDataset data = MnistDataset.Load(dir.Path, MnistSplit.Train);

        Assert.Equal(6, data.Count);
        Assert.Equal(SixLabels, data.Labels);
        Assert.Equal(6 * 784, data.Images.Length);
        byte[] expected = IdxTestFiles.ImagePixels(6);
        for (int k = 0; k < expected.Length; k++)
            Assert.Equal(expected[k] / 255.0, data.Images[k], tolerance: 6e-8); // within half a float32 ulp of b/255
    }

    [Fact]
    public void Load_MapsByteExtremesExactlyToZeroAndOne()
    {
        using var dir = new TempDirectory();
        var pixels = new byte[784];
        pixels[0] = 0; pixels[1] = 255; pixels[2] = 51; // 51/255 = 0.2
        File.WriteAllBytes(dir.Combine("t10k-images-idx3-ubyte"), IdxTestFiles.Build(0x803, [1, 28, 28], pixels));
        File.WriteAllBytes(dir.Combine("t10k-labels-idx1-ubyte"), IdxTestFiles.Labels([7]));

        MnistDataset data = MnistDataset.Load(dir.Path, MnistSplit.Test);

        Assert.Equal(0f, data.Images[0]);
        Assert.Equal(1f, data.Images[1]);
        Assert.Equal(0.2f, data.Images[2]);
        Assert.Equal(784, data.Image(0).Length);
    }

    [Fact]
    public void TruncatedImageFile_NamesFileExpectedSizeAndFix()
    {
        using var dir = new TempDirectory();
        IdxTestFiles.WriteSplit(dir.Path, "train", SixLabels);
        string images = dir.Combine("train-images-idx3-ubyte");
        byte[] full = File.ReadAllBytes(images);
        File.WriteAllBytes(images, full[..^100]);

        var e = Assert.Throws<DataFileException>(() => MnistDataset.Load(dir.Path, MnistSplit.Train));
        Assert.Contains(images, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains(full.Length.ToString("N0"), e.Message);
        Assert.Contains("nnphys data fetch mnist", e.Message);
    }

    [Fact]
    public void TruncatedGzipFile_IsReportedWithTheFix()
    {
        using var dir = new TempDirectory();
        IdxTestFiles.WriteSplit(dir.Path, "train", SixLabels, gzip: true);
        string images = dir.Combine("train-images-idx3-ubyte.gz");
        byte[] full = File.ReadAllBytes(images);
        File.WriteAllBytes(images, full[..(full.Length / 2)]);

        var e = Assert.Throws<DataFileException>(() => MnistDataset.Load(dir.Path, MnistSplit.Train));
        Assert.Contains(images, e.Message);
        Assert.Contains("nnphys data fetch mnist", e.Message);
    }

    [Fact]
    public void TrailingBytes_AreRejected()
    {
        using var dir = new TempDirectory();
        IdxTestFiles.WriteSplit(dir.Path, "train", SixLabels);
        string labels = dir.Combine("train-labels-idx1-ubyte");
        File.WriteAllBytes(labels, [.. File.ReadAllBytes(labels), 0]);

        var e = Assert.Throws<DataFileException>(() => MnistDataset.Load(dir.Path, MnistSplit.Train));
        Assert.Contains("trailing bytes", e.Message);
        Assert.Contains(labels, e.Message);
    }

    [Fact]
    public void WrongMagic_LabelsWhereImagesBelong_IsRejected()
    {
        using var dir = new TempDirectory();
        IdxTestFiles.WriteSplit(dir.Path, "train", SixLabels);
        File.Copy(dir.Combine("train-labels-idx1-ubyte"), dir.Combine("train-images-idx3-ubyte"), overwrite: true);

        var e = Assert.Throws<DataFileException>(() => MnistDataset.Load(dir.Path, MnistSplit.Train));
        Assert.Contains("0x00000801", e.Message);
        Assert.Contains("expected 0x00000803", e.Message);
    }

    [Fact]
    public void WrongImageDimensions_AreRejected()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("train-images-idx3-ubyte"), IdxTestFiles.Build(0x803, [2, 27, 28], new byte[2 * 27 * 28]));
        File.WriteAllBytes(dir.Combine("train-labels-idx1-ubyte"), IdxTestFiles.Labels([1, 2]));

        var e = Assert.Throws<DataFileException>(() => MnistDataset.Load(dir.Path, MnistSplit.Train));
        Assert.Contains("27 x 28", e.Message);
    }

    [Fact]
    public void ImageAndLabelCountsMustAgree()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("train-images-idx3-ubyte"), IdxTestFiles.Images(3));
        File.WriteAllBytes(dir.Combine("train-labels-idx1-ubyte"), IdxTestFiles.Labels([1, 2]));

        var e = Assert.Throws<DataFileException>(() => MnistDataset.Load(dir.Path, MnistSplit.Train));
        Assert.Contains("3 images", e.Message);
        Assert.Contains("2 labels", e.Message);
    }

    [Fact]
    public void LabelAboveNine_IsRejected()
    {
        using var dir = new TempDirectory();
        IdxTestFiles.WriteSplit(dir.Path, "train", [1, 10]);
        var e = Assert.Throws<DataFileException>(() => MnistDataset.Load(dir.Path, MnistSplit.Train));
        Assert.Contains("label 10", e.Message);
    }

    [Fact]
    public void MissingFiles_ListTheNamesTriedAndTheFix()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<DataFileException>(() => MnistDataset.Load(dir.Path, MnistSplit.Test));
        Assert.Contains("t10k-images-idx3-ubyte.gz", e.Message);
        Assert.Contains("t10k-images.idx3-ubyte", e.Message);
        Assert.Contains("--data DIR", e.Message);
    }

    [Fact]
    public void FilterDigits_KeepsOrderPixelsAndLabels_AgainstANaiveFilter()
    {
        using var dir = new TempDirectory();
        byte[] labels = [5, 0, 4, 1, 9, 2, 1, 3, 1, 4, 3, 5, 3, 6, 1, 7];
        IdxTestFiles.WriteSplit(dir.Path, "train", labels);
        MnistDataset all = MnistDataset.Load(dir.Path, MnistSplit.Train);

        MnistDataset kept = all.FilterDigits(1, 3, 5);

        // Reference: pick indices one at a time.
        var indices = new List<int>();
        for (int i = 0; i < labels.Length; i++) if (labels[i] is 1 or 3 or 5) indices.Add(i);
        Assert.Equal(indices.Count, kept.Count);
        for (int k = 0; k < indices.Count; k++)
        {
            Assert.Equal(labels[indices[k]], kept.Labels[k]);
            Assert.True(all.Image(indices[k]).SequenceEqual(kept.Image(k)));
        }
        Assert.Throws<ArgumentException>(() => all.FilterDigits());
        Assert.Throws<ArgumentException>(() => all.FilterDigits(10));
    }

    [Fact]
    public void ImagesAsMatrix_SharesStorage()
    {
        using var dir = new TempDirectory();
        IdxTestFiles.WriteSplit(dir.Path, "train", SixLabels);
        MnistDataset data = MnistDataset.Load(dir.Path, MnistSplit.Train);
        var m = data.ImagesAsMatrix();
        Assert.Equal(6, m.Rows);
        Assert.Equal(784, m.Cols);
        Assert.Same(data.Images, m.Data);
        Assert.Equal(data.Images[3 * 784 + 100], m[3, 100]);
    }
}
