using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Vigil.Metrics.Tsdb.Wal;

/// <summary>
/// A growable byte buffer with the varint and string writers WAL records need. One per writer thread;
/// <see cref="Clear"/> keeps the capacity so a steady commit rate allocates nothing.
/// </summary>
internal sealed class RecordBuffer
{
    private byte[] _buffer;
    private int _length;

    public RecordBuffer(int capacity = 4096) => _buffer = new byte[capacity];

    public int Length => _length;
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    public void Clear() => _length = 0;

    /// <summary>Drops everything after <paramref name="length"/> (undoing a partly written record).</summary>
    public void Truncate(int length) => _length = length;

    public Span<byte> Reserve(int n)
    {
        Ensure(n);
        var span = _buffer.AsSpan(_length, n);
        _length += n;
        return span;
    }

    /// <summary>Writable space at an earlier position (to patch a header after the body is known).</summary>
    public Span<byte> At(int offset, int n) => _buffer.AsSpan(offset, n);

    public void WriteByte(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    public void WriteUVarint(ulong v)
    {
        Ensure(10);
        while (v >= 0x80)
        {
            _buffer[_length++] = (byte)(v | 0x80);
            v >>= 7;
        }
        _buffer[_length++] = (byte)v;
    }

    public void WriteVarint(long v) => WriteUVarint((ulong)((v << 1) ^ (v >> 63)));

    public void WriteDouble(double v)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), BitConverter.DoubleToUInt64Bits(v));
        _length += 8;
    }

    public void WriteString(string s)
    {
        int max = Encoding.UTF8.GetMaxByteCount(s.Length);
        Ensure(max + 5);
        // Length first: encode to a scratch position after a 5-byte gap, then move if the varint is shorter.
        int start = _length;
        int n = Encoding.UTF8.GetBytes(s, _buffer.AsSpan(start + 5));
        int lenBytes = UVarintSize((ulong)n);
        if (lenBytes != 5) Buffer.BlockCopy(_buffer, start + 5, _buffer, start + lenBytes, n);
        ulong v = (ulong)n;
        int p = start;
        while (v >= 0x80)
        {
            _buffer[p++] = (byte)(v | 0x80);
            v >>= 7;
        }
        _buffer[p] = (byte)v;
        _length = start + lenBytes + n;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private static int UVarintSize(ulong v)
    {
        int n = 1;
        while (v >= 0x80) { v >>= 7; n++; }
        return n;
    }

    private void Ensure(int n)
    {
        if (_length + n <= _buffer.Length) return;
        var grown = new byte[Math.Max(_length + n, _buffer.Length * 2)];
        Buffer.BlockCopy(_buffer, 0, grown, 0, _length);
        _buffer = grown;
    }
}

/// <summary>Reads what <see cref="RecordBuffer"/> wrote. Out-of-range reads throw <see cref="WalCorruptionException"/>.</summary>
internal ref struct RecordReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public readonly bool End => _pos >= _data.Length;

    public byte ReadByte()
    {
        if (_pos >= _data.Length) throw new WalCorruptionException("record ends early");
        return _data[_pos++];
    }

    public ulong ReadUVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new WalCorruptionException("varint too long");
    }

    public long ReadVarint()
    {
        ulong v = ReadUVarint();
        return (long)(v >> 1) ^ -(long)(v & 1);
    }

    public double ReadDouble()
    {
        if (_pos + 8 > _data.Length) throw new WalCorruptionException("record ends early");
        double v = BitConverter.UInt64BitsToDouble(BinaryPrimitives.ReadUInt64LittleEndian(_data[_pos..]));
        _pos += 8;
        return v;
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        ulong n = ReadUVarint();
        if (n > (ulong)(_data.Length - _pos)) throw new WalCorruptionException("length beyond record");
        var span = _data.Slice(_pos, (int)n);
        _pos += (int)n;
        return span;
    }
}

/// <summary>A WAL record or segment that cannot be decoded (checksum, length or structure).</summary>
internal sealed class WalCorruptionException(string message) : Exception(message);
