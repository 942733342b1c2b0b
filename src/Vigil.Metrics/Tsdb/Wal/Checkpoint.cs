using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vigil.Metrics.Tsdb.Head;

namespace Vigil.Metrics.Tsdb.Wal;

/// <summary>
/// Writes a checkpoint of the head after a block cut and drops the segments it replaces (Prometheus
/// <c>wlog.Checkpoint</c>). Unlike Prometheus, which re-reads old segments and keeps their samples, this
/// snapshots the head itself: series, metadata, tombstones, out-of-order samples and every chunk as its
/// encoded bytes (about 1.3 bytes a sample instead of ~12 in sample records), so the checkpoint is
/// smaller and replays without re-encoding. Written to <c>checkpoint.N.tmp</c>, fsynced, then renamed.
/// </summary>
internal static class Checkpoint
{
    private const int SeriesPerRecord = 1000;

    /// <param name="head">The head, already truncated to what blocks do not hold.</param>
    /// <param name="nextSegment">
    /// From <see cref="Wal.RotateAndDrainAsync"/>: every record in segments below it is applied to the head,
    /// so those segments are replaced by this checkpoint.
    /// </param>
    public static void Write(Head.Head head, string walDir, int nextSegment, ILogger logger)
    {
        var watch = Stopwatch.StartNew();
        int through = nextSegment - 1;
        string final = Path.Combine(walDir, "checkpoint." + WalSegments.SegmentName(through));
        string tmp = final + ".tmp";
        if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        Directory.CreateDirectory(tmp);
        long seriesCount = 0;
        using (var stream = new FileStream(Path.Combine(tmp, WalSegments.SegmentName(0)), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            Span<byte> header = stackalloc byte[WalSegments.HeaderSize];
            WalSegments.WriteHeader(header);
            stream.Write(header);
            var buffer = new RecordBuffer(1 << 20);
            var batch = new List<MemSeries>(SeriesPerRecord);
            var chunks = new List<ChunkBytes>();
            var ooo = new List<RefSample>();
            byte[] scratch = new byte[1 << 16];
            using var lease = head.ChunkFiles?.Acquire();
            foreach (var series in head.AllSeries)
            {
                batch.Add(series);
                seriesCount++;
                if (batch.Count == SeriesPerRecord) Flush();
            }
            Flush();
            var metadata = new List<(string, Model.MetricMetadata)>();
            foreach (var (family, m) in head.Metadata) metadata.Add((family, m));
            WalRecords.WriteMetadata(buffer, metadata);
            var tombstones = new List<(ulong, long, long)>();
            foreach (var (r, intervals) in head.AllTombstones)
                foreach (var (min, max) in intervals) tombstones.Add((r, min, max));
            WalRecords.WriteTombstones(buffer, tombstones);
            stream.Write(buffer.Span);
            stream.Flush(flushToDisk: true);

            void Flush()
            {
                if (batch.Count == 0) return;
                WalRecords.WriteSeries(buffer, batch);
                foreach (var series in batch)
                {
                    chunks.Clear();
                    ooo.Clear();
                    lock (series)
                    {
                        series.CollectAllChunkBytes(chunks, head.ChunkFiles, ref scratch);
                        foreach (var (t, v) in series.OutOfOrderSamples) ooo.Add(new RefSample(series.Ref, t, v));
                    }
                    if (chunks.Count > 0) WalRecords.WriteChunks(buffer, series.Ref, chunks);
                    if (ooo.Count > 0) WalRecords.WriteSamples(buffer, ooo);
                }
                stream.Write(buffer.Span);
                buffer.Clear();
                batch.Clear();
            }
        }
        FsyncDirectory(tmp);
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(tmp, final);
        FsyncDirectory(walDir);
        // The checkpoint is durable: the segments and older checkpoints it replaces can go.
        foreach (int index in WalSegments.List(walDir))
            if (index <= through) File.Delete(Path.Combine(walDir, WalSegments.SegmentName(index)));
        foreach (var dir in Directory.EnumerateDirectories(walDir, "checkpoint.*"))
            if (!string.Equals(dir, final, StringComparison.Ordinal)) Directory.Delete(dir, recursive: true);
        WalLog.Checkpointed(logger, through, seriesCount, watch.Elapsed.TotalSeconds);
    }

    internal static void FsyncDirectory(string dir)
    {
        if (OperatingSystem.IsWindows()) return;
        try
        {
            using var handle = File.OpenHandle(dir, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.None);
            RandomAccess.FlushToDisk(handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not every filesystem allows fsync on a directory.
        }
    }
}
