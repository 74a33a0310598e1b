using NnPhys.Data;

namespace NnPhys.Tests.Data;

/// <summary>
/// A fact that runs only when the real MNIST files are present: in <c>$NNPHYS_MNIST_DIR</c> if set, else in
/// <c>/work/data/mnist</c>. Otherwise the test is reported as skipped with the reason.
/// </summary>
public sealed class RealMnistFactAttribute : FactAttribute
{
    public RealMnistFactAttribute()
    {
        if (Directory is null)
            Skip = "Real MNIST not found: set NNPHYS_MNIST_DIR or run `nnphys data fetch mnist` into /work/data/mnist.";
    }

    /// <summary>The directory holding the four real MNIST files, or null.</summary>
    public static string? Directory
    {
        get
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable("NNPHYS_MNIST_DIR");
            foreach (string? candidate in new[] { fromEnvironment, "/work/data/mnist" })
            {
                if (string.IsNullOrEmpty(candidate) || !System.IO.Directory.Exists(candidate)) continue;
                if (MnistFiles.All.All(spec => MnistFiles.TryFind(candidate, spec) is not null)) return candidate;
            }
            return null;
        }
    }
}
