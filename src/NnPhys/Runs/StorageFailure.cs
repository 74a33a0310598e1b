using System.Text.RegularExpressions;

namespace NnPhys.Runs;

/// <summary>
/// Turns the operating system's storage errors into messages a user can act on: a full device and a read-only or
/// inaccessible folder are not bugs in nnphys, so they must not be reported as internal errors. Recognises .NET's
/// <see cref="IOException"/> carrying the errno (Linux/macOS: ENOSPC 28, EDQUOT 122/69, EROFS 30) or the Windows
/// error code (ERROR_DISK_FULL 112, ERROR_HANDLE_DISK_FULL 39, ERROR_WRITE_PROTECT 19), and
/// <see cref="UnauthorizedAccessException"/> (EACCES/EPERM).
/// </summary>
public static partial class StorageFailure
{
    /// <summary>The user-facing message for <paramref name="e"/>, or null when it is not a storage failure we recognise.</summary>
    public static string? Describe(Exception e)
    {
        string where = PathIn(e.Message) is { } path ? $"'{path}'" : "the output folder";
        return e switch
        {
            IOException io when IsNoSpace(io.HResult) =>
                $"no space left on the device holding {where}. Free some space (or point --out elsewhere) and run the same command again with --resume to continue from the last checkpoint.",
            IOException io when IsReadOnly(io.HResult) =>
                $"cannot write {where}: the folder is on a read-only file system. Choose a writable folder with --out.",
            UnauthorizedAccessException =>
                $"cannot write {where}: permission denied (the folder is read-only or belongs to another user). Choose a writable folder with --out, or fix its permissions.",
            _ => null,
        };
    }

    private static bool IsNoSpace(int code) =>
        OperatingSystem.IsWindows() ? (code & 0xFFFF) is 112 or 39 : code is 28 || (OperatingSystem.IsMacOS() ? code is 69 : code is 122);

    private static bool IsReadOnly(int code) => OperatingSystem.IsWindows() ? (code & 0xFFFF) is 19 : code is 30;

    /// <summary>.NET puts the path in quotes in these messages ("No space left on device : '/x'", "Access to the path '/x' is denied.").</summary>
    private static string? PathIn(string message) => QuotedPath().Match(message) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedPath();
}
