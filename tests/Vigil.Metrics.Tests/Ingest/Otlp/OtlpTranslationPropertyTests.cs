using CsCheck;
using Microsoft.AspNetCore.Http;
using Vigil.Metrics.Ingest.Otlp;
using Vigil.Metrics.Model;
using Vigil.Otlp.Model;
using static Vigil.Metrics.Tests.Ingest.Otlp.OtlpTestKit;
using ModelBuckets = Vigil.Otlp.Model.ExponentialBuckets;
using OtlpMetricType = Vigil.Otlp.Model.MetricType;

namespace Vigil.Metrics.Tests.Ingest.Otlp;

/// <summary>Random requests: translation never throws and escaping always yields legacy-valid names; the handler never throws on random bytes.</summary>
public class OtlpTranslationPropertyTests
{
    private static readonly Gen<string> Names = Gen.String[Gen.Char["a.b_c-9:é/ 😀_"], 0, 12];

    private static readonly Gen<KeyValue> Attributes =
        from key in Names
        from kind in Gen.Int[0, 4]
        from text in Gen.String[Gen.Char["ab\"\\\n;<"], 0, 6]
        from number in Gen.Double
        select new KeyValue(key, kind switch
        {
            0 => AnyValue.String(text),
            1 => AnyValue.Int((long)number),
            2 => AnyValue.Double(number),
            3 => AnyValue.Array([AnyValue.String(text), AnyValue.Double(number)]),
            _ => AnyValue.Bool(number > 0),
        });

    private static readonly Gen<Metric> Metrics =
        from name in Names
        from unit in Gen.OneOf("", "1", "s", "By/s", "{req}", "ms/{x}", "%", "weird unit/y")
        from type in Gen.OneOf(OtlpMetricType.Gauge, OtlpMetricType.Sum, OtlpMetricType.Histogram, OtlpMetricType.ExponentialHistogram, OtlpMetricType.Summary, OtlpMetricType.Empty)
        from temporality in Gen.OneOf(AggregationTemporality.Cumulative, AggregationTemporality.Delta, AggregationTemporality.Unspecified)
        from monotonic in Gen.Bool
        from attributes in Attributes.Array[0, 4]
        from value in Gen.Double
        from offsetMs in Gen.Long[-100_000, 100_000]
        from stale in Gen.Bool
        from scale in Gen.Int[-6, 12]
        from counts in Gen.ULong[0, 100].Array[0, 5]
        select Build(name, unit, type, temporality, monotonic, attributes, value, T0Ms + offsetMs, stale, scale, counts);

    private static Metric Build(string name, string unit, OtlpMetricType type, AggregationTemporality temporality, bool monotonic,
        KeyValue[] attributes, double value, long ms, bool stale, int scale, ulong[] counts)
    {
        var flags = stale ? DataPointFlags.NoRecordedValue : DataPointFlags.None;
        ulong total = counts.Aggregate(0UL, (a, b) => a + b);
        var metric = new Metric { Name = name, Unit = unit, Type = type, AggregationTemporality = temporality, IsMonotonic = monotonic };
        switch (type)
        {
            case OtlpMetricType.Gauge or OtlpMetricType.Sum:
                metric.NumberPoints = [new NumberDataPoint { Attributes = attributes, TimeUnixNano = Ns(ms), Value = NumberValue.FromDouble(value), Flags = flags }];
                break;
            case OtlpMetricType.Histogram:
                metric.HistogramPoints = [new HistogramDataPoint
                {
                    Attributes = attributes, TimeUnixNano = Ns(ms), Count = total, Sum = value, Flags = flags,
                    BucketCounts = counts, ExplicitBounds = counts.Select((_, i) => (double)i * value).Take(Math.Max(0, counts.Length - 1)).ToArray(),
                }];
                break;
            case OtlpMetricType.ExponentialHistogram:
                metric.ExponentialHistogramPoints = [new ExponentialHistogramDataPoint
                {
                    Attributes = attributes, TimeUnixNano = Ns(ms), Count = total * 2, Scale = scale, Flags = flags,
                    Positive = new ModelBuckets { Offset = (int)value % 50, BucketCounts = counts },
                    Negative = new ModelBuckets { Offset = -3, BucketCounts = counts },
                }];
                break;
            case OtlpMetricType.Summary:
                metric.SummaryPoints = [new SummaryDataPoint
                {
                    Attributes = attributes, TimeUnixNano = Ns(ms), Count = total, Sum = value, Flags = flags, QuantileValues = [new(0.5, value)],
                }];
                break;
        }
        return metric;
    }

    private static readonly Gen<MetricsData> Requests =
        from resource in Attributes.Array[0, 4]
        from service in Gen.Bool
        from metrics in Metrics.Array[0, 6]
        select Request(service ? [.. resource, S("service.name", "svc")] : resource, metrics);

    [Fact]
    public void Escaping_strategies_only_produce_legacy_valid_names()
    {
        var translator = Translator();
        Requests.Sample(data =>
        {
            var recorder = new RecordingAppender();
            var result = translator.Translate(data, recorder);
            Assert.Equal(recorder.Samples.Count, result.SamplesWritten);
            foreach (var (labels, _, _) in recorder.Samples)
            {
                Assert.Null(LabelValidation.Validate(labels));
                Assert.True(LabelValidation.IsLegacyMetricName(labels.Name), labels.Name);
                foreach (var label in labels.AsSpan())
                    Assert.True(LabelValidation.IsLegacyLabelName(label.Name), label.Name);
            }
        }, iter: 1000);
    }

    [Fact]
    public void Utf8_strategy_never_throws()
    {
        var translator = Translator(new OtlpTranslationOptions { TranslationStrategy = TranslationStrategy.NoUTF8EscapingWithSuffixes, PromoteScopeMetadata = true });
        Requests.Sample(data => { translator.Translate(data, new RecordingAppender()); }, iter: 1000);
    }

    [Fact]
    public void Handler_answers_random_bodies_without_throwing()
    {
        var (_, store) = NewHead();
        var handler = new OtlpWriteHandler(store, Translator(), maxBodyBytes: 4096);
        Gen.Byte.Array[0, 300].Select(Gen.Bool, Gen.Bool).Sample((body, json, gzip) =>
        {
            var context = new DefaultHttpContext();
            context.Request.Method = "POST";
            context.Request.ContentType = json ? "application/json" : "application/x-protobuf";
            if (gzip) context.Request.Headers.ContentEncoding = "gzip";
            context.Request.Body = new MemoryStream(body);
            context.Response.Body = new MemoryStream();
            handler.HandleAsync(context).GetAwaiter().GetResult();
            Assert.Contains(context.Response.StatusCode, new[] { 200, 400, 413, 500 });
        }, iter: 1000);
    }
}
