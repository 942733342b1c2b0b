using System.Buffers.Binary;
using Vigil.Core.Wire;
using Vigil.Otlp.Model;

namespace Vigil.Otlp.Protobuf;

public static partial class OtlpProtobufDecoder
{
    /// <summary>Decodes an <c>ExportMetricsServiceRequest</c> (or <c>MetricsData</c>).</summary>
    public static MetricsData DecodeMetrics(ReadOnlySpan<byte> message)
    {
        int n = Count(message, 1);
        var result = new MetricsData { ResourceMetrics = n == 0 ? [] : new ResourceMetrics[n] };
        var reader = new ProtoReader(message);
        int i = 0;
        while (reader.TryReadTag(out int field, out WireType type))
        {
            if (field == 1)
            {
                reader.Expect(type, WireType.LengthDelimited, field);
                int o = BodyOffset(reader);
                result.ResourceMetrics[i++] = ReadResourceMetrics(reader.ReadLengthDelimited(), o);
            }
            else
            {
                reader.SkipField(field, type);
            }
        }
        return result;
    }

    private static ResourceMetrics ReadResourceMetrics(ReadOnlySpan<byte> message, int baseOffset)
    {
        int n = Count(message, 2);
        var result = new ResourceMetrics { ScopeMetrics = n == 0 ? [] : new ScopeMetrics[n] };
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
                    result.ScopeMetrics[i++] = ReadScopeMetrics(reader.ReadLengthDelimited(), o);
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

    private static ScopeMetrics ReadScopeMetrics(ReadOnlySpan<byte> message, int baseOffset)
    {
        int n = Count(message, 2);
        var result = new ScopeMetrics { Metrics = n == 0 ? [] : new Metric[n] };
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
                    result.Metrics[i++] = ReadMetric(reader.ReadLengthDelimited(), o);
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

    private static Metric ReadMetric(ReadOnlySpan<byte> message, int baseOffset)
    {
        var metric = new Metric { Metadata = ReadKeyValues(message, baseOffset, 12, 0) };
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    metric.Name = ReadName(ref reader);
                    break;
                case 2:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    metric.Description = ReadName(ref reader);
                    break;
                case 3:
                    reader.Expect(type, WireType.LengthDelimited, field);
                    metric.Unit = ReadName(ref reader);
                    break;
                case 5 or 7 or 9 or 10 or 11:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    ReadMetricData(metric, (MetricType)field, reader.ReadLengthDelimited(), o);
                    break;
                }
                default:
                    // 12 (metadata) was read above.
                    reader.SkipField(field, type);
                    break;
            }
        }
        return metric;
    }

    /// <summary>Reads Gauge, Sum, Histogram, ExponentialHistogram or Summary (all keep points in field 1).</summary>
    private static void ReadMetricData(Metric metric, MetricType kind, ReadOnlySpan<byte> message, int baseOffset)
    {
        // A oneof set twice keeps the last member, as protobuf parsers do.
        metric.Type = kind;
        metric.NumberPoints = [];
        metric.HistogramPoints = [];
        metric.ExponentialHistogramPoints = [];
        metric.SummaryPoints = [];
        int n = Count(message, 1);
        switch (kind)
        {
            case MetricType.Gauge or MetricType.Sum:
                metric.NumberPoints = n == 0 ? [] : new NumberDataPoint[n];
                break;
            case MetricType.Histogram:
                metric.HistogramPoints = n == 0 ? [] : new HistogramDataPoint[n];
                break;
            case MetricType.ExponentialHistogram:
                metric.ExponentialHistogramPoints = n == 0 ? [] : new ExponentialHistogramDataPoint[n];
                break;
            case MetricType.Summary:
                metric.SummaryPoints = n == 0 ? [] : new SummaryDataPoint[n];
                break;
        }
        int i = 0;
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    var point = reader.ReadLengthDelimited();
                    switch (kind)
                    {
                        case MetricType.Gauge or MetricType.Sum:
                            metric.NumberPoints[i++] = ReadNumberPoint(point, o);
                            break;
                        case MetricType.Histogram:
                            metric.HistogramPoints[i++] = ReadHistogramPoint(point, o);
                            break;
                        case MetricType.ExponentialHistogram:
                            metric.ExponentialHistogramPoints[i++] = ReadExponentialHistogramPoint(point, o);
                            break;
                        default:
                            metric.SummaryPoints[i++] = ReadSummaryPoint(point, o);
                            break;
                    }
                    break;
                }
                case 2 when kind is MetricType.Sum or MetricType.Histogram or MetricType.ExponentialHistogram:
                    reader.Expect(type, WireType.Varint, field);
                    metric.AggregationTemporality = (AggregationTemporality)reader.ReadInt32();
                    break;
                case 3 when kind == MetricType.Sum:
                    reader.Expect(type, WireType.Varint, field);
                    metric.IsMonotonic = reader.ReadBool();
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
    }

    private static NumberDataPoint ReadNumberPoint(ReadOnlySpan<byte> message, int baseOffset)
    {
        Count(message, 7, 5, 0, out int attributeCount, out int exemplarCount, out _);
        var point = new NumberDataPoint
        {
            Attributes = NewAttributes(attributeCount),
            Exemplars = exemplarCount == 0 ? [] : new Exemplar[exemplarCount],
        };
        int attributes = 0, exemplars = 0;
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 2:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.StartTimeUnixNano = reader.ReadFixed64();
                    break;
                case 3:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.TimeUnixNano = reader.ReadFixed64();
                    break;
                case 4:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.Value = NumberValue.FromDouble(reader.ReadDouble());
                    break;
                case 5:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    point.Exemplars[exemplars++] = ReadExemplar(reader.ReadLengthDelimited(), o);
                    break;
                }
                case 6:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.Value = NumberValue.FromInt((long)reader.ReadFixed64());
                    break;
                case 7:
                    AddKeyValue(ref reader, type, field, point.Attributes, ref attributes);
                    break;
                case 8:
                    reader.Expect(type, WireType.Varint, field);
                    point.Flags = (DataPointFlags)reader.ReadVarint32();
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return point;
    }

    private static HistogramDataPoint ReadHistogramPoint(ReadOnlySpan<byte> message, int baseOffset)
    {
        Count(message, 9, 8, 0, out int attributeCount, out int exemplarCount, out _);
        var point = new HistogramDataPoint
        {
            Attributes = NewAttributes(attributeCount),
            Exemplars = exemplarCount == 0 ? [] : new Exemplar[exemplarCount],
        };
        int attributes = 0, exemplars = 0;
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 2:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.StartTimeUnixNano = reader.ReadFixed64();
                    break;
                case 3:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.TimeUnixNano = reader.ReadFixed64();
                    break;
                case 4:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.Count = reader.ReadFixed64();
                    break;
                case 5:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.Sum = reader.ReadDouble();
                    break;
                case 6:
                    point.BucketCounts = AppendFixed64(ref reader, type, field, point.BucketCounts);
                    break;
                case 7:
                    point.ExplicitBounds = AppendDoubles(ref reader, type, field, point.ExplicitBounds);
                    break;
                case 8:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    point.Exemplars[exemplars++] = ReadExemplar(reader.ReadLengthDelimited(), o);
                    break;
                }
                case 9:
                    AddKeyValue(ref reader, type, field, point.Attributes, ref attributes);
                    break;
                case 10:
                    reader.Expect(type, WireType.Varint, field);
                    point.Flags = (DataPointFlags)reader.ReadVarint32();
                    break;
                case 11:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.Min = reader.ReadDouble();
                    break;
                case 12:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.Max = reader.ReadDouble();
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return point;
    }

    private static ExponentialHistogramDataPoint ReadExponentialHistogramPoint(ReadOnlySpan<byte> message, int baseOffset)
    {
        Count(message, 1, 11, 0, out int attributeCount, out int exemplarCount, out _);
        var point = new ExponentialHistogramDataPoint
        {
            Attributes = NewAttributes(attributeCount),
            Exemplars = exemplarCount == 0 ? [] : new Exemplar[exemplarCount],
        };
        int attributes = 0, exemplars = 0;
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    AddKeyValue(ref reader, type, field, point.Attributes, ref attributes);
                    break;
                case 2:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.StartTimeUnixNano = reader.ReadFixed64();
                    break;
                case 3:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.TimeUnixNano = reader.ReadFixed64();
                    break;
                case 4:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.Count = reader.ReadFixed64();
                    break;
                case 5:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.Sum = reader.ReadDouble();
                    break;
                case 6:
                    reader.Expect(type, WireType.Varint, field);
                    point.Scale = reader.ReadSInt32();
                    break;
                case 7:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.ZeroCount = reader.ReadFixed64();
                    break;
                case 8:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    point.Positive = ReadBuckets(reader.ReadLengthDelimited(), o);
                    break;
                }
                case 9:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    point.Negative = ReadBuckets(reader.ReadLengthDelimited(), o);
                    break;
                }
                case 10:
                    reader.Expect(type, WireType.Varint, field);
                    point.Flags = (DataPointFlags)reader.ReadVarint32();
                    break;
                case 11:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    point.Exemplars[exemplars++] = ReadExemplar(reader.ReadLengthDelimited(), o);
                    break;
                }
                case 12:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.Min = reader.ReadDouble();
                    break;
                case 13:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.Max = reader.ReadDouble();
                    break;
                case 14:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.ZeroThreshold = reader.ReadDouble();
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return point;
    }

    private static ExponentialBuckets ReadBuckets(ReadOnlySpan<byte> message, int baseOffset)
    {
        var buckets = new ExponentialBuckets();
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(type, WireType.Varint, field);
                    buckets.Offset = reader.ReadSInt32();
                    break;
                case 2:
                    buckets.BucketCounts = AppendVarints(ref reader, type, field, buckets.BucketCounts);
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return buckets;
    }

    private static SummaryDataPoint ReadSummaryPoint(ReadOnlySpan<byte> message, int baseOffset)
    {
        Count(message, 7, 6, 0, out int attributeCount, out int quantileCount, out _);
        var point = new SummaryDataPoint
        {
            Attributes = NewAttributes(attributeCount),
            QuantileValues = quantileCount == 0 ? [] : new QuantileValue[quantileCount],
        };
        int attributes = 0, quantiles = 0;
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 2:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.StartTimeUnixNano = reader.ReadFixed64();
                    break;
                case 3:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.TimeUnixNano = reader.ReadFixed64();
                    break;
                case 4:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.Count = reader.ReadFixed64();
                    break;
                case 5:
                    reader.Expect(type, WireType.Fixed64, field);
                    point.Sum = reader.ReadDouble();
                    break;
                case 6:
                {
                    reader.Expect(type, WireType.LengthDelimited, field);
                    int o = BodyOffset(reader);
                    var q = new ProtoReader(reader.ReadLengthDelimited(), o);
                    double quantile = 0, value = 0;
                    while (q.TryReadTag(out int f, out WireType t))
                    {
                        if (f == 1) { q.Expect(t, WireType.Fixed64, f); quantile = q.ReadDouble(); }
                        else if (f == 2) { q.Expect(t, WireType.Fixed64, f); value = q.ReadDouble(); }
                        else q.SkipField(f, t);
                    }
                    point.QuantileValues[quantiles++] = new QuantileValue(quantile, value);
                    break;
                }
                case 7:
                    AddKeyValue(ref reader, type, field, point.Attributes, ref attributes);
                    break;
                case 8:
                    reader.Expect(type, WireType.Varint, field);
                    point.Flags = (DataPointFlags)reader.ReadVarint32();
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return point;
    }

    private static Exemplar ReadExemplar(ReadOnlySpan<byte> message, int baseOffset)
    {
        var exemplar = new Exemplar { FilteredAttributes = ReadKeyValues(message, baseOffset, 7, 0) };
        var reader = new ProtoReader(message, baseOffset);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 2:
                    reader.Expect(type, WireType.Fixed64, field);
                    exemplar.TimeUnixNano = reader.ReadFixed64();
                    break;
                case 3:
                    reader.Expect(type, WireType.Fixed64, field);
                    exemplar.Value = NumberValue.FromDouble(reader.ReadDouble());
                    break;
                case 4:
                    exemplar.SpanId = ReadSpanId(ref reader, type, field, "exemplar span_id");
                    break;
                case 5:
                    exemplar.TraceId = ReadTraceId(ref reader, type, field, "exemplar trace_id");
                    break;
                case 6:
                    reader.Expect(type, WireType.Fixed64, field);
                    exemplar.Value = NumberValue.FromInt((long)reader.ReadFixed64());
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return exemplar;
    }

    /// <summary>A repeated fixed64: packed (one length-delimited run) or unpacked (one field each); both are legal.</summary>
    private static ulong[] AppendFixed64(ref ProtoReader reader, WireType type, int field, ulong[] existing)
    {
        if (type == WireType.Fixed64)
        {
            return [.. existing, reader.ReadFixed64()];
        }
        reader.Expect(type, WireType.LengthDelimited, field);
        var packed = reader.ReadLengthDelimited();
        if (packed.Length % 8 != 0)
        {
            reader.Throw($"packed fixed64 field {field} has {packed.Length} bytes, not a multiple of 8");
        }
        var result = new ulong[existing.Length + packed.Length / 8];
        existing.CopyTo(result, 0);
        for (int i = 0, j = existing.Length; i < packed.Length; i += 8, j++)
        {
            result[j] = BinaryPrimitives.ReadUInt64LittleEndian(packed[i..]);
        }
        return result;
    }

    private static double[] AppendDoubles(ref ProtoReader reader, WireType type, int field, double[] existing)
    {
        if (type == WireType.Fixed64)
        {
            return [.. existing, reader.ReadDouble()];
        }
        reader.Expect(type, WireType.LengthDelimited, field);
        var packed = reader.ReadLengthDelimited();
        if (packed.Length % 8 != 0)
        {
            reader.Throw($"packed double field {field} has {packed.Length} bytes, not a multiple of 8");
        }
        var result = new double[existing.Length + packed.Length / 8];
        existing.CopyTo(result, 0);
        for (int i = 0, j = existing.Length; i < packed.Length; i += 8, j++)
        {
            result[j] = BinaryPrimitives.ReadDoubleLittleEndian(packed[i..]);
        }
        return result;
    }

    private static ulong[] AppendVarints(ref ProtoReader reader, WireType type, int field, ulong[] existing)
    {
        if (type == WireType.Varint)
        {
            return [.. existing, reader.ReadVarint64()];
        }
        reader.Expect(type, WireType.LengthDelimited, field);
        int offset = BodyOffset(reader);
        var packed = reader.ReadLengthDelimited();
        int count = 0;
        foreach (byte b in packed)
        {
            if (b < 0x80) count++;
        }
        var result = new ulong[existing.Length + count];
        existing.CopyTo(result, 0);
        var inner = new ProtoReader(packed, offset);
        int j = existing.Length;
        while (!inner.End)
        {
            result[j++] = inner.ReadVarint64();
        }
        return result;
    }
}
