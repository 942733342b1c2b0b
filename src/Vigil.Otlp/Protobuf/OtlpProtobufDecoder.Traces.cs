using Vigil.Core.Wire;
using Vigil.Otlp.Model;

namespace Vigil.Otlp.Protobuf;

public static partial class OtlpProtobufDecoder
{
    /// <summary>Decodes an <c>ExportTraceServiceRequest</c> (or <c>TracesData</c>: same layout).</summary>
    public static TracesData DecodeTraces(ReadOnlySpan<byte> message)
    {
        int n = Count(message, 1);
        var result = new TracesData { ResourceSpans = n == 0 ? [] : new ResourceSpans[n] };
        var reader = new ProtoReader(message);
        int i = 0;
        while (reader.TryReadTag(out int field, out WireType type))
        {
            if (field == 1)
            {
                reader.Expect(type, WireType.LengthDelimited, field);
                int o = BodyOffset(reader);
                result.ResourceSpans[i++] = ReadResourceSpans(reader.ReadLengthDelimited(), o);
            }
            else
            {
                reader.SkipField(field, type);
            }
        }
        return result;
    }

    private static ResourceSpans ReadResourceSpans(ReadOnlySpan<byte> message, int baseOffset)
    {
        int n = Count(message, 2);
        var result = new ResourceSpans { ScopeSpans = n == 0 ? [] : new ScopeSpans[n] };
        var reader = new ProtoReader(message, baseOffset);
        int i = 0;
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    result.Resource = ReadResource(reader.ReadLengthDelimited(), o);
                    break;
                }
                case 2:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    result.ScopeSpans[i++] = ReadScopeSpans(reader.ReadLengthDelimited(), o);
                    break;
                }
                case 3:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    result.SchemaUrl = ReadName(ref reader);
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return result;
    }

    private static ScopeSpans ReadScopeSpans(ReadOnlySpan<byte> message, int baseOffset)
    {
        int n = Count(message, 2);
        var result = new ScopeSpans { Spans = n == 0 ? [] : new Span[n] };
        var reader = new ProtoReader(message, baseOffset);
        int i = 0;
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    result.Scope = ReadScope(reader.ReadLengthDelimited(), o);
                    break;
                }
                case 2:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    result.Spans[i++] = ReadSpan(reader.ReadLengthDelimited(), o);
                    break;
                }
                case 3:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    result.SchemaUrl = ReadName(ref reader);
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return result;
    }

    private static Span ReadSpan(ReadOnlySpan<byte> message, int baseOffset)
    {
        Count(message, 9, 11, 13, out int attributeCount, out int eventCount, out int linkCount);
        var span = new Span
        {
            Attributes = NewAttributes(attributeCount),
            Events = eventCount == 0 ? [] : new SpanEvent[eventCount],
            Links = linkCount == 0 ? [] : new SpanLink[linkCount],
        };
        int attributes = 0, events = 0, links = 0;
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    span.TraceId = ReadTraceId(ref reader, type, field, "span trace_id");
                    break;
                case 2:
                    span.SpanId = ReadSpanId(ref reader, type, field, "span span_id");
                    break;
                case 3:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    span.TraceState = ReadText(ref reader);
                    break;
                case 4:
                    span.ParentSpanId = ReadSpanId(ref reader, type, field, "span parent_span_id");
                    break;
                case 5:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    span.Name = ReadName(ref reader);
                    break;
                case 6:
                    reader.Expect(type, WireType.Varint, field);
                    span.Kind = (SpanKind)reader.ReadInt32();
                    break;
                case 7:
                    reader.Expect(type, WireType.Fixed64, field);
                    span.StartTimeUnixNano = reader.ReadFixed64();
                    break;
                case 8:
                    reader.Expect(type, WireType.Fixed64, field);
                    span.EndTimeUnixNano = reader.ReadFixed64();
                    break;
                case 9:
                    AddKeyValue(ref reader, type, field, span.Attributes, ref attributes);
                    break;
                case 10:
                    reader.Expect(type, WireType.Varint, field);
                    span.DroppedAttributesCount = reader.ReadVarint32();
                    break;
                case 11:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    span.Events[events++] = ReadSpanEvent(reader.ReadLengthDelimited(), o);
                    break;
                }
                case 12:
                    reader.Expect(type, WireType.Varint, field);
                    span.DroppedEventsCount = reader.ReadVarint32();
                    break;
                case 13:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    span.Links[links++] = ReadSpanLink(reader.ReadLengthDelimited(), o);
                    break;
                }
                case 14:
                    reader.Expect(type, WireType.Varint, field);
                    span.DroppedLinksCount = reader.ReadVarint32();
                    break;
                case 15:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    span.Status = ReadStatus(reader.ReadLengthDelimited(), o);
                    break;
                }
                case 16:
                    reader.Expect(type, WireType.Fixed32, field);
                    span.Flags = reader.ReadFixed32();
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return span;
    }

    private static SpanEvent ReadSpanEvent(ReadOnlySpan<byte> message, int baseOffset)
    {
        var result = new SpanEvent { Attributes = NewAttributes(Count(message, 3)) };
        int attributes = 0;
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(type, WireType.Fixed64, field);
                    result.TimeUnixNano = reader.ReadFixed64();
                    break;
                case 2:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    result.Name = ReadName(ref reader);
                    break;
                case 3:
                    AddKeyValue(ref reader, type, field, result.Attributes, ref attributes);
                    break;
                case 4:
                    reader.Expect(type, WireType.Varint, field);
                    result.DroppedAttributesCount = reader.ReadVarint32();
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return result;
    }

    private static SpanLink ReadSpanLink(ReadOnlySpan<byte> message, int baseOffset)
    {
        var result = new SpanLink { Attributes = NewAttributes(Count(message, 4)) };
        int attributes = 0;
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    result.TraceId = ReadTraceId(ref reader, type, field, "link trace_id");
                    break;
                case 2:
                    result.SpanId = ReadSpanId(ref reader, type, field, "link span_id");
                    break;
                case 3:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    result.TraceState = ReadText(ref reader);
                    break;
                case 4:
                    AddKeyValue(ref reader, type, field, result.Attributes, ref attributes);
                    break;
                case 5:
                    reader.Expect(type, WireType.Varint, field);
                    result.DroppedAttributesCount = reader.ReadVarint32();
                    break;
                case 6:
                    reader.Expect(type, WireType.Fixed32, field);
                    result.Flags = reader.ReadFixed32();
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return result;
    }

    private static SpanStatus ReadStatus(ReadOnlySpan<byte> message, int baseOffset)
    {
        string text = string.Empty;
        StatusCode code = StatusCode.Unset;
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 2:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    text = ReadText(ref reader);
                    break;
                case 3:
                    reader.Expect(type, WireType.Varint, field);
                    code = (StatusCode)reader.ReadInt32();
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return new SpanStatus(text, code);
    }
}
