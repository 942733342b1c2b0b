using Vigil.Otlp.Json;
using Vigil.Otlp.Model;
using Vigil.Otlp.Protobuf;
using Vigil.Otlp.Tests.Support;
using RL = Vigil.Otlp.Reference.Logs;
using RM = Vigil.Otlp.Reference.Metrics;
using RT = Vigil.Otlp.Reference.Trace;

namespace Vigil.Otlp.Tests.Json;

/// <summary>The upstream OTLP/JSON examples (../shared/conformance/otlp) decode to the values they hold.</summary>
public sealed class JsonConformanceTests
{
    [Fact]
    public void All_four_files_are_there()
    {
        foreach (string name in ConformanceFiles.Names)
        {
            Assert.NotEmpty(ConformanceFiles.Read(name));
        }
    }

    private static void AssertEnvelope(Resource resource, InstrumentationScope scope)
    {
        var attribute = Assert.Single(resource.Attributes);
        Assert.Equal("service.name", attribute.Key);
        Assert.Equal(AnyValue.String("my.service"), attribute.Value);
        Assert.Equal("my.service", resource.ServiceName);
        Assert.Equal("my.library", scope.Name);
        Assert.Equal("1.0.0", scope.Version);
        var scopeAttribute = Assert.Single(scope.Attributes);
        Assert.Equal("my.scope.attribute", scopeAttribute.Key);
        Assert.Equal("some scope attribute", scopeAttribute.Value.StringValue);
    }

    [Fact]
    public void Trace_json()
    {
        var data = OtlpJsonDecoder.DecodeTraces(ConformanceFiles.Read("trace.json"));

        var rs = Assert.Single(data.ResourceSpans);
        var ss = Assert.Single(rs.ScopeSpans);
        AssertEnvelope(rs.Resource, ss.Scope);
        var span = Assert.Single(ss.Spans);
        Assert.Equal("5b8efff798038103d269b633813fc60c", span.TraceId.ToHex());
        Assert.Equal(new TraceId(0x5B8EFFF798038103, 0xD269B633813FC60C), span.TraceId);
        Assert.Equal("eee19b7ec3c1b174", span.SpanId.ToHex());
        Assert.Equal("eee19b7ec3c1b173", span.ParentSpanId.ToHex());
        Assert.Equal("I'm a server span", span.Name);
        Assert.Equal(SpanKind.Server, span.Kind);
        Assert.Equal(1544712660000000000UL, span.StartTimeUnixNano);
        Assert.Equal(1544712661000000000UL, span.EndTimeUnixNano);
        var attribute = Assert.Single(span.Attributes);
        Assert.Equal(new KeyValue("my.span.attr", AnyValue.String("some value")), attribute);
        Assert.Equal(StatusCode.Unset, span.Status.Code);
        Assert.Empty(span.Events);
        Assert.Empty(span.Links);
        Assert.Equal(0u, span.Flags);
        Assert.Equal(1, data.SpanCount);
    }

    [Fact]
    public void Logs_json()
    {
        var data = OtlpJsonDecoder.DecodeLogs(ConformanceFiles.Read("logs.json"));

        var rl = Assert.Single(data.ResourceLogs);
        var sl = Assert.Single(rl.ScopeLogs);
        AssertEnvelope(rl.Resource, sl.Scope);
        var record = Assert.Single(sl.LogRecords);
        Assert.Equal(1544712660300000000UL, record.TimeUnixNano);
        Assert.Equal(1544712660300000000UL, record.ObservedTimeUnixNano);
        Assert.Equal(10, (int)record.SeverityNumber);
        Assert.Equal("Information", record.SeverityText);
        Assert.Equal("5b8efff798038103d269b633813fc60c", record.TraceId.ToHex());
        Assert.Equal("eee19b7ec3c1b174", record.SpanId.ToHex());
        Assert.Equal(AnyValue.String("Example log record"), record.Body);
        Assert.Equal(string.Empty, record.EventName);

        var a = record.Attributes;
        Assert.Equal(6, a.Length);
        Assert.Equal(new KeyValue("string.attribute", AnyValue.String("some string")), a[0]);
        Assert.Equal(new KeyValue("boolean.attribute", AnyValue.Bool(true)), a[1]);
        Assert.Equal(new KeyValue("int.attribute", AnyValue.Int(10)), a[2]);
        Assert.Equal(new KeyValue("double.attribute", AnyValue.Double(637.704)), a[3]);
        Assert.Equal("array.attribute", a[4].Key);
        Assert.Equal(AnyValueKind.Array, a[4].Value.Kind);
        Assert.Equal([AnyValue.String("many"), AnyValue.String("values")], a[4].Value.ArrayValue);
        Assert.Equal("map.attribute", a[5].Key);
        Assert.Equal(AnyValueKind.KeyValueList, a[5].Value.Kind);
        Assert.Equal([new KeyValue("some.map.key", AnyValue.String("some value"))], a[5].Value.KeyValueListValue);
    }

    [Fact]
    public void Events_json()
    {
        var data = OtlpJsonDecoder.DecodeLogs(ConformanceFiles.Read("events.json"));

        var rl = Assert.Single(data.ResourceLogs);
        var sl = Assert.Single(rl.ScopeLogs);
        AssertEnvelope(rl.Resource, sl.Scope);
        var record = Assert.Single(sl.LogRecords);
        Assert.Equal("browser.page_view", record.EventName);
        Assert.Equal(SeverityNumber.Info, record.SeverityNumber);
        Assert.Equal("test severity text", record.SeverityText);
        Assert.Equal(1544712660300000000UL, record.TimeUnixNano);
        Assert.Equal(1544712660300000000UL, record.ObservedTimeUnixNano);
        Assert.True(record.TraceId.IsEmpty);
        Assert.True(record.SpanId.IsEmpty);
        Assert.Equal([new KeyValue("event.attribute", AnyValue.String("some event attribute"))], record.Attributes);
        Assert.Equal(AnyValueKind.KeyValueList, record.Body.Kind);
        Assert.Equal(
            [
                new KeyValue("type", AnyValue.Int(0)),
                new KeyValue("url", AnyValue.String("https://www.guidgenerator.com/online-guid-generator.aspx")),
                new KeyValue("referrer", AnyValue.String("https://wwww.google.com")),
                new KeyValue("title", AnyValue.String("Free Online GUID Generator")),
            ],
            record.Body.KeyValueListValue);
    }

    [Fact]
    public void Metrics_json()
    {
        var data = OtlpJsonDecoder.DecodeMetrics(ConformanceFiles.Read("metrics.json"));

        var rm = Assert.Single(data.ResourceMetrics);
        var sm = Assert.Single(rm.ScopeMetrics);
        AssertEnvelope(rm.Resource, sm.Scope);
        Assert.Equal(4, sm.Metrics.Length);
        Assert.Equal(4, data.DataPointCount);
        const ulong Time = 1544712660300000000UL;

        var counter = sm.Metrics[0];
        Assert.Equal("my.counter", counter.Name);
        Assert.Equal("1", counter.Unit);
        Assert.Equal("I am a Counter", counter.Description);
        Assert.Equal(MetricType.Sum, counter.Type);
        Assert.Equal(AggregationTemporality.Delta, counter.AggregationTemporality);
        Assert.True(counter.IsMonotonic);
        var sumPoint = Assert.Single(counter.NumberPoints);
        Assert.Equal(NumberValue.FromDouble(5), sumPoint.Value);
        Assert.Equal(Time, sumPoint.StartTimeUnixNano);
        Assert.Equal(Time, sumPoint.TimeUnixNano);
        Assert.Equal([new KeyValue("my.counter.attr", AnyValue.String("some value"))], sumPoint.Attributes);

        var gauge = sm.Metrics[1];
        Assert.Equal("my.gauge", gauge.Name);
        Assert.Equal("I am a Gauge", gauge.Description);
        Assert.Equal(MetricType.Gauge, gauge.Type);
        Assert.Equal(AggregationTemporality.Unspecified, gauge.AggregationTemporality);
        var gaugePoint = Assert.Single(gauge.NumberPoints);
        Assert.Equal(NumberValue.FromDouble(10), gaugePoint.Value);
        Assert.Equal(0UL, gaugePoint.StartTimeUnixNano);
        Assert.Equal(Time, gaugePoint.TimeUnixNano);
        Assert.Equal("my.gauge.attr", Assert.Single(gaugePoint.Attributes).Key);

        var histogram = sm.Metrics[2];
        Assert.Equal("my.histogram", histogram.Name);
        Assert.Equal(MetricType.Histogram, histogram.Type);
        Assert.Equal(AggregationTemporality.Delta, histogram.AggregationTemporality);
        var h = Assert.Single(histogram.HistogramPoints);
        Assert.Equal(2UL, h.Count);
        Assert.Equal(2.0, h.Sum);
        Assert.Equal([1UL, 1UL], h.BucketCounts);
        Assert.Equal([1.0], h.ExplicitBounds);
        Assert.Equal(0.0, h.Min);
        Assert.Equal(2.0, h.Max);
        Assert.Equal(Time, h.StartTimeUnixNano);
        Assert.Equal("my.histogram.attr", Assert.Single(h.Attributes).Key);

        var exponential = sm.Metrics[3];
        Assert.Equal("my.exponential.histogram", exponential.Name);
        Assert.Equal("I am an Exponential Histogram", exponential.Description);
        Assert.Equal(MetricType.ExponentialHistogram, exponential.Type);
        Assert.Equal(AggregationTemporality.Delta, exponential.AggregationTemporality);
        var e = Assert.Single(exponential.ExponentialHistogramPoints);
        Assert.Equal(3UL, e.Count);
        Assert.Equal(10.0, e.Sum);
        Assert.Equal(0, e.Scale);
        Assert.Equal(1UL, e.ZeroCount);
        Assert.Equal(0.0, e.ZeroThreshold);
        Assert.Equal(1, e.Positive.Offset);
        Assert.Equal([0UL, 2UL], e.Positive.BucketCounts);
        Assert.Equal(0, e.Negative.Offset);
        Assert.Empty(e.Negative.BucketCounts);
        Assert.Equal(0.0, e.Min);
        Assert.Equal(5.0, e.Max);
        Assert.Equal("my.exponential.histogram.attr", Assert.Single(e.Attributes).Key);
    }

    [Fact]
    public void Files_survive_json_and_protobuf_re_encoding()
    {
        var traces = OtlpJsonDecoder.DecodeTraces(ConformanceFiles.Read("trace.json"));
        ModelAssert.Equal(traces, OtlpJsonDecoder.DecodeTraces(OtlpJsonEncoder.EncodeTraces(traces)));
        ModelAssert.Equal(traces, OtlpProtobufDecoder.DecodeTraces(OtlpProtobufEncoder.EncodeTraces(traces)));
        var span = RT.ExportTraceServiceRequest.Parser.ParseFrom(OtlpProtobufEncoder.EncodeTraces(traces)).ResourceSpans[0].ScopeSpans[0].Spans[0];
        Assert.Equal(Convert.FromHexString("5B8EFFF798038103D269B633813FC60C"), span.TraceId.ToByteArray());
        Assert.Equal(2, span.Kind);

        foreach (string name in (string[])["logs.json", "events.json"])
        {
            var logs = OtlpJsonDecoder.DecodeLogs(ConformanceFiles.Read(name));
            ModelAssert.Equal(logs, OtlpJsonDecoder.DecodeLogs(OtlpJsonEncoder.EncodeLogs(logs)));
            ModelAssert.Equal(logs, OtlpProtobufDecoder.DecodeLogs(OtlpProtobufEncoder.EncodeLogs(logs)));
            Assert.Equal(ReferenceModel.ToReference(logs), RL.ExportLogsServiceRequest.Parser.ParseFrom(OtlpProtobufEncoder.EncodeLogs(logs)));
        }

        var metrics = OtlpJsonDecoder.DecodeMetrics(ConformanceFiles.Read("metrics.json"));
        ModelAssert.Equal(metrics, OtlpJsonDecoder.DecodeMetrics(OtlpJsonEncoder.EncodeMetrics(metrics)));
        ModelAssert.Equal(metrics, OtlpProtobufDecoder.DecodeMetrics(OtlpProtobufEncoder.EncodeMetrics(metrics)));
        var reference = RM.ExportMetricsServiceRequest.Parser.ParseFrom(OtlpProtobufEncoder.EncodeMetrics(metrics));
        var point = reference.ResourceMetrics[0].ScopeMetrics[0].Metrics[3].ExponentialHistogram.DataPoints[0];
        Assert.Equal([0UL, 2UL], point.Positive.BucketCounts);
        Assert.True(point.HasMin);
        Assert.Equal(0.0, point.Min);
    }
}
