using System.Runtime.CompilerServices;
using Vigil.Core.Wire;
using Vigil.Otlp.Model;

namespace Vigil.Otlp.Protobuf;

/// <summary>
/// Encodes Vigil's model as OTLP protobuf (opentelemetry-proto v1.x), the inverse of
/// <see cref="OtlpProtobufDecoder"/>. Proto3 rules: fields equal to their default are skipped, except oneof
/// members (AnyValue kinds, number values) and proto3 <c>optional</c> fields (histogram sum/min/max), which are
/// written whenever they are set. Fields go out in field-number order, as protobuf runtimes write them, so the
/// output is byte-identical to a Google.Protobuf encoding of the same message. Nested messages are written in
/// place by <see cref="ProtoWriter"/> (no size pass, no intermediate buffers); the only allocation of
/// <c>Encode*</c> is the returned array.
/// </summary>
public static partial class OtlpProtobufEncoder
{
    private static void WriteResource(ProtoWriter writer, int field, Resource? resource)
    {
        // An empty resource decodes the same as an absent one, so it is not written at all.
        if (resource is null || (resource.Attributes.Length == 0 && resource.DroppedAttributesCount == 0))
        {
            return;
        }
        int start = writer.BeginMessage(field);
        WriteKeyValues(writer, 1, resource.Attributes);
        writer.WriteVarintField(2, resource.DroppedAttributesCount);
        writer.EndMessage(start);
    }

    private static void WriteScope(ProtoWriter writer, int field, InstrumentationScope? scope)
    {
        if (scope is null
            || (scope.Name.Length == 0 && scope.Version.Length == 0 && scope.Attributes.Length == 0 && scope.DroppedAttributesCount == 0))
        {
            return;
        }
        int start = writer.BeginMessage(field);
        writer.WriteStringField(1, scope.Name);
        writer.WriteStringField(2, scope.Version);
        WriteKeyValues(writer, 3, scope.Attributes);
        writer.WriteVarintField(4, scope.DroppedAttributesCount);
        writer.EndMessage(start);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteKeyValues(ProtoWriter writer, int field, KeyValue[] attributes)
    {
        foreach (var kv in attributes)
        {
            WriteKeyValue(writer, field, kv);
        }
    }

    private static void WriteKeyValue(ProtoWriter writer, int field, in KeyValue kv)
    {
        int start = writer.BeginMessage(field);
        writer.WriteStringField(1, kv.Key);
        // The value is always written, even when empty: a KeyValue without field 2 would mean the same, but
        // senders write it and a byte-exact forwarder should too.
        int value = writer.BeginMessage(2);
        WriteAnyValueBody(writer, kv.Value);
        writer.EndMessage(value);
        writer.EndMessage(start);
    }

    /// <summary>Writes the fields of an AnyValue (its oneof member); an empty value has no fields.</summary>
    private static void WriteAnyValueBody(ProtoWriter writer, in AnyValue value)
    {
        switch (value.Kind)
        {
            case AnyValueKind.String:
                writer.WriteStringFieldAlways(1, value.StringValue);
                break;
            case AnyValueKind.Bool:
                writer.WriteTag(2, WireType.Varint);
                writer.WriteVarint(value.BoolValue ? 1UL : 0UL);
                break;
            case AnyValueKind.Int:
                writer.WriteTag(3, WireType.Varint);
                writer.WriteVarint((ulong)value.IntValue);
                break;
            case AnyValueKind.Double:
                writer.WriteDoubleFieldAlways(4, value.DoubleValue);
                break;
            case AnyValueKind.Array:
            {
                int start = writer.BeginMessage(5);
                foreach (var item in value.ArrayValue)
                {
                    int inner = writer.BeginMessage(1);
                    WriteAnyValueBody(writer, item);
                    writer.EndMessage(inner);
                }
                writer.EndMessage(start);
                break;
            }
            case AnyValueKind.KeyValueList:
            {
                int start = writer.BeginMessage(6);
                WriteKeyValues(writer, 1, value.KeyValueListValue);
                writer.EndMessage(start);
                break;
            }
            case AnyValueKind.Bytes:
                writer.WriteBytesFieldAlways(7, value.BytesValue);
                break;
        }
    }

    private static void WriteTraceId(ProtoWriter writer, int field, TraceId id)
    {
        if (id.IsEmpty)
        {
            return;
        }
        Span<byte> bytes = stackalloc byte[TraceId.Size];
        id.WriteBytes(bytes);
        writer.WriteBytesFieldAlways(field, bytes);
    }

    private static void WriteSpanId(ProtoWriter writer, int field, SpanId id)
    {
        if (id.IsEmpty)
        {
            return;
        }
        Span<byte> bytes = stackalloc byte[SpanId.Size];
        id.WriteBytes(bytes);
        writer.WriteBytesFieldAlways(field, bytes);
    }

    /// <summary>Enums are int32 on the wire: negative values take ten bytes, as protobuf encodes them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteEnum(ProtoWriter writer, int field, int value) => writer.WriteInt32Field(field, value);

    private static byte[] Encode<T>(T data, Action<ProtoWriter, T> write, int initialCapacity)
    {
        using var writer = new ProtoWriter(initialCapacity);
        write(writer, data);
        return writer.ToArray();
    }
}
