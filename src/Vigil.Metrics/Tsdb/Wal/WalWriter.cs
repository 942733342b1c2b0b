using Microsoft.Extensions.Logging;

namespace Vigil.Metrics.Tsdb.Wal;

/// <summary>
/// Appends framed records to the newest segment, rotating at <see cref="SegmentSize"/>. A writer always
/// starts a fresh segment (after the last existing one), so a torn tail left by a crash is never written
/// after. Thread-safe: writes are serialised under one lock, and each returns once the bytes are handed to
/// the OS (and fsynced for <see cref="WalSyncPolicy.Always"/>). A failed write (disk full) truncates the
/// segment back to its last complete record and throws <see cref="IOException"/>; the next write retries,
/// so ingestion resumes by itself when space returns.
/// </summary>
internal sealed class WalWriter : IDisposable
{
    private readonly string _dir;
    private readonly IWalFileSystem _fs;
    private readonly WalSyncPolicy _sync;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Timer? _syncTimer;
    private IWalFile? _file;
    private long _goodLength;
    private bool _needsRepair;
    private bool _dirty;
    private bool _disposed;

    public WalWriter(string dir, WalSyncPolicy sync, TimeSpan syncInterval, ILogger logger, IWalFileSystem? fs = null, long segmentSize = 64L << 20)
    {
        _dir = dir;
        _fs = fs ?? PhysicalWalFileSystem.Instance;
        _sync = sync;
        _logger = logger;
        SegmentSize = segmentSize;
        Directory.CreateDirectory(dir);
        var existing = WalSegments.List(dir);
        CurrentSegment = existing.Count == 0 ? 0 : existing[^1] + 1;
        if (sync == WalSyncPolicy.Interval)
            _syncTimer = new Timer(_ => SyncNow(), null, syncInterval, syncInterval);
    }

    public long SegmentSize { get; }

    /// <summary>Index of the segment being written (it may not exist on disk until the first write).</summary>
    public int CurrentSegment { get; private set; }

    /// <summary>Total bytes written since start (for the WAL size in retention and metrics).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Writes one or more complete frames. <paramref name="afterWrite"/> runs under the lock once they are written.</summary>
    public void Write(ReadOnlySpan<byte> frames, Action? afterWrite = null)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            EnsureWritable(frames.Length);
            try
            {
                _file!.Write(frames);
                _file.Flush(_sync == WalSyncPolicy.Always);
            }
            catch (IOException)
            {
                Repair();
                throw;
            }
            _goodLength += frames.Length;
            BytesWritten += frames.Length;
            _dirty = true;
            afterWrite?.Invoke();
        }
    }

    /// <summary>
    /// Closes the current segment and starts the next. Returns the index of the new segment: every record
    /// written before this call is in a lower segment. <paramref name="underLock"/> runs inside the lock.
    /// </summary>
    public int Rotate(Action? underLock = null)
    {
        lock (_lock)
        {
            CloseCurrent();
            CurrentSegment++;
            underLock?.Invoke();
            return CurrentSegment;
        }
    }

    /// <summary>fsyncs what was written (the Interval policy's timer, and shutdown).</summary>
    public void SyncNow()
    {
        lock (_lock)
        {
            if (_file is null || !_dirty || _disposed) return;
            try
            {
                _file.Flush(true);
                _dirty = false;
            }
            catch (IOException e)
            {
                WalLog.SyncFailed(_logger, e.Message);
            }
        }
    }

    private void EnsureWritable(int incoming)
    {
        if (_needsRepair) Repair();
        if (_needsRepair) throw new IOException("write-ahead log unavailable: the last failed write could not be undone yet");
        if (_file is not null && _goodLength + incoming > SegmentSize && _goodLength > WalSegments.HeaderSize)
        {
            CloseCurrent();
            CurrentSegment++;
        }
        if (_file is null)
        {
            var path = Path.Combine(_dir, WalSegments.SegmentName(CurrentSegment));
            if (File.Exists(path))
            {
                // A previous attempt created it but could not write its header: start over in it.
                File.Delete(path);
            }
            var file = _fs.Create(path);
            try
            {
                Span<byte> header = stackalloc byte[WalSegments.HeaderSize];
                WalSegments.WriteHeader(header);
                file.Write(header);
                file.Flush(_sync == WalSyncPolicy.Always);
            }
            catch (IOException)
            {
                file.Dispose();
                TryDelete(path);
                throw;
            }
            _file = file;
            _goodLength = WalSegments.HeaderSize;
            SyncDirectory();
        }
    }

    /// <summary>Cuts a partly written record off the end, so replay never sees half a commit as data.</summary>
    private void Repair()
    {
        if (_file is null) { _needsRepair = false; return; }
        try
        {
            _file.SetLength(_goodLength);
            _needsRepair = false;
        }
        catch (IOException e)
        {
            _needsRepair = true;
            WalLog.RepairFailed(_logger, e.Message);
        }
    }

    private void CloseCurrent()
    {
        if (_file is null) return;
        try
        {
            _file.Flush(true);
        }
        catch (IOException e)
        {
            WalLog.SyncFailed(_logger, e.Message);
        }
        _file.Dispose();
        _file = null;
        _dirty = false;
    }

    private void SyncDirectory()
    {
        // Make the new segment's directory entry durable (Linux: fsync on the directory fd).
        if (_sync != WalSyncPolicy.Always || OperatingSystem.IsWindows()) return;
        try
        {
            using var handle = File.OpenHandle(_dir, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.None);
            RandomAccess.FlushToDisk(handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Some filesystems refuse directory fsync; the segment's own fsync still holds its bytes.
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        _syncTimer?.Dispose();
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            CloseCurrent();
        }
    }
}

internal static partial class WalLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Error, Message = "WAL fsync failed")]
    public static partial void SyncFailed(ILogger logger, string err);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "WAL could not cut a failed write off the segment; writes are refused until it can")]
    public static partial void RepairFailed(ILogger logger, string err);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "WAL replay progress")]
    public static partial void ReplayProgress(ILogger logger, int segment, int lastSegment, long samples, double elapsedSeconds);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "WAL replay completed")]
    public static partial void ReplayDone(ILogger logger, int segments, long series, long samples, double durationSeconds);

    [LoggerMessage(EventId = 404, Level = LogLevel.Warning, Message = "WAL is corrupt; truncated at the first bad record, later records are lost")]
    public static partial void Corrupt(ILogger logger, string segment, long offset, string err, int droppedSegments);

    [LoggerMessage(EventId = 405, Level = LogLevel.Information, Message = "WAL checkpoint written")]
    public static partial void Checkpointed(ILogger logger, int throughSegment, long series, double durationSeconds);

    [LoggerMessage(EventId = 406, Level = LogLevel.Warning, Message = "WAL replay skipped samples of unknown series")]
    public static partial void UnknownRefs(ILogger logger, long samples);
}
