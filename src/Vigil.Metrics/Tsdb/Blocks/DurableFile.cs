namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// fsync helpers. A block appears only after its files and directory are on disk: write into
/// <c>&lt;id&gt;.tmp</c>, fsync each file, fsync the directory, rename, fsync the parent (Prometheus
/// <c>compact.go</c> write and <c>fileutil.Replace</c>).
/// </summary>
internal static class DurableFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/> so a crash leaves the old or the new file.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        string tmp = path + ".tmp";
        using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            f.Write(content);
            f.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// fsyncs a directory so renames and creations in it survive a crash. .NET refuses to open a directory
    /// as a file handle, so on Unix this calls open/fsync/close from libc; on Windows it is a no-op
    /// (NTFS journals metadata).
    /// </summary>
    public static void SyncDirectory(string dir)
    {
        if (OperatingSystem.IsWindows()) return;
        int fd = NativeMethods.open(dir, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"open directory {dir} for fsync failed (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
        try
        {
            if (NativeMethods.fsync(fd) != 0)
                throw new IOException($"fsync directory {dir} failed (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code in this project; three plain calls do not warrant it.
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int open([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int flags);

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
#pragma warning restore SYSLIB1054
    }
}
