using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Chunks;

namespace Vigil.Metrics.Tsdb.Head;

/// <summary>
/// One series in the head: its labels, closed chunks (exact-size byte arrays, immutable) and the open
/// chunk being appended to. All mutable state is guarded by <c>lock (series)</c>; appends are
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
    private long _openMinT;
    private long _openMaxT;
    private long _openBoundary;

    /// <summary>Newest committed sample (long.MinValue when none). Read under the lock.</summary>
    public long LastT { get; private set; } = long.MinValue;
    public double LastV { get; private set; }

    /// <summary>Set when the series has seen no sample in a while and may be garbage-collected at head truncation.</summary>
    public int ClosedCount => _closedCount;
    public bool HasOpenChunk => _open is not null;

    /// <summary>Whether (t, v) may be appended after the committed state (Prometheus's appendable check, no out-of-order window).</summary>
    public AppendStatus Appendable(long t, double v)
    {
        if (t > LastT || LastT == long.MinValue) return AppendStatus.Ok;
        if (t < LastT) return AppendStatus.OutOfOrder;
        // Same timestamp: an identical value (bit for bit) is a harmless re-send, a different one an error.
        return BitConverter.DoubleToUInt64Bits(v) == BitConverter.DoubleToUInt64Bits(LastV)
            ? AppendStatus.Ok : AppendStatus.DuplicateTimestamp;
    }

    /// <summary>Appends under the caller's lock. Returns false for a same-timestamp re-send (nothing written).</summary>
    public bool Append(long t, double v, long chunkRange)
    {
        if (LastT != long.MinValue && t <= LastT) return false;
        if (_open is not null && (_open.Count >= SamplesPerChunk || t >= _openBoundary)) CloseOpenChunk();
        if (_open is null)
        {
            _open = new XorChunk();
            _openMinT = t;
            _openBoundary = BoundaryAfter(t, chunkRange);
        }
        _open.Append(t, v);
        _openMaxT = t;
        LastT = t;
        LastV = v;
        return true;
    }

    private static long BoundaryAfter(long t, long range) => (Math.DivRem(t, range, out long rem) + (rem < 0 ? 0 : 1)) * range;

    /// <summary>Closes the open chunk (under the caller's lock), e.g. when a block is cut past it.</summary>
    public void CloseOpenChunk()
    {
        if (_open is null) return;
        if (_closedCount == _closed.Length) Array.Resize(ref _closed, Math.Max(2, _closed.Length * 2));
        _closed[_closedCount++] = new ClosedChunk(_openMinT, _openMaxT, _open.ToCompactArray());
        _open = null;
    }

    /// <summary>
    /// Adds the chunks overlapping [mint, maxt] to <paramref name="into"/>, under the caller's lock. The
    /// open chunk is captured as an iterator that sees only the samples present now.
    /// </summary>
    public void CollectChunks(long mint, long maxt, List<ChunkSnapshot> into)
    {
        for (int i = 0; i < _closedCount; i++)
        {
            ref readonly var c = ref _closed[i];
            if (c.MaxT >= mint && c.MinT <= maxt) into.Add(new ChunkSnapshot(c.MinT, c.MaxT, (byte)ChunkEncoding.Xor, c.Data, null));
        }
        if (_open is not null && _openMaxT >= mint && _openMinT <= maxt)
            into.Add(new ChunkSnapshot(_openMinT, _openMaxT, (byte)ChunkEncoding.Xor, default, _open.Iterator(null)));
    }

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
        return _closedCount == 0 && _open is null;
    }

    /// <summary>Oldest sample time held in memory, or long.MaxValue.</summary>
    public long MinTime => _closedCount > 0 ? _closed[0].MinT : _open is not null ? _openMinT : long.MaxValue;
}

/// <summary>A closed head chunk: immutable XOR bytes and its time range.</summary>
internal readonly record struct ClosedChunk(long MinT, long MaxT, byte[] Data);

/// <summary>A chunk as a query sees it: bytes to decode, or (for the head's open chunk) a live iterator bounded at capture.</summary>
internal readonly record struct ChunkSnapshot(long MinT, long MaxT, byte Encoding, ReadOnlyMemory<byte> Data, Querying.SampleIterator? Live);
