using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Otlp.Model;

namespace Vigil.Otlp.Json;

/// <summary>
/// Writes Vigil's model as OTLP/JSON: the proto3 JSON mapping with the OTLP rules (lowerCamelCase keys, trace
/// and span ids as lower-case hex, enums as integers, 64-bit integers as decimal strings, non-finite doubles as
/// <c>"NaN"</c>/<c>"Infinity"</c>/<c>"-Infinity"</c>). Default values are omitted as proto3 JSON does, except
/// oneof members and proto3 <c>optional</c> fields, which appear whenever they are set. The output is what
/// <see cref="OtlpJsonDecoder"/> reads back to an equal model.
/// </summary>
public static class OtlpJsonEncoder
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Non-ASCII text stays as UTF-8 instead of \uXXXX escapes; the output is an API body, not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] EncodeTraces(TracesData data) => Encode(data, WriteTraces);

    public static byte[] EncodeLogs(LogsData data) => Encode(data, WriteLogs);

    public static byte[] EncodeMetrics(MetricsData data) => Encode(data, WriteMetrics);

    private static byte[] Encode<T>(T data, Action<Utf8JsonWriter, T> write)
    {
        // One buffer and writer per thread, reused: the only allocation per call is the returned array.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer;
        if (writer is null)
        {
            writer = t_writer = new Utf8JsonWriter(buffer, WriterOptions);
        }
        else
        {
            writer.Reset(buffer);
        }
        try
        {
            write(writer, data);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity > 1 << 20)
            {
                // Do not pin a large buffer to the thread after one big request.
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    /// <summary>Writes an <c>ExportTraceServiceRequest</c> as one JSON object.</summary>
    public static void WriteTraces(Utf8JsonWriter writer, TracesData data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(data);
        writer.WriteStartObject();
        if (data.ResourceSpans.Length > 0)
        {
            writer.WriteStartArray("resourceSpans"u8);
            foreach (var rs in data.ResourceSpans)
            {
                writer.WriteStartObject();
                WriteResource(writer, rs.Resource);
                if (rs.ScopeSpans.Length > 0)
                {
                    writer.WriteStartArray("scopeSpans"u8);
                    foreach (var ss in rs.ScopeSpans)
                    {
                        writer.WriteStartObject();
                        WriteScope(writer, ss.Scope);
                        if (ss.Spans.Length > 0)
                        {
                            writer.WriteStartArray("spans"u8);
                            foreach (var span in ss.Spans)
                            {
                                WriteSpan(writer, span);
                            }
                            writer.WriteEndArray();
                        }
                        WriteString(writer, "schemaUrl"u8, ss.SchemaUrl);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                }
                WriteString(writer, "schemaUrl"u8, rs.SchemaUrl);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes an <c>ExportLogsServiceRequest</c> as one JSON object.</summary>
    public static void WriteLogs(Utf8JsonWriter writer, LogsData data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(data);
        writer.WriteStartObject();
        if (data.ResourceLogs.Length > 0)
        {
            writer.WriteStartArray("resourceLogs"u8);
            foreach (var rl in data.ResourceLogs)
            {
                writer.WriteStartObject();
                WriteResource(writer, rl.Resource);
                if (rl.ScopeLogs.Length > 0)
                {
                    writer.WriteStartArray("scopeLogs"u8);
                    foreach (var sl in rl.ScopeLogs)
                    {
                        writer.WriteStartObject();
                        WriteScope(writer, sl.Scope);
                        if (sl.LogRecords.Length > 0)
                        {
                            writer.WriteStartArray("logRecords"u8);
                            foreach (var record in sl.LogRecords)
                            {
                                WriteLogRecord(writer, record);
                            }
                            writer.WriteEndArray();
                        }
                        WriteString(writer, "schemaUrl"u8, sl.SchemaUrl);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                }
                WriteString(writer, "schemaUrl"u8, rl.SchemaUrl);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes an <c>ExportMetricsServiceRequest</c> as one JSON object.</summary>
    public static void WriteMetrics(Utf8JsonWriter writer, MetricsData data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(data);
        writer.WriteStartObject();
        if (data.ResourceMetrics.Length > 0)
        {
            writer.WriteStartArray("resourceMetrics"u8);
            foreach (var rm in data.ResourceMetrics)
            {
                writer.WriteStartObject();
                WriteResource(writer, rm.Resource);
                if (rm.ScopeMetrics.Length > 0)
                {
                    writer.WriteStartArray("scopeMetrics"u8);
                    foreach (var sm in rm.ScopeMetrics)
                    {
                        writer.WriteStartObject();
                        WriteScope(writer, sm.Scope);
                        if (sm.Metrics.Length > 0)
                        {
                            writer.WriteStartArray("metrics"u8);
                            foreach (var metric in sm.Metrics)
                            {
                                WriteMetric(writer, metric);
                            }
                            writer.WriteEndArray();
                        }
                        WriteString(writer, "schemaUrl"u8, sm.SchemaUrl);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                }
                WriteString(writer, "schemaUrl"u8, rm.SchemaUrl);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    // ---- common ----

    private static void WriteResource(Utf8JsonWriter writer, Resource? resource)
    {
        if (resource is null || (resource.Attributes.Length == 0 && resource.DroppedAttributesCount == 0))
        {
            return;
        }
        writer.WriteStartObject("resource"u8);
        WriteAttributes(writer, "attributes"u8, resource.Attributes);
        WriteUInt32(writer, "droppedAttributesCount"u8, resource.DroppedAttributesCount);
        writer.WriteEndObject();
    }

    private static void WriteScope(Utf8JsonWriter writer, InstrumentationScope? scope)
    {
        if (scope is null
            || (scope.Name.Length == 0 && scope.Version.Length == 0 && scope.Attributes.Length == 0 && scope.DroppedAttributesCount == 0))
        {
            return;
        }
        writer.WriteStartObject("scope"u8);
        WriteString(writer, "name"u8, scope.Name);
        WriteString(writer, "version"u8, scope.Version);
        WriteAttributes(writer, "attributes"u8, scope.Attributes);
        WriteUInt32(writer, "droppedAttributesCount"u8, scope.DroppedAttributesCount);
        writer.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter writer, ReadOnlySpan<byte> name, KeyValue[] attributes)
    {
        if (attributes.Length == 0)
        {
            return;
        }
        writer.WriteStartArray(name);
        WriteKeyValueElements(writer, attributes);
        writer.WriteEndArray();
    }

    private static void WriteKeyValueElements(Utf8JsonWriter writer, KeyValue[] attributes)
    {
        foreach (var kv in attributes)
        {
            writer.WriteStartObject();
            WriteString(writer, "key"u8, kv.Key);
            // Always present, as senders write it; an empty value is {}.
            writer.WritePropertyName("value"u8);
            WriteAnyValue(writer, kv.Value);
            writer.WriteEndObject();
        }
    }

    private static void WriteAnyValue(Utf8JsonWriter writer, in AnyValue value)
    {
        writer.WriteStartObject();
        switch (value.Kind)
        {
            case AnyValueKind.String:
                writer.WriteString("stringValue"u8, value.StringValue);
                break;
            case AnyValueKind.Bool:
                writer.WriteBoolean("boolValue"u8, value.BoolValue);
                break;
            case AnyValueKind.Int:
                WriteInt64String(writer, "intValue"u8, value.IntValue);
                break;
            case AnyValueKind.Double:
                WriteDoubleAlways(writer, "doubleValue"u8, value.DoubleValue);
                break;
            case AnyValueKind.Array:
                writer.WriteStartObject("arrayValue"u8);
                if (value.ArrayValue.Length > 0)
                {
                    writer.WriteStartArray("values"u8);
                    foreach (var item in value.ArrayValue)
                    {
                        WriteAnyValue(writer, item);
                    }
                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
                break;
            case AnyValueKind.KeyValueList:
                writer.WriteStartObject("kvlistValue"u8);
                WriteAttributes(writer, "values"u8, value.KeyValueListValue);
                writer.WriteEndObject();
                break;
            case AnyValueKind.Bytes:
                writer.WriteBase64String("bytesValue"u8, value.BytesValue);
                break;
        }
        writer.WriteEndObject();
    }

    // ---- traces ----

    private static void WriteSpan(Utf8JsonWriter writer, Span span)
    {
        writer.WriteStartObject();
        WriteTraceId(writer, "traceId"u8, span.TraceId);
        WriteSpanId(writer, "spanId"u8, span.SpanId);
        WriteString(writer, "traceState"u8, span.TraceState);
        WriteSpanId(writer, "parentSpanId"u8, span.ParentSpanId);
        WriteUInt32(writer, "flags"u8, span.Flags);
        WriteString(writer, "name"u8, span.Name);
        WriteInt32(writer, "kind"u8, (int)span.Kind);
        WriteUInt64String(writer, "startTimeUnixNano"u8, span.StartTimeUnixNano);
        WriteUInt64String(writer, "endTimeUnixNano"u8, span.EndTimeUnixNano);
        WriteAttributes(writer, "attributes"u8, span.Attributes);
        WriteUInt32(writer, "droppedAttributesCount"u8, span.DroppedAttributesCount);
        if (span.Events.Length > 0)
        {
            writer.WriteStartArray("events"u8);
            foreach (var e in span.Events)
            {
                writer.WriteStartObject();
                WriteUInt64String(writer, "timeUnixNano"u8, e.TimeUnixNano);
                WriteString(writer, "name"u8, e.Name);
                WriteAttributes(writer, "attributes"u8, e.Attributes);
                WriteUInt32(writer, "droppedAttributesCount"u8, e.DroppedAttributesCount);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        WriteUInt32(writer, "droppedEventsCount"u8, span.DroppedEventsCount);
        if (span.Links.Length > 0)
        {
            writer.WriteStartArray("links"u8);
            foreach (var link in span.Links)
            {
                writer.WriteStartObject();
                WriteTraceId(writer, "traceId"u8, link.TraceId);
                WriteSpanId(writer, "spanId"u8, link.SpanId);
                WriteString(writer, "traceState"u8, link.TraceState);
                WriteAttributes(writer, "attributes"u8, link.Attributes);
                WriteUInt32(writer, "droppedAttributesCount"u8, link.DroppedAttributesCount);
                WriteUInt32(writer, "flags"u8, link.Flags);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        WriteUInt32(writer, "droppedLinksCount"u8, span.DroppedLinksCount);
        var status = span.Status;
        if (status.Code != StatusCode.Unset || !string.IsNullOrEmpty(status.Message))
        {
            writer.WriteStartObject("status"u8);
            WriteString(writer, "message"u8, status.Message);
            WriteInt32(writer, "code"u8, (int)status.Code);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    // ---- logs ----

    private static void WriteLogRecord(Utf8JsonWriter writer, LogRecord record)
    {
        writer.WriteStartObject();
        WriteUInt64String(writer, "timeUnixNano"u8, record.TimeUnixNano);
        WriteUInt64String(writer, "observedTimeUnixNano"u8, record.ObservedTimeUnixNano);
        WriteInt32(writer, "severityNumber"u8, (int)record.SeverityNumber);
        WriteString(writer, "severityText"u8, record.SeverityText);
        if (record.Body.Kind != AnyValueKind.Empty)
        {
            writer.WritePropertyName("body"u8);
            WriteAnyValue(writer, record.Body);
        }
        WriteAttributes(writer, "attributes"u8, record.Attributes);
        WriteUInt32(writer, "droppedAttributesCount"u8, record.DroppedAttributesCount);
        WriteUInt32(writer, "flags"u8, record.Flags);
        WriteTraceId(writer, "traceId"u8, record.TraceId);
        WriteSpanId(writer, "spanId"u8, record.SpanId);
        WriteString(writer, "eventName"u8, record.EventName);
        writer.WriteEndObject();
    }

    // ---- metrics ----

    private static void WriteMetric(Utf8JsonWriter writer, Metric metric)
    {
        writer.WriteStartObject();
        WriteString(writer, "name"u8, metric.Name);
        WriteString(writer, "description"u8, metric.Description);
        WriteString(writer, "unit"u8, metric.Unit);
        switch (metric.Type)
        {
            case MetricType.Gauge:
                writer.WriteStartObject("gauge"u8);
                WriteNumberPoints(writer, metric.NumberPoints);
                writer.WriteEndObject();
                break;
            case MetricType.Sum:
                writer.WriteStartObject("sum"u8);
                WriteNumberPoints(writer, metric.NumberPoints);
                WriteInt32(writer, "aggregationTemporality"u8, (int)metric.AggregationTemporality);
                if (metric.IsMonotonic)
                {
                    writer.WriteBoolean("isMonotonic"u8, true);
                }
                writer.WriteEndObject();
                break;
            case MetricType.Histogram:
                writer.WriteStartObject("histogram"u8);
                if (metric.HistogramPoints.Length > 0)
                {
                    writer.WriteStartArray("dataPoints"u8);
                    foreach (var point in metric.HistogramPoints)
                    {
                        WriteHistogramPoint(writer, point);
                    }
                    writer.WriteEndArray();
                }
                WriteInt32(writer, "aggregationTemporality"u8, (int)metric.AggregationTemporality);
                writer.WriteEndObject();
                break;
            case MetricType.ExponentialHistogram:
                writer.WriteStartObject("exponentialHistogram"u8);
                if (metric.ExponentialHistogramPoints.Length > 0)
                {
                    writer.WriteStartArray("dataPoints"u8);
                    foreach (var point in metric.ExponentialHistogramPoints)
                    {
                        WriteExponentialHistogramPoint(writer, point);
                    }
                    writer.WriteEndArray();
                }
                WriteInt32(writer, "aggregationTemporality"u8, (int)metric.AggregationTemporality);
                writer.WriteEndObject();
                break;
            case MetricType.Summary:
                writer.WriteStartObject("summary"u8);
                if (metric.SummaryPoints.Length > 0)
                {
                    writer.WriteStartArray("dataPoints"u8);
                    foreach (var point in metric.SummaryPoints)
                    {
                        WriteSummaryPoint(writer, point);
                    }
                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
                break;
        }
        WriteAttributes(writer, "metadata"u8, metric.Metadata);
        writer.WriteEndObject();
    }

    private static void WriteNumberPoints(Utf8JsonWriter writer, NumberDataPoint[] points)
    {
        if (points.Length == 0)
        {
            return;
        }
        writer.WriteStartArray("dataPoints"u8);
        foreach (var point in points)
        {
            writer.WriteStartObject();
            WriteAttributes(writer, "attributes"u8, point.Attributes);
            WriteUInt64String(writer, "startTimeUnixNano"u8, point.StartTimeUnixNano);
            WriteUInt64String(writer, "timeUnixNano"u8, point.TimeUnixNano);
            WriteNumberValue(writer, point.Value);
            WriteExemplars(writer, point.Exemplars);
            WriteUInt32(writer, "flags"u8, (uint)point.Flags);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteHistogramPoint(Utf8JsonWriter writer, HistogramDataPoint point)
    {
        writer.WriteStartObject();
        WriteAttributes(writer, "attributes"u8, point.Attributes);
        WriteUInt64String(writer, "startTimeUnixNano"u8, point.StartTimeUnixNano);
        WriteUInt64String(writer, "timeUnixNano"u8, point.TimeUnixNano);
        WriteUInt64String(writer, "count"u8, point.Count);
        WriteOptionalDouble(writer, "sum"u8, point.Sum);
        WriteUInt64Array(writer, "bucketCounts"u8, point.BucketCounts);
        if (point.ExplicitBounds.Length > 0)
        {
            writer.WriteStartArray("explicitBounds"u8);
            foreach (double bound in point.ExplicitBounds)
            {
                WriteDoubleValue(writer, bound);
            }
            writer.WriteEndArray();
        }
        WriteExemplars(writer, point.Exemplars);
        WriteUInt32(writer, "flags"u8, (uint)point.Flags);
        WriteOptionalDouble(writer, "min"u8, point.Min);
        WriteOptionalDouble(writer, "max"u8, point.Max);
        writer.WriteEndObject();
    }

    private static void WriteExponentialHistogramPoint(Utf8JsonWriter writer, ExponentialHistogramDataPoint point)
    {
        writer.WriteStartObject();
        WriteAttributes(writer, "attributes"u8, point.Attributes);
        WriteUInt64String(writer, "startTimeUnixNano"u8, point.StartTimeUnixNano);
        WriteUInt64String(writer, "timeUnixNano"u8, point.TimeUnixNano);
        WriteUInt64String(writer, "count"u8, point.Count);
        WriteOptionalDouble(writer, "sum"u8, point.Sum);
        WriteInt32(writer, "scale"u8, point.Scale);
        WriteUInt64String(writer, "zeroCount"u8, point.ZeroCount);
        WriteBuckets(writer, "positive"u8, point.Positive);
        WriteBuckets(writer, "negative"u8, point.Negative);
        WriteUInt32(writer, "flags"u8, (uint)point.Flags);
        WriteExemplars(writer, point.Exemplars);
        WriteOptionalDouble(writer, "min"u8, point.Min);
        WriteOptionalDouble(writer, "max"u8, point.Max);
        WriteDouble(writer, "zeroThreshold"u8, point.ZeroThreshold);
        writer.WriteEndObject();
    }

    private static void WriteBuckets(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ExponentialBuckets? buckets)
    {
        if (buckets is null || (buckets.Offset == 0 && buckets.BucketCounts.Length == 0))
        {
            return;
        }
        writer.WriteStartObject(name);
        WriteInt32(writer, "offset"u8, buckets.Offset);
        WriteUInt64Array(writer, "bucketCounts"u8, buckets.BucketCounts);
        writer.WriteEndObject();
    }

    private static void WriteSummaryPoint(Utf8JsonWriter writer, SummaryDataPoint point)
    {
        writer.WriteStartObject();
        WriteAttributes(writer, "attributes"u8, point.Attributes);
        WriteUInt64String(writer, "startTimeUnixNano"u8, point.StartTimeUnixNano);
        WriteUInt64String(writer, "timeUnixNano"u8, point.TimeUnixNano);
        WriteUInt64String(writer, "count"u8, point.Count);
        WriteDouble(writer, "sum"u8, point.Sum);
        if (point.QuantileValues.Length > 0)
        {
            writer.WriteStartArray("quantileValues"u8);
            foreach (var q in point.QuantileValues)
            {
                writer.WriteStartObject();
                WriteDouble(writer, "quantile"u8, q.Quantile);
                WriteDouble(writer, "value"u8, q.Value);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        WriteUInt32(writer, "flags"u8, (uint)point.Flags);
        writer.WriteEndObject();
    }

    private static void WriteExemplars(Utf8JsonWriter writer, Exemplar[] exemplars)
    {
        if (exemplars.Length == 0)
        {
            return;
        }
        writer.WriteStartArray("exemplars"u8);
        foreach (var exemplar in exemplars)
        {
            writer.WriteStartObject();
            WriteAttributes(writer, "filteredAttributes"u8, exemplar.FilteredAttributes);
            WriteUInt64String(writer, "timeUnixNano"u8, exemplar.TimeUnixNano);
            WriteNumberValue(writer, exemplar.Value);
            WriteSpanId(writer, "spanId"u8, exemplar.SpanId);
            WriteTraceId(writer, "traceId"u8, exemplar.TraceId);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>The as_double / as_int oneof: exactly one key, present even when zero.</summary>
    private static void WriteNumberValue(Utf8JsonWriter writer, NumberValue value)
    {
        if (value.IsInt)
        {
            WriteInt64String(writer, "asInt"u8, value.Int);
        }
        else
        {
            WriteDoubleAlways(writer, "asDouble"u8, value.Double);
        }
    }

    // ---- scalars ----

    private static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteUInt32(Utf8JsonWriter writer, ReadOnlySpan<byte> name, uint value)
    {
        if (value != 0)
        {
            writer.WriteNumber(name, value);
        }
    }

    private static void WriteInt32(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int value)
    {
        if (value != 0)
        {
            writer.WriteNumber(name, value);
        }
    }

    /// <summary>64-bit integers are decimal strings in proto3 JSON (JavaScript numbers lose precision past 2^53).</summary>
    private static void WriteUInt64String(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ulong value)
    {
        if (value == 0)
        {
            return;
        }
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out int length);
        writer.WriteString(name, digits[..length]);
    }

    /// <summary>For oneof members (intValue, asInt): written even when zero.</summary>
    private static void WriteInt64String(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out int length);
        writer.WriteString(name, digits[..length]);
    }

    private static void WriteUInt64Array(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ulong[] values)
    {
        if (values.Length == 0)
        {
            return;
        }
        writer.WriteStartArray(name);
        Span<byte> digits = stackalloc byte[20];
        foreach (ulong value in values)
        {
            Utf8Formatter.TryFormat(value, digits, out int length);
            writer.WriteStringValue(digits[..length]);
        }
        writer.WriteEndArray();
    }

    /// <summary>Skips zero (by bits, so -0.0 is kept, as the protobuf encoder keeps it).</summary>
    private static void WriteDouble(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double value)
    {
        if (BitConverter.DoubleToInt64Bits(value) != 0)
        {
            WriteDoubleAlways(writer, name, value);
        }
    }

    private static void WriteOptionalDouble(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value)
    {
        if (value.HasValue)
        {
            WriteDoubleAlways(writer, name, value.GetValueOrDefault());
        }
    }

    private static void WriteDoubleAlways(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double value)
    {
        writer.WritePropertyName(name);
        WriteDoubleValue(writer, value);
    }

    private static void WriteDoubleValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else if (double.IsNaN(value))
        {
            writer.WriteStringValue("NaN"u8);
        }
        else
        {
            writer.WriteStringValue(value > 0 ? "Infinity"u8 : "-Infinity"u8);
        }
    }

    private static void WriteTraceId(Utf8JsonWriter writer, ReadOnlySpan<byte> name, TraceId id)
    {
        if (id.IsEmpty)
        {
            return;
        }
        Span<byte> bytes = stackalloc byte[TraceId.Size];
        id.WriteBytes(bytes);
        Span<byte> hex = stackalloc byte[TraceId.Size * 2];
        ToHexLower(bytes, hex);
        writer.WriteString(name, hex);
    }

    private static void WriteSpanId(Utf8JsonWriter writer, ReadOnlySpan<byte> name, SpanId id)
    {
        if (id.IsEmpty)
        {
            return;
        }
        Span<byte> bytes = stackalloc byte[SpanId.Size];
        id.WriteBytes(bytes);
        Span<byte> hex = stackalloc byte[SpanId.Size * 2];
        ToHexLower(bytes, hex);
        writer.WriteString(name, hex);
    }

    private static void ToHexLower(ReadOnlySpan<byte> bytes, Span<byte> hex)
    {
        ReadOnlySpan<byte> digits = "0123456789abcdef"u8;
        for (int i = 0; i < bytes.Length; i++)
        {
            hex[2 * i] = digits[bytes[i] >> 4];
            hex[2 * i + 1] = digits[bytes[i] & 0xF];
        }
    }
}
