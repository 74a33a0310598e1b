using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace NnPhys.Runs;

/// <summary>
/// The exclusive writer lock of a run directory: <c>RUN/.lock</c> opened with <see cref="FileShare.None"/>, which .NET
/// maps to <c>flock(LOCK_EX | LOCK_NB)</c> on Linux/macOS and to a sharing-mode lock on Windows. The operating system
/// drops the lock when the holding process exits for any reason (including <c>kill -9</c>), so a stale lock cannot
/// exist; the file itself may stay behind and is simply locked again by the next writer. The holder writes its PID,
/// host and start time into the file so that a refused writer can name it.
/// </summary>
public sealed class RunLock : IDisposable
{
    /// <summary>File name of the lock inside a run directory.</summary>
    public const string FileName = ".lock";

    private FileStream? _stream;

    /// <summary>Full path of the lock file.</summary>
    public string Path { get; }

    private RunLock(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    /// <summary>Takes the lock of the run directory <paramref name="root"/> (which must exist) or refuses.</summary>
    /// <exception cref="RunLockedException">Another process (or another open <see cref="RunDirectory"/> in this one) holds the lock.</exception>
    public static RunLock Acquire(string root)
    {
        string path = System.IO.Path.Combine(root, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && IsSharingViolation(e))
        {
            string holder = ReadHolder(path);
            throw new RunLockedException(
                $"Run directory '{root}' is in use by another nnphys process ({holder}); two writers would mix their results. " +
                "Wait for it to finish (or stop it), or choose another output directory with --out.", e);
        }
        try
        {
            string text = string.Create(CultureInfo.InvariantCulture,
                $"pid {Environment.ProcessId} on {Environment.MachineName} since {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\n");
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            stream.SetLength(0);
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        return new RunLock(path, stream);
    }

    /// <summary>Releases the lock (the file stays; its content is stale but harmless).</summary>
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }

    /// <summary>
    /// .NET reports a held flock or a Windows sharing violation as a plain <see cref="IOException"/>; anything with a
    /// more specific type (disk full, read-only file system) is a different failure and is passed on.
    /// </summary>
    private static bool IsSharingViolation(IOException e) =>
        e.GetType() == typeof(IOException) && (OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 32 or 33 : e.HResult is 11 or 0 || e.Message.Contains("being used by another process", StringComparison.Ordinal));

    /// <summary>
    /// The holder's description from the lock file. On Unix the file is read with a raw <c>open(2)</c>, because any
    /// .NET <see cref="FileStream"/> on it would itself try to take the (held) flock.
    /// </summary>
    private static string ReadHolder(string path)
    {
        string? text = null;
        try
        {
            if (OperatingSystem.IsWindows())
            {
                using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                text = new StreamReader(s).ReadToEnd();
            }
            else text = ReadWithoutLock(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException) { }
        text = text?.Trim();
        return string.IsNullOrEmpty(text) ? "holder unknown: it has not written its PID yet" : text;
    }

    private static string? ReadWithoutLock(string path)
    {
        int fd = Open(path, 0 /* O_RDONLY */);
        if (fd < 0) return null;
        try
        {
            var buffer = new byte[256];
            nint n = Read(fd, buffer, buffer.Length);
            return n > 0 ? Encoding.UTF8.GetString(buffer, 0, (int)n) : null;
        }
        finally { Close(fd); }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint Read(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}

/// <summary>The run directory is being written by another process; the message names its PID.</summary>
public sealed class RunLockedException(string message, Exception? inner = null) : NnPhysException(message, inner!);
