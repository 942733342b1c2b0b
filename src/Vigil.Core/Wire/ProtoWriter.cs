using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Vigil.Core.Wire;

/// <summary>
/// Writes the protobuf binary wire format into a growable pooled buffer. Nested messages are written in
/// place: <see cref="BeginMessage"/> reserves one length byte and <see cref="EndMessage"/> shifts the body
/// when the length needs more, so there is no separate size pass. Fields equal to their proto3 default
/// are skipped by the typed helpers, as proto3 serializers do. Not thread-safe; dispose to return the buffer.
/// </summary>
public sealed class ProtoWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public ProtoWriter(int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(16, initialCapacity));
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Reset() => _length = 0;

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _length < count)
        {
            Grow(count);
        }
        return _buffer.AsSpan(_length, count);
    }

    private void Grow(int count)
    {
        int size = Math.Max(_buffer.Length * 2, _length + count);
        var next = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _length).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }

    public void WriteTag(int fieldNumber, WireType wireType) => WriteVarint(((ulong)(uint)fieldNumber << 3) | (uint)wireType);

    public void WriteVarint(ulong value)
    {
        var span = Reserve(10);
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _length += i;
    }

    public void WriteRawFixed64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);
        _length += 8;
    }

    public void WriteRawFixed32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);
        _length += 4;
    }

    public void WriteRawBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _length += bytes.Length;
    }

    // Typed field helpers: each skips the proto3 default value.

    public void WriteVarintField(int field, ulong value)
    {
        if (value == 0) return;
        WriteTag(field, WireType.Varint);
        WriteVarint(value);
    }

    public void WriteInt64Field(int field, long value) => WriteVarintField(field, (ulong)value);

    public void WriteInt32Field(int field, int value) => WriteVarintField(field, (ulong)(long)value);

    public void WriteBoolField(int field, bool value) => WriteVarintField(field, value ? 1UL : 0UL);

    public void WriteSInt32Field(int field, int value) => WriteVarintField(field, (uint)((value << 1) ^ (value >> 31)));

    public void WriteSInt64Field(int field, long value) => WriteVarintField(field, (ulong)((value << 1) ^ (value >> 63)));

    public void WriteFixed64Field(int field, ulong value)
    {
        if (value == 0) return;
        WriteTag(field, WireType.Fixed64);
        WriteRawFixed64(value);
    }

    public void WriteFixed32Field(int field, uint value)
    {
        if (value == 0) return;
        WriteTag(field, WireType.Fixed32);
        WriteRawFixed32(value);
    }

    public void WriteDoubleField(int field, double value)
    {
        // -0.0 is not the default: its bits are not zero, so it is written (as protobuf does).
        if (BitConverter.DoubleToInt64Bits(value) == 0) return;
        WriteTag(field, WireType.Fixed64);
        WriteRawFixed64((ulong)BitConverter.DoubleToInt64Bits(value));
    }

    /// <summary>Writes a double even when it is zero (proto3 <c>optional</c> and oneof members).</summary>
    public void WriteDoubleFieldAlways(int field, double value)
    {
        WriteTag(field, WireType.Fixed64);
        WriteRawFixed64((ulong)BitConverter.DoubleToInt64Bits(value));
    }

    public void WriteStringField(int field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        WriteStringFieldAlways(field, value);
    }

    public void WriteStringFieldAlways(int field, string value)
    {
        WriteTag(field, WireType.LengthDelimited);
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)byteCount);
        Encoding.UTF8.GetBytes(value, Reserve(byteCount));
        _length += byteCount;
    }

    public void WriteBytesField(int field, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return;
        WriteBytesFieldAlways(field, value);
    }

    public void WriteBytesFieldAlways(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        WriteRawBytes(value);
    }

    public void WritePackedFixed64Field(int field, ReadOnlySpan<ulong> values)
    {
        if (values.IsEmpty) return;
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)values.Length * 8);
        foreach (var v in values) WriteRawFixed64(v);
    }

    public void WritePackedDoubleField(int field, ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return;
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)values.Length * 8);
        foreach (var v in values) WriteRawFixed64((ulong)BitConverter.DoubleToInt64Bits(v));
    }

    public void WritePackedVarintField(int field, ReadOnlySpan<ulong> values)
    {
        if (values.IsEmpty) return;
        int start = BeginMessage(field);
        foreach (var v in values) WriteVarint(v);
        EndMessage(start);
    }

    /// <summary>Starts a length-delimited field; pass the result to <see cref="EndMessage"/>.</summary>
    public int BeginMessage(int field)
    {
        WriteTag(field, WireType.LengthDelimited);
        Reserve(1);
        _length += 1;
        return _length;
    }

    /// <summary>Ends a field begun by <see cref="BeginMessage"/>, writing its length before the body.</summary>
    public void EndMessage(int bodyStart)
    {
        int bodyLength = _length - bodyStart;
        int lengthBytes = VarintSize((ulong)bodyLength);
        if (lengthBytes > 1)
        {
            Reserve(lengthBytes - 1);
            _buffer.AsSpan(bodyStart, bodyLength).CopyTo(_buffer.AsSpan(bodyStart + lengthBytes - 1));
            _length += lengthBytes - 1;
        }
        int pos = bodyStart - 1;
        ulong value = (ulong)bodyLength;
        while (value >= 0x80)
        {
            _buffer[pos++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[pos] = (byte)value;
    }

    public static int VarintSize(ulong value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }
}
