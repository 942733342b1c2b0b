using System.Buffers.Binary;

namespace Vigil.Metrics.Tsdb.Wal;

/// <summary>
/// Iterates the record bodies of one segment held in memory. Stops at the first frame that is short,
/// oversized or fails its checksum and reports where, so replay can cut the segment there (a crash leaves
/// at most one torn record at the end of the newest segment).
/// </summary>
internal ref struct WalSegmentReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public WalSegmentReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
        Error = null;
        if (data.Length == 0) return; // created but never written: an empty segment is fine
        if (!WalSegments.IsHeader(data)) Error = "bad segment header";
        else _pos = WalSegments.HeaderSize;
    }

    /// <summary>Why reading stopped early, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Offset of the first byte not yet consumed: after an error, where the good data ends.</summary>
    public readonly int Offset => _pos;

    public bool TryNext(out ReadOnlySpan<byte> body)
    {
        body = default;
        if (Error is not null || _pos >= _data.Length) return false;
        var rest = _data[_pos..];
        if (rest.Length < WalSegments.FrameHeaderSize)
        {
            Error = "torn record header";
            return false;
        }
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(rest);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]);
        if (length == 0 || length > WalSegments.MaxRecordSize || length > rest.Length - WalSegments.FrameHeaderSize)
        {
            Error = length > rest.Length - WalSegments.FrameHeaderSize ? "torn record" : "bad record length";
            return false;
        }
        var candidate = rest.Slice(WalSegments.FrameHeaderSize, (int)length);
        if (Core.Checksums.Crc32C.Compute(candidate) != crc)
        {
            Error = "record checksum mismatch";
            return false;
        }
        body = candidate;
        _pos += WalSegments.FrameHeaderSize + (int)length;
        return true;
    }
}
