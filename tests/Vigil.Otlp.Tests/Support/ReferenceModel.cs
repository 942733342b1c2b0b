using Google.Protobuf;
using Vigil.Otlp.Model;
using RC = Vigil.Otlp.Reference.Common;
using RL = Vigil.Otlp.Reference.Logs;
using RM = Vigil.Otlp.Reference.Metrics;
using RT = Vigil.Otlp.Reference.Trace;

namespace Vigil.Otlp.Tests.Support;

/// <summary>
/// Builds the Google.Protobuf reference message (compiled from proto/vigil/otlp/*.proto) that holds the same
/// data as a model value. Field by field by name, so it is independent of our field numbers. Optional
/// sub-messages are set exactly when our encoder writes them (an empty resource, scope, status, body or
/// bucket run is left unset), so the two encodings can be compared byte for byte.
/// </summary>
internal static class ReferenceModel
{
    public static RT.ExportTraceServiceRequest ToReference(TracesData data)
    {
        var request = new RT.ExportTraceServiceRequest();
        foreach (var rs in data.ResourceSpans)
        {
            var r = new RT.ResourceSpans { Resource = ToReference(rs.Resource), SchemaUrl = rs.SchemaUrl };
            foreach (var ss in rs.ScopeSpans)
            {
                var s = new RT.ScopeSpans { Scope = ToReference(ss.Scope), SchemaUrl = ss.SchemaUrl };
                s.Spans.AddRange(ss.Spans.Select(ToReference));
                r.ScopeSpans.Add(s);
            }
            request.ResourceSpans.Add(r);
        }
        return request;
    }

    public static RL.ExportLogsServiceRequest ToReference(LogsData data)
    {
        var request = new RL.ExportLogsServiceRequest();
        foreach (var rl in data.ResourceLogs)
        {
            var r = new RL.ResourceLogs { Resource = ToReference(rl.Resource), SchemaUrl = rl.SchemaUrl };
            foreach (var sl in rl.ScopeLogs)
            {
                var s = new RL.ScopeLogs { Scope = ToReference(sl.Scope), SchemaUrl = sl.SchemaUrl };
                s.LogRecords.AddRange(sl.LogRecords.Select(ToReference));
                r.ScopeLogs.Add(s);
            }
            request.ResourceLogs.Add(r);
        }
        return request;
    }

    public static RM.ExportMetricsServiceRequest ToReference(MetricsData data)
    {
        var request = new RM.ExportMetricsServiceRequest();
        foreach (var rm in data.ResourceMetrics)
        {
            var r = new RM.ResourceMetrics { Resource = ToReference(rm.Resource), SchemaUrl = rm.SchemaUrl };
            foreach (var sm in rm.ScopeMetrics)
            {
                var s = new RM.ScopeMetrics { Scope = ToReference(sm.Scope), SchemaUrl = sm.SchemaUrl };
                s.Metrics.AddRange(sm.Metrics.Select(ToReference));
                r.ScopeMetrics.Add(s);
            }
            request.ResourceMetrics.Add(r);
        }
        return request;
    }

    // ---- common ----

    public static RC.Resource? ToReference(Resource resource)
    {
        if (resource.Attributes.Length == 0 && resource.DroppedAttributesCount == 0)
        {
            return null;
        }
        var r = new RC.Resource { DroppedAttributesCount = resource.DroppedAttributesCount };
        r.Attributes.AddRange(resource.Attributes.Select(ToReference));
        return r;
    }

    public static RC.InstrumentationScope? ToReference(InstrumentationScope scope)
    {
        if (scope.Name.Length == 0 && scope.Version.Length == 0 && scope.Attributes.Length == 0 && scope.DroppedAttributesCount == 0)
        {
            return null;
        }
        var r = new RC.InstrumentationScope { Name = scope.Name, Version = scope.Version, DroppedAttributesCount = scope.DroppedAttributesCount };
        r.Attributes.AddRange(scope.Attributes.Select(ToReference));
        return r;
    }

    public static RC.KeyValue ToReference(KeyValue kv) => new() { Key = kv.Key, Value = ToReference(kv.Value) };

    public static RC.AnyValue ToReference(AnyValue value)
    {
        var r = new RC.AnyValue();
        switch (value.Kind)
        {
            case AnyValueKind.String:
                r.StringValue = value.StringValue;
                break;
            case AnyValueKind.Bool:
                r.BoolValue = value.BoolValue;
                break;
            case AnyValueKind.Int:
                r.IntValue = value.IntValue;
                break;
            case AnyValueKind.Double:
                r.DoubleValue = value.DoubleValue;
                break;
            case AnyValueKind.Bytes:
                r.BytesValue = ByteString.CopyFrom(value.BytesValue);
                break;
            case AnyValueKind.Array:
                r.ArrayValue = new RC.ArrayValue();
                r.ArrayValue.Values.AddRange(value.ArrayValue.Select(ToReference));
                break;
            case AnyValueKind.KeyValueList:
                r.KvlistValue = new RC.KeyValueList();
                r.KvlistValue.Values.AddRange(value.KeyValueListValue.Select(ToReference));
                break;
        }
        return r;
    }

    public static ByteString Id(TraceId id) => id.IsEmpty ? ByteString.Empty : ByteString.CopyFrom(id.ToBytes());

    public static ByteString Id(SpanId id) => id.IsEmpty ? ByteString.Empty : ByteString.CopyFrom(id.ToBytes());

    // ---- traces ----

    public static RT.Span ToReference(Span span)
    {
        var r = new RT.Span
        {
            TraceId = Id(span.TraceId),
            SpanId = Id(span.SpanId),
            TraceState = span.TraceState,
            ParentSpanId = Id(span.ParentSpanId),
            Flags = span.Flags,
            Name = span.Name,
            Kind = (int)span.Kind,
            StartTimeUnixNano = span.StartTimeUnixNano,
            EndTimeUnixNano = span.EndTimeUnixNano,
            DroppedAttributesCount = span.DroppedAttributesCount,
            DroppedEventsCount = span.DroppedEventsCount,
            DroppedLinksCount = span.DroppedLinksCount,
        };
        r.Attributes.AddRange(span.Attributes.Select(ToReference));
        foreach (var e in span.Events)
        {
            var re = new RT.Span.Types.Event { TimeUnixNano = e.TimeUnixNano, Name = e.Name, DroppedAttributesCount = e.DroppedAttributesCount };
            re.Attributes.AddRange(e.Attributes.Select(ToReference));
            r.Events.Add(re);
        }
        foreach (var link in span.Links)
        {
            var rl = new RT.Span.Types.Link
            {
                TraceId = Id(link.TraceId),
                SpanId = Id(link.SpanId),
                TraceState = link.TraceState,
                DroppedAttributesCount = link.DroppedAttributesCount,
                Flags = link.Flags,
            };
            rl.Attributes.AddRange(link.Attributes.Select(ToReference));
            r.Links.Add(rl);
        }
        if (span.Status.Code != StatusCode.Unset || span.Status.Message.Length > 0)
        {
            r.Status = new RT.Status { Message = span.Status.Message, Code = (int)span.Status.Code };
        }
        return r;
    }

    // ---- logs ----

    public static RL.LogRecord ToReference(LogRecord record)
    {
        var r = new RL.LogRecord
        {
            TimeUnixNano = record.TimeUnixNano,
            ObservedTimeUnixNano = record.ObservedTimeUnixNano,
            SeverityNumber = (int)record.SeverityNumber,
            SeverityText = record.SeverityText,
            DroppedAttributesCount = record.DroppedAttributesCount,
            Flags = record.Flags,
            TraceId = Id(record.TraceId),
            SpanId = Id(record.SpanId),
            EventName = record.EventName,
        };
        if (record.Body.Kind != AnyValueKind.Empty)
        {
            r.Body = ToReference(record.Body);
        }
        r.Attributes.AddRange(record.Attributes.Select(ToReference));
        return r;
    }

    // ---- metrics ----

    public static RM.Metric ToReference(Metric metric)
    {
        var r = new RM.Metric { Name = metric.Name, Description = metric.Description, Unit = metric.Unit };
        switch (metric.Type)
        {
            case MetricType.Gauge:
                r.Gauge = new RM.Gauge();
                r.Gauge.DataPoints.AddRange(metric.NumberPoints.Select(ToReference));
                break;
            case MetricType.Sum:
                r.Sum = new RM.Sum { AggregationTemporality = (int)metric.AggregationTemporality, IsMonotonic = metric.IsMonotonic };
                r.Sum.DataPoints.AddRange(metric.NumberPoints.Select(ToReference));
                break;
            case MetricType.Histogram:
                r.Histogram = new RM.Histogram { AggregationTemporality = (int)metric.AggregationTemporality };
                r.Histogram.DataPoints.AddRange(metric.HistogramPoints.Select(ToReference));
                break;
            case MetricType.ExponentialHistogram:
                r.ExponentialHistogram = new RM.ExponentialHistogram { AggregationTemporality = (int)metric.AggregationTemporality };
                r.ExponentialHistogram.DataPoints.AddRange(metric.ExponentialHistogramPoints.Select(ToReference));
                break;
            case MetricType.Summary:
                r.Summary = new RM.Summary();
                r.Summary.DataPoints.AddRange(metric.SummaryPoints.Select(ToReference));
                break;
        }
        r.Metadata.AddRange(metric.Metadata.Select(ToReference));
        return r;
    }

    public static RM.NumberDataPoint ToReference(NumberDataPoint point)
    {
        var r = new RM.NumberDataPoint
        {
            StartTimeUnixNano = point.StartTimeUnixNano,
            TimeUnixNano = point.TimeUnixNano,
            Flags = (uint)point.Flags,
        };
        if (point.Value.IsInt)
        {
            r.AsInt = point.Value.Int;
        }
        else
        {
            r.AsDouble = point.Value.Double;
        }
        r.Attributes.AddRange(point.Attributes.Select(ToReference));
        r.Exemplars.AddRange(point.Exemplars.Select(ToReference));
        return r;
    }

    public static RM.HistogramDataPoint ToReference(HistogramDataPoint point)
    {
        var r = new RM.HistogramDataPoint
        {
            StartTimeUnixNano = point.StartTimeUnixNano,
            TimeUnixNano = point.TimeUnixNano,
            Count = point.Count,
            Flags = (uint)point.Flags,
        };
        if (point.Sum is double sum)
        {
            r.Sum = sum;
        }
        if (point.Min is double min)
        {
            r.Min = min;
        }
        if (point.Max is double max)
        {
            r.Max = max;
        }
        r.BucketCounts.AddRange(point.BucketCounts);
        r.ExplicitBounds.AddRange(point.ExplicitBounds);
        r.Attributes.AddRange(point.Attributes.Select(ToReference));
        r.Exemplars.AddRange(point.Exemplars.Select(ToReference));
        return r;
    }

    public static RM.ExponentialHistogramDataPoint ToReference(ExponentialHistogramDataPoint point)
    {
        var r = new RM.ExponentialHistogramDataPoint
        {
            StartTimeUnixNano = point.StartTimeUnixNano,
            TimeUnixNano = point.TimeUnixNano,
            Count = point.Count,
            Scale = point.Scale,
            ZeroCount = point.ZeroCount,
            Positive = ToReference(point.Positive),
            Negative = ToReference(point.Negative),
            Flags = (uint)point.Flags,
            ZeroThreshold = point.ZeroThreshold,
        };
        if (point.Sum is double sum)
        {
            r.Sum = sum;
        }
        if (point.Min is double min)
        {
            r.Min = min;
        }
        if (point.Max is double max)
        {
            r.Max = max;
        }
        r.Attributes.AddRange(point.Attributes.Select(ToReference));
        r.Exemplars.AddRange(point.Exemplars.Select(ToReference));
        return r;
    }

    private static RM.ExponentialHistogramDataPoint.Types.Buckets? ToReference(ExponentialBuckets buckets)
    {
        if (buckets.Offset == 0 && buckets.BucketCounts.Length == 0)
        {
            return null;
        }
        var r = new RM.ExponentialHistogramDataPoint.Types.Buckets { Offset = buckets.Offset };
        r.BucketCounts.AddRange(buckets.BucketCounts);
        return r;
    }

    public static RM.SummaryDataPoint ToReference(SummaryDataPoint point)
    {
        var r = new RM.SummaryDataPoint
        {
            StartTimeUnixNano = point.StartTimeUnixNano,
            TimeUnixNano = point.TimeUnixNano,
            Count = point.Count,
            Sum = point.Sum,
            Flags = (uint)point.Flags,
        };
        r.Attributes.AddRange(point.Attributes.Select(ToReference));
        r.QuantileValues.AddRange(point.QuantileValues.Select(q =>
            new RM.SummaryDataPoint.Types.ValueAtQuantile { Quantile = q.Quantile, Value = q.Value }));
        return r;
    }

    public static RM.Exemplar ToReference(Exemplar exemplar)
    {
        var r = new RM.Exemplar
        {
            TimeUnixNano = exemplar.TimeUnixNano,
            SpanId = Id(exemplar.SpanId),
            TraceId = Id(exemplar.TraceId),
        };
        if (exemplar.Value.IsInt)
        {
            r.AsInt = exemplar.Value.Int;
        }
        else
        {
            r.AsDouble = exemplar.Value.Double;
        }
        r.FilteredAttributes.AddRange(exemplar.FilteredAttributes.Select(ToReference));
        return r;
    }

    // ---- helpers for tests that feed the reference JSON formatter ----

    /// <summary>
    /// Google.Protobuf skips an implicit-presence double by value (so -0.0 is dropped) while our encoders keep
    /// its bits; turning -0.0 into 0.0 in those fields lets byte-for-byte comparisons hold.
    /// </summary>
    public static MetricsData WithoutNegativeZeros(MetricsData data)
    {
        static double Fix(double d) => BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits(-0.0) ? 0.0 : d;
        foreach (var metric in data.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics))
        {
            foreach (var p in metric.ExponentialHistogramPoints)
            {
                p.ZeroThreshold = Fix(p.ZeroThreshold);
            }
            foreach (var p in metric.SummaryPoints)
            {
                p.Sum = Fix(p.Sum);
                p.QuantileValues = [.. p.QuantileValues.Select(q => new QuantileValue(Fix(q.Quantile), Fix(q.Value)))];
            }
        }
        return data;
    }
}
