using NnPhys.Data;

namespace NnPhys.Tests.Data;

/// <summary>Checks on the real MNIST files against published counts (skipped when the files are absent).</summary>
public class MnistRealDataTests
{
    [RealMnistFact]
    public void TrainingSet_HasPublishedSizeAndDigitCounts_AndZeroToFiveIs36017()
    {
        MnistDataset train = MnistDataset.Load(RealMnistFactAttribute.Directory!, MnistSplit.Train);
        Assert.Equal(60000, train.Count);
        Assert.Equal(60000 * 784, train.Images.Length);

        // Published per-digit counts of the MNIST training set.
        int[] expectedCounts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
        var counts = new int[10];
        foreach (byte label in train.Labels) counts[label]++;
        Assert.Equal(expectedCounts, counts);

        MnistDataset zeroToFive = train.FilterDigits(0, 1, 2, 3, 4, 5);
        Assert.Equal(36017, zeroToFive.Count);

        float min = float.MaxValue, max = float.MinValue;
        foreach (float pixel in train.Images) { min = Math.Min(min, pixel); max = Math.Max(max, pixel); }
        Assert.Equal(0f, min);
        Assert.Equal(1f, max);
    }

    [RealMnistFact]
    public void TestSet_Has10000Images_AndFirstLabelsAreTheKnownOnes()
    {
        MnistDataset test = MnistDataset.Load(RealMnistFactAttribute.Directory!, MnistSplit.Test);
        Assert.Equal(10000, test.Count);
        // The first test digits are 7, 2, 1, 0, 4, 1, 4, 9, 5, 9 (as shown in countless MNIST tutorials).
        Assert.Equal(new byte[] { 7, 2, 1, 0, 4, 1, 4, 9, 5, 9 }, test.Labels[..10]);
    }

    [RealMnistFact]
    public void RealFiles_PassStructureAndChecksumVerification()
    {
        MnistFetcher.VerifyDirectory(RealMnistFactAttribute.Directory!, verifyChecksums: true);
    }
}
