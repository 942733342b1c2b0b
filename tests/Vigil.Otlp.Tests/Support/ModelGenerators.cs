using CsCheck;
using Vigil.Otlp.Model;

namespace Vigil.Otlp.Tests.Support;

/// <summary>
/// CsCheck generators for the whole OTLP model: every AnyValue kind (nested arrays and kvlists, empty, bytes),
/// every metric type, optional sums present and absent, NaN/±Inf/-0 doubles, unicode text, empty ids,
/// exemplars, events and links, and enum values outside the named range.
/// </summary>
internal static class ModelGenerators
{
    /// <summary>Text pieces: ASCII, multi-byte UTF-8, surrogate pairs, JSON specials and control characters.</summary>
    private static readonly string[] TextPieces =
    [
        "a", "b", "z", "Q", "0", "9", " ", "_", ".", "-", "/", "é", "ß", "ÿ", "中", "文", "😀", "👍🏽", "\u0000", "\u001f",
        "\"", "\\", "\n", "\t", "<", ">", "&", "'", "\u2028", "\u007f", "\uFEFF", "GET /plants", "service.name",
    ];

    private static readonly string[] CommonNames =
        ["", "service.name", "http.request.method", "http.response.status_code", "k", "greenhouse-app", "GET"];

    public static readonly Gen<string> Text = Gen.OneOf(TextPieces).Array[0, 6].Select(string.Concat);

    /// <summary>Names repeat across requests (that is what the string caches are for), with some random ones.</summary>
    public static readonly Gen<string> Name = Gen.Frequency((2, Gen.OneOf(CommonNames)), (1, Text));

    public static readonly Gen<double> Double = Gen.Frequency(
        (6, Gen.Double.Select(d => double.IsNaN(d) ? double.NaN : d)),
        (2, Gen.Int[-1000, 1000].Select(i => i / 8.0)),
        (2, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon,
            double.MaxValue, double.MinValue, 1e-300, 0.1, 637.704)));

    public static readonly Gen<double?> OptionalDouble =
        Gen.Frequency((1, Gen.Const((double?)null)), (2, Double.Select(d => (double?)d)));

    public static readonly Gen<uint> Count32 = Gen.Frequency((3, Gen.Const(0u)), (1, Gen.UInt[1, 10]), (1, Gen.UInt));

    public static readonly Gen<ulong> Time = Gen.Frequency(
        (1, Gen.Const(0UL)),
        (3, Gen.ULong[1_500_000_000_000_000_000UL, 1_900_000_000_000_000_000UL]),
        (1, Gen.ULong));

    public static readonly Gen<ulong> Count64 = Gen.Frequency((2, Gen.Const(0UL)), (2, Gen.ULong[1, 1000]), (1, Gen.ULong));

    public static readonly Gen<TraceId> TraceIdGen = Gen.Frequency(
        (1, Gen.Const(TraceId.Empty)),
        (4, Gen.Select(Gen.ULong, Gen.ULong, (h, l) => new TraceId(h, l)).Where(id => !id.IsEmpty)));

    public static readonly Gen<SpanId> SpanIdGen = Gen.Frequency(
        (1, Gen.Const(SpanId.Empty)),
        (4, Gen.ULong[1, ulong.MaxValue].Select(v => new SpanId(v))));

    public static readonly Gen<AnyValue> AnyValueGen = Gen.Recursive<AnyValue>((depth, self) =>
    {
        var scalar = Gen.OneOf(
            Gen.Const(AnyValue.Empty),
            Text.Select(AnyValue.String),
            Gen.Bool.Select(AnyValue.Bool),
            Gen.Frequency((1, Gen.Long), (1, Gen.Long[-5, 5])).Select(AnyValue.Int),
            Double.Select(AnyValue.Double),
            Gen.Byte.Array[0, 12].Select(AnyValue.Bytes));
        if (depth >= 3)
        {
            return scalar;
        }
        var keyValue = Gen.Select(Name, self, (k, v) => new KeyValue(k, v));
        return Gen.Frequency(
            (6, scalar),
            (1, self.Array[0, 3].Select(AnyValue.Array)),
            (1, keyValue.Array[0, 3].Select(AnyValue.KeyValueList)));
    });

    public static readonly Gen<KeyValue[]> Attributes =
        Gen.Select(Name, AnyValueGen, (k, v) => new KeyValue(k, v)).Array[0, 4];

    public static readonly Gen<Resource> ResourceGen = Gen.Select(Attributes, Count32,
        (attributes, dropped) => new Resource { Attributes = attributes, DroppedAttributesCount = dropped });

    public static readonly Gen<InstrumentationScope> ScopeGen = Gen.Select(Name, Name, Attributes, Count32,
        (name, version, attributes, dropped) => new InstrumentationScope
        {
            Name = name,
            Version = version,
            Attributes = attributes,
            DroppedAttributesCount = dropped,
        });

    private static Gen<T> Enum<T>(int min, int max) where T : struct, System.Enum =>
        Gen.Frequency((8, Gen.Int[min, max]), (1, Gen.OneOf(-1, 42, int.MaxValue, int.MinValue)))
            .Select(i => (T)(object)i);

    // ---- traces ----

    public static readonly Gen<SpanEvent> EventGen = Gen.Select(Time, Name, Attributes, Count32,
        (time, name, attributes, dropped) => new SpanEvent
        {
            TimeUnixNano = time,
            Name = name,
            Attributes = attributes,
            DroppedAttributesCount = dropped,
        });

    public static readonly Gen<SpanLink> LinkGen = Gen.Select(TraceIdGen, SpanIdGen, Text, Attributes, Count32, Gen.UInt,
        (traceId, spanId, state, attributes, dropped, flags) => new SpanLink
        {
            TraceId = traceId,
            SpanId = spanId,
            TraceState = state,
            Attributes = attributes,
            DroppedAttributesCount = dropped,
            Flags = flags,
        });

    public static readonly Gen<SpanStatus> StatusGen = Gen.Frequency(
        (2, Gen.Const(new SpanStatus(string.Empty, StatusCode.Unset))),
        (1, Gen.Select(Text, Enum<StatusCode>(0, 2), (m, c) => new SpanStatus(m, c))));

    public static readonly Gen<Span> SpanGen =
        from ids in Gen.Select(TraceIdGen, SpanIdGen, SpanIdGen)
        from texts in Gen.Select(Text, Name)
        from flags in Gen.Frequency((1, Gen.Const(0u)), (1, Gen.UInt))
        from kind in Enum<SpanKind>(0, 5)
        from times in Gen.Select(Time, Time)
        from attributes in Attributes
        from dropped in Gen.Select(Count32, Count32, Count32)
        from events in EventGen.Array[0, 2]
        from links in LinkGen.Array[0, 2]
        from status in StatusGen
        select new Span
        {
            TraceId = ids.Item1,
            SpanId = ids.Item2,
            ParentSpanId = ids.Item3,
            TraceState = texts.Item1,
            Name = texts.Item2,
            Flags = flags,
            Kind = kind,
            StartTimeUnixNano = times.Item1,
            EndTimeUnixNano = times.Item2,
            Attributes = attributes,
            DroppedAttributesCount = dropped.Item1,
            Events = events,
            DroppedEventsCount = dropped.Item2,
            Links = links,
            DroppedLinksCount = dropped.Item3,
            Status = status,
        };

    public static readonly Gen<TracesData> Traces =
        Gen.Select(ResourceGen,
                Gen.Select(ScopeGen, SpanGen.Array[0, 3], Name,
                    (scope, spans, url) => new ScopeSpans { Scope = scope, Spans = spans, SchemaUrl = url }).Array[0, 2],
                Name,
                (resource, scopes, url) => new ResourceSpans { Resource = resource, ScopeSpans = scopes, SchemaUrl = url })
            .Array[0, 2]
            .Select(rs => new TracesData { ResourceSpans = rs });

    // ---- logs ----

    public static readonly Gen<LogRecord> LogRecordGen =
        from times in Gen.Select(Time, Time)
        from severity in Enum<SeverityNumber>(0, 24)
        from texts in Gen.Select(Name, Name)
        from body in Gen.Frequency((1, AnyValueGen), (2, Text.Select(AnyValue.String)))
        from attributes in Attributes
        from dropped in Count32
        from flags in Gen.Frequency((1, Gen.Const(0u)), (1, Gen.UInt))
        from ids in Gen.Select(TraceIdGen, SpanIdGen)
        select new LogRecord
        {
            TimeUnixNano = times.Item1,
            ObservedTimeUnixNano = times.Item2,
            SeverityNumber = severity,
            SeverityText = texts.Item1,
            EventName = texts.Item2,
            Body = body,
            Attributes = attributes,
            DroppedAttributesCount = dropped,
            Flags = flags,
            TraceId = ids.Item1,
            SpanId = ids.Item2,
        };

    public static readonly Gen<LogsData> Logs =
        Gen.Select(ResourceGen,
                Gen.Select(ScopeGen, LogRecordGen.Array[0, 3], Name,
                    (scope, records, url) => new ScopeLogs { Scope = scope, LogRecords = records, SchemaUrl = url }).Array[0, 2],
                Name,
                (resource, scopes, url) => new ResourceLogs { Resource = resource, ScopeLogs = scopes, SchemaUrl = url })
            .Array[0, 2]
            .Select(rl => new LogsData { ResourceLogs = rl });

    // ---- metrics ----

    public static readonly Gen<NumberValue> NumberValueGen = Gen.Frequency(
        (1, Double.Select(NumberValue.FromDouble)),
        (1, Gen.Frequency((1, Gen.Long), (1, Gen.Long[-3, 3])).Select(NumberValue.FromInt)));

    public static readonly Gen<DataPointFlags> FlagsGen =
        Gen.Frequency((3, Gen.Const(DataPointFlags.None)), (1, Gen.Const(DataPointFlags.NoRecordedValue)), (1, Gen.UInt.Select(u => (DataPointFlags)u)));

    public static readonly Gen<Exemplar> ExemplarGen = Gen.Select(Attributes, Time, NumberValueGen, SpanIdGen, TraceIdGen,
        (attributes, time, value, spanId, traceId) => new Exemplar
        {
            FilteredAttributes = attributes,
            TimeUnixNano = time,
            Value = value,
            SpanId = spanId,
            TraceId = traceId,
        });

    public static readonly Gen<NumberDataPoint> NumberPointGen = Gen.Select(Attributes, Time, Time, NumberValueGen, ExemplarGen.Array[0, 2], FlagsGen,
        (attributes, start, time, value, exemplars, flags) => new NumberDataPoint
        {
            Attributes = attributes,
            StartTimeUnixNano = start,
            TimeUnixNano = time,
            Value = value,
            Exemplars = exemplars,
            Flags = flags,
        });

    public static readonly Gen<HistogramDataPoint> HistogramPointGen =
        from attributes in Attributes
        from times in Gen.Select(Time, Time)
        from count in Count64
        from sums in Gen.Select(OptionalDouble, OptionalDouble, OptionalDouble)
        from buckets in Count64.Array[0, 5]
        from bounds in Double.Array[0, 4]
        from exemplars in ExemplarGen.Array[0, 2]
        from flags in FlagsGen
        select new HistogramDataPoint
        {
            Attributes = attributes,
            StartTimeUnixNano = times.Item1,
            TimeUnixNano = times.Item2,
            Count = count,
            Sum = sums.Item1,
            Min = sums.Item2,
            Max = sums.Item3,
            BucketCounts = buckets,
            ExplicitBounds = bounds,
            Exemplars = exemplars,
            Flags = flags,
        };

    public static readonly Gen<ExponentialBuckets> BucketsGen = Gen.Frequency(
        (1, Gen.Const(() => new ExponentialBuckets())),
        (3, Gen.Select(Gen.Frequency((1, Gen.Int[-20, 20]), (1, Gen.Int)), Count64.Array[0, 5],
            (offset, counts) => new ExponentialBuckets { Offset = offset, BucketCounts = counts })));

    public static readonly Gen<ExponentialHistogramDataPoint> ExponentialPointGen =
        from attributes in Attributes
        from times in Gen.Select(Time, Time)
        from counts in Gen.Select(Count64, Count64)
        from sums in Gen.Select(OptionalDouble, OptionalDouble, OptionalDouble)
        from scale in Gen.Frequency((3, Gen.Int[-10, 20]), (1, Gen.Int))
        from buckets in Gen.Select(BucketsGen, BucketsGen)
        from flags in FlagsGen
        from exemplars in ExemplarGen.Array[0, 2]
        from zeroThreshold in Gen.Frequency((1, Gen.Const(0.0)), (1, Double))
        select new ExponentialHistogramDataPoint
        {
            Attributes = attributes,
            StartTimeUnixNano = times.Item1,
            TimeUnixNano = times.Item2,
            Count = counts.Item1,
            ZeroCount = counts.Item2,
            Sum = sums.Item1,
            Min = sums.Item2,
            Max = sums.Item3,
            Scale = scale,
            Positive = buckets.Item1,
            Negative = buckets.Item2,
            Flags = flags,
            Exemplars = exemplars,
            ZeroThreshold = zeroThreshold,
        };

    public static readonly Gen<SummaryDataPoint> SummaryPointGen =
        from attributes in Attributes
        from times in Gen.Select(Time, Time)
        from count in Count64
        from sum in Gen.Frequency((1, Gen.Const(0.0)), (2, Double))
        from quantiles in Gen.Select(Double, Double, (q, v) => new QuantileValue(q, v)).Array[0, 3]
        from flags in FlagsGen
        select new SummaryDataPoint
        {
            Attributes = attributes,
            StartTimeUnixNano = times.Item1,
            TimeUnixNano = times.Item2,
            Count = count,
            Sum = sum,
            QuantileValues = quantiles,
            Flags = flags,
        };

    public static readonly Gen<Metric> MetricGen =
        from texts in Gen.Select(Name, Text, Name)
        from type in Gen.OneOf(MetricType.Empty, MetricType.Gauge, MetricType.Sum, MetricType.Histogram, MetricType.ExponentialHistogram, MetricType.Summary)
        from temporality in Enum<AggregationTemporality>(0, 2)
        from monotonic in Gen.Bool
        from numbers in NumberPointGen.Array[0, 3]
        from histograms in HistogramPointGen.Array[0, 2]
        from exponentials in ExponentialPointGen.Array[0, 2]
        from summaries in SummaryPointGen.Array[0, 2]
        from metadata in Gen.Frequency((3, Gen.Const<KeyValue[]>([])), (1, Attributes))
        select new Metric
        {
            Name = texts.Item1,
            Description = texts.Item2,
            Unit = texts.Item3,
            Type = type,
            // Temporality and monotonicity only exist on the kinds that carry them.
            AggregationTemporality = type is MetricType.Sum or MetricType.Histogram or MetricType.ExponentialHistogram ? temporality : default,
            IsMonotonic = type == MetricType.Sum && monotonic,
            NumberPoints = type is MetricType.Gauge or MetricType.Sum ? numbers : [],
            HistogramPoints = type == MetricType.Histogram ? histograms : [],
            ExponentialHistogramPoints = type == MetricType.ExponentialHistogram ? exponentials : [],
            SummaryPoints = type == MetricType.Summary ? summaries : [],
            Metadata = metadata,
        };

    public static readonly Gen<MetricsData> Metrics =
        Gen.Select(ResourceGen,
                Gen.Select(ScopeGen, MetricGen.Array[0, 3], Name,
                    (scope, metrics, url) => new ScopeMetrics { Scope = scope, Metrics = metrics, SchemaUrl = url }).Array[0, 2],
                Name,
                (resource, scopes, url) => new ResourceMetrics { Resource = resource, ScopeMetrics = scopes, SchemaUrl = url })
            .Array[0, 2]
            .Select(rm => new MetricsData { ResourceMetrics = rm });
}
