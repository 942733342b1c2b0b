using CsCheck;
using Google.Protobuf;
using Vigil.Otlp.Json;
using Vigil.Otlp.Model;
using Vigil.Otlp.Tests.Support;
using RL = Vigil.Otlp.Reference.Logs;
using RM = Vigil.Otlp.Reference.Metrics;
using RT = Vigil.Otlp.Reference.Trace;

namespace Vigil.Otlp.Tests.Json;

/// <summary>
/// Random model -> OtlpJsonEncoder -> OtlpJsonDecoder -> the same model; and a cross-check with
/// Google.Protobuf's proto3 JSON parser/formatter on models without ids (it writes ids as base64, OTLP as hex).
/// </summary>
public sealed class JsonRoundTripTests
{
    private const int Iterations = 300;

    private static readonly JsonParser ReferenceParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    [Fact]
    public void Traces_round_trip() =>
        ModelGenerators.Traces.Sample(data =>
            ModelAssert.Equal(data, OtlpJsonDecoder.DecodeTraces(OtlpJsonEncoder.EncodeTraces(data))), iter: Iterations);

    [Fact]
    public void Logs_round_trip() =>
        ModelGenerators.Logs.Sample(data =>
            ModelAssert.Equal(data, OtlpJsonDecoder.DecodeLogs(OtlpJsonEncoder.EncodeLogs(data))), iter: Iterations);

    [Fact]
    public void Metrics_round_trip() =>
        ModelGenerators.Metrics.Sample(data =>
            ModelAssert.Equal(data, OtlpJsonDecoder.DecodeMetrics(OtlpJsonEncoder.EncodeMetrics(data))), iter: Iterations);

    [Fact]
    public void Writer_overload_writes_the_same_document()
    {
        ModelGenerators.Logs.Sample(data =>
        {
            using var stream = new MemoryStream();
            using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
            {
                OtlpJsonEncoder.WriteLogs(writer, data);
            }
            ModelAssert.Equal(data, OtlpJsonDecoder.DecodeLogs(stream.ToArray()));
        }, iter: 50);
    }

    // ---- Google.Protobuf's proto3 JSON as an independent reference (ids removed) ----

    [Fact]
    public void Our_trace_json_parses_with_the_reference_parser() =>
        ModelGenerators.Traces.Select(WithoutIds).Sample(data =>
            Assert.Equal(ReferenceModel.ToReference(data),
                ReferenceParser.Parse<RT.ExportTraceServiceRequest>(Utf8(OtlpJsonEncoder.EncodeTraces(data)))), iter: 200);

    [Fact]
    public void Our_log_json_parses_with_the_reference_parser() =>
        ModelGenerators.Logs.Select(WithoutIds).Sample(data =>
            Assert.Equal(ReferenceModel.ToReference(data),
                ReferenceParser.Parse<RL.ExportLogsServiceRequest>(Utf8(OtlpJsonEncoder.EncodeLogs(data)))), iter: 200);

    [Fact]
    public void Our_metric_json_parses_with_the_reference_parser() =>
        ModelGenerators.Metrics.Select(WithoutIds).Sample(data =>
            Assert.Equal(ReferenceModel.ToReference(data),
                ReferenceParser.Parse<RM.ExportMetricsServiceRequest>(Utf8(OtlpJsonEncoder.EncodeMetrics(data)))), iter: 200);

    [Fact]
    public void Reference_trace_json_decodes_to_the_model() =>
        ModelGenerators.Traces.Select(WithoutIds).Sample(data =>
            ModelAssert.Equal(data, OtlpJsonDecoder.DecodeTraces(ReferenceJson(ReferenceModel.ToReference(data)))), iter: 200);

    [Fact]
    public void Reference_log_json_decodes_to_the_model() =>
        ModelGenerators.Logs.Select(WithoutIds).Sample(data =>
            ModelAssert.Equal(data, OtlpJsonDecoder.DecodeLogs(ReferenceJson(ReferenceModel.ToReference(data)))), iter: 200);

    [Fact]
    public void Reference_metric_json_decodes_to_the_model() =>
        ModelGenerators.Metrics.Select(WithoutIds).Select(ReferenceModel.WithoutNegativeZeros).Sample(data =>
            ModelAssert.Equal(data, OtlpJsonDecoder.DecodeMetrics(ReferenceJson(ReferenceModel.ToReference(data)))), iter: 200);

    private static string Utf8(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    private static byte[] ReferenceJson(IMessage message) => System.Text.Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(message));

    private static TracesData WithoutIds(TracesData data)
    {
        foreach (var span in data.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
        {
            span.TraceId = default;
            span.SpanId = default;
            span.ParentSpanId = default;
            foreach (var link in span.Links)
            {
                link.TraceId = default;
                link.SpanId = default;
            }
        }
        return data;
    }

    private static LogsData WithoutIds(LogsData data)
    {
        foreach (var record in data.ResourceLogs.SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords))
        {
            record.TraceId = default;
            record.SpanId = default;
        }
        return data;
    }

    private static MetricsData WithoutIds(MetricsData data)
    {
        foreach (var metric in data.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics))
        {
            var exemplars = metric.NumberPoints.SelectMany(p => p.Exemplars)
                .Concat(metric.HistogramPoints.SelectMany(p => p.Exemplars))
                .Concat(metric.ExponentialHistogramPoints.SelectMany(p => p.Exemplars));
            foreach (var exemplar in exemplars)
            {
                exemplar.TraceId = default;
                exemplar.SpanId = default;
            }
        }
        return data;
    }
}
