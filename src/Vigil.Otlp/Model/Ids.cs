using System.Buffers.Binary;
using Vigil.Core.Text;

namespace Vigil.Otlp.Model;

/// <summary>A 16-byte W3C trace id, stored inline as two big-endian halves. All zero means "absent".</summary>
public readonly record struct TraceId(ulong High, ulong Low)
{
    public const int Size = 16;

    public static TraceId Empty => default;

    public bool IsEmpty => High == 0 && Low == 0;

    public static TraceId FromBytes(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));

    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        WriteBytes(bytes);
        return bytes;
    }

    public static bool TryParseHex(ReadOnlySpan<char> hex, out TraceId id)
    {
        Span<byte> bytes = stackalloc byte[Size];
        if (!Hex.TryParse(hex, bytes))
        {
            id = default;
            return false;
        }
        id = FromBytes(bytes);
        return true;
    }

    /// <summary>Lower-case hex, 32 characters.</summary>
    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public override string ToString() => ToHex();
}

/// <summary>An 8-byte span id. Zero means "absent" (a root span has no parent).</summary>
public readonly record struct SpanId(ulong Value)
{
    public const int Size = 8;

    public static SpanId Empty => default;

    public bool IsEmpty => Value == 0;

    public static SpanId FromBytes(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt64BigEndian(bytes));

    public void WriteBytes(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        WriteBytes(bytes);
        return bytes;
    }

    public static bool TryParseHex(ReadOnlySpan<char> hex, out SpanId id)
    {
        Span<byte> bytes = stackalloc byte[Size];
        if (!Hex.TryParse(hex, bytes))
        {
            id = default;
            return false;
        }
        id = FromBytes(bytes);
        return true;
    }

    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public override string ToString() => ToHex();
}
