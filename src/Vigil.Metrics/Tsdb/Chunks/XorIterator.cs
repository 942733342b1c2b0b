using System.Buffers.Binary;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tsdb.Chunks;

/// <summary>
/// Decodes an <see cref="XorChunk"/> (layout there). Reusable: <see cref="Reset(ReadOnlyMemory{byte})"/>
/// points it at another chunk without allocating. Corrupt bytes end the iteration with <see cref="Error"/>
/// set instead of throwing, so one damaged chunk never takes a query (or the server) down.
/// </summary>
internal sealed class XorIterator : SampleIterator
{
    private ReadOnlyMemory<byte> _data;
    private int _total;
    private int _read;
    private long _bitPos;
    private long _t;
    private long _tDelta;
    private ulong _vBits;
    private int _leading;
    private int _trailing;
    private ValueKind _kind;
    private string? _error;

    /// <summary>Iterates a self-describing chunk (count from its header).</summary>
    public void Reset(ReadOnlyMemory<byte> data)
    {
        int count = data.Length >= XorChunk.HeaderSize ? BinaryPrimitives.ReadUInt16BigEndian(data.Span) : 0;
        Reset(data, count);
        if (data.Length < XorChunk.HeaderSize) _error = "chunk too short";
    }

    /// <summary>Iterates the first <paramref name="count"/> samples (a live chunk's captured count).</summary>
    public void Reset(ReadOnlyMemory<byte> data, int count)
    {
        _data = data;
        _total = count;
        _read = 0;
        _bitPos = XorChunk.HeaderSize * 8;
        _t = 0;
        _tDelta = 0;
        _vBits = 0;
        _leading = 0;
        _trailing = 0;
        _kind = ValueKind.None;
        _error = null;
    }

    public override ValueKind Current => _kind;
    public override long AtT() => _t;
    public override double AtF() => BitConverter.UInt64BitsToDouble(_vBits);
    public override string? Error => _error;

    public override ValueKind Next()
    {
        if (_read >= _total || _error is not null) return _kind = ValueKind.None;
        var span = _data.Span;
        long bitLimit = (long)span.Length * 8;
        try
        {
            if (_read == 0)
            {
                _t = UnZigZag(ReadVarint(span));
                _vBits = ReadBits(span, 64, bitLimit);
            }
            else if (_read == 1)
            {
                _tDelta = UnZigZag(ReadVarint(span));
                _t += _tDelta;
                ReadValue(span, bitLimit);
            }
            else
            {
                long dod;
                if (!ReadBit(span, bitLimit)) dod = 0;
                else if (!ReadBit(span, bitLimit)) dod = SignExtend(ReadBits(span, 14, bitLimit), 14);
                else if (!ReadBit(span, bitLimit)) dod = SignExtend(ReadBits(span, 17, bitLimit), 17);
                else if (!ReadBit(span, bitLimit)) dod = SignExtend(ReadBits(span, 20, bitLimit), 20);
                else dod = (long)ReadBits(span, 64, bitLimit);
                _tDelta += dod;
                _t += _tDelta;
                ReadValue(span, bitLimit);
            }
        }
        catch (CorruptChunkException)
        {
            _error = "corrupt chunk: encoded data ends before its sample count";
            return _kind = ValueKind.None;
        }
        _read++;
        return _kind = ValueKind.Float;
    }

    private void ReadValue(ReadOnlySpan<byte> span, long bitLimit)
    {
        if (!ReadBit(span, bitLimit)) return; // same value
        if (ReadBit(span, bitLimit))
        {
            _leading = (int)ReadBits(span, 5, bitLimit);
            int significant = (int)ReadBits(span, 6, bitLimit);
            if (significant == 0) significant = 64;
            _trailing = 64 - _leading - significant;
            if (_trailing < 0) throw new CorruptChunkException();
        }
        int n = 64 - _leading - _trailing;
        ulong bits = ReadBits(span, n, bitLimit);
        _vBits ^= bits << _trailing;
    }

    private static long SignExtend(ulong v, int bits) => (long)(v << (64 - bits)) >> (64 - bits);

    private static long UnZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    private ulong ReadVarint(ReadOnlySpan<byte> span)
    {
        // Varints are written byte-aligned only at the start of the stream, but not necessarily byte-aligned
        // for the second sample, so read them bit-wise.
        long bitLimit = (long)span.Length * 8;
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            ulong b = ReadBits(span, 8, bitLimit);
            result |= (b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new CorruptChunkException();
    }

    private bool ReadBit(ReadOnlySpan<byte> span, long bitLimit)
    {
        if (_bitPos >= bitLimit) throw new CorruptChunkException();
        bool bit = (span[(int)(_bitPos >> 3)] & (0x80 >> (int)(_bitPos & 7))) != 0;
        _bitPos++;
        return bit;
    }

    private ulong ReadBits(ReadOnlySpan<byte> span, int n, long bitLimit)
    {
        if (n == 0) return 0;
        if (_bitPos + n > bitLimit) throw new CorruptChunkException();
        ulong result = 0;
        while (n > 0)
        {
            int byteIndex = (int)(_bitPos >> 3);
            int offset = (int)(_bitPos & 7);
            int avail = 8 - offset;
            int take = Math.Min(avail, n);
            ulong bits = (ulong)((span[byteIndex] >> (avail - take)) & ((1 << take) - 1));
            result = (result << take) | bits;
            _bitPos += take;
            n -= take;
        }
        return result;
    }

    private sealed class CorruptChunkException : Exception;
}
