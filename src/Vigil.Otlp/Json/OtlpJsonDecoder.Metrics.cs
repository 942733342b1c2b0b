using Vigil.Otlp.Model;

namespace Vigil.Otlp.Json;

public static partial class OtlpJsonDecoder
{
    private static readonly string[] TemporalityNames =
    [
        "AGGREGATION_TEMPORALITY_UNSPECIFIED", "AGGREGATION_TEMPORALITY_DELTA", "AGGREGATION_TEMPORALITY_CUMULATIVE",
    ];

    private ref partial struct Parser
    {
        public MetricsData ReadMetricsData()
        {
            ReadRoot("ExportMetricsServiceRequest");
            var result = new MetricsData();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                if (key[..n].SequenceEqual("resourcemetrics"u8))
                {
                    ExpectArray("resourceMetrics");
                    var items = new ArrayBuilder<ResourceMetrics>();
                    while (NextElement("resourceMetrics"))
                    {
                        items.Add(ReadResourceMetrics());
                    }
                    result.ResourceMetrics = items.ToArray();
                }
                else
                {
                    Skip();
                }
            }
            ReadEnd();
            return result;
        }

        private ResourceMetrics ReadResourceMetrics()
        {
            ExpectObject("resourceMetrics");
            var result = new ResourceMetrics();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("resource"u8))
                {
                    result.Resource = ReadResource();
                }
                else if (name.SequenceEqual("scopemetrics"u8))
                {
                    ExpectArray("scopeMetrics");
                    var items = new ArrayBuilder<ScopeMetrics>();
                    while (NextElement("scopeMetrics"))
                    {
                        items.Add(ReadScopeMetrics());
                    }
                    result.ScopeMetrics = items.ToArray();
                }
                else if (name.SequenceEqual("schemaurl"u8))
                {
                    result.SchemaUrl = ReadString(Names, "schemaUrl");
                }
                else
                {
                    Skip();
                }
            }
            return result;
        }

        private ScopeMetrics ReadScopeMetrics()
        {
            ExpectObject("scopeMetrics");
            var result = new ScopeMetrics();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("scope"u8))
                {
                    result.Scope = ReadScope();
                }
                else if (name.SequenceEqual("metrics"u8))
                {
                    ExpectArray("metrics");
                    var items = new ArrayBuilder<Metric>();
                    while (NextElement("metrics"))
                    {
                        items.Add(ReadMetric());
                    }
                    result.Metrics = items.ToArray();
                }
                else if (name.SequenceEqual("schemaurl"u8))
                {
                    result.SchemaUrl = ReadString(Names, "schemaUrl");
                }
                else
                {
                    Skip();
                }
            }
            return result;
        }

        private Metric ReadMetric()
        {
            ExpectObject("metric");
            var metric = new Metric();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("name"u8))
                {
                    metric.Name = ReadString(Names, "name");
                }
                else if (name.SequenceEqual("description"u8))
                {
                    metric.Description = ReadString(Names, "description");
                }
                else if (name.SequenceEqual("unit"u8))
                {
                    metric.Unit = ReadString(Names, "unit");
                }
                else if (name.SequenceEqual("gauge"u8))
                {
                    ReadMetricData(metric, MetricType.Gauge, "gauge");
                }
                else if (name.SequenceEqual("sum"u8))
                {
                    ReadMetricData(metric, MetricType.Sum, "sum");
                }
                else if (name.SequenceEqual("histogram"u8))
                {
                    ReadMetricData(metric, MetricType.Histogram, "histogram");
                }
                else if (name.SequenceEqual("exponentialhistogram"u8))
                {
                    ReadMetricData(metric, MetricType.ExponentialHistogram, "exponentialHistogram");
                }
                else if (name.SequenceEqual("summary"u8))
                {
                    ReadMetricData(metric, MetricType.Summary, "summary");
                }
                else if (name.SequenceEqual("metadata"u8))
                {
                    metric.Metadata = ReadKeyValues("metadata", 0);
                }
                else
                {
                    Skip();
                }
            }
            return metric;
        }

        /// <summary>Gauge, Sum, Histogram, ExponentialHistogram or Summary; a second one replaces the first, as in protobuf.</summary>
        private void ReadMetricData(Metric metric, MetricType kind, string field)
        {
            ExpectObject(field);
            metric.Type = kind;
            metric.NumberPoints = [];
            metric.HistogramPoints = [];
            metric.ExponentialHistogramPoints = [];
            metric.SummaryPoints = [];
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("datapoints"u8))
                {
                    ExpectArray("dataPoints");
                    switch (kind)
                    {
                        case MetricType.Gauge or MetricType.Sum:
                        {
                            var items = new ArrayBuilder<NumberDataPoint>();
                            while (NextElement("dataPoints"))
                            {
                                items.Add(ReadNumberPoint());
                            }
                            metric.NumberPoints = items.ToArray();
                            break;
                        }
                        case MetricType.Histogram:
                        {
                            var items = new ArrayBuilder<HistogramDataPoint>();
                            while (NextElement("dataPoints"))
                            {
                                items.Add(ReadHistogramPoint());
                            }
                            metric.HistogramPoints = items.ToArray();
                            break;
                        }
                        case MetricType.ExponentialHistogram:
                        {
                            var items = new ArrayBuilder<ExponentialHistogramDataPoint>();
                            while (NextElement("dataPoints"))
                            {
                                items.Add(ReadExponentialHistogramPoint());
                            }
                            metric.ExponentialHistogramPoints = items.ToArray();
                            break;
                        }
                        default:
                        {
                            var items = new ArrayBuilder<SummaryDataPoint>();
                            while (NextElement("dataPoints"))
                            {
                                items.Add(ReadSummaryPoint());
                            }
                            metric.SummaryPoints = items.ToArray();
                            break;
                        }
                    }
                }
                else if (name.SequenceEqual("aggregationtemporality"u8) && kind is MetricType.Sum or MetricType.Histogram or MetricType.ExponentialHistogram)
                {
                    metric.AggregationTemporality = (AggregationTemporality)ReadEnum("aggregationTemporality", TemporalityNames);
                }
                else if (name.SequenceEqual("ismonotonic"u8) && kind == MetricType.Sum)
                {
                    metric.IsMonotonic = ReadBool("isMonotonic");
                }
                else
                {
                    Skip();
                }
            }
        }

        private NumberDataPoint ReadNumberPoint()
        {
            ExpectObject("data point");
            var point = new NumberDataPoint();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("attributes"u8))
                {
                    point.Attributes = ReadKeyValues("attributes", 0);
                }
                else if (name.SequenceEqual("starttimeunixnano"u8))
                {
                    point.StartTimeUnixNano = ReadUInt64("startTimeUnixNano");
                }
                else if (name.SequenceEqual("timeunixnano"u8))
                {
                    point.TimeUnixNano = ReadUInt64("timeUnixNano");
                }
                else if (name.SequenceEqual("asdouble"u8))
                {
                    point.Value = NumberValue.FromDouble(ReadDouble("asDouble"));
                }
                else if (name.SequenceEqual("asint"u8))
                {
                    point.Value = NumberValue.FromInt(ReadInt64("asInt"));
                }
                else if (name.SequenceEqual("exemplars"u8))
                {
                    point.Exemplars = ReadExemplars();
                }
                else if (name.SequenceEqual("flags"u8))
                {
                    point.Flags = (DataPointFlags)ReadUInt32("flags");
                }
                else
                {
                    Skip();
                }
            }
            return point;
        }

        private HistogramDataPoint ReadHistogramPoint()
        {
            ExpectObject("data point");
            var point = new HistogramDataPoint();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("attributes"u8))
                {
                    point.Attributes = ReadKeyValues("attributes", 0);
                }
                else if (name.SequenceEqual("starttimeunixnano"u8))
                {
                    point.StartTimeUnixNano = ReadUInt64("startTimeUnixNano");
                }
                else if (name.SequenceEqual("timeunixnano"u8))
                {
                    point.TimeUnixNano = ReadUInt64("timeUnixNano");
                }
                else if (name.SequenceEqual("count"u8))
                {
                    point.Count = ReadUInt64("count");
                }
                else if (name.SequenceEqual("sum"u8))
                {
                    point.Sum = ReadDouble("sum");
                }
                else if (name.SequenceEqual("bucketcounts"u8))
                {
                    point.BucketCounts = ReadUInt64Array("bucketCounts");
                }
                else if (name.SequenceEqual("explicitbounds"u8))
                {
                    point.ExplicitBounds = ReadDoubleArray("explicitBounds");
                }
                else if (name.SequenceEqual("exemplars"u8))
                {
                    point.Exemplars = ReadExemplars();
                }
                else if (name.SequenceEqual("flags"u8))
                {
                    point.Flags = (DataPointFlags)ReadUInt32("flags");
                }
                else if (name.SequenceEqual("min"u8))
                {
                    point.Min = ReadDouble("min");
                }
                else if (name.SequenceEqual("max"u8))
                {
                    point.Max = ReadDouble("max");
                }
                else
                {
                    Skip();
                }
            }
            return point;
        }

        private ExponentialHistogramDataPoint ReadExponentialHistogramPoint()
        {
            ExpectObject("data point");
            var point = new ExponentialHistogramDataPoint();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("attributes"u8))
                {
                    point.Attributes = ReadKeyValues("attributes", 0);
                }
                else if (name.SequenceEqual("starttimeunixnano"u8))
                {
                    point.StartTimeUnixNano = ReadUInt64("startTimeUnixNano");
                }
                else if (name.SequenceEqual("timeunixnano"u8))
                {
                    point.TimeUnixNano = ReadUInt64("timeUnixNano");
                }
                else if (name.SequenceEqual("count"u8))
                {
                    point.Count = ReadUInt64("count");
                }
                else if (name.SequenceEqual("sum"u8))
                {
                    point.Sum = ReadDouble("sum");
                }
                else if (name.SequenceEqual("scale"u8))
                {
                    point.Scale = ReadInt32("scale");
                }
                else if (name.SequenceEqual("zerocount"u8))
                {
                    point.ZeroCount = ReadUInt64("zeroCount");
                }
                else if (name.SequenceEqual("positive"u8))
                {
                    point.Positive = ReadBuckets("positive");
                }
                else if (name.SequenceEqual("negative"u8))
                {
                    point.Negative = ReadBuckets("negative");
                }
                else if (name.SequenceEqual("flags"u8))
                {
                    point.Flags = (DataPointFlags)ReadUInt32("flags");
                }
                else if (name.SequenceEqual("exemplars"u8))
                {
                    point.Exemplars = ReadExemplars();
                }
                else if (name.SequenceEqual("min"u8))
                {
                    point.Min = ReadDouble("min");
                }
                else if (name.SequenceEqual("max"u8))
                {
                    point.Max = ReadDouble("max");
                }
                else if (name.SequenceEqual("zerothreshold"u8))
                {
                    point.ZeroThreshold = ReadDouble("zeroThreshold");
                }
                else
                {
                    Skip();
                }
            }
            return point;
        }

        private ExponentialBuckets ReadBuckets(string field)
        {
            ExpectObject(field);
            var buckets = new ExponentialBuckets();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("offset"u8))
                {
                    buckets.Offset = ReadInt32("offset");
                }
                else if (name.SequenceEqual("bucketcounts"u8))
                {
                    buckets.BucketCounts = ReadUInt64Array("bucketCounts");
                }
                else
                {
                    Skip();
                }
            }
            return buckets;
        }

        private SummaryDataPoint ReadSummaryPoint()
        {
            ExpectObject("data point");
            var point = new SummaryDataPoint();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("attributes"u8))
                {
                    point.Attributes = ReadKeyValues("attributes", 0);
                }
                else if (name.SequenceEqual("starttimeunixnano"u8))
                {
                    point.StartTimeUnixNano = ReadUInt64("startTimeUnixNano");
                }
                else if (name.SequenceEqual("timeunixnano"u8))
                {
                    point.TimeUnixNano = ReadUInt64("timeUnixNano");
                }
                else if (name.SequenceEqual("count"u8))
                {
                    point.Count = ReadUInt64("count");
                }
                else if (name.SequenceEqual("sum"u8))
                {
                    point.Sum = ReadDouble("sum");
                }
                else if (name.SequenceEqual("quantilevalues"u8))
                {
                    point.QuantileValues = ReadQuantiles();
                }
                else if (name.SequenceEqual("flags"u8))
                {
                    point.Flags = (DataPointFlags)ReadUInt32("flags");
                }
                else
                {
                    Skip();
                }
            }
            return point;
        }

        private QuantileValue[] ReadQuantiles()
        {
            ExpectArray("quantileValues");
            var items = new ArrayBuilder<QuantileValue>();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextElement("quantileValues"))
            {
                ExpectObject("quantile value");
                double quantile = 0, value = 0;
                while (NextProperty(key, out int n))
                {
                    var name = key[..n];
                    if (name.SequenceEqual("quantile"u8))
                    {
                        quantile = ReadDouble("quantile");
                    }
                    else if (name.SequenceEqual("value"u8))
                    {
                        value = ReadDouble("value");
                    }
                    else
                    {
                        Skip();
                    }
                }
                items.Add(new QuantileValue(quantile, value));
            }
            return items.ToArray();
        }

        private Exemplar[] ReadExemplars()
        {
            ExpectArray("exemplars");
            var items = new ArrayBuilder<Exemplar>();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextElement("exemplars"))
            {
                ExpectObject("exemplar");
                var exemplar = new Exemplar();
                while (NextProperty(key, out int n))
                {
                    var name = key[..n];
                    if (name.SequenceEqual("filteredattributes"u8))
                    {
                        exemplar.FilteredAttributes = ReadKeyValues("filteredAttributes", 0);
                    }
                    else if (name.SequenceEqual("timeunixnano"u8))
                    {
                        exemplar.TimeUnixNano = ReadUInt64("timeUnixNano");
                    }
                    else if (name.SequenceEqual("asdouble"u8))
                    {
                        exemplar.Value = NumberValue.FromDouble(ReadDouble("asDouble"));
                    }
                    else if (name.SequenceEqual("asint"u8))
                    {
                        exemplar.Value = NumberValue.FromInt(ReadInt64("asInt"));
                    }
                    else if (name.SequenceEqual("spanid"u8))
                    {
                        exemplar.SpanId = ReadSpanId("spanId");
                    }
                    else if (name.SequenceEqual("traceid"u8))
                    {
                        exemplar.TraceId = ReadTraceId("traceId");
                    }
                    else
                    {
                        Skip();
                    }
                }
                items.Add(exemplar);
            }
            return items.ToArray();
        }
    }
}
