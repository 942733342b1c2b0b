using Vigil.Core.Wire;
using Vigil.Otlp.Model;

namespace Vigil.Otlp.Protobuf;

public static partial class OtlpProtobufEncoder
{
    /// <summary>Encodes an <c>ExportLogsServiceRequest</c> (same bytes as <c>LogsData</c>).</summary>
    public static byte[] EncodeLogs(LogsData data) => Encode(data, WriteLogs, 4096);

    /// <summary>Appends an <c>ExportLogsServiceRequest</c> to <paramref name="writer"/>.</summary>
    public static void WriteLogs(ProtoWriter writer, LogsData data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(data);
        foreach (var rl in data.ResourceLogs)
        {
            int start = writer.BeginMessage(1);
            WriteResource(writer, 1, rl.Resource);
            foreach (var sl in rl.ScopeLogs)
            {
                int scopeStart = writer.BeginMessage(2);
                WriteScope(writer, 1, sl.Scope);
                foreach (var record in sl.LogRecords)
                {
                    int recordStart = writer.BeginMessage(2);
                    WriteLogRecord(writer, record);
                    writer.EndMessage(recordStart);
                }
                writer.WriteStringField(3, sl.SchemaUrl);
                writer.EndMessage(scopeStart);
            }
            writer.WriteStringField(3, rl.SchemaUrl);
            writer.EndMessage(start);
        }
    }

    private static void WriteLogRecord(ProtoWriter writer, LogRecord record)
    {
        writer.WriteFixed64Field(1, record.TimeUnixNano);
        WriteEnum(writer, 2, (int)record.SeverityNumber);
        writer.WriteStringField(3, record.SeverityText);
        // The model cannot tell an absent body from an empty one; absent is the smaller encoding.
        if (record.Body.Kind != AnyValueKind.Empty)
        {
            int start = writer.BeginMessage(5);
            WriteAnyValueBody(writer, record.Body);
            writer.EndMessage(start);
        }
        WriteKeyValues(writer, 6, record.Attributes);
        writer.WriteVarintField(7, record.DroppedAttributesCount);
        writer.WriteFixed32Field(8, record.Flags);
        WriteTraceId(writer, 9, record.TraceId);
        WriteSpanId(writer, 10, record.SpanId);
        writer.WriteFixed64Field(11, record.ObservedTimeUnixNano);
        writer.WriteStringField(12, record.EventName);
    }
}
