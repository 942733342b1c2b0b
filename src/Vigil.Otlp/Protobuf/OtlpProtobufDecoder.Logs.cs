using Vigil.Core.Wire;
using Vigil.Otlp.Model;

namespace Vigil.Otlp.Protobuf;

public static partial class OtlpProtobufDecoder
{
    /// <summary>Decodes an <c>ExportLogsServiceRequest</c> (or <c>LogsData</c>).</summary>
    public static LogsData DecodeLogs(ReadOnlySpan<byte> message)
    {
        int n = Count(message, 1);
        var result = new LogsData { ResourceLogs = n == 0 ? [] : new ResourceLogs[n] };
        var reader = new ProtoReader(message);
        int i = 0;
        while (reader.TryReadTag(out int field, out WireType type))
        {
            if (field == 1)
            {
                reader.Expect(type, WireType.LengthDelimited, field);
                int o = BodyOffset(reader);
                result.ResourceLogs[i++] = ReadResourceLogs(reader.ReadLengthDelimited(), o);
            }
            else
            {
                reader.SkipField(field, type);
            }
        }
        return result;
    }

    private static ResourceLogs ReadResourceLogs(ReadOnlySpan<byte> message, int baseOffset)
    {
        int n = Count(message, 2);
        var result = new ResourceLogs { ScopeLogs = n == 0 ? [] : new ScopeLogs[n] };
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
                    result.ScopeLogs[i++] = ReadScopeLogs(reader.ReadLengthDelimited(), o);
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

    private static ScopeLogs ReadScopeLogs(ReadOnlySpan<byte> message, int baseOffset)
    {
        int n = Count(message, 2);
        var result = new ScopeLogs { LogRecords = n == 0 ? [] : new LogRecord[n] };
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
                    result.LogRecords[i++] = ReadLogRecord(reader.ReadLengthDelimited(), o);
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

    private static LogRecord ReadLogRecord(ReadOnlySpan<byte> message, int baseOffset)
    {
        var record = new LogRecord { Attributes = NewAttributes(Count(message, 6)) };
        int attributes = 0;
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(type, WireType.Fixed64, field);
                    record.TimeUnixNano = reader.ReadFixed64();
                    break;
                case 2:
                    reader.Expect(type, WireType.Varint, field);
                    record.SeverityNumber = (SeverityNumber)reader.ReadInt32();
                    break;
                case 3:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    record.SeverityText = ReadName(ref reader);
                    break;
                case 5:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    record.Body = ReadBody(reader.ReadLengthDelimited(), o);
                    break;
                }
                case 6:
                    AddKeyValue(ref reader, type, field, record.Attributes, ref attributes);
                    break;
                case 7:
                    reader.Expect(type, WireType.Varint, field);
                    record.DroppedAttributesCount = reader.ReadVarint32();
                    break;
                case 8:
                    reader.Expect(type, WireType.Fixed32, field);
                    record.Flags = reader.ReadFixed32();
                    break;
                case 9:
                    record.TraceId = ReadTraceId(ref reader, type, field, "log record trace_id");
                    break;
                case 10:
                    record.SpanId = ReadSpanId(ref reader, type, field, "log record span_id");
                    break;
                case 11:
                    reader.Expect(type, WireType.Fixed64, field);
                    record.ObservedTimeUnixNano = reader.ReadFixed64();
                    break;
                case 12:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    record.EventName = ReadName(ref reader);
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return record;
    }

    /// <summary>A log body is mostly unique text, so its string is decoded without the value cache.</summary>
    private static AnyValue ReadBody(ReadOnlySpan<byte> message, int baseOffset)
    {
        var reader = new ProtoReader(message, baseOffset);
        if (reader.TryReadTag(out int field, out WireType type) && field == 1 && type == WireType.LengthDelimited)
        {
            var text = AnyValue.String(ReadText(ref reader));
            if (reader.End)
            {
                return text;
            }
        }
        return ReadAnyValue(message, baseOffset, 0);
    }
}
