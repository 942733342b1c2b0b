using Vigil.Core.Wire;
using Vigil.Otlp.Model;

namespace Vigil.Otlp.Protobuf;

public static partial class OtlpProtobufEncoder
{
    /// <summary>Encodes an <c>ExportMetricsServiceRequest</c> (same bytes as <c>MetricsData</c>).</summary>
    public static byte[] EncodeMetrics(MetricsData data) => Encode(data, WriteMetrics, 4096);

    /// <summary>Appends an <c>ExportMetricsServiceRequest</c> to <paramref name="writer"/>.</summary>
    public static void WriteMetrics(ProtoWriter writer, MetricsData data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(data);
        foreach (var rm in data.ResourceMetrics)
        {
            int start = writer.BeginMessage(1);
            WriteResource(writer, 1, rm.Resource);
            foreach (var sm in rm.ScopeMetrics)
            {
                int scopeStart = writer.BeginMessage(2);
                WriteScope(writer, 1, sm.Scope);
                foreach (var metric in sm.Metrics)
                {
                    int metricStart = writer.BeginMessage(2);
                    WriteMetric(writer, metric);
                    writer.EndMessage(metricStart);
                }
                writer.WriteStringField(3, sm.SchemaUrl);
                writer.EndMessage(scopeStart);
            }
            writer.WriteStringField(3, rm.SchemaUrl);
            writer.EndMessage(start);
        }
    }

    private static void WriteMetric(ProtoWriter writer, Metric metric)
    {
        writer.WriteStringField(1, metric.Name);
        writer.WriteStringField(2, metric.Description);
        writer.WriteStringField(3, metric.Unit);
        switch (metric.Type)
        {
            case MetricType.Gauge:
            {
                int start = writer.BeginMessage(5);
                WriteNumberPoints(writer, metric.NumberPoints);
                writer.EndMessage(start);
                break;
            }
            case MetricType.Sum:
            {
                int start = writer.BeginMessage(7);
                WriteNumberPoints(writer, metric.NumberPoints);
                WriteEnum(writer, 2, (int)metric.AggregationTemporality);
                writer.WriteBoolField(3, metric.IsMonotonic);
                writer.EndMessage(start);
                break;
            }
            case MetricType.Histogram:
            {
                int start = writer.BeginMessage(9);
                foreach (var point in metric.HistogramPoints)
                {
                    int pointStart = writer.BeginMessage(1);
                    WriteHistogramPoint(writer, point);
                    writer.EndMessage(pointStart);
                }
                WriteEnum(writer, 2, (int)metric.AggregationTemporality);
                writer.EndMessage(start);
                break;
            }
            case MetricType.ExponentialHistogram:
            {
                int start = writer.BeginMessage(10);
                foreach (var point in metric.ExponentialHistogramPoints)
                {
                    int pointStart = writer.BeginMessage(1);
                    WriteExponentialHistogramPoint(writer, point);
                    writer.EndMessage(pointStart);
                }
                WriteEnum(writer, 2, (int)metric.AggregationTemporality);
                writer.EndMessage(start);
                break;
            }
            case MetricType.Summary:
            {
                int start = writer.BeginMessage(11);
                foreach (var point in metric.SummaryPoints)
                {
                    int pointStart = writer.BeginMessage(1);
                    WriteSummaryPoint(writer, point);
                    writer.EndMessage(pointStart);
                }
                writer.EndMessage(start);
                break;
            }
        }
        WriteKeyValues(writer, 12, metric.Metadata);
    }

    private static void WriteNumberPoints(ProtoWriter writer, NumberDataPoint[] points)
    {
        foreach (var point in points)
        {
            int start = writer.BeginMessage(1);
            writer.WriteFixed64Field(2, point.StartTimeUnixNano);
            writer.WriteFixed64Field(3, point.TimeUnixNano);
            // value is a oneof: as_double (4) or as_int (6), written even when zero.
            if (!point.Value.IsInt)
            {
                writer.WriteDoubleFieldAlways(4, point.Value.Double);
            }
            WriteExemplars(writer, 5, point.Exemplars);
            if (point.Value.IsInt)
            {
                writer.WriteTag(6, WireType.Fixed64);
                writer.WriteRawFixed64((ulong)point.Value.Int);
            }
            WriteKeyValues(writer, 7, point.Attributes);
            writer.WriteVarintField(8, (uint)point.Flags);
            writer.EndMessage(start);
        }
    }

    private static void WriteHistogramPoint(ProtoWriter writer, HistogramDataPoint point)
    {
        writer.WriteFixed64Field(2, point.StartTimeUnixNano);
        writer.WriteFixed64Field(3, point.TimeUnixNano);
        writer.WriteFixed64Field(4, point.Count);
        WriteOptionalDouble(writer, 5, point.Sum);
        writer.WritePackedFixed64Field(6, point.BucketCounts);
        writer.WritePackedDoubleField(7, point.ExplicitBounds);
        WriteExemplars(writer, 8, point.Exemplars);
        WriteKeyValues(writer, 9, point.Attributes);
        writer.WriteVarintField(10, (uint)point.Flags);
        WriteOptionalDouble(writer, 11, point.Min);
        WriteOptionalDouble(writer, 12, point.Max);
    }

    private static void WriteExponentialHistogramPoint(ProtoWriter writer, ExponentialHistogramDataPoint point)
    {
        WriteKeyValues(writer, 1, point.Attributes);
        writer.WriteFixed64Field(2, point.StartTimeUnixNano);
        writer.WriteFixed64Field(3, point.TimeUnixNano);
        writer.WriteFixed64Field(4, point.Count);
        WriteOptionalDouble(writer, 5, point.Sum);
        writer.WriteSInt32Field(6, point.Scale);
        writer.WriteFixed64Field(7, point.ZeroCount);
        WriteBuckets(writer, 8, point.Positive);
        WriteBuckets(writer, 9, point.Negative);
        writer.WriteVarintField(10, (uint)point.Flags);
        WriteExemplars(writer, 11, point.Exemplars);
        WriteOptionalDouble(writer, 12, point.Min);
        WriteOptionalDouble(writer, 13, point.Max);
        writer.WriteDoubleField(14, point.ZeroThreshold);
    }

    private static void WriteBuckets(ProtoWriter writer, int field, ExponentialBuckets? buckets)
    {
        if (buckets is null || (buckets.Offset == 0 && buckets.BucketCounts.Length == 0))
        {
            return;
        }
        int start = writer.BeginMessage(field);
        writer.WriteSInt32Field(1, buckets.Offset);
        writer.WritePackedVarintField(2, buckets.BucketCounts);
        writer.EndMessage(start);
    }

    private static void WriteSummaryPoint(ProtoWriter writer, SummaryDataPoint point)
    {
        writer.WriteFixed64Field(2, point.StartTimeUnixNano);
        writer.WriteFixed64Field(3, point.TimeUnixNano);
        writer.WriteFixed64Field(4, point.Count);
        writer.WriteDoubleField(5, point.Sum);
        foreach (var q in point.QuantileValues)
        {
            int start = writer.BeginMessage(6);
            writer.WriteDoubleField(1, q.Quantile);
            writer.WriteDoubleField(2, q.Value);
            writer.EndMessage(start);
        }
        WriteKeyValues(writer, 7, point.Attributes);
        writer.WriteVarintField(8, (uint)point.Flags);
    }

    private static void WriteExemplars(ProtoWriter writer, int field, Exemplar[] exemplars)
    {
        foreach (var exemplar in exemplars)
        {
            int start = writer.BeginMessage(field);
            writer.WriteFixed64Field(2, exemplar.TimeUnixNano);
            if (!exemplar.Value.IsInt)
            {
                writer.WriteDoubleFieldAlways(3, exemplar.Value.Double);
            }
            WriteSpanId(writer, 4, exemplar.SpanId);
            WriteTraceId(writer, 5, exemplar.TraceId);
            if (exemplar.Value.IsInt)
            {
                writer.WriteTag(6, WireType.Fixed64);
                writer.WriteRawFixed64((ulong)exemplar.Value.Int);
            }
            WriteKeyValues(writer, 7, exemplar.FilteredAttributes);
            writer.EndMessage(start);
        }
    }

    private static void WriteOptionalDouble(ProtoWriter writer, int field, double? value)
    {
        if (value.HasValue)
        {
            writer.WriteDoubleFieldAlways(field, value.GetValueOrDefault());
        }
    }
}
