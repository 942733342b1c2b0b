using System.Runtime.CompilerServices;
using System.Text;
using Vigil.Core.Text;
using Vigil.Core.Wire;
using Vigil.Otlp.Model;

namespace Vigil.Otlp.Protobuf;

/// <summary>
/// Decodes OTLP protobuf (opentelemetry-proto v1.x) into Vigil's model in one pass per message, straight
/// from the request buffer. Repeated fields are counted first (a cheap skip-scan), so every array is
/// allocated once at its exact size; names and short values go through <see cref="Utf8StringCache"/>.
/// Unknown fields are skipped, wrong wire types and truncation throw <see cref="ProtoException"/>.
/// Field numbers: docs/formats/otlp.md.
/// </summary>
public static partial class OtlpProtobufDecoder
{
    private static readonly Utf8StringCache Names = Utf8StringCache.Names;
    private static readonly Utf8StringCache Values = Utf8StringCache.Values;

    /// <summary>Nesting limit for AnyValue arrays/kvlists, as protobuf runtimes limit recursion (Google.Protobuf: 100).</summary>
    private const int MaxDepth = 64;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static string ReadName(ref ProtoReader reader) => Names.Get(reader.ReadLengthDelimited());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static string ReadText(ref ProtoReader reader)
    {
        var bytes = reader.ReadLengthDelimited();
        return bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Counts occurrences of one field in a message (first pass before allocating its array).</summary>
    private static int Count(ReadOnlySpan<byte> message, int field)
    {
        var reader = new ProtoReader(message);
        int n = 0;
        while (reader.TryReadTag(out int f, out WireType t))
        {
            if (f == field) n++;
            reader.SkipField(f, t);
        }
        return n;
    }

    private static void Count(ReadOnlySpan<byte> message, int fieldA, int fieldB, int fieldC, out int a, out int b, out int c)
    {
        var reader = new ProtoReader(message);
        a = b = c = 0;
        while (reader.TryReadTag(out int f, out WireType t))
        {
            if (f == fieldA) a++;
            else if (f == fieldB) b++;
            else if (f == fieldC) c++;
            reader.SkipField(f, t);
        }
    }

    /// <summary>
    /// Offset of the body of the length-delimited field the reader is on (past its length prefix): the base
    /// offset for a nested reader, so errors inside it name the right byte of the whole request.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BodyOffset(ProtoReader reader)
    {
        reader.ReadVarint64();
        return reader.Offset;
    }

    private static KeyValue[] NewAttributes(int count) => count == 0 ? [] : new KeyValue[count];

    private static KeyValue ReadKeyValue(ReadOnlySpan<byte> message, int baseOffset, int depth)
    {
        var reader = new ProtoReader(message, baseOffset);
        string key = string.Empty;
        AnyValue value = default;
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    key = ReadName(ref reader);
                    break;
                case 2:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int offset = BodyOffset(reader);
                    value = ReadAnyValue(reader.ReadLengthDelimited(), offset, depth);
                    break;
                default:
                    // key_strindex (3) is for profiles only: ignored here, as the proto asks.
                    reader.SkipField(field, type);
                    break;
            }
        }
        return new KeyValue(key, value);
    }

    private static AnyValue ReadAnyValue(ReadOnlySpan<byte> message, int baseOffset, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ProtoException($"AnyValue nested deeper than {MaxDepth} levels at byte {baseOffset}");
        }
        var reader = new ProtoReader(message, baseOffset);
        AnyValue value = default;
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    value = AnyValue.String(Values.Get(reader.ReadLengthDelimited()));
                    break;
                case 2:
                    reader.Expect(type, WireType.Varint, field);
                    value = AnyValue.Bool(reader.ReadBool());
                    break;
                case 3:
                    reader.Expect(type, WireType.Varint, field);
                    value = AnyValue.Int(reader.ReadInt64());
                    break;
                case 4:
                    reader.Expect(type, WireType.Fixed64, field);
                    value = AnyValue.Double(reader.ReadDouble());
                    break;
                case 5:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int offset = BodyOffset(reader);
                    var array = reader.ReadLengthDelimited();
                    int n = Count(array, 1);
                    var items = n == 0 ? [] : new AnyValue[n];
                    var inner = new ProtoReader(array, offset);
                    int i = 0;
                    while (inner.TryReadTag(out int f, out WireType t))
                    {
                        if (f == 1)
                        {
                            inner.Expect(t, WireType.LengthDelimited, f);
                            int o = BodyOffset(inner);
                            items[i++] = ReadAnyValue(inner.ReadLengthDelimited(), o, depth + 1);
                        }
                        else
                        {
                            inner.SkipField(f, t);
                        }
                    }
                    value = AnyValue.Array(items);
                    break;
                }
                case 6:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int offset = BodyOffset(reader);
                    var list = reader.ReadLengthDelimited();
                    value = AnyValue.KeyValueList(ReadKeyValues(list, offset, 1, depth + 1));
                    break;
                }
                case 7:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    value = AnyValue.Bytes(reader.ReadLengthDelimited().ToArray());
                    break;
                default:
                    // string_value_strindex (8) is profiles-only: treated as an empty value.
                    reader.SkipField(field, type);
                    break;
            }
        }
        return value;
    }

    /// <summary>Reads every occurrence of a repeated KeyValue field of a message.</summary>
    private static KeyValue[] ReadKeyValues(ReadOnlySpan<byte> message, int baseOffset, int field, int depth)
    {
        int n = Count(message, field);
        if (n == 0)
        {
            return [];
        }
        var result = new KeyValue[n];
        var reader = new ProtoReader(message, baseOffset);
        int i = 0;
        while (reader.TryReadTag(out int f, out WireType t))
        {
            if (f == field)
            {
                reader.Expect(t, WireType.LengthDelimited, f);
                int o = BodyOffset(reader);
                result[i++] = ReadKeyValue(reader.ReadLengthDelimited(), o, depth);
            }
            else
            {
                reader.SkipField(f, t);
            }
        }
        return result;
    }

    /// <summary>Reads one KeyValue field occurrence into the next slot of an array sized by a count pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddKeyValue(ref ProtoReader reader, WireType type, int field, KeyValue[] target, ref int index)
    {
        reader.Expect(type, WireType.LengthDelimited, field);
        int o = BodyOffset(reader);
        target[index++] = ReadKeyValue(reader.ReadLengthDelimited(), o, 0);
    }

    private static Resource ReadResource(ReadOnlySpan<byte> message, int baseOffset)
    {
        var resource = new Resource { Attributes = ReadKeyValues(message, baseOffset, 1, 0) };
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            if (field == 2)
            {
                reader.Expect(type, WireType.Varint, field);
                resource.DroppedAttributesCount = reader.ReadVarint32();
            }
            else
            {
                // 1 (attributes) was read above; 3 (entity_refs, development) is not kept yet.
                reader.SkipField(field, type);
            }
        }
        return resource;
    }

    private static InstrumentationScope ReadScope(ReadOnlySpan<byte> message, int baseOffset)
    {
        var scope = new InstrumentationScope { Attributes = ReadKeyValues(message, baseOffset, 3, 0) };
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    scope.Name = ReadName(ref reader);
                    break;
                case 2:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    scope.Version = ReadName(ref reader);
                    break;
                case 4:
                    reader.Expect(type, WireType.Varint, field);
                    scope.DroppedAttributesCount = reader.ReadVarint32();
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return scope;
    }

    private static TraceId ReadTraceId(ref ProtoReader reader, WireType type, int field, string what)
    {
        reader.Expect(type, WireType.LengthDelimited, field);
        var bytes = reader.ReadLengthDelimited();
        if (bytes.IsEmpty)
        {
            return TraceId.Empty;
        }
        if (bytes.Length != TraceId.Size)
        {
            reader.Throw($"{what} must be 16 bytes, got {bytes.Length}");
        }
        return TraceId.FromBytes(bytes);
    }

    private static SpanId ReadSpanId(ref ProtoReader reader, WireType type, int field, string what)
    {
        reader.Expect(type, WireType.LengthDelimited, field);
        var bytes = reader.ReadLengthDelimited();
        if (bytes.IsEmpty)
        {
            return SpanId.Empty;
        }
        if (bytes.Length != SpanId.Size)
        {
            reader.Throw($"{what} must be 8 bytes, got {bytes.Length}");
        }
        return SpanId.FromBytes(bytes);
    }
}
