using System.Buffers.Binary;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// A growable byte buffer with the little helpers the block files are made of (LEB128 varints,
/// zigzag, little-endian fixed ints). One owner; <see cref="Clear"/> reuses the array.
/// </summary>
internal sealed class BlockBuffer(int capacity = 256)
{
    private byte[] _buffer = new byte[Math.Max(capacity, 16)];

    public int Length { get; private set; }
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    public void Clear() => Length = 0;

    public void WriteByte(byte b)
    {
        Ensure(1);
        _buffer[Length++] = b;
    }

    public void WriteVarint(ulong v)
    {
        Ensure(10);
        while (v >= 0x80)
        {
            _buffer[Length++] = (byte)(v | 0x80);
            v >>= 7;
        }
        _buffer[Length++] = (byte)v;
    }

    public void WriteZigZag(long v) => WriteVarint((ulong)((v << 1) ^ (v >> 63)));

    public void WriteUInt32(uint v)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(Length), v);
        Length += 4;
    }

    public void WriteUInt64(ulong v)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(Length), v);
        Length += 8;
    }

    public void WriteUInt64BigEndian(ulong v)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.AsSpan(Length), v);
        Length += 8;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Reserves <paramref name="count"/> bytes to fill later (e.g. a length written after its content).</summary>
    public Span<byte> Reserve(int count, out int at)
    {
        Ensure(count);
        at = Length;
        Length += count;
        return _buffer.AsSpan(at, count);
    }

    public Span<byte> At(int offset, int count) => _buffer.AsSpan(offset, count);

    public static int VarintSize(ulong v)
    {
        int n = 1;
        while (v >= 0x80) { v >>= 7; n++; }
        return n;
    }

    public static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    private void Ensure(int more)
    {
        if (Length + more <= _buffer.Length) return;
        long size = Math.Max((long)_buffer.Length * 2, (long)Length + more);
        if (size > Array.MaxLength) size = Array.MaxLength;
        if (Length + more > size) throw new InvalidOperationException("block section larger than 2 GiB");
        Array.Resize(ref _buffer, (int)size);
    }
}
