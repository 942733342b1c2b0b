using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Head;

namespace Vigil.Metrics.Tsdb.Wal;

/// <summary>
/// The head's write-ahead log (Prometheus <c>tsdb/wlog</c> + <c>record</c>): each commit becomes series,
/// samples and metadata records written in one <see cref="WalWriter.Write"/> call, so a commit is either
/// wholly in a segment or (torn by a crash) cut off at replay. A commit is acknowledged only after this
/// returns. Thread-safe.
/// </summary>
/// <remarks>
/// Checkpoints need every record logged before a rotation to be applied to the head before they snapshot
/// it. Commits therefore take a ticket (the epoch parity, read under the writer lock) and return it with
/// <see cref="Applied"/>; <see cref="RotateAndDrain"/> flips the epoch and waits for the old one to empty.
/// </remarks>
internal sealed class Wal : IHeadLog, IDisposable
{
    private readonly ConcurrentBag<RecordBuffer> _buffers = [];
    private readonly int[] _inflight = new int[2];
    private int _epoch;

    public Wal(string dir, WalSyncPolicy sync, TimeSpan syncInterval, ILogger logger, IWalFileSystem? fs = null, long segmentSize = 64L << 20)
    {
        Dir = dir;
        Writer = new WalWriter(dir, sync, syncInterval, logger, fs, segmentSize);
    }

    public string Dir { get; }
    public WalWriter Writer { get; }

    public ValueTask<int> LogAsync(IReadOnlyList<MemSeries> newSeries, IReadOnlyList<RefSample> samples,
        IReadOnlyList<(string Family, MetricMetadata Metadata)> metadata, CancellationToken cancellationToken)
    {
        if (!_buffers.TryTake(out var buffer)) buffer = new RecordBuffer(64 * 1024);
        try
        {
            buffer.Clear();
            WalRecords.WriteSeries(buffer, newSeries);
            WalRecords.WriteSamples(buffer, samples);
            WalRecords.WriteMetadata(buffer, metadata);
            int ticket = 0;
            Writer.Write(buffer.Span, () =>
            {
                ticket = Volatile.Read(ref _epoch) & 1;
                Interlocked.Increment(ref _inflight[ticket]);
            });
            return ValueTask.FromResult(ticket);
        }
        finally
        {
            // Do not keep giant buffers around after a rare huge commit.
            if (buffer.Length <= 4 << 20) _buffers.Add(buffer);
        }
    }

    public void Applied(int ticket) => Interlocked.Decrement(ref _inflight[ticket]);

    /// <summary>Writes tombstones (delete_series) durably before they take effect.</summary>
    public void LogTombstones(IReadOnlyList<(ulong Ref, long MinT, long MaxT)> tombstones)
    {
        var buffer = new RecordBuffer();
        WalRecords.WriteTombstones(buffer, tombstones);
        if (buffer.Length > 0) Writer.Write(buffer.Span);
    }

    /// <summary>
    /// Starts a new segment and waits until every commit logged into the older ones is applied to the head.
    /// Returns the new segment's index: segments below it are then fully reflected in memory.
    /// </summary>
    public async Task<int> RotateAndDrainAsync(CancellationToken cancellationToken)
    {
        int old = 0;
        int segment = Writer.Rotate(() =>
        {
            old = _epoch & 1;
            Interlocked.Increment(ref _epoch);
        });
        while (Volatile.Read(ref _inflight[old]) > 0) await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        return segment;
    }

    /// <summary>Bytes of segments and checkpoints on disk (size retention counts the WAL too, as Prometheus does).</summary>
    public long SizeOnDisk()
    {
        if (!Directory.Exists(Dir)) return 0;
        long total = 0;
        foreach (var f in new DirectoryInfo(Dir).EnumerateFiles("*", SearchOption.AllDirectories)) total += f.Length;
        return total;
    }

    public void Dispose() => Writer.Dispose();
}
