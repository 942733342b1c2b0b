using System.Globalization;
using Vigil.Otlp.Model;
using Xunit.Sdk;

namespace Vigil.Otlp.Tests.Support;

/// <summary>
/// Deep structural equality for the OTLP model. A failure names the path of the first difference
/// (<c>resourceSpans[0].scopeSpans[1].spans[0].attributes[2].value</c>) and both values. Doubles compare by
/// bits, so -0.0 differs from 0.0, and every NaN equals every NaN (JSON cannot carry a NaN payload).
/// </summary>
internal static class ModelAssert
{
    public static void Equal(TracesData expected, TracesData actual) =>
        Items("resourceSpans", expected.ResourceSpans, actual.ResourceSpans, (p, e, a) =>
        {
            Resource(p + ".resource", e.Resource, a.Resource);
            Str(p + ".schemaUrl", e.SchemaUrl, a.SchemaUrl);
            Items(p + ".scopeSpans", e.ScopeSpans, a.ScopeSpans, (p2, e2, a2) =>
            {
                Scope(p2 + ".scope", e2.Scope, a2.Scope);
                Str(p2 + ".schemaUrl", e2.SchemaUrl, a2.SchemaUrl);
                Items(p2 + ".spans", e2.Spans, a2.Spans, Span);
            });
        });

    public static void Equal(LogsData expected, LogsData actual) =>
        Items("resourceLogs", expected.ResourceLogs, actual.ResourceLogs, (p, e, a) =>
        {
            Resource(p + ".resource", e.Resource, a.Resource);
            Str(p + ".schemaUrl", e.SchemaUrl, a.SchemaUrl);
            Items(p + ".scopeLogs", e.ScopeLogs, a.ScopeLogs, (p2, e2, a2) =>
            {
                Scope(p2 + ".scope", e2.Scope, a2.Scope);
                Str(p2 + ".schemaUrl", e2.SchemaUrl, a2.SchemaUrl);
                Items(p2 + ".logRecords", e2.LogRecords, a2.LogRecords, LogRecord);
            });
        });

    public static void Equal(MetricsData expected, MetricsData actual) =>
        Items("resourceMetrics", expected.ResourceMetrics, actual.ResourceMetrics, (p, e, a) =>
        {
            Resource(p + ".resource", e.Resource, a.Resource);
            Str(p + ".schemaUrl", e.SchemaUrl, a.SchemaUrl);
            Items(p + ".scopeMetrics", e.ScopeMetrics, a.ScopeMetrics, (p2, e2, a2) =>
            {
                Scope(p2 + ".scope", e2.Scope, a2.Scope);
                Str(p2 + ".schemaUrl", e2.SchemaUrl, a2.SchemaUrl);
                Items(p2 + ".metrics", e2.Metrics, a2.Metrics, Metric);
            });
        });

    public static void Equal(AnyValue expected, AnyValue actual, string path = "value") => Any(path, expected, actual);

    // ---- common ----

    private static void Resource(string path, Resource e, Resource a)
    {
        Attributes(path + ".attributes", e.Attributes, a.Attributes);
        Same(path + ".droppedAttributesCount", e.DroppedAttributesCount, a.DroppedAttributesCount);
    }

    private static void Scope(string path, InstrumentationScope e, InstrumentationScope a)
    {
        Str(path + ".name", e.Name, a.Name);
        Str(path + ".version", e.Version, a.Version);
        Attributes(path + ".attributes", e.Attributes, a.Attributes);
        Same(path + ".droppedAttributesCount", e.DroppedAttributesCount, a.DroppedAttributesCount);
    }

    private static void Attributes(string path, KeyValue[] e, KeyValue[] a) =>
        Items(path, e, a, (p, x, y) =>
        {
            Str(p + ".key", x.Key, y.Key);
            Any(p + ".value", x.Value, y.Value);
        });

    private static void Any(string path, AnyValue e, AnyValue a)
    {
        Same(path + ".kind", e.Kind, a.Kind);
        switch (e.Kind)
        {
            case AnyValueKind.String:
                Str(path + ".stringValue", e.StringValue, a.StringValue);
                break;
            case AnyValueKind.Bool:
                Same(path + ".boolValue", e.BoolValue, a.BoolValue);
                break;
            case AnyValueKind.Int:
                Same(path + ".intValue", e.IntValue, a.IntValue);
                break;
            case AnyValueKind.Double:
                Dbl(path + ".doubleValue", e.DoubleValue, a.DoubleValue);
                break;
            case AnyValueKind.Bytes:
                Bytes(path + ".bytesValue", e.BytesValue, a.BytesValue);
                break;
            case AnyValueKind.Array:
                Items(path + ".arrayValue", e.ArrayValue, a.ArrayValue, Any);
                break;
            case AnyValueKind.KeyValueList:
                Attributes(path + ".kvlistValue", e.KeyValueListValue, a.KeyValueListValue);
                break;
        }
    }

    // ---- traces ----

    private static void Span(string path, Span e, Span a)
    {
        Same(path + ".traceId", e.TraceId, a.TraceId);
        Same(path + ".spanId", e.SpanId, a.SpanId);
        Str(path + ".traceState", e.TraceState, a.TraceState);
        Same(path + ".parentSpanId", e.ParentSpanId, a.ParentSpanId);
        Same(path + ".flags", e.Flags, a.Flags);
        Str(path + ".name", e.Name, a.Name);
        Same(path + ".kind", e.Kind, a.Kind);
        Same(path + ".startTimeUnixNano", e.StartTimeUnixNano, a.StartTimeUnixNano);
        Same(path + ".endTimeUnixNano", e.EndTimeUnixNano, a.EndTimeUnixNano);
        Attributes(path + ".attributes", e.Attributes, a.Attributes);
        Same(path + ".droppedAttributesCount", e.DroppedAttributesCount, a.DroppedAttributesCount);
        Items(path + ".events", e.Events, a.Events, (p, x, y) =>
        {
            Same(p + ".timeUnixNano", x.TimeUnixNano, y.TimeUnixNano);
            Str(p + ".name", x.Name, y.Name);
            Attributes(p + ".attributes", x.Attributes, y.Attributes);
            Same(p + ".droppedAttributesCount", x.DroppedAttributesCount, y.DroppedAttributesCount);
        });
        Same(path + ".droppedEventsCount", e.DroppedEventsCount, a.DroppedEventsCount);
        Items(path + ".links", e.Links, a.Links, (p, x, y) =>
        {
            Same(p + ".traceId", x.TraceId, y.TraceId);
            Same(p + ".spanId", x.SpanId, y.SpanId);
            Str(p + ".traceState", x.TraceState, y.TraceState);
            Attributes(p + ".attributes", x.Attributes, y.Attributes);
            Same(p + ".droppedAttributesCount", x.DroppedAttributesCount, y.DroppedAttributesCount);
            Same(p + ".flags", x.Flags, y.Flags);
        });
        Same(path + ".droppedLinksCount", e.DroppedLinksCount, a.DroppedLinksCount);
        Str(path + ".status.message", e.Status.Message, a.Status.Message);
        Same(path + ".status.code", e.Status.Code, a.Status.Code);
    }

    // ---- logs ----

    private static void LogRecord(string path, LogRecord e, LogRecord a)
    {
        Same(path + ".timeUnixNano", e.TimeUnixNano, a.TimeUnixNano);
        Same(path + ".observedTimeUnixNano", e.ObservedTimeUnixNano, a.ObservedTimeUnixNano);
        Same(path + ".severityNumber", e.SeverityNumber, a.SeverityNumber);
        Str(path + ".severityText", e.SeverityText, a.SeverityText);
        Any(path + ".body", e.Body, a.Body);
        Attributes(path + ".attributes", e.Attributes, a.Attributes);
        Same(path + ".droppedAttributesCount", e.DroppedAttributesCount, a.DroppedAttributesCount);
        Same(path + ".flags", e.Flags, a.Flags);
        Same(path + ".traceId", e.TraceId, a.TraceId);
        Same(path + ".spanId", e.SpanId, a.SpanId);
        Str(path + ".eventName", e.EventName, a.EventName);
    }

    // ---- metrics ----

    private static void Metric(string path, Metric e, Metric a)
    {
        Str(path + ".name", e.Name, a.Name);
        Str(path + ".description", e.Description, a.Description);
        Str(path + ".unit", e.Unit, a.Unit);
        Same(path + ".type", e.Type, a.Type);
        Same(path + ".aggregationTemporality", e.AggregationTemporality, a.AggregationTemporality);
        Same(path + ".isMonotonic", e.IsMonotonic, a.IsMonotonic);
        Attributes(path + ".metadata", e.Metadata, a.Metadata);
        Items(path + ".numberPoints", e.NumberPoints, a.NumberPoints, (p, x, y) =>
        {
            Attributes(p + ".attributes", x.Attributes, y.Attributes);
            Same(p + ".startTimeUnixNano", x.StartTimeUnixNano, y.StartTimeUnixNano);
            Same(p + ".timeUnixNano", x.TimeUnixNano, y.TimeUnixNano);
            Number(p + ".value", x.Value, y.Value);
            Exemplars(p + ".exemplars", x.Exemplars, y.Exemplars);
            Same(p + ".flags", x.Flags, y.Flags);
        });
        Items(path + ".histogramPoints", e.HistogramPoints, a.HistogramPoints, (p, x, y) =>
        {
            Attributes(p + ".attributes", x.Attributes, y.Attributes);
            Same(p + ".startTimeUnixNano", x.StartTimeUnixNano, y.StartTimeUnixNano);
            Same(p + ".timeUnixNano", x.TimeUnixNano, y.TimeUnixNano);
            Same(p + ".count", x.Count, y.Count);
            OptDbl(p + ".sum", x.Sum, y.Sum);
            Items(p + ".bucketCounts", x.BucketCounts, y.BucketCounts, Same);
            Items(p + ".explicitBounds", x.ExplicitBounds, y.ExplicitBounds, Dbl);
            Exemplars(p + ".exemplars", x.Exemplars, y.Exemplars);
            Same(p + ".flags", x.Flags, y.Flags);
            OptDbl(p + ".min", x.Min, y.Min);
            OptDbl(p + ".max", x.Max, y.Max);
        });
        Items(path + ".exponentialHistogramPoints", e.ExponentialHistogramPoints, a.ExponentialHistogramPoints, (p, x, y) =>
        {
            Attributes(p + ".attributes", x.Attributes, y.Attributes);
            Same(p + ".startTimeUnixNano", x.StartTimeUnixNano, y.StartTimeUnixNano);
            Same(p + ".timeUnixNano", x.TimeUnixNano, y.TimeUnixNano);
            Same(p + ".count", x.Count, y.Count);
            OptDbl(p + ".sum", x.Sum, y.Sum);
            Same(p + ".scale", x.Scale, y.Scale);
            Same(p + ".zeroCount", x.ZeroCount, y.ZeroCount);
            Buckets(p + ".positive", x.Positive, y.Positive);
            Buckets(p + ".negative", x.Negative, y.Negative);
            Same(p + ".flags", x.Flags, y.Flags);
            Exemplars(p + ".exemplars", x.Exemplars, y.Exemplars);
            OptDbl(p + ".min", x.Min, y.Min);
            OptDbl(p + ".max", x.Max, y.Max);
            Dbl(p + ".zeroThreshold", x.ZeroThreshold, y.ZeroThreshold);
        });
        Items(path + ".summaryPoints", e.SummaryPoints, a.SummaryPoints, (p, x, y) =>
        {
            Attributes(p + ".attributes", x.Attributes, y.Attributes);
            Same(p + ".startTimeUnixNano", x.StartTimeUnixNano, y.StartTimeUnixNano);
            Same(p + ".timeUnixNano", x.TimeUnixNano, y.TimeUnixNano);
            Same(p + ".count", x.Count, y.Count);
            Dbl(p + ".sum", x.Sum, y.Sum);
            Items(p + ".quantileValues", x.QuantileValues, y.QuantileValues, (p2, q, r) =>
            {
                Dbl(p2 + ".quantile", q.Quantile, r.Quantile);
                Dbl(p2 + ".value", q.Value, r.Value);
            });
            Same(p + ".flags", x.Flags, y.Flags);
        });
    }

    private static void Buckets(string path, ExponentialBuckets e, ExponentialBuckets a)
    {
        Same(path + ".offset", e.Offset, a.Offset);
        Items(path + ".bucketCounts", e.BucketCounts, a.BucketCounts, Same);
    }

    private static void Exemplars(string path, Exemplar[] e, Exemplar[] a) =>
        Items(path, e, a, (p, x, y) =>
        {
            Attributes(p + ".filteredAttributes", x.FilteredAttributes, y.FilteredAttributes);
            Same(p + ".timeUnixNano", x.TimeUnixNano, y.TimeUnixNano);
            Number(p + ".value", x.Value, y.Value);
            Same(p + ".spanId", x.SpanId, y.SpanId);
            Same(p + ".traceId", x.TraceId, y.TraceId);
        });

    private static void Number(string path, NumberValue e, NumberValue a)
    {
        Same(path + ".isInt", e.IsInt, a.IsInt);
        if (e.IsInt)
        {
            Same(path + ".asInt", e.Int, a.Int);
        }
        else
        {
            Dbl(path + ".asDouble", e.Double, a.Double);
        }
    }

    // ---- leaves ----

    private static void Items<T>(string path, T[] e, T[] a, Action<string, T, T> compare)
    {
        if (e is null || a is null)
        {
            Fail(path, e is null ? "null" : $"{e.Length} items", a is null ? "null" : $"{a.Length} items");
        }
        if (e.Length != a.Length)
        {
            Fail(path + ".length", e.Length.ToString(CultureInfo.InvariantCulture), a.Length.ToString(CultureInfo.InvariantCulture));
        }
        for (int i = 0; i < e.Length; i++)
        {
            compare($"{path}[{i}]", e[i], a[i]);
        }
    }

    private static void Same<T>(string path, T e, T a)
    {
        if (!EqualityComparer<T>.Default.Equals(e, a))
        {
            Fail(path, Show(e), Show(a));
        }
    }

    private static void Str(string path, string e, string a)
    {
        if (!string.Equals(e, a, StringComparison.Ordinal))
        {
            Fail(path, Show(e), Show(a));
        }
    }

    private static void Bytes(string path, byte[] e, byte[] a)
    {
        if (!e.AsSpan().SequenceEqual(a))
        {
            Fail(path, Convert.ToHexString(e), Convert.ToHexString(a));
        }
    }

    private static void Dbl(string path, double e, double a)
    {
        if (!DoubleEquals(e, a))
        {
            Fail(path, ShowDouble(e), ShowDouble(a));
        }
    }

    private static void OptDbl(string path, double? e, double? a)
    {
        if (e.HasValue != a.HasValue)
        {
            Fail(path, e.HasValue ? ShowDouble(e.Value) : "absent", a.HasValue ? ShowDouble(a.Value) : "absent");
        }
        if (e.HasValue)
        {
            Dbl(path, e.GetValueOrDefault(), a.GetValueOrDefault());
        }
    }

    public static bool DoubleEquals(double e, double a) =>
        (double.IsNaN(e) && double.IsNaN(a)) || BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a);

    private static string ShowDouble(double d) =>
        $"{d.ToString("R", CultureInfo.InvariantCulture)} (0x{BitConverter.DoubleToInt64Bits(d):X16})";

    private static string Show<T>(T value) => value switch
    {
        null => "null",
        string s => "\"" + string.Concat(s.Select(c => c < 32 || c > 126 ? $"\\u{(int)c:X4}" : c.ToString())) + "\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string path, string expected, string actual) =>
        throw new XunitException($"models differ at {path}: expected {expected}, actual {actual}");
}
