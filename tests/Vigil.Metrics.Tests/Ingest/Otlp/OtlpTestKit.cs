using Vigil.Metrics.Ingest.Otlp;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;
using Vigil.Otlp.Model;
using OtlpMetricType = Vigil.Otlp.Model.MetricType;

namespace Vigil.Metrics.Tests.Ingest.Otlp;

/// <summary>A clock tests move by hand.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>The head as an <see cref="IAppendable"/> (the TSDB will be one; the head alone is not).</summary>
internal sealed class HeadAppendable(Head head) : IAppendable
{
    public IAppender Appender() => head.Appender();
}

/// <summary>Builders for OTLP requests and readers for what landed in a head.</summary>
internal static class OtlpTestKit
{
    /// <summary>2026-01-01T00:00:00Z, the clock every test starts at.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly long T0Ms = T0.ToUnixTimeMilliseconds();

    public static ulong Ns(long ms) => (ulong)ms * 1_000_000UL;

    public static KeyValue S(string key, string value) => new(key, AnyValue.String(value));

    public static KeyValue[] Service(string name, string? ns = null, string? instance = null, params KeyValue[] more)
    {
        var list = new List<KeyValue> { S("service.name", name) };
        if (ns is not null) list.Add(S("service.namespace", ns));
        if (instance is not null) list.Add(S("service.instance.id", instance));
        list.AddRange(more);
        return [.. list];
    }

    public static MetricsData Request(KeyValue[] resource, params Metric[] metrics) => new()
    {
        ResourceMetrics =
        [
            new ResourceMetrics
            {
                Resource = new Resource { Attributes = resource },
                ScopeMetrics = [new ScopeMetrics { Scope = new InstrumentationScope { Name = "test" }, Metrics = metrics }],
            },
        ],
    };

    public static NumberDataPoint Number(double value, long ms, params KeyValue[] attributes) => new()
    {
        Attributes = attributes,
        TimeUnixNano = Ns(ms),
        StartTimeUnixNano = Ns(T0Ms - 60_000),
        Value = NumberValue.FromDouble(value),
    };

    public static Metric Gauge(string name, string unit, params NumberDataPoint[] points) => new()
    {
        Name = name, Unit = unit, Description = name + " help", Type = OtlpMetricType.Gauge, NumberPoints = points,
    };

    public static Metric Sum(string name, string unit, bool monotonic, AggregationTemporality temporality, params NumberDataPoint[] points) => new()
    {
        Name = name, Unit = unit, Description = name + " help", Type = OtlpMetricType.Sum, IsMonotonic = monotonic,
        AggregationTemporality = temporality, NumberPoints = points,
    };

    public static Metric Counter(string name, string unit, params NumberDataPoint[] points) =>
        Sum(name, unit, true, AggregationTemporality.Cumulative, points);

    public static Metric Histogram(string name, string unit, AggregationTemporality temporality, params HistogramDataPoint[] points) => new()
    {
        Name = name, Unit = unit, Description = name + " help", Type = OtlpMetricType.Histogram,
        AggregationTemporality = temporality, HistogramPoints = points,
    };

    public static Metric Exponential(string name, string unit, AggregationTemporality temporality, params ExponentialHistogramDataPoint[] points) => new()
    {
        Name = name, Unit = unit, Description = name + " help", Type = OtlpMetricType.ExponentialHistogram,
        AggregationTemporality = temporality, ExponentialHistogramPoints = points,
    };

    public static (Head Head, IAppendable Store) NewHead()
    {
        var head = new Head(new HeadOptions());
        return (head, new HeadAppendable(head));
    }

    public static OtlpTranslator Translator(OtlpTranslationOptions? options = null, TimeProvider? time = null) =>
        new(options ?? new OtlpTranslationOptions(), time ?? new ManualTime(T0.AddMinutes(1)));

    /// <summary>Translates and commits whatever was accepted.</summary>
    public static OtlpWriteResult Write(OtlpTranslator translator, Head head, MetricsData data)
    {
        var appender = head.Appender();
        var result = translator.Translate(data, appender);
        appender.CommitAsync().AsTask().GetAwaiter().GetResult();
        return result;
    }

    /// <summary>Every series with samples in the head as its label string → samples.</summary>
    public static Dictionary<string, List<(long T, double V)>> Dump(Head head)
    {
        var result = new Dictionary<string, List<(long, double)>>(StringComparer.Ordinal);
        using var querier = new HeadQuerier(head, long.MinValue, long.MaxValue);
        foreach (var series in querier.Select(true, [Matcher.Create(MatcherType.Regex, Labels.MetricName, ".+")]))
        {
            var samples = new List<(long, double)>();
            var it = series.Iterator();
            while (it.Next() == ValueKind.Float) samples.Add((it.AtT(), it.AtF()));
            // A rolled-back append leaves its (empty) series in the index, as in Prometheus' head.
            if (samples.Count > 0) result[series.Labels.ToString()] = samples;
        }
        return result;
    }

    /// <summary>The single value of the series, failing when it is absent or has several samples.</summary>
    public static double Value(Dictionary<string, List<(long T, double V)>> dump, string labels)
    {
        Assert.True(dump.TryGetValue(labels, out var samples), $"series {labels} missing; have:\n{string.Join("\n", dump.Keys)}");
        Assert.Single(samples);
        return samples[0].V;
    }
}

/// <summary>An appender that keeps what it is given, for tests that look at translation output only.</summary>
internal sealed class RecordingAppender : IAppender
{
    public List<(Labels Labels, long T, double V)> Samples { get; } = [];

    public List<(Labels Labels, MetricMetadata Metadata)> Metadata { get; } = [];

    public AppendStatus Append(ref ulong seriesRef, Labels labels, long timestampMs, double value)
    {
        Samples.Add((labels, timestampMs, value));
        return AppendStatus.Ok;
    }

    public void UpdateMetadata(Labels labels, MetricMetadata metadata) => Metadata.Add((labels, metadata));

    public ValueTask CommitAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public void Rollback() => Samples.Clear();
}
