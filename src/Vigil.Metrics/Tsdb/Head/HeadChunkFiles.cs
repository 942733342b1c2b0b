namespace Vigil.Metrics.Tsdb.Head;

/// <summary>
/// Where the head's full chunks live instead of the managed heap (the idea of Prometheus's memory-mapped head
/// chunks, <c>chunks_head/</c>). A chunk is written once when its series closes it and referred to by a
/// 64-bit reference; queries read it in place through a read-only mapping of the file, the block cut and
/// checkpoints read it with positioned reads. Untouched chunks are page cache, not process memory, so the
/// head's memory is the open chunks and the index, and the GC never walks or copies closed chunk bytes.
/// </summary>
/// <remarks>
/// <para>Not a durability mechanism: the WAL and its checkpoints are. The directory is cleared at start and
/// at stop, nothing is fsynced, and a restart rebuilds it from the checkpoint.</para>
/// <para>Writes go through a 256 KiB buffer; a chunk still in the buffer is copied out under the lock. When the
/// disk refuses a write the buffer holds on (growing up to the rest of the file, retrying at most once a
/// second) and beyond that <see cref="TryAppend"/> says no, so the caller keeps the bytes on the heap: a full
/// disk never loses a chunk.</para>
/// <para>Lifetime: a file whose chunks are all older than the head's truncation point is retired, and unmapped
/// and deleted only when every reader that started before it was retired has finished (<see cref="Acquire"/>).
/// Readers resolve references under the series lock, the lock truncation takes, so no reader resolves a
/// reference into a retired file.</para>
/// </remarks>
internal sealed class HeadChunkFiles : IDisposable
{
    public const string DirectoryName = "head_chunks";
    public const int DefaultSegmentSize = 64 << 20;
    private const int WriteBufferSize = 256 << 10;
    private const long RetryAfterFailureMs = 1000;

    private readonly object _lock = new();
    private readonly string _dir;
    private readonly int _segmentSize;
    private HeadChunkSegment?[] _slots = new HeadChunkSegment?[8];
    private HeadChunkSegment? _current;
    private byte[] _buffer = new byte[WriteBufferSize];
    private int _buffered;
    private long _failedAtMs = -1;
    private int _nextFileNumber;
    private long _epoch;
    private readonly Dictionary<long, int> _leases = [];
    private readonly List<(HeadChunkSegment Segment, long Epoch)> _retired = [];
    private bool _disposed;

    /// <summary>Clears <paramref name="dir"/> (what a previous run left is never read) and starts empty.</summary>
    public HeadChunkFiles(string dir, int segmentSize = DefaultSegmentSize)
    {
        if (segmentSize < 1024) throw new ArgumentOutOfRangeException(nameof(segmentSize));
        _dir = dir;
        _segmentSize = segmentSize;
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
    }

    /// <summary>Chunk bytes written to the files so far, and bytes waiting in the buffer.</summary>
    public (long Written, int Buffered) Bytes
    {
        get { lock (_lock) return (_slots.Sum(s => s?.Written ?? 0), _buffered); }
    }

    /// <summary>
    /// Stores a closed chunk whose newest sample is at <paramref name="maxT"/>. False when it cannot be
    /// taken (longer than a reference can say, the disk refusing writes for longer than a file, stopped):
    /// the caller keeps the bytes itself.
    /// </summary>
    public bool TryAppend(ReadOnlySpan<byte> chunk, long maxT, out long reference)
    {
        reference = 0;
        if (chunk.Length is 0 or > ChunkReference.MaxLength || chunk.Length > _segmentSize) return false;
        lock (_lock)
        {
            if (_disposed) return false;
            if (_current is null || _current.Written + _buffered + chunk.Length > _segmentSize)
            {
                if (!FlushLocked() || !RollLocked()) return false;
            }
            var current = _current!;
            if (_buffered + chunk.Length > _buffer.Length && !FlushLocked())
            {
                // The disk refuses writes: hold the bytes (bounded by the file's size, checked above).
                Array.Resize(ref _buffer, Math.Min(_segmentSize, Math.Max(_buffer.Length * 2, _buffered + chunk.Length)));
            }
            long offset = current.Written + _buffered;
            chunk.CopyTo(_buffer.AsSpan(_buffered));
            _buffered += chunk.Length;
            if (maxT > current.MaxT) current.MaxT = maxT;
            reference = ChunkReference.Pack(current.Slot, offset, chunk.Length);
            return true;
        }
    }

    /// <summary>
    /// The chunk's bytes for a query: a slice of the mapping (pages come into the process as they are read),
    /// or a copy when the chunk is still in the write buffer. The caller holds a lease (<see cref="Acquire"/>).
    /// </summary>
    public ReadOnlyMemory<byte> Memory(long reference)
    {
        var (slot, offset, length) = ChunkReference.Unpack(reference);
        var segment = Volatile.Read(ref _slots)[slot] ?? throw new InvalidOperationException("head chunk reference into a retired file");
        if (offset + length <= segment.Written) return segment.Bytes.Memory.Slice((int)offset, length);
        lock (_lock)
        {
            if (offset + length <= segment.Written) return segment.Bytes.Memory.Slice((int)offset, length);
            return _buffer.AsSpan((int)(offset - segment.Written), length).ToArray();
        }
    }

    /// <summary>
    /// Copies the chunk into <paramref name="destination"/> (its length) with a positioned read, so the block
    /// cut and checkpoints, which read every chunk once, do not map the whole head into the process.
    /// </summary>
    public void Read(long reference, Span<byte> destination)
    {
        var (slot, offset, length) = ChunkReference.Unpack(reference);
        destination = destination[..length];
        var segment = Volatile.Read(ref _slots)[slot] ?? throw new InvalidOperationException("head chunk reference into a retired file");
        if (offset + length > segment.Written)
        {
            lock (_lock)
            {
                if (offset + length > segment.Written)
                {
                    _buffer.AsSpan((int)(offset - segment.Written), length).CopyTo(destination);
                    return;
                }
            }
        }
        while (destination.Length > 0)
        {
            int n = RandomAccess.Read(segment.Handle, destination, offset);
            if (n == 0) throw new IOException($"head chunk file {segment.Path} ends before offset {offset}");
            destination = destination[n..];
            offset += n;
        }
    }

    /// <summary>
    /// Retires every file (but the one being written) whose chunks all end before <paramref name="mint"/>:
    /// the head was just truncated there, so no series refers to them any more.
    /// </summary>
    public void Retire(long mint)
    {
        lock (_lock)
        {
            var slots = _slots;
            bool any = false;
            for (int i = 0; i < slots.Length; i++)
            {
                var segment = slots[i];
                if (segment is null || segment == _current || segment.MaxT >= mint) continue;
                slots[i] = null;
                _retired.Add((segment, _epoch));
                any = true;
            }
            if (!any) return;
            _epoch++;
            FreeRetiredLocked();
        }
    }

    /// <summary>
    /// A lease for reading chunks: files retired while it is held stay mapped until it is disposed. Every
    /// head querier holds one, as do the block cut and the checkpoint.
    /// </summary>
    public Lease Acquire()
    {
        lock (_lock)
        {
            long epoch = _epoch;
            _leases[epoch] = _leases.GetValueOrDefault(epoch) + 1;
            return new Lease(this, epoch);
        }
    }

    private void Release(long epoch)
    {
        lock (_lock)
        {
            int count = _leases[epoch] - 1;
            if (count == 0) _leases.Remove(epoch);
            else _leases[epoch] = count;
            FreeRetiredLocked();
        }
    }

    private void FreeRetiredLocked()
    {
        if (_retired.Count == 0 || _disposed) return;
        long oldestLease = long.MaxValue;
        foreach (var epoch in _leases.Keys) oldestLease = Math.Min(oldestLease, epoch);
        // A file retired at epoch E may be read by leases taken at E or before.
        for (int i = _retired.Count - 1; i >= 0; i--)
        {
            if (_retired[i].Epoch >= oldestLease) continue;
            _retired[i].Segment.Dispose();
            _retired.RemoveAt(i);
        }
    }

    private bool FlushLocked()
    {
        if (_buffered == 0) return true;
        long now = Environment.TickCount64;
        if (_failedAtMs >= 0 && now - _failedAtMs < RetryAfterFailureMs) return false;
        var current = _current!;
        try
        {
            RandomAccess.Write(current.Handle, _buffer.AsSpan(0, _buffered), current.Written);
        }
        catch (IOException)
        {
            _failedAtMs = now;
            return false;
        }
        current.Written += _buffered;
        _buffered = 0;
        _failedAtMs = -1;
        if (_buffer.Length > WriteBufferSize) _buffer = new byte[WriteBufferSize];
        return true;
    }

    private bool RollLocked()
    {
        int slot = Array.IndexOf(_slots, null);
        if (slot < 0)
        {
            if (_slots.Length == ChunkReference.MaxSlots) return false;
            var grown = new HeadChunkSegment?[Math.Min(ChunkReference.MaxSlots, _slots.Length * 2)];
            _slots.CopyTo(grown, 0);
            slot = _slots.Length;
            Volatile.Write(ref _slots, grown);
        }
        string path = Path.Combine(_dir, (_nextFileNumber++).ToString("D8", System.Globalization.CultureInfo.InvariantCulture));
        HeadChunkSegment segment;
        try
        {
            segment = HeadChunkSegment.Create(path, slot, _segmentSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failedAtMs = Environment.TickCount64;
            return false;
        }
        _slots[slot] = segment;
        _current = segment;
        return true;
    }

    /// <summary>
    /// At stop: unmaps and deletes everything, unless a reader still holds a lease (then the mappings go with
    /// the process rather than under a reader's feet).
    /// </summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            if (_leases.Count > 0) return;
            foreach (var segment in _slots) segment?.Dispose();
            foreach (var (segment, _) in _retired) segment.Dispose();
            Array.Clear(_slots);
            _retired.Clear();
            _current = null;
        }
        try { Directory.Delete(_dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>Keeps retired files mapped while held; see <see cref="Acquire"/>.</summary>
    public sealed class Lease(HeadChunkFiles owner, long epoch) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Release(epoch);
        }
    }
}

/// <summary>
/// A head chunk's place in <see cref="HeadChunkFiles"/> in 64 bits: file slot (16), offset in the file (32),
/// length (16). Chunks of 120 samples are at most a few KiB, far below the length's limit.
/// </summary>
internal static class ChunkReference
{
    public const int MaxLength = ushort.MaxValue;
    public const int MaxSlots = ushort.MaxValue + 1;

    public static long Pack(int slot, long offset, int length) => ((long)slot << 48) | (offset << 16) | (uint)length;

    public static (int Slot, long Offset, int Length) Unpack(long reference) =>
        ((int)((ulong)reference >> 48), (reference >> 16) & 0xFFFF_FFFFL, (int)(reference & 0xFFFF));

    public static int Length(long reference) => (int)(reference & 0xFFFF);
}
