namespace Vigil.Otlp.Model;

/// <summary>One metrics export request (OTLP <c>ExportMetricsServiceRequest</c> / <c>MetricsData</c>).</summary>
public sealed class MetricsData
{
    public ResourceMetrics[] ResourceMetrics { get; set; } = [];

    /// <summary>Number of data points, the unit receivers count metrics in (as the collector does).</summary>
    public int DataPointCount
    {
        get
        {
            int n = 0;
            foreach (var rm in ResourceMetrics)
            {
                foreach (var sm in rm.ScopeMetrics)
                {
                    foreach (var m in sm.Metrics) n += m.DataPointCount;
                }
            }
            return n;
        }
    }
}

public sealed class ResourceMetrics
{
    public Resource Resource { get; set; } = new();

    public ScopeMetrics[] ScopeMetrics { get; set; } = [];

    public string SchemaUrl { get; set; } = string.Empty;
}

public sealed class ScopeMetrics
{
    public InstrumentationScope Scope { get; set; } = new();

    public Metric[] Metrics { get; set; } = [];

    public string SchemaUrl { get; set; } = string.Empty;
}

/// <summary>Which of the OTLP <c>Metric.data</c> oneof members is set.</summary>
public enum MetricType
{
    Empty = 0,
    Gauge = 5,
    Sum = 7,
    Histogram = 9,
    ExponentialHistogram = 10,
    Summary = 11,
}

/// <summary>OTLP <c>AggregationTemporality</c>.</summary>
public enum AggregationTemporality
{
    Unspecified = 0,
    Delta = 1,
    Cumulative = 2,
}

/// <summary>
/// One metric. Exactly the points array matching <see cref="Type"/> is filled: <see cref="NumberPoints"/>
/// for gauge and sum, <see cref="HistogramPoints"/>, <see cref="ExponentialHistogramPoints"/> or
/// <see cref="SummaryPoints"/>.
/// </summary>
public sealed class Metric
{
    public string Name { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string Unit { get; set; } = string.Empty;

    public MetricType Type { get; set; }

    /// <summary>For sums and (exponential) histograms.</summary>
    public AggregationTemporality AggregationTemporality { get; set; }

    /// <summary>For sums.</summary>
    public bool IsMonotonic { get; set; }

    public NumberDataPoint[] NumberPoints { get; set; } = [];

    public HistogramDataPoint[] HistogramPoints { get; set; } = [];

    public ExponentialHistogramDataPoint[] ExponentialHistogramPoints { get; set; } = [];

    public SummaryDataPoint[] SummaryPoints { get; set; } = [];

    public KeyValue[] Metadata { get; set; } = [];

    public int DataPointCount => Type switch
    {
        MetricType.Gauge or MetricType.Sum => NumberPoints.Length,
        MetricType.Histogram => HistogramPoints.Length,
        MetricType.ExponentialHistogram => ExponentialHistogramPoints.Length,
        MetricType.Summary => SummaryPoints.Length,
        _ => 0,
    };
}

/// <summary>OTLP <c>DataPointFlags</c>.</summary>
[Flags]
public enum DataPointFlags : uint
{
    None = 0,

    /// <summary>The point marks "no recorded value"; Prometheus turns it into a staleness marker.</summary>
    NoRecordedValue = 1,
}

/// <summary>The <c>as_double</c> / <c>as_int</c> oneof of number points and exemplars.</summary>
public readonly record struct NumberValue(bool IsInt, double Double, long Int)
{
    public static NumberValue FromDouble(double value) => new(false, value, 0);

    public static NumberValue FromInt(long value) => new(true, 0, value);

    public double AsDouble => IsInt ? Int : Double;
}

public sealed class Exemplar
{
    public KeyValue[] FilteredAttributes { get; set; } = [];

    public ulong TimeUnixNano { get; set; }

    public NumberValue Value { get; set; }

    public SpanId SpanId { get; set; }

    public TraceId TraceId { get; set; }
}

public sealed class NumberDataPoint
{
    public KeyValue[] Attributes { get; set; } = [];

    public ulong StartTimeUnixNano { get; set; }

    public ulong TimeUnixNano { get; set; }

    public NumberValue Value { get; set; }

    public Exemplar[] Exemplars { get; set; } = [];

    public DataPointFlags Flags { get; set; }
}

public sealed class HistogramDataPoint
{
    public KeyValue[] Attributes { get; set; } = [];

    public ulong StartTimeUnixNano { get; set; }

    public ulong TimeUnixNano { get; set; }

    public ulong Count { get; set; }

    /// <summary>Absent when not meaningful (for example with negative observations).</summary>
    public double? Sum { get; set; }

    /// <summary>Per-bucket (not cumulative) counts; length is <see cref="ExplicitBounds"/> + 1.</summary>
    public ulong[] BucketCounts { get; set; } = [];

    public double[] ExplicitBounds { get; set; } = [];

    public Exemplar[] Exemplars { get; set; } = [];

    public DataPointFlags Flags { get; set; }

    public double? Min { get; set; }

    public double? Max { get; set; }
}

/// <summary>A run of exponential histogram buckets: <c>BucketCounts[i]</c> counts values in (base^(offset+i), base^(offset+i+1)].</summary>
public sealed class ExponentialBuckets
{
    public int Offset { get; set; }

    public ulong[] BucketCounts { get; set; } = [];
}

public sealed class ExponentialHistogramDataPoint
{
    public KeyValue[] Attributes { get; set; } = [];

    public ulong StartTimeUnixNano { get; set; }

    public ulong TimeUnixNano { get; set; }

    public ulong Count { get; set; }

    public double? Sum { get; set; }

    /// <summary>base = 2^(2^-scale).</summary>
    public int Scale { get; set; }

    public ulong ZeroCount { get; set; }

    public ExponentialBuckets Positive { get; set; } = new();

    public ExponentialBuckets Negative { get; set; } = new();

    public DataPointFlags Flags { get; set; }

    public Exemplar[] Exemplars { get; set; } = [];

    public double? Min { get; set; }

    public double? Max { get; set; }

    public double ZeroThreshold { get; set; }
}

public readonly record struct QuantileValue(double Quantile, double Value);

public sealed class SummaryDataPoint
{
    public KeyValue[] Attributes { get; set; } = [];

    public ulong StartTimeUnixNano { get; set; }

    public ulong TimeUnixNano { get; set; }

    public ulong Count { get; set; }

    public double Sum { get; set; }

    public QuantileValue[] QuantileValues { get; set; } = [];

    public DataPointFlags Flags { get; set; }
}
