using System.Globalization;

namespace Vigil.Hosting;

/// <summary>
/// The data directory, created if missing, checked for writing, and locked for the life of the process:
/// <c>vigil.lock</c> is held open with an exclusive lock (flock on Linux), so a second Vigil on the same
/// directory refuses to start instead of corrupting it. The OS drops the lock if the process dies, even
/// by SIGKILL, so a stale file never blocks a restart.
/// </summary>
internal sealed class DataDirectory : IDisposable
{
    public const string LockFileName = "vigil.lock";

    /// <summary>Holds the owner's pid, readable while the lock file itself is locked.</summary>
    public const string PidFileName = "vigil.pid";

    private readonly FileStream _lock;

    private DataDirectory(string path, FileStream lockFile)
    {
        Path = path;
        _lock = lockFile;
    }

    public string Path { get; }

    /// <summary>Opens and locks the directory, or explains why it cannot be used.</summary>
    public static DataDirectory Open(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"cannot create data directory {full}: {e.Message}");
        }

        string probe = System.IO.Path.Combine(full, $".write-test-{Environment.ProcessId}");
        try
        {
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"data directory {full} is not writable: {e.Message}");
        }

        string lockPath = System.IO.Path.Combine(full, LockFileName);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            string owner = ReadOwner(System.IO.Path.Combine(full, PidFileName));
            throw new StartupException($"data directory {full} is in use by another Vigil process{owner}; stop it or choose another --data-dir");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StartupException($"cannot lock data directory {full}: {e.Message}");
        }
        File.WriteAllText(System.IO.Path.Combine(full, PidFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new DataDirectory(full, stream);
    }

    private static string ReadOwner(string pidPath)
    {
        try
        {
            string pid = File.ReadAllText(pidPath).Trim();
            return pid.Length > 0 ? $" (pid {pid})" : string.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    public void Dispose() => _lock.Dispose();
}

/// <summary>Start-up cannot go on (port in use, data directory locked); exit code 1 with this message.</summary>
internal sealed class StartupException(string message, int exitCode = 1) : Exception(message)
{
    /// <summary>1 for a runtime problem (port, lock), 2 for invalid configuration.</summary>
    public int ExitCode { get; } = exitCode;
}
