using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Chunks;

namespace Vigil.Metrics.Tsdb.Head;

/// <summary>
/// One series in the head: its labels, closed chunks (immutable; in <see cref="HeadChunkFiles"/> when the head
/// has them, else exact-size byte arrays) and the open chunk being appended to. All mutable state is guarded by <c>lock (series)</c>; appends are
/// in timestamp order (the appender checks). Chunks are cut at <see cref="SamplesPerChunk"/> samples
/// (Prometheus's target of 120) and at every block-range boundary, so a chunk never straddles two
/// blocks and cutting a block never has to split one.
/// </summary>
internal sealed class MemSeries(ulong seriesRef, Labels labels)
{
    public const int SamplesPerChunk = 120;

    public ulong Ref { get; } = seriesRef;
    public Labels Labels { get; } = labels;

    private volatile bool _logged;
    private int _pendingCommits;

    /// <summary>Appenders holding staged samples for this series; head truncation never removes such a series.</summary>
    public int PendingCommits => Volatile.Read(ref _pendingCommits);
    public void AddPending() => Interlocked.Increment(ref _pendingCommits);
    public void RemovePending() => Interlocked.Decrement(ref _pendingCommits);

    /// <summary>Whether the WAL holds this series' record. Any committer that finds it false logs it (duplicates are harmless at replay).</summary>
    public bool Logged { get => _logged; set => _logged = value; }

    // Guarded by lock(this).
    private ClosedChunk[] _closed = [];
    private int _closedCount;
    private XorChunk? _open;
    // The last closed chunk's writer, emptied and reused for the next chunk (no allocation per chunk).
    private XorChunk? _spare;
    private long _openMinT;
    private long _openMaxT;
    private long _openBoundary;
    // Bytes the last closed chunk took, plus an eighth: the next open chunk's starting buffer (XorChunk says why).
    private int _nextChunkCapacity;

    /// <summary>Newest committed sample (long.MinValue when none). Read under the lock.</summary>
    public long LastT { get; private set; } = long.MinValue;
    public double LastV { get; private set; }

    /// <summary>Set when the series has seen no sample in a while and may be garbage-collected at head truncation.</summary>
    public int ClosedCount => _closedCount;
    public bool HasOpenChunk => _open is not null;

    // Out-of-order samples (only with an out-of-order window): sorted by time, merged in at query and block cut.
    private List<(long T, double V)>? _ooo;

    public int OutOfOrderCount => _ooo?.Count ?? 0;

    /// <summary>
    /// Whether (t, v) may be appended after the committed state (Prometheus's appendable check). Without a
    /// window anything older than the newest sample is out of order; with one, samples within the window are
    /// accepted into the out-of-order buffer and older ones are too old.
    /// </summary>
    public AppendStatus Appendable(long t, double v, long oooWindow = 0)
    {
        if (t > LastT || LastT == long.MinValue) return AppendStatus.Ok;
        if (t == LastT)
        {
            // Same timestamp: an identical value (bit for bit) is a harmless re-send, a different one an error.
            return BitConverter.DoubleToUInt64Bits(v) == BitConverter.DoubleToUInt64Bits(LastV)
                ? AppendStatus.Ok : AppendStatus.DuplicateTimestamp;
        }
        if (oooWindow <= 0) return AppendStatus.OutOfOrder;
        if (t < LastT - oooWindow) return AppendStatus.TooOld;
        if (_ooo is not null)
        {
            int i = FindOoo(t);
            if (i >= 0 && BitConverter.DoubleToUInt64Bits(_ooo[i].V) != BitConverter.DoubleToUInt64Bits(v)) return AppendStatus.DuplicateTimestamp;
        }
        return AppendStatus.Ok;
    }

    /// <summary>Appends under the caller's lock. Returns false for a re-send (nothing written).</summary>
    public bool Append(long t, double v, long chunkRange, HeadChunkFiles? files)
    {
        if (LastT != long.MinValue && t <= LastT)
        {
            if (t == LastT) return false;
            return AppendOutOfOrder(t, v);
        }
        if (_open is not null && (_open.Count >= SamplesPerChunk || t >= _openBoundary)) CloseOpenChunk(files, chunkRange);
        if (_open is null)
        {
            if (_spare is { } spare)
            {
                spare.Reset(_nextChunkCapacity);
                _open = spare;
                _spare = null;
            }
            else _open = new XorChunk(_nextChunkCapacity);
            _openMinT = t;
            _openBoundary = BoundaryAfter(t, chunkRange);
        }
        _open.Append(t, v);
        _openMaxT = t;
        LastT = t;
        LastV = v;
        return true;
    }

    private bool AppendOutOfOrder(long t, double v)
    {
        _ooo ??= [];
        int i = FindOoo(t);
        if (i >= 0) return false;
        _ooo.Insert(~i, (t, v));
        return true;
    }

    private int FindOoo(long t)
    {
        var list = _ooo!;
        int lo = 0, hi = list.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long mt = list[mid].T;
            if (mt == t) return mid;
            if (mt < t) lo = mid + 1; else hi = mid - 1;
        }
        return ~lo;
    }

    private static long BoundaryAfter(long t, long range) => (Math.DivRem(t, range, out long rem) + (rem < 0 ? 0 : 1)) * range;

    /// <summary>Closes the open chunk (under the caller's lock), e.g. when a block is cut past it.</summary>
    public void CloseOpenChunk(HeadChunkFiles? files, long chunkRange = 0)
    {
        var open = _open;
        if (open is null) return;
        var bytes = open.Bytes;
        AddClosed(_openMinT, _openMaxT, bytes, files, chunkRange);
        // Only a full chunk predicts the next one; one cut short at a block boundary would undersize it.
        if (open.Count >= SamplesPerChunk) _nextChunkCapacity = bytes.Length + bytes.Length / 8;
        _open = null;
        _spare = open;
    }

    private void AddClosed(long minT, long maxT, ReadOnlySpan<byte> bytes, HeadChunkFiles? files, long chunkRange = 0)
    {
        if (_closedCount == _closed.Length)
        {
            // The first chunk's span says how many the head will hold (1.5 block ranges before a cut): size for
            // that at once instead of doubling through arrays that die old (gen2 garbage for every series).
            int size = _closed.Length == 0 && chunkRange > 0 && maxT > minT
                ? (int)Math.Clamp((chunkRange * 3 / 2 / (maxT - minT)) + 2, 2, 16)
                : Math.Max(2, _closed.Length * 2);
            Array.Resize(ref _closed, size);
        }
        _closed[_closedCount++] = files is not null && files.TryAppend(bytes, maxT, out long reference)
            ? new ClosedChunk(minT, maxT, null, reference)
            : new ClosedChunk(minT, maxT, bytes.ToArray(), 0);
    }

    /// <summary>
    /// Adds the chunks overlapping [mint, maxt] to <paramref name="into"/>, under the caller's lock. The
    /// open chunk is captured as an iterator that sees only the samples present now.
    /// </summary>
    public void CollectChunks(long mint, long maxt, List<ChunkSnapshot> into, HeadChunkFiles? files)
    {
        for (int i = 0; i < _closedCount; i++)
        {
            ref readonly var c = ref _closed[i];
            if (c.MaxT >= mint && c.MinT <= maxt) into.Add(new ChunkSnapshot(c.MinT, c.MaxT, (byte)ChunkEncoding.Xor, c.Memory(files), null));
        }
        if (_open is not null && _openMaxT >= mint && _openMinT <= maxt)
            into.Add(new ChunkSnapshot(_openMinT, _openMaxT, (byte)ChunkEncoding.Xor, default, _open.Iterator(null)));
    }

    /// <summary>The out-of-order samples in [mint, maxt] as one chunk (they overlap the in-order chunks), or null.</summary>
    public ChunkSnapshot? OutOfOrderChunk(long mint, long maxt)
    {
        if (_ooo is null || _ooo.Count == 0) return null;
        XorChunk? chunk = null;
        long min = 0, max = 0;
        foreach (var (t, v) in _ooo)
        {
            if (t < mint) continue;
            if (t > maxt) break;
            if (chunk is null) { chunk = new XorChunk(); min = t; }
            chunk.Append(t, v);
            max = t;
        }
        return chunk is null ? null : new ChunkSnapshot(min, max, (byte)ChunkEncoding.Xor, chunk.ToCompactArray(), null);
    }

    /// <summary>
    /// Closes the open chunk when it ends before <paramref name="maxtExclusive"/> (a block is being cut past it:
    /// a series that went quiet never gets the sample that would close it).
    /// </summary>
    public void CloseChunkBefore(long maxtExclusive, HeadChunkFiles? files)
    {
        if (_open is not null && _openBoundary <= maxtExclusive) CloseOpenChunk(files);
    }

    /// <summary>Every sample in [mint, maxtExclusive) in time order, in-order and out-of-order merged (block cut with out-of-order data).</summary>
    public List<(long T, double V)> SamplesForBlock(long mint, long maxtExclusive, HeadChunkFiles? files)
    {
        var result = new List<(long, double)>();
        var it = new XorIterator();
        for (int i = 0; i < _closedCount; i++)
        {
            ref readonly var c = ref _closed[i];
            if (c.MaxT < mint || c.MinT >= maxtExclusive) continue;
            it.Reset(c.Copy(files));
            while (it.Next() != Querying.ValueKind.None)
            {
                long t = it.AtT();
                if (t >= mint && t < maxtExclusive) result.Add((t, it.AtF()));
            }
        }
        if (_ooo is not null)
        {
            foreach (var s in _ooo)
                if (s.T >= mint && s.T < maxtExclusive) result.Add(s);
            result.Sort(static (a, b) => a.Item1.CompareTo(b.Item1));
            // In-order data wins over an out-of-order sample at the same timestamp (as the query merge does).
            int w = 0;
            for (int r = 0; r < result.Count; r++)
                if (w == 0 || result[w - 1].Item1 != result[r].Item1) result[w++] = result[r];
            result.RemoveRange(w, result.Count - w);
        }
        return result;
    }

    /// <summary>Whether out-of-order samples fall in [mint, maxtExclusive).</summary>
    public bool HasOutOfOrderIn(long mint, long maxtExclusive)
    {
        if (_ooo is null) return false;
        foreach (var (t, _) in _ooo)
        {
            if (t >= maxtExclusive) return false;
            if (t >= mint) return true;
        }
        return false;
    }

    /// <summary>Replaces the chunks after a checkpoint replay or snapshot restore (under the caller's lock).</summary>
    public void LoadChunk(long minT, long maxT, ReadOnlySpan<byte> data, HeadChunkFiles? files)
    {
        AddClosed(minT, maxT, data, files);
        if (maxT > LastT)
        {
            // Decode from a per-thread copy: the bytes are a view of a WAL segment, and replay loads millions of chunks.
            var scratch = t_loadScratch ??= new byte[4096];
            if (scratch.Length < data.Length) t_loadScratch = scratch = new byte[data.Length];
            data.CopyTo(scratch);
            var it = t_loadIterator ??= new XorIterator();
            it.Reset(scratch.AsMemory(0, data.Length));
            while (it.Next() != Querying.ValueKind.None) { LastT = it.AtT(); LastV = it.AtF(); }
        }
    }

    [ThreadStatic] private static byte[]? t_loadScratch;
    [ThreadStatic] private static XorIterator? t_loadIterator;

    /// <summary>
    /// All closed chunks and the open one's bytes (checkpoints), under the caller's lock, copied into
    /// <paramref name="scratch"/> (grown as needed; valid until the next call with it).
    /// </summary>
    public void CollectAllChunkBytes(List<ChunkBytes> into, HeadChunkFiles? files, ref byte[] scratch)
    {
        int total = _open?.ByteCount ?? 0;
        for (int i = 0; i < _closedCount; i++) total += _closed[i].Length;
        if (scratch.Length < total) scratch = new byte[Math.Max(total, scratch.Length * 2)];
        int at = 0;
        for (int i = 0; i < _closedCount; i++)
        {
            ref readonly var c = ref _closed[i];
            int length = c.Length;
            c.CopyTo(scratch.AsSpan(at, length), files);
            into.Add(new ChunkBytes(c.MinT, c.MaxT, scratch.AsMemory(at, length)));
            at += length;
        }
        if (_open is not null)
        {
            _open.Bytes.CopyTo(scratch.AsSpan(at));
            into.Add(new ChunkBytes(_openMinT, _openMaxT, scratch.AsMemory(at, _open.ByteCount)));
        }
    }

    /// <summary>A copy of the open chunk's bytes (a snapshot reads them), or null; under the caller's lock.</summary>
    public byte[]? OpenChunkCopy() => _open?.ToCompactArray();

    /// <summary>Out-of-order samples (checkpoints), under the caller's lock.</summary>
    public IReadOnlyList<(long T, double V)> OutOfOrderSamples => (IReadOnlyList<(long T, double V)>?)_ooo ?? [];

    /// <summary>Closed chunks fully inside [mint, maxt) for a block cut, under the caller's lock.</summary>
    public void CollectClosedChunks(long mint, long maxtExclusive, List<ClosedChunk> into)
    {
        for (int i = 0; i < _closedCount; i++)
        {
            ref readonly var c = ref _closed[i];
            if (c.MinT >= mint && c.MaxT < maxtExclusive) into.Add(c);
        }
    }

    /// <summary>Drops chunks that end before <paramref name="mint"/> (they are in a block now); returns whether the series is now empty.</summary>
    public bool TruncateBefore(long mint)
    {
        int keep = 0;
        for (int i = 0; i < _closedCount; i++)
            if (_closed[i].MaxT >= mint) _closed[keep++] = _closed[i];
        Array.Clear(_closed, keep, _closedCount - keep);
        _closedCount = keep;
        if (_closedCount == 0) _closed = [];
        if (_ooo is not null)
        {
            _ooo.RemoveAll(s => s.T < mint);
            if (_ooo.Count == 0) _ooo = null;
        }
        return _closedCount == 0 && _open is null && _ooo is null;
    }

    /// <summary>Oldest sample time held in memory, or long.MaxValue.</summary>
    public long MinTime => Math.Min(_ooo is { Count: > 0 } ? _ooo[0].T : long.MaxValue,
        _closedCount > 0 ? _closed[0].MinT : _open is not null ? _openMinT : long.MaxValue);
}

/// <summary>
/// A closed head chunk: its time range and its immutable XOR bytes, either in <see cref="HeadChunkFiles"/>
/// (<paramref name="FileRef"/>) or, without them or when they could not take it, on the heap (<paramref name="Bytes"/>).
/// </summary>
internal readonly record struct ClosedChunk(long MinT, long MaxT, byte[]? Bytes, long FileRef)
{
    public int Length => Bytes?.Length ?? ChunkReference.Length(FileRef);

    /// <summary>The bytes read in place (queries; the caller holds a lease on the files).</summary>
    public ReadOnlyMemory<byte> Memory(HeadChunkFiles? files) => Bytes ?? files!.Memory(FileRef);

    /// <summary>Copies the bytes without mapping them into the process (block cut, checkpoints).</summary>
    public void CopyTo(Span<byte> destination, HeadChunkFiles? files)
    {
        if (Bytes is not null) Bytes.CopyTo(destination);
        else files!.Read(FileRef, destination[..Length]);
    }

    public byte[] Copy(HeadChunkFiles? files)
    {
        if (Bytes is not null) return Bytes;
        var copy = new byte[Length];
        files!.Read(FileRef, copy);
        return copy;
    }
}

/// <summary>A chunk's time range and bytes as checkpoints write them.</summary>
internal readonly record struct ChunkBytes(long MinT, long MaxT, ReadOnlyMemory<byte> Data);

/// <summary>A chunk as a query sees it: bytes to decode, or (for the head's open chunk) a live iterator bounded at capture.</summary>
internal readonly record struct ChunkSnapshot(long MinT, long MaxT, byte Encoding, ReadOnlyMemory<byte> Data, Querying.SampleIterator? Live);
