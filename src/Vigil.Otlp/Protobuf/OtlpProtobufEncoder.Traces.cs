using Vigil.Core.Wire;
using Vigil.Otlp.Model;

namespace Vigil.Otlp.Protobuf;

public static partial class OtlpProtobufEncoder
{
    /// <summary>Encodes an <c>ExportTraceServiceRequest</c> (same bytes as <c>TracesData</c>).</summary>
    public static byte[] EncodeTraces(TracesData data) => Encode(data, WriteTraces, 4096);

    /// <summary>Appends an <c>ExportTraceServiceRequest</c> to <paramref name="writer"/>.</summary>
    public static void WriteTraces(ProtoWriter writer, TracesData data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(data);
        foreach (var rs in data.ResourceSpans)
        {
            int start = writer.BeginMessage(1);
            WriteResource(writer, 1, rs.Resource);
            foreach (var ss in rs.ScopeSpans)
            {
                int scopeStart = writer.BeginMessage(2);
                WriteScope(writer, 1, ss.Scope);
                foreach (var span in ss.Spans)
                {
                    int spanStart = writer.BeginMessage(2);
                    WriteSpan(writer, span);
                    writer.EndMessage(spanStart);
                }
                writer.WriteStringField(3, ss.SchemaUrl);
                writer.EndMessage(scopeStart);
            }
            writer.WriteStringField(3, rs.SchemaUrl);
            writer.EndMessage(start);
        }
    }

    private static void WriteSpan(ProtoWriter writer, Span span)
    {
        WriteTraceId(writer, 1, span.TraceId);
        WriteSpanId(writer, 2, span.SpanId);
        writer.WriteStringField(3, span.TraceState);
        WriteSpanId(writer, 4, span.ParentSpanId);
        writer.WriteStringField(5, span.Name);
        WriteEnum(writer, 6, (int)span.Kind);
        writer.WriteFixed64Field(7, span.StartTimeUnixNano);
        writer.WriteFixed64Field(8, span.EndTimeUnixNano);
        WriteKeyValues(writer, 9, span.Attributes);
        writer.WriteVarintField(10, span.DroppedAttributesCount);
        foreach (var e in span.Events)
        {
            int start = writer.BeginMessage(11);
            writer.WriteFixed64Field(1, e.TimeUnixNano);
            writer.WriteStringField(2, e.Name);
            WriteKeyValues(writer, 3, e.Attributes);
            writer.WriteVarintField(4, e.DroppedAttributesCount);
            writer.EndMessage(start);
        }
        writer.WriteVarintField(12, span.DroppedEventsCount);
        foreach (var link in span.Links)
        {
            int start = writer.BeginMessage(13);
            WriteTraceId(writer, 1, link.TraceId);
            WriteSpanId(writer, 2, link.SpanId);
            writer.WriteStringField(3, link.TraceState);
            WriteKeyValues(writer, 4, link.Attributes);
            writer.WriteVarintField(5, link.DroppedAttributesCount);
            writer.WriteFixed32Field(6, link.Flags);
            writer.EndMessage(start);
        }
        writer.WriteVarintField(14, span.DroppedLinksCount);
        var status = span.Status;
        if (status.Code != StatusCode.Unset || !string.IsNullOrEmpty(status.Message))
        {
            int start = writer.BeginMessage(15);
            writer.WriteStringField(2, status.Message);
            WriteEnum(writer, 3, (int)status.Code);
            writer.EndMessage(start);
        }
        writer.WriteFixed32Field(16, span.Flags);
    }
}
