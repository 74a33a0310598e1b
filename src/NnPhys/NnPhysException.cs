namespace NnPhys;

/// <summary>
/// Raised when input to nnphys is wrong: a missing or corrupt file, a bad option, a shape mismatch,
/// an unstable time step. The message says what was wrong and how to fix it; the CLI prints it
/// without a stack trace and exits non-zero.
/// </summary>
public class NnPhysException : Exception
{
    public NnPhysException(string message) : base(message) { }
    public NnPhysException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A file or directory is missing, truncated, or fails validation (magic number, checksum, shape).</summary>
public sealed class DataFileException(string message, Exception? inner = null) : NnPhysException(message, inner!);

/// <summary>An option or configuration value is invalid (NaN, negative, out of range, inconsistent with a resumed run).</summary>
public sealed class InvalidConfigException(string message) : NnPhysException(message);

/// <summary>A numerical computation diverged or would be unstable (NaN loss, broken stability bound).</summary>
public sealed class NumericalInstabilityException(string message) : NnPhysException(message);
