using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Vigil.Core.Wire;

/// <summary>
/// Forward-only reader of the protobuf binary wire format over one contiguous buffer. It allocates nothing:
/// nested messages and strings come back as slices of the input. Malformed input throws
/// <see cref="ProtoException"/> with the byte offset, which is what a receiver reports to the sender.
/// </summary>
public ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _baseOffset;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> buffer, int baseOffset = 0)
    {
        _buffer = buffer;
        _baseOffset = baseOffset;
        _position = 0;
    }

    /// <summary>Offset of the next byte, relative to the outermost message (for error messages).</summary>
    public readonly int Offset => _baseOffset + _position;

    public readonly bool End => _position >= _buffer.Length;

    /// <summary>Reads the next field's key; false at the end of the buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadTag(out int fieldNumber, out WireType wireType)
    {
        if (_position >= _buffer.Length)
        {
            fieldNumber = 0;
            wireType = 0;
            return false;
        }
        ulong key;
        byte b = _buffer[_position];
        if (b < 0x80)
        {
            _position++;
            key = b;
        }
        else
        {
            key = ReadVarint64();
        }
        fieldNumber = (int)(key >> 3);
        wireType = (WireType)(key & 7);
        if (fieldNumber <= 0 || key >> 3 > 536_870_911)
        {
            Throw($"invalid field number {key >> 3}");
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint64()
    {
        var buffer = _buffer;
        int pos = _position;
        if ((uint)pos < (uint)buffer.Length && buffer[pos] < 0x80)
        {
            _position = pos + 1;
            return buffer[pos];
        }
        // Two bytes cover lengths up to 16 KiB: every attribute, name and most nested messages.
        if ((uint)(pos + 1) < (uint)buffer.Length && buffer[pos + 1] < 0x80)
        {
            _position = pos + 2;
            return (uint)(buffer[pos] & 0x7F) | ((uint)buffer[pos + 1] << 7);
        }
        return ReadVarint64Slow();
    }

    private ulong ReadVarint64Slow()
    {
        ulong result = 0;
        int shift = 0;
        int pos = _position;
        while (true)
        {
            if (pos >= _buffer.Length)
            {
                Throw("truncated varint");
            }
            byte b = _buffer[pos++];
            if (shift == 63 && b > 1)
            {
                Throw("varint overflows 64 bits");
            }
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                _position = pos;
                return result;
            }
            shift += 7;
            if (shift > 63)
            {
                Throw("varint longer than 10 bytes");
            }
        }
    }

    public uint ReadVarint32() => (uint)ReadVarint64();

    public int ReadInt32() => (int)ReadVarint64();

    public long ReadInt64() => (long)ReadVarint64();

    public bool ReadBool() => ReadVarint64() != 0;

    public int ReadSInt32()
    {
        uint n = (uint)ReadVarint64();
        return (int)(n >> 1) ^ -(int)(n & 1);
    }

    public long ReadSInt64()
    {
        ulong n = ReadVarint64();
        return (long)(n >> 1) ^ -(long)(n & 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadFixed64()
    {
        if (_buffer.Length - _position < 8)
        {
            Throw("truncated fixed64");
        }
        ulong v = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.Slice(_position, 8));
        _position += 8;
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadFixed32()
    {
        if (_buffer.Length - _position < 4)
        {
            Throw("truncated fixed32");
        }
        uint v = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Slice(_position, 4));
        _position += 4;
        return v;
    }

    public double ReadDouble() => BitConverter.Int64BitsToDouble((long)ReadFixed64());

    public float ReadFloat() => BitConverter.Int32BitsToSingle((int)ReadFixed32());

    /// <summary>Reads a length-delimited field (bytes, string, nested message or packed array) as a slice.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        ulong length = ReadVarint64();
        if (length > (ulong)(_buffer.Length - _position))
        {
            Throw($"length {length} runs past the end of the message");
        }
        var slice = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Reads a nested message and returns a reader over it that reports offsets in the outer message.</summary>
    public ProtoReader ReadMessage()
    {
        ulong length = ReadVarint64();
        if (length > (ulong)(_buffer.Length - _position))
        {
            Throw($"length {length} runs past the end of the message");
        }
        var reader = new ProtoReader(_buffer.Slice(_position, (int)length), _baseOffset + _position);
        _position += (int)length;
        return reader;
    }

    /// <summary>Skips a field of the given wire type (unknown fields are ignored, as protobuf requires).</summary>
    public void SkipField(int fieldNumber, WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint64();
                break;
            case WireType.Fixed64:
                ReadFixed64();
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                ReadFixed32();
                break;
            case WireType.StartGroup:
                SkipGroup(fieldNumber);
                break;
            default:
                Throw($"invalid wire type {(int)wireType} for field {fieldNumber}");
                break;
        }
    }

    /// <summary>Most nested groups a skip follows; Google.Protobuf limits recursion to 100 the same way.</summary>
    public const int MaxGroupDepth = 100;

    /// <summary>Skips a (deprecated) group iteratively, so hostile nesting cannot overflow the stack.</summary>
    private void SkipGroup(int groupField)
    {
        Span<int> open = stackalloc int[MaxGroupDepth];
        int depth = 0;
        open[depth++] = groupField;
        while (TryReadTag(out int field, out WireType type))
        {
            switch (type)
            {
                case WireType.StartGroup:
                    if (depth == MaxGroupDepth)
                    {
                        Throw($"groups nested deeper than {MaxGroupDepth} levels");
                    }
                    open[depth++] = field;
                    break;
                case WireType.EndGroup:
                    if (field != open[depth - 1])
                    {
                        Throw($"group {open[depth - 1]} closed by end-group {field}");
                    }
                    if (--depth == 0)
                    {
                        return;
                    }
                    break;
                default:
                    SkipField(field, type);
                    break;
            }
        }
        Throw($"unterminated group {open[depth - 1]}");
    }

    /// <summary>Throws unless the field has the expected wire type (wrong types are errors, not skipped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Expect(WireType actual, WireType expected, int fieldNumber)
    {
        if (actual != expected)
        {
            ThrowWireType(actual, expected, fieldNumber);
        }
    }

    [DoesNotReturn]
    private readonly void ThrowWireType(WireType actual, WireType expected, int fieldNumber) =>
        Throw($"field {fieldNumber} has wire type {(int)actual} ({actual}), expected {(int)expected} ({expected})");

    [DoesNotReturn]
    public readonly void Throw(string message) =>
        throw new ProtoException($"{message} at byte {Offset}");
}
