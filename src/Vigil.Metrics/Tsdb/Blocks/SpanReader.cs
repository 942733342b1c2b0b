using System.Buffers.Binary;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// Reads what <see cref="BlockBuffer"/> writes, bounds-checked: malformed input throws
/// <see cref="InvalidDataException"/>, which callers turn into <see cref="CorruptBlockException"/>
/// (at open) or an iterator error (at query time). Never used on well-formed data's control flow.
/// </summary>
internal ref struct SpanReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public readonly int Position => _pos;
    public readonly int Remaining => _data.Length - _pos;
    public readonly bool End => _pos >= _data.Length;

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _data.Length) throw new InvalidDataException("unexpected end of data in a varint");
            byte b = _data[_pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                if (shift == 63 && b > 1) break;
                return result;
            }
        }
        throw new InvalidDataException("varint overflows 64 bits");
    }

    public long ReadZigZag()
    {
        ulong v = ReadVarint();
        return (long)(v >> 1) ^ -(long)(v & 1);
    }

    /// <summary>A varint that must fit an int and be at most <paramref name="max"/> (counts and lengths).</summary>
    public int ReadCount(long max, string what)
    {
        ulong v = ReadVarint();
        if (v > (ulong)Math.Min(max, int.MaxValue)) throw new InvalidDataException($"{what} {v} out of range (max {max})");
        return (int)v;
    }

    public byte ReadByte()
    {
        if (_pos >= _data.Length) throw new InvalidDataException("unexpected end of data");
        return _data[_pos++];
    }

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    public ulong ReadUInt64BigEndian() => BinaryPrimitives.ReadUInt64BigEndian(ReadBytes(8));

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > _data.Length - _pos) throw new InvalidDataException($"unexpected end of data: need {count} bytes, {Remaining} left");
        var s = _data.Slice(_pos, count);
        _pos += count;
        return s;
    }

    public void Skip(int count) => ReadBytes(count);
}
