using NnPhys.Numerics;

namespace NnPhys.Data;

/// <summary>
/// MNIST images and labels in memory: <see cref="Images"/> is one contiguous row-major float32 array of shape
/// (<see cref="Count"/>, 784) with pixel values byte/255 in [0, 1]; <see cref="Labels"/> holds the digit 0–9 of each image.
/// </summary>
public sealed class MnistDataset
{
    /// <summary>Image height and width in pixels.</summary>
    public const int Side = 28;

    /// <summary>Pixels per image, 28 · 28.</summary>
    public const int PixelsPerImage = Side * Side;

    /// <summary>Pixels, shape (Count, 784), row-major: pixel p of image i is <c>Images[i * 784 + p]</c>, row = p / 28, column = p % 28.</summary>
    public float[] Images { get; }

    /// <summary>Digit label of each image, length <see cref="Count"/>, values 0–9.</summary>
    public byte[] Labels { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>The files this set was read from and their SHA-256 (null for sets built in memory); kept by <see cref="FilterDigits"/>.</summary>
    public DataProvenance? Provenance { get; init; }

    /// <summary>Wraps pixel and label arrays (not copied).</summary>
    /// <exception cref="ArgumentException">Lengths disagree, a label is above 9, or a pixel is outside [0, 1] or NaN.</exception>
    public MnistDataset(float[] images, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.LongLength != (long)labels.Length * PixelsPerImage)
            throw new ArgumentException($"{images.Length} pixels do not make {labels.Length} images of {PixelsPerImage} pixels.", nameof(images));
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] > 9) throw new ArgumentException($"Label {i} is {labels[i]}; MNIST labels are digits 0–9.", nameof(labels));
        for (int i = 0; i < images.Length; i++)
            if (!(images[i] >= 0f && images[i] <= 1f)) throw new ArgumentException($"Pixel {i} is {images[i]}; pixels must lie in [0, 1].", nameof(images));
        Images = images;
        Labels = labels;
    }

    /// <summary>The 784 pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Images.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }

    /// <summary>The images as a (Count, 784) matrix sharing <see cref="Images"/> (not a copy).</summary>
    public Matrix<float> ImagesAsMatrix() => new(Count, PixelsPerImage, Images);

    /// <summary>
    /// The images whose label is one of <paramref name="digits"/>, in their original order, with their original labels
    /// (e.g. the training set restricted to 0–5 has 36,017 images).
    /// </summary>
    /// <exception cref="ArgumentException">No digit given, or a digit outside 0–9.</exception>
    public MnistDataset FilterDigits(params int[] digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Length == 0) throw new ArgumentException("Give at least one digit to keep, e.g. FilterDigits(0, 1, 2, 3, 4, 5).", nameof(digits));
        var keep = new bool[10];
        foreach (int digit in digits)
        {
            if (digit is < 0 or > 9) throw new ArgumentException($"Digit {digit} is not in 0–9.", nameof(digits));
            keep[digit] = true;
        }

        int kept = 0;
        for (int i = 0; i < Count; i++) if (keep[Labels[i]]) kept++;

        var images = new float[(long)kept * PixelsPerImage]; // (kept, 784)
        var labels = new byte[kept];
        int next = 0;
        for (int i = 0; i < Count; i++)
        {
            if (!keep[Labels[i]]) continue;
            Images.AsSpan(i * PixelsPerImage, PixelsPerImage).CopyTo(images.AsSpan(next * PixelsPerImage, PixelsPerImage));
            labels[next] = Labels[i];
            next++;
        }
        return new MnistDataset(images, labels) { Provenance = Provenance };
    }

    /// <summary>
    /// Loads one split from <paramref name="directory"/>, finding the files by their standard names
    /// (<c>train-images-idx3-ubyte</c> or <c>train-images.idx3-ubyte</c>, each optionally <c>.gz</c>; see
    /// <see cref="MnistFiles.CandidateNames"/>). Checks magic numbers, 28 × 28 images, exact file sizes, equal image
    /// and label counts and labels in 0–9. Checksums are not verified here; see <see cref="MnistFetcher"/>.
    /// </summary>
    /// <param name="directory">The MNIST directory.</param>
    /// <param name="split">Training or test set.</param>
    /// <param name="checksumsVerified">What the caller did before loading (recorded in <see cref="Provenance"/>): true when it
    /// verified the published SHA-256 values (<see cref="MnistFetcher.VerifyDirectory"/>), false when the check was turned off.</param>
    /// <exception cref="DataFileException">A file is missing or fails validation; the message names it and says how to fix it.</exception>
    public static MnistDataset Load(string directory, MnistSplit split, bool? checksumsVerified = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        (MnistFiles.FileSpec imagesSpec, MnistFiles.FileSpec labelsSpec) = MnistFiles.ForSplit(split);
        string imagesPath = MnistFiles.Find(directory, imagesSpec), labelsPath = MnistFiles.Find(directory, labelsSpec);
        MnistDataset set = LoadFiles(imagesPath, labelsPath);
        bool plain(string path) => !path.EndsWith(".gz", StringComparison.Ordinal);
        return new MnistDataset(set.Images, set.Labels)
        {
            Provenance = DataProvenance.Of(directory,
                [(imagesSpec.StandardName, imagesPath, plain(imagesPath) ? imagesSpec.Sha256 : null),
                 (labelsSpec.StandardName, labelsPath, plain(labelsPath) ? labelsSpec.Sha256 : null)], checksumsVerified),
        };
    }

    /// <summary>Loads an image file and a label file given by path (plain or gzip IDX), with the checks of <see cref="Load"/>.</summary>
    /// <exception cref="DataFileException">A file is missing or fails validation.</exception>
    public static MnistDataset LoadFiles(string imagesPath, string labelsPath)
    {
        (int[] imageDims, ReadOnlyMemory<byte> pixels) = IdxFile.Read(imagesPath, IdxFile.ImagesMagic, MnistFiles.FetchAdvice);
        if (imageDims[1] != Side || imageDims[2] != Side)
            throw new DataFileException(
                $"MNIST image file '{imagesPath}' holds {imageDims[1]} x {imageDims[2]} images; MNIST images are {Side} x {Side}. " +
                $"This is not an MNIST image file. {MnistFiles.FetchAdvice}");

        (int[] labelDims, ReadOnlyMemory<byte> labelBytes) = IdxFile.Read(labelsPath, IdxFile.LabelsMagic, MnistFiles.FetchAdvice);
        if (labelDims[0] != imageDims[0])
            throw new DataFileException(
                $"MNIST image file '{imagesPath}' has {imageDims[0]} images but label file '{labelsPath}' has {labelDims[0]} labels; " +
                $"they are from different sets (train vs t10k?). {MnistFiles.FetchAdvice}");

        byte[] labels = labelBytes.ToArray();
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] > 9)
                throw new DataFileException($"MNIST label file '{labelsPath}' has label {labels[i]} at index {i}; labels must be digits 0–9. {MnistFiles.FetchAdvice}");

        ReadOnlySpan<byte> source = pixels.Span; // (n, 784) bytes
        var images = new float[source.Length]; // (n, 784) floats
        for (int i = 0; i < source.Length; i++) images[i] = source[i] / 255f; // division, so 255 maps to exactly 1
        return new MnistDataset(images, labels);
    }
}
