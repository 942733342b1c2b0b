using System.Diagnostics;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Chunks;
using Vigil.Metrics.Tsdb.Compaction;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tsdb;

/// <summary>
/// Blocks: loading, querying across blocks and head, cutting the head into blocks, compaction and
/// retention (Prometheus <c>DB.reloadBlocks</c>, <c>compactHead</c>, <c>Compact</c>). The block list is
/// replaced copy-on-write under <see cref="_blocksLock"/>; maintenance runs one step at a time under
/// <see cref="_maintenanceGate"/> (the loop, snapshots and admin calls share it).
/// </summary>
public sealed partial class Db
{
    private readonly Lock _blocksLock = new();
    private readonly SemaphoreSlim _maintenanceGate = new(1, 1);
    private volatile Block[] _blocks = [];

    internal IReadOnlyList<Block> Blocks => _blocks;

    /// <summary>Blocks that failed to open at start (reported, left on disk, never read).</summary>
    internal List<(string Dir, string Error)> CorruptBlocks { get; } = [];

    private long BlockRangeMs => (long)Options.BlockRange.TotalMilliseconds;

    private void LoadBlocks()
    {
        var opened = new List<Block>();
        foreach (var dir in BlockDirectories.Find(Options.Directory))
        {
            try
            {
                opened.Add(Block.Open(dir));
            }
            catch (CorruptBlockException e)
            {
                // A corrupt block is reported and skipped; the rest of the data stays available.
                CorruptBlocks.Add((dir, e.Message));
                DbLog.CorruptBlock(_logger, dir, e.Message);
            }
        }
        opened.Sort(static (a, b) => a.Meta.MinT.CompareTo(b.Meta.MinT));
        _blocks = [.. opened];
        // Samples older than the newest block belong to it: the head refuses them (and WAL replay drops them).
        if (opened.Count > 0) Head.MinValidTime = opened.Max(b => b.Meta.MaxT);
    }

    private void DisposeBlocks()
    {
        foreach (var block in _blocks) block.Dispose();
        _blocks = [];
    }

    /// <summary>Queries blocks overlapping [mint, maxt] and the head as one; blocks stay readable until the querier is disposed.</summary>
    public IQuerier Querier(long mint, long maxt)
    {
        var sources = new List<IQuerier>();
        foreach (var block in _blocks)
        {
            if (!block.Meta.OverlapsClosedInterval(mint, maxt)) continue;
            try
            {
                sources.Add(block.Querier(mint, maxt));
            }
            catch (ObjectDisposedException)
            {
                // Retired by compaction or retention since the list was read; its data is in its successor,
                // which a querier opened a moment later sees.
            }
        }
        sources.Add(new HeadQuerier(Head, mint, maxt));
        return sources.Count == 1 ? sources[0] : new MergeQuerier(sources);
    }

    /// <summary>One maintenance pass: cut the head while it spans more than 1.5 block ranges, compact, apply retention.</summary>
    internal async Task MaintainAsync(CancellationToken stop)
    {
        await _maintenanceGate.WaitAsync(stop).ConfigureAwait(false);
        try
        {
            while (HeadCompactable() && !stop.IsCancellationRequested)
                await CutHeadBlockAsync(stop).ConfigureAwait(false);
            while (!stop.IsCancellationRequested && CompactOnce()) { }
            ApplyRetention();
            // Between block cuts, keep the WAL short so a crash restart replays little.
            await CheckpointIfWalGrewAsync(minSegments: 4, stop).ConfigureAwait(false);
        }
        finally
        {
            _maintenanceGate.Release();
        }
    }

    /// <summary>
    /// Checkpoints the head when at least <paramref name="minSegments"/> WAL segments were written since the
    /// last checkpoint. A checkpoint holds the head's chunk bytes, so replaying it is far cheaper than
    /// replaying samples (Prometheus gets the same effect from its memory-mapped head chunks).
    /// </summary>
    internal async Task CheckpointIfWalGrewAsync(int minSegments, CancellationToken stop)
    {
        int lastCheckpoint = Tsdb.Wal.WalSegments.LastCheckpoint(WalDir)?.Index ?? -1;
        int segmentsSince = 0;
        foreach (int index in Tsdb.Wal.WalSegments.List(WalDir))
            if (index > lastCheckpoint && index < Wal.Writer.CurrentSegment + 1) segmentsSince++;
        if (segmentsSince < minSegments) return;
        int next = await Wal.RotateAndDrainAsync(stop).ConfigureAwait(false);
        Tsdb.Wal.Checkpoint.Write(Head, WalDir, next, _logger);
    }

    /// <summary>Prometheus's rule: the head is cut when it holds more than 1.5 block ranges, so the newest half range stays in memory for late samples.</summary>
    private bool HeadCompactable()
    {
        long min = Head.MinTime, max = Head.MaxTime;
        return min != long.MaxValue && max != long.MinValue && max - min > BlockRangeMs * 3 / 2;
    }

    /// <summary>Writes the head's oldest block range as a block, then truncates the head and checkpoints the WAL.</summary>
    internal async Task CutHeadBlockAsync(CancellationToken stop)
    {
        var watch = Stopwatch.StartNew();
        long mint = FloorDiv(Head.MinTime, BlockRangeMs) * BlockRangeMs;
        long maxt = mint + BlockRangeMs;
        CompactHeap();
        var meta = WriteHeadRange(Options.Directory, mint, maxt, closeOpenChunks: true);
        if (meta is not null)
        {
            var block = Block.Open(Path.Combine(Options.Directory, meta.Id));
            AddBlocks([block], []);
            DbLog.BlockCut(_logger, meta.Id, mint, maxt, meta.NumSeries, watch.Elapsed.TotalSeconds);
        }
        Head.Truncate(maxt);
        Head.ChunkFiles?.Retire(maxt);
        int next = await Wal.RotateAndDrainAsync(stop).ConfigureAwait(false);
        Tsdb.Wal.Checkpoint.Write(Head, WalDir, next, _logger);
        CompactHeap();
    }

    /// <summary>
    /// Writes the head's samples in [mint, maxt) as a block into <paramref name="dir"/> (the block cut, and
    /// snapshots). Returns null when the range holds no samples (no block is kept).
    /// </summary>
    internal BlockMeta? WriteHeadRange(string dir, long mint, long maxt, bool closeOpenChunks)
    {
        var series = new List<MemSeries>(Head.AllSeries);
        series.Sort(static (a, b) => Labels.Compare(a.Labels, b.Labels));
        using var lease = Head.ChunkFiles?.Acquire();
        var meta = BlockWriter.Write(dir, mint, maxt, HeadSeriesFor(series, mint, maxt, closeOpenChunks));
        if (meta.NumSamples > 0) return meta;
        Block.DeleteDirectory(Path.Combine(dir, meta.Id));
        return null;
    }

    private IEnumerable<BlockSeries> HeadSeriesFor(List<MemSeries> series, long mint, long maxt, bool closeOpenChunks)
    {
        var closed = new List<ClosedChunk>();
        var files = Head.ChunkFiles;
        byte[] scratch = new byte[16 * 1024];
        foreach (var s in series)
        {
            closed.Clear();
            List<ChunkData>? chunks = null;
            var deleted = Head.TombstonesFor(s.Ref);
            lock (s)
            {
                if (closeOpenChunks) s.CloseChunkBefore(maxt, files);
                bool rewrite = deleted.Count > 0 || s.HasOutOfOrderIn(mint, maxt);
                if (!rewrite && closeOpenChunks)
                {
                    s.CollectClosedChunks(mint, maxt, closed);
                    if (closed.Count > 0)
                    {
                        // Read with positioned reads, not through the mapping: the cut reads every chunk once, and
                        // mapped pages would stay in the process's memory. One buffer serves every series: the
                        // block writer is done with a series' chunks before it asks for the next series.
                        int total = 0;
                        foreach (var c in closed) total += c.Length;
                        if (scratch.Length < total) scratch = new byte[Math.Max(total, scratch.Length * 2)];
                        var bytes = scratch;
                        chunks = new List<ChunkData>(closed.Count);
                        int at = 0;
                        foreach (var c in closed)
                        {
                            c.CopyTo(bytes.AsSpan(at, c.Length), files);
                            chunks.Add(new ChunkData(c.MinT, c.MaxT, (byte)ChunkEncoding.Xor, bytes.AsMemory(at, c.Length)));
                            at += c.Length;
                        }
                    }
                }
                else
                {
                    // Out-of-order samples or tombstones (or a snapshot that must not close chunks): re-encode.
                    var samples = s.SamplesForBlock(mint, maxt, files);
                    if (!closeOpenChunks) AddOpenChunkSamples(s, mint, maxt, samples);
                    chunks = Encode(samples, deleted);
                }
            }
            if (chunks is { Count: > 0 }) yield return new BlockSeries(s.Labels, chunks);
        }
    }

    private static void AddOpenChunkSamples(MemSeries s, long mint, long maxt, List<(long T, double V)> samples)
    {
        if (s.OpenChunkCopy() is not { } open) return;
        var it = new XorIterator();
        it.Reset(open);
        long lastKnown = samples.Count > 0 ? samples[^1].T : long.MinValue;
        while (it.Next() != ValueKind.None)
        {
            long t = it.AtT();
            if (t >= mint && t < maxt && t > lastKnown) samples.Add((t, it.AtF()));
        }
        samples.Sort(static (a, b) => a.T.CompareTo(b.T));
    }

    private static List<ChunkData>? Encode(List<(long T, double V)> samples, IReadOnlyList<(long MinT, long MaxT)> deleted)
    {
        List<ChunkData>? chunks = null;
        XorChunk? chunk = null;
        long first = 0, last = 0;
        foreach (var (t, v) in samples)
        {
            bool gone = false;
            foreach (var (dmin, dmax) in deleted) if (t >= dmin && t <= dmax) { gone = true; break; }
            if (gone) continue;
            if (chunk is null) { chunk = new XorChunk(); first = t; }
            chunk.Append(t, v);
            last = t;
            if (chunk.Count == MemSeries.SamplesPerChunk)
            {
                (chunks ??= []).Add(new ChunkData(first, last, (byte)ChunkEncoding.Xor, chunk.ToCompactArray()));
                chunk = null;
            }
        }
        if (chunk is not null) (chunks ??= []).Add(new ChunkData(first, last, (byte)ChunkEncoding.Xor, chunk.ToCompactArray()));
        return chunks;
    }

    /// <summary>Compacts one planned group, if any. Returns whether it did.</summary>
    private bool CompactOnce()
    {
        var blocks = _blocks;
        var ranges = CompactionPlanner.RangesForRetention((long)Options.RetentionTime.TotalMilliseconds, BlockRangeMs);
        var plan = CompactionPlanner.Plan(blocks.Select(b => b.Meta).ToList(), ranges);
        if (plan.Count == 0) return false;
        var ids = plan.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var sources = blocks.Where(b => ids.Contains(b.Meta.Id)).ToList();
        var watch = Stopwatch.StartNew();
        var meta = BlockCompactor.Compact(Options.Directory, sources);
        var replacement = meta.NumSamples > 0 ? Block.Open(Path.Combine(Options.Directory, meta.Id)) : null;
        if (replacement is null) Block.DeleteDirectory(Path.Combine(Options.Directory, meta.Id));
        AddBlocks(replacement is null ? [] : [replacement], sources);
        DbLog.Compacted(_logger, meta.Id, sources.Count, watch.Elapsed.TotalSeconds);
        return true;
    }

    private void ApplyRetention()
    {
        var blocks = _blocks;
        var doomed = new HashSet<string>(Retention.BeyondTime(blocks, (long)Options.RetentionTime.TotalMilliseconds), StringComparer.Ordinal);
        string reason = "time";
        if (Options.RetentionSize > 0)
        {
            var bySize = Retention.BeyondSize(blocks.Where(b => !doomed.Contains(b.Meta.Id)), Options.RetentionSize, Wal.SizeOnDisk());
            if (bySize.Count > 0) reason = doomed.Count > 0 ? "time and size" : "size";
            doomed.UnionWith(bySize);
        }
        if (doomed.Count == 0) return;
        var retired = blocks.Where(b => doomed.Contains(b.Meta.Id)).ToList();
        AddBlocks([], retired);
        foreach (var b in retired) DbLog.RetentionDeleted(_logger, b.Meta.Id, reason);
    }

    /// <summary>Publishes a new block list; removed blocks are deleted once their last reader is done.</summary>
    private void AddBlocks(IReadOnlyList<Block> added, IReadOnlyList<Block> removed)
    {
        lock (_blocksLock)
        {
            var list = _blocks.Where(b => !removed.Contains(b)).Concat(added).ToList();
            list.Sort(static (a, b) => a.Meta.MinT.CompareTo(b.Meta.MinT));
            _blocks = [.. list];
        }
        foreach (var b in removed)
        {
            b.MarkForDeletion();
            b.Dispose();
        }
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
