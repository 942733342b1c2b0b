using CsCheck;
using Vigil.Core.Wire;
using Vigil.Otlp.Model;
using Vigil.Otlp.Protobuf;
using Vigil.Otlp.Tests.Support;

namespace Vigil.Otlp.Tests.Protobuf;

/// <summary>Random model -> OtlpProtobufEncoder -> OtlpProtobufDecoder -> the same model.</summary>
public sealed class ProtobufRoundTripTests
{
    private const int Iterations = 300;

    [Fact]
    public void Traces_round_trip() =>
        ModelGenerators.Traces.Sample(data =>
            ModelAssert.Equal(data, OtlpProtobufDecoder.DecodeTraces(OtlpProtobufEncoder.EncodeTraces(data))), iter: Iterations);

    [Fact]
    public void Logs_round_trip() =>
        ModelGenerators.Logs.Sample(data =>
            ModelAssert.Equal(data, OtlpProtobufDecoder.DecodeLogs(OtlpProtobufEncoder.EncodeLogs(data))), iter: Iterations);

    [Fact]
    public void Metrics_round_trip() =>
        ModelGenerators.Metrics.Sample(data =>
            ModelAssert.Equal(data, OtlpProtobufDecoder.DecodeMetrics(OtlpProtobufEncoder.EncodeMetrics(data))), iter: Iterations);

    [Fact]
    public void Writer_overload_appends_the_same_bytes_as_Encode()
    {
        ModelGenerators.Traces.Sample(data =>
        {
            using var writer = new ProtoWriter(8);
            OtlpProtobufEncoder.WriteTraces(writer, data);
            Assert.Equal(OtlpProtobufEncoder.EncodeTraces(data), writer.ToArray());
        }, iter: 50);
    }

    [Fact]
    public void Empty_requests_encode_to_no_bytes()
    {
        Assert.Empty(OtlpProtobufEncoder.EncodeTraces(new TracesData()));
        Assert.Empty(OtlpProtobufEncoder.EncodeLogs(new LogsData()));
        Assert.Empty(OtlpProtobufEncoder.EncodeMetrics(new MetricsData()));
    }

    [Fact]
    public void Empty_any_value_is_written_as_an_empty_message_inside_the_key_value()
    {
        var data = new TracesData
        {
            ResourceSpans =
            [
                new ResourceSpans { Resource = new Resource { Attributes = [new KeyValue("k", AnyValue.Empty)] } },
            ],
        };
        // request.resource_spans(1) { resource(1) { attributes(1) { key(1) "k", value(2) {} } } }
        byte[] expected = [0x0A, 0x09, 0x0A, 0x07, 0x0A, 0x05, 0x0A, 0x01, (byte)'k', 0x12, 0x00];
        Assert.Equal(expected, OtlpProtobufEncoder.EncodeTraces(data));
    }

    [Fact]
    public void Oneof_and_optional_zeros_are_written()
    {
        var data = new MetricsData
        {
            ResourceMetrics =
            [
                new ResourceMetrics
                {
                    ScopeMetrics =
                    [
                        new ScopeMetrics
                        {
                            Metrics =
                            [
                                new Metric
                                {
                                    Type = MetricType.Histogram,
                                    HistogramPoints = [new HistogramDataPoint { Sum = 0, Min = 0, Max = 0 }],
                                },
                                new Metric
                                {
                                    Type = MetricType.Gauge,
                                    NumberPoints = [new NumberDataPoint { Value = NumberValue.FromInt(0) }],
                                },
                            ],
                        },
                    ],
                },
            ],
        };
        var decoded = OtlpProtobufDecoder.DecodeMetrics(OtlpProtobufEncoder.EncodeMetrics(data));
        var metrics = decoded.ResourceMetrics[0].ScopeMetrics[0].Metrics;
        Assert.Equal(0.0, metrics[0].HistogramPoints[0].Sum);
        Assert.Equal(0.0, metrics[0].HistogramPoints[0].Min);
        Assert.Equal(0.0, metrics[0].HistogramPoints[0].Max);
        Assert.True(metrics[1].NumberPoints[0].Value.IsInt);

        var reference = Vigil.Otlp.Reference.Metrics.ExportMetricsServiceRequest.Parser.ParseFrom(OtlpProtobufEncoder.EncodeMetrics(data));
        var point = reference.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Histogram.DataPoints[0];
        Assert.True(point.HasSum && point.HasMin && point.HasMax);
        Assert.Equal(
            Vigil.Otlp.Reference.Metrics.NumberDataPoint.ValueOneofCase.AsInt,
            reference.ResourceMetrics[0].ScopeMetrics[0].Metrics[1].Gauge.DataPoints[0].ValueCase);
    }

    [Fact]
    public void Large_nested_messages_get_multi_byte_lengths()
    {
        // Bodies over 127 and 16383 bytes make EndMessage move the body to fit a longer length prefix.
        string big = new('x', 20_000);
        var data = new LogsData
        {
            ResourceLogs =
            [
                new ResourceLogs
                {
                    ScopeLogs =
                    [
                        new ScopeLogs
                        {
                            LogRecords =
                            [
                                new LogRecord { Body = AnyValue.String(big) },
                                new LogRecord { Body = AnyValue.String(new string('y', 200)) },
                            ],
                        },
                    ],
                },
            ],
        };
        var bytes = OtlpProtobufEncoder.EncodeLogs(data);
        ModelAssert.Equal(data, OtlpProtobufDecoder.DecodeLogs(bytes));
        var reference = Vigil.Otlp.Reference.Logs.ExportLogsServiceRequest.Parser.ParseFrom(bytes);
        Assert.Equal(big, reference.ResourceLogs[0].ScopeLogs[0].LogRecords[0].Body.StringValue);
    }
}
