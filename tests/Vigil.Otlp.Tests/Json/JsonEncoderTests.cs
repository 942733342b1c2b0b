using System.Text;
using Vigil.Otlp.Json;
using Vigil.Otlp.Model;

namespace Vigil.Otlp.Tests.Json;

/// <summary>The exact OTLP/JSON the encoder writes: hex ids, string int64s, int enums, omitted defaults.</summary>
public sealed class JsonEncoderTests
{
    [Fact]
    public void Span_is_written_in_otlp_json_form()
    {
        var data = new TracesData
        {
            ResourceSpans =
            [
                new ResourceSpans
                {
                    Resource = new Resource { Attributes = [new KeyValue("service.name", AnyValue.String("greenhouse-app"))] },
                    ScopeSpans =
                    [
                        new ScopeSpans
                        {
                            Scope = new InstrumentationScope { Name = "vigil.example", Version = "0.1" },
                            Spans =
                            [
                                new Span
                                {
                                    TraceId = TraceId.FromBytes(Convert.FromHexString("0AF7651916CD43DD8448EB211C80319C")),
                                    SpanId = SpanId.FromBytes(Convert.FromHexString("B7AD6B7169203331")),
                                    Name = "GET /plants",
                                    Kind = SpanKind.Server,
                                    StartTimeUnixNano = 1717000000000000000,
                                    EndTimeUnixNano = 1717000000250000000,
                                    Status = new SpanStatus("", StatusCode.Ok),
                                    Attributes = [new KeyValue("http.response.status_code", AnyValue.Int(200))],
                                },
                            ],
                        },
                    ],
                },
            ],
        };

        string json = Encoding.UTF8.GetString(OtlpJsonEncoder.EncodeTraces(data));

        Assert.Equal(
            J("{'resourceSpans':[{'resource':{'attributes':[{'key':'service.name','value':{'stringValue':'greenhouse-app'}}]},") +
            J("'scopeSpans':[{'scope':{'name':'vigil.example','version':'0.1'},") +
            J("'spans':[{'traceId':'0af7651916cd43dd8448eb211c80319c','spanId':'b7ad6b7169203331',") +
            J("'name':'GET /plants','kind':2,'startTimeUnixNano':'1717000000000000000',") +
            J("'endTimeUnixNano':'1717000000250000000',") +
            J("'attributes':[{'key':'http.response.status_code','value':{'intValue':'200'}}],'status':{'code':1}}]}]}]}"),
            json);
    }

    [Fact]
    public void Any_values_of_every_kind()
    {
        var record = new LogRecord
        {
            Body = AnyValue.KeyValueList(
            [
                new KeyValue("s", AnyValue.String("")),
                new KeyValue("b", AnyValue.Bool(false)),
                new KeyValue("i", AnyValue.Int(0)),
                new KeyValue("d", AnyValue.Double(0)),
                new KeyValue("nan", AnyValue.Double(double.NaN)),
                new KeyValue("inf", AnyValue.Double(double.PositiveInfinity)),
                new KeyValue("-inf", AnyValue.Double(double.NegativeInfinity)),
                new KeyValue("y", AnyValue.Bytes([0xFF, 0x00, 0x10])),
                new KeyValue("a", AnyValue.Array([AnyValue.Empty, AnyValue.Array([])])),
                new KeyValue("e", AnyValue.Empty),
                new KeyValue("", AnyValue.KeyValueList([])),
            ]),
        };

        string json = Encoding.UTF8.GetString(OtlpJsonEncoder.EncodeLogs(Wrap(record)));

        Assert.Equal(
            J("{'resourceLogs':[{'scopeLogs':[{'logRecords':[{'body':{'kvlistValue':{'values':[") +
            J("{'key':'s','value':{'stringValue':''}},{'key':'b','value':{'boolValue':false}},") +
            J("{'key':'i','value':{'intValue':'0'}},{'key':'d','value':{'doubleValue':0}},") +
            J("{'key':'nan','value':{'doubleValue':'NaN'}},{'key':'inf','value':{'doubleValue':'Infinity'}},") +
            J("{'key':'-inf','value':{'doubleValue':'-Infinity'}},{'key':'y','value':{'bytesValue':'/wAQ'}},") +
            J("{'key':'a','value':{'arrayValue':{'values':[{},{'arrayValue':{}}]}}},{'key':'e','value':{}},") +
            J("{'value':{'kvlistValue':{}}}]}}}]}]}]}"),
            json);
    }

    [Fact]
    public void Log_record_fields_and_defaults()
    {
        var full = new LogRecord
        {
            TimeUnixNano = 1,
            ObservedTimeUnixNano = ulong.MaxValue,
            SeverityNumber = SeverityNumber.Warn,
            SeverityText = "WARN",
            Flags = 1,
            TraceId = new TraceId(0, 1),
            SpanId = new SpanId(0xABCDEF),
            EventName = "e",
            DroppedAttributesCount = 2,
        };
        Assert.Equal(
            J("{'resourceLogs':[{'scopeLogs':[{'logRecords':[{'timeUnixNano':'1','observedTimeUnixNano':'18446744073709551615',") +
            J("'severityNumber':13,'severityText':'WARN','droppedAttributesCount':2,'flags':1,") +
            J("'traceId':'00000000000000000000000000000001','spanId':'0000000000abcdef','eventName':'e'}]}]}]}"),
            Encoding.UTF8.GetString(OtlpJsonEncoder.EncodeLogs(Wrap(full))));

        // Everything at its default: an empty object, like proto3 JSON.
        Assert.Equal(
            J("{'resourceLogs':[{'scopeLogs':[{'logRecords':[{}]}]}]}"),
            Encoding.UTF8.GetString(OtlpJsonEncoder.EncodeLogs(Wrap(new LogRecord()))));
    }

    [Fact]
    public void Metric_points_keep_oneofs_and_optionals()
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
                                    Name = "g",
                                    Type = MetricType.Gauge,
                                    NumberPoints =
                                    [
                                        new NumberDataPoint { Value = NumberValue.FromDouble(0) },
                                        new NumberDataPoint { Value = NumberValue.FromInt(-5), Flags = DataPointFlags.NoRecordedValue },
                                    ],
                                },
                                new Metric
                                {
                                    Name = "h",
                                    Type = MetricType.Histogram,
                                    AggregationTemporality = AggregationTemporality.Cumulative,
                                    HistogramPoints =
                                    [
                                        new HistogramDataPoint
                                        {
                                            Count = 3, Sum = 0, BucketCounts = [1, 2], ExplicitBounds = [0.5], Max = double.NaN,
                                            Exemplars = [new Exemplar { Value = NumberValue.FromInt(7), TraceId = new TraceId(1, 2) }],
                                        },
                                    ],
                                },
                                new Metric
                                {
                                    Name = "e",
                                    Type = MetricType.ExponentialHistogram,
                                    ExponentialHistogramPoints =
                                    [
                                        new ExponentialHistogramDataPoint
                                        {
                                            Scale = -1, ZeroCount = 1, ZeroThreshold = 1e-9,
                                            Positive = new ExponentialBuckets { Offset = -2, BucketCounts = [0, 4] },
                                        },
                                    ],
                                },
                                new Metric
                                {
                                    Name = "s",
                                    Type = MetricType.Summary,
                                    SummaryPoints = [new SummaryDataPoint { Count = 1, Sum = 2.5, QuantileValues = [new QuantileValue(0, 1), new QuantileValue(1, 0)] }],
                                },
                                new Metric { Name = "c", Type = MetricType.Sum, IsMonotonic = true, AggregationTemporality = AggregationTemporality.Delta },
                            ],
                        },
                    ],
                },
            ],
        };

        string json = Encoding.UTF8.GetString(OtlpJsonEncoder.EncodeMetrics(data));

        Assert.Equal(
            J("{'resourceMetrics':[{'scopeMetrics':[{'metrics':[") +
            J("{'name':'g','gauge':{'dataPoints':[{'asDouble':0},{'asInt':'-5','flags':1}]}},") +
            J("{'name':'h','histogram':{'dataPoints':[{'count':'3','sum':0,'bucketCounts':['1','2'],'explicitBounds':[0.5],") +
            J("'exemplars':[{'asInt':'7','traceId':'00000000000000010000000000000002'}],'max':'NaN'}],'aggregationTemporality':2}},") +
            J("{'name':'e','exponentialHistogram':{'dataPoints':[{'scale':-1,'zeroCount':'1',") +
            J("'positive':{'offset':-2,'bucketCounts':['0','4']},'zeroThreshold':1E-09}]}},") +
            J("{'name':'s','summary':{'dataPoints':[{'count':'1','sum':2.5,'quantileValues':[{'value':1},{'quantile':1}]}]}},") +
            J("{'name':'c','sum':{'aggregationTemporality':1,'isMonotonic':true}}]}]}]}"),
            json);
    }

    [Fact]
    public void Empty_requests_are_empty_objects()
    {
        Assert.Equal("{}", Encoding.UTF8.GetString(OtlpJsonEncoder.EncodeTraces(new TracesData())));
        Assert.Equal("{}", Encoding.UTF8.GetString(OtlpJsonEncoder.EncodeLogs(new LogsData())));
        Assert.Equal("{}", Encoding.UTF8.GetString(OtlpJsonEncoder.EncodeMetrics(new MetricsData())));
    }

    [Fact]
    public void Non_ascii_text_is_written_as_utf8()
    {
        var record = new LogRecord { Body = AnyValue.String("température 中文 \"q\"") };
        string json = Encoding.UTF8.GetString(OtlpJsonEncoder.EncodeLogs(Wrap(record)));
        Assert.Contains("\"stringValue\":\"température 中文 \\\"q\\\"\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Lone_surrogates_become_replacement_characters_as_in_protobuf()
    {
        var record = new LogRecord { Body = AnyValue.String("a\ud800b"), SeverityText = "\udc00" };
        var json = OtlpJsonDecoder.DecodeLogs(OtlpJsonEncoder.EncodeLogs(Wrap(record))).ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        var proto = Vigil.Otlp.Protobuf.OtlpProtobufDecoder.DecodeLogs(Vigil.Otlp.Protobuf.OtlpProtobufEncoder.EncodeLogs(Wrap(record)))
            .ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        Assert.Equal("a\uFFFDb", json.Body.StringValue);
        Assert.Equal("\uFFFD", json.SeverityText);
        Assert.Equal(json.Body, proto.Body);
        Assert.Equal(json.SeverityText, proto.SeverityText);
    }

    [Fact]
    public void Large_documents_and_repeated_calls_reuse_nothing_stale()
    {
        var big = new LogRecord { Body = AnyValue.String(new string('x', 3 << 20)) };
        var small = new LogRecord { Body = AnyValue.String("y") };
        Assert.Equal(3 << 20, OtlpJsonDecoder.DecodeLogs(OtlpJsonEncoder.EncodeLogs(Wrap(big))).ResourceLogs[0].ScopeLogs[0].LogRecords[0].Body.StringValue.Length);
        Assert.Equal(
            J("{'resourceLogs':[{'scopeLogs':[{'logRecords':[{'body':{'stringValue':'y'}}]}]}]}"),
            Encoding.UTF8.GetString(OtlpJsonEncoder.EncodeLogs(Wrap(small))));
    }

    /// <summary>Golden JSON is written with single quotes to keep it readable.</summary>
    private static string J(string json) => json.Replace('\'', '"');

    internal static LogsData Wrap(LogRecord record) => new()
    {
        ResourceLogs = [new ResourceLogs { ScopeLogs = [new ScopeLogs { LogRecords = [record] }] }],
    };
}
