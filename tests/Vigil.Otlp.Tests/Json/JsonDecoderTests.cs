using System.Text;
using Vigil.Otlp.Json;
using Vigil.Otlp.Model;

namespace Vigil.Otlp.Tests.Json;

/// <summary>What the JSON decoder accepts beyond the strict OTLP/JSON form, and how it reads each field.</summary>
public sealed class JsonDecoderTests
{
    private static byte[] U(string json) => Encoding.UTF8.GetBytes(json);

    private static Span DecodeSpan(string spanJson) =>
        OtlpJsonDecoder.DecodeTraces(U("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + spanJson + "]}]}]}"))
            .ResourceSpans[0].ScopeSpans[0].Spans[0];

    private static LogRecord DecodeLog(string recordJson) =>
        OtlpJsonDecoder.DecodeLogs(U("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[" + recordJson + "]}]}]}"))
            .ResourceLogs[0].ScopeLogs[0].LogRecords[0];

    private static Metric DecodeMetric(string metricJson) =>
        OtlpJsonDecoder.DecodeMetrics(U("{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[" + metricJson + "]}]}]}"))
            .ResourceMetrics[0].ScopeMetrics[0].Metrics[0];

    private static AnyValue DecodeValue(string valueJson) => DecodeLog("{\"body\":" + valueJson + "}").Body;

    [Fact]
    public void Snake_case_keys_are_accepted()
    {
        var data = OtlpJsonDecoder.DecodeTraces(U("""
            {"resource_spans":[{"resource":{"attributes":[{"key":"k","value":{"string_value":"v"}}],"dropped_attributes_count":1},
              "scope_spans":[{"scope":{"name":"s"},"spans":[{"trace_id":"0102030405060708090a0b0c0d0e0f10",
                "span_id":"0102030405060708","parent_span_id":"0807060504030201","trace_state":"a=b",
                "start_time_unix_nano":"5","end_time_unix_nano":6,"dropped_links_count":3,
                "events":[{"time_unix_nano":"1","dropped_attributes_count":2}]}],"schema_url":"u"}]}]}
            """));
        var rs = data.ResourceSpans[0];
        Assert.Equal(AnyValue.String("v"), rs.Resource.Attributes[0].Value);
        Assert.Equal(1u, rs.Resource.DroppedAttributesCount);
        Assert.Equal("u", rs.ScopeSpans[0].SchemaUrl);
        var span = rs.ScopeSpans[0].Spans[0];
        Assert.Equal("0102030405060708090a0b0c0d0e0f10", span.TraceId.ToHex());
        Assert.Equal("0807060504030201", span.ParentSpanId.ToHex());
        Assert.Equal("a=b", span.TraceState);
        Assert.Equal(5UL, span.StartTimeUnixNano);
        Assert.Equal(6UL, span.EndTimeUnixNano);
        Assert.Equal(3u, span.DroppedLinksCount);
        Assert.Equal(2u, span.Events[0].DroppedAttributesCount);
    }

    [Fact]
    public void Ids_are_hex_in_either_case_and_empty_means_absent()
    {
        var span = DecodeSpan("""{"traceId":"5B8EFFF798038103d269b633813fc60c","spanId":"","parentSpanId":"EEE19B7EC3C1B173"}""");
        Assert.Equal(new TraceId(0x5B8EFFF798038103, 0xD269B633813FC60C), span.TraceId);
        Assert.True(span.SpanId.IsEmpty);
        Assert.Equal(new SpanId(0xEEE19B7EC3C1B173), span.ParentSpanId);

        var escaped = DecodeSpan("""{"traceId":"\u0030102030405060708090a0b0c0d0e0f10","spanId":"\u0041\u0042CDEF0123456789"}""");
        Assert.Equal("0102030405060708090a0b0c0d0e0f10", escaped.TraceId.ToHex());
        Assert.Equal("abcdef0123456789", escaped.SpanId.ToHex());
    }

    [Fact]
    public void Sixty_four_bit_integers_as_strings_or_numbers()
    {
        var span = DecodeSpan("""{"startTimeUnixNano":1544712660000000000,"endTimeUnixNano":"18446744073709551615"}""");
        Assert.Equal(1544712660000000000UL, span.StartTimeUnixNano);
        Assert.Equal(ulong.MaxValue, span.EndTimeUnixNano);

        Assert.Equal(1000UL, DecodeSpan("""{"startTimeUnixNano":1e3}""").StartTimeUnixNano);
        Assert.Equal(5UL, DecodeSpan("""{"startTimeUnixNano":5.0}""").StartTimeUnixNano);
        Assert.Equal(long.MinValue, DecodeValue("""{"intValue":"-9223372036854775808"}""").IntValue);
        Assert.Equal(-42, DecodeValue("""{"intValue":-42}""").IntValue);
        Assert.Equal(7, DecodeValue("""{"intValue":"\u0037"}""").IntValue);
    }

    [Fact]
    public void Thirty_two_bit_integers_also_as_numeric_strings()
    {
        var span = DecodeSpan("""{"droppedAttributesCount":"3","flags":4294967295,"kind":"3"}""");
        Assert.Equal(3u, span.DroppedAttributesCount);
        Assert.Equal(uint.MaxValue, span.Flags);
        Assert.Equal(SpanKind.Client, span.Kind);
        var metric = DecodeMetric("""{"exponentialHistogram":{"dataPoints":[{"scale":"-4","negative":{"offset":-7,"bucketCounts":[1,"2"]}}]}}""");
        Assert.Equal(-4, metric.ExponentialHistogramPoints[0].Scale);
        Assert.Equal(-7, metric.ExponentialHistogramPoints[0].Negative.Offset);
        Assert.Equal([1UL, 2UL], metric.ExponentialHistogramPoints[0].Negative.BucketCounts);
    }

    [Fact]
    public void Enums_as_numbers_or_names()
    {
        Assert.Equal(SpanKind.Server, DecodeSpan("""{"kind":"SPAN_KIND_SERVER"}""").Kind);
        Assert.Equal(SpanKind.Consumer, DecodeSpan("""{"kind":5}""").Kind);
        Assert.Equal((SpanKind)9, DecodeSpan("""{"kind":9}""").Kind);
        Assert.Equal(StatusCode.Error, DecodeSpan("""{"status":{"code":"STATUS_CODE_ERROR","message":"boom"}}""").Status.Code);
        Assert.Equal(SeverityNumber.Info, DecodeLog("""{"severityNumber":"SEVERITY_NUMBER_INFO"}""").SeverityNumber);
        Assert.Equal((SeverityNumber)15, DecodeLog("""{"severityNumber":"SEVERITY_NUMBER_WARN3"}""").SeverityNumber);
        Assert.Equal((SeverityNumber)24, DecodeLog("""{"severityNumber":"SEVERITY_NUMBER_FATAL4"}""").SeverityNumber);
        Assert.Equal(
            AggregationTemporality.Cumulative,
            DecodeMetric("""{"sum":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_CUMULATIVE"}}""").AggregationTemporality);
    }

    [Fact]
    public void Doubles_as_numbers_or_special_strings()
    {
        Assert.True(double.IsNaN(DecodeValue("""{"doubleValue":"NaN"}""").DoubleValue));
        Assert.Equal(double.PositiveInfinity, DecodeValue("""{"doubleValue":"Infinity"}""").DoubleValue);
        Assert.Equal(double.NegativeInfinity, DecodeValue("""{"doubleValue":"-Infinity"}""").DoubleValue);
        Assert.Equal(1.5, DecodeValue("""{"doubleValue":"1.5"}""").DoubleValue);
        Assert.Equal(-2e-300, DecodeValue("""{"doubleValue":-2e-300}""").DoubleValue);
        Assert.True(double.IsNegative(DecodeValue("""{"doubleValue":-0.0}""").DoubleValue));
        Assert.Equal(3, DecodeValue("""{"doubleValue":3}""").DoubleValue);
    }

    [Fact]
    public void Null_means_default_and_unknown_fields_are_skipped_whole()
    {
        var span = DecodeSpan("""
            {"traceId":null,"name":null,"attributes":null,"status":null,"kind":null,"links":null,
             "future":{"a":[1,{"b":null,"name":"no"}],"c":"d"},"alsoFuture":[[[]]],"name2":"x","name":"real"}
            """);
        Assert.True(span.TraceId.IsEmpty);
        Assert.Equal("real", span.Name);
        Assert.Empty(span.Attributes);
        Assert.Empty(span.Links);
        Assert.Equal(StatusCode.Unset, span.Status.Code);

        var metric = DecodeMetric("""{"name":"m","histogram":{"dataPoints":[{"sum":null,"min":1,"count":null}],"extra":{}},"gauge":null}""");
        Assert.Equal(MetricType.Histogram, metric.Type);
        Assert.Null(metric.HistogramPoints[0].Sum);
        Assert.Equal(1.0, metric.HistogramPoints[0].Min);
        Assert.Null(metric.HistogramPoints[0].Max);

        var resource = OtlpJsonDecoder.DecodeLogs(U("""{"resourceLogs":[{"resource":null,"scopeLogs":[{"scope":null}]}],"x":1}""")).ResourceLogs[0];
        Assert.NotNull(resource.Resource);
        Assert.NotNull(resource.ScopeLogs[0].Scope);
        Assert.Empty(resource.ScopeLogs[0].LogRecords);
    }

    [Fact]
    public void Any_value_kinds()
    {
        Assert.Equal(AnyValue.Empty, DecodeValue("{}"));
        Assert.Equal(AnyValue.Empty, DecodeValue("""{"stringValueStrindex":3}"""));
        Assert.Equal(AnyValue.Empty, DecodeValue("""{"stringValue":null}"""));
        Assert.Equal(AnyValue.String(""), DecodeValue("""{"stringValue":""}"""));
        Assert.Equal(AnyValue.String("a\nb\u00e9\ud83d\ude00"), DecodeValue("""{"stringValue":"a\nb\u00e9\ud83d\ude00"}"""));
        Assert.Equal(AnyValue.Bool(false), DecodeValue("""{"boolValue":false}"""));
        Assert.Equal([0xFF, 0xEE, 0x00], DecodeValue("""{"bytesValue":"/+4A"}""").BytesValue);
        Assert.Equal([0xFF, 0xEE, 0x00], DecodeValue("""{"bytesValue":"_-4A"}""").BytesValue);
        Assert.Equal([0xFF, 0xEE], DecodeValue("""{"bytesValue":"_-4"}""").BytesValue);
        Assert.Empty(DecodeValue("""{"bytesValue":""}""").BytesValue);
        var array = DecodeValue("""{"arrayValue":{"values":[{"intValue":"1"},{},{"arrayValue":{}},{"kvlistValue":{"values":[{"key":"k"}]}}]}}""");
        Assert.Equal(AnyValueKind.Array, array.Kind);
        Assert.Equal(AnyValue.Int(1), array.ArrayValue[0]);
        Assert.Equal(AnyValue.Empty, array.ArrayValue[1]);
        Assert.Equal(AnyValue.Array([]), array.ArrayValue[2]);
        Assert.Equal(new KeyValue("k", AnyValue.Empty), array.ArrayValue[3].KeyValueListValue[0]);
        // Two members of the oneof: the last one wins, as a protobuf parser does.
        Assert.Equal(AnyValue.Int(2), DecodeValue("""{"stringValue":"x","intValue":"2"}"""));
    }

    [Fact]
    public void Escaped_keys_and_values()
    {
        var span = DecodeSpan("""{"n\u0061me":"\u0047ET","trace\u0049d":"0102030405060708090a0b0c0d0e0f10"}""");
        Assert.Equal("GET", span.Name);
        Assert.False(span.TraceId.IsEmpty);
    }

    [Fact]
    public void Metric_kinds_and_the_last_data_member_wins()
    {
        var metric = DecodeMetric("""
            {"name":"m","gauge":{"dataPoints":[{"asInt":"1"}]},
             "summary":{"dataPoints":[{"count":"2","sum":3.5,"quantileValues":[{"quantile":0.5,"value":1},{}]}]}}
            """);
        Assert.Equal(MetricType.Summary, metric.Type);
        Assert.Empty(metric.NumberPoints);
        var point = Assert.Single(metric.SummaryPoints);
        Assert.Equal(2UL, point.Count);
        Assert.Equal(3.5, point.Sum);
        Assert.Equal([new QuantileValue(0.5, 1), new QuantileValue(0, 0)], point.QuantileValues);

        var gauge = DecodeMetric("""{"gauge":{"dataPoints":[{"asDouble":1.5,"exemplars":[{"asInt":"3","spanId":"0102030405060708","filteredAttributes":[{"key":"a","value":{"boolValue":true}}]}]}],"aggregationTemporality":2,"isMonotonic":true}}""");
        Assert.Equal(MetricType.Gauge, gauge.Type);
        // Temporality and monotonicity do not exist on a gauge.
        Assert.Equal(AggregationTemporality.Unspecified, gauge.AggregationTemporality);
        Assert.False(gauge.IsMonotonic);
        Assert.Equal(NumberValue.FromDouble(1.5), gauge.NumberPoints[0].Value);
        var exemplar = gauge.NumberPoints[0].Exemplars[0];
        Assert.Equal(NumberValue.FromInt(3), exemplar.Value);
        Assert.Equal("0102030405060708", exemplar.SpanId.ToHex());
        Assert.Equal(AnyValue.Bool(true), exemplar.FilteredAttributes[0].Value);
    }

    [Fact]
    public void Whitespace_around_the_document_is_fine_and_empty_objects_decode_empty()
    {
        Assert.Empty(OtlpJsonDecoder.DecodeTraces(U(" \r\n\t{ } \n")).ResourceSpans);
        Assert.Empty(OtlpJsonDecoder.DecodeLogs(U("{\"resourceLogs\":[]}")).ResourceLogs);
        Assert.Empty(OtlpJsonDecoder.DecodeMetrics(U("{}")).ResourceMetrics);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_skipped_and_still_counted_in_offsets()
    {
        byte[] json = [0xEF, 0xBB, 0xBF, .. U("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"x\"}]}]}]}")];
        Assert.Equal("x", OtlpJsonDecoder.DecodeTraces(json).ResourceSpans[0].ScopeSpans[0].Spans[0].Name);

        byte[] bad = [0xEF, 0xBB, 0xBF, .. U("{\"resourceSpans\":7}")];
        var e = Assert.Throws<OtlpJsonException>(() => OtlpJsonDecoder.DecodeTraces(bad));
        Assert.Equal(3 + "{\"resourceSpans\":".Length, e.ByteOffset);
        Assert.Equal("resourceSpans", e.Path);
    }

    [Fact]
    public void Nesting_up_to_the_limit_decodes_in_both_decoders_and_one_more_level_fails()
    {
        static AnyValue Nest(int levels, bool kvlist)
        {
            var value = AnyValue.Int(1);
            for (int i = 1; i < levels; i++)
            {
                value = kvlist ? AnyValue.KeyValueList([new KeyValue("k", value)]) : AnyValue.Array([value]);
            }
            return value;
        }

        foreach (bool kvlist in (bool[])[false, true])
        {
            // Levels 0..64: 65 AnyValues deep.
            var ok = JsonEncoderTests.Wrap(new LogRecord { Body = Nest(65, kvlist) });
            Assert.Equal(65, Depth(OtlpJsonDecoder.DecodeLogs(OtlpJsonEncoder.EncodeLogs(ok)).ResourceLogs[0].ScopeLogs[0].LogRecords[0].Body));
            Assert.Equal(65, Depth(Vigil.Otlp.Protobuf.OtlpProtobufDecoder.DecodeLogs(Vigil.Otlp.Protobuf.OtlpProtobufEncoder.EncodeLogs(ok)).ResourceLogs[0].ScopeLogs[0].LogRecords[0].Body));

            var tooDeep = JsonEncoderTests.Wrap(new LogRecord { Body = Nest(66, kvlist) });
            var e = Assert.Throws<OtlpJsonException>(() => OtlpJsonDecoder.DecodeLogs(OtlpJsonEncoder.EncodeLogs(tooDeep)));
            Assert.Contains("nested deeper than 64", e.Message, StringComparison.Ordinal);
            Assert.Throws<Vigil.Core.Wire.ProtoException>(() =>
                Vigil.Otlp.Protobuf.OtlpProtobufDecoder.DecodeLogs(Vigil.Otlp.Protobuf.OtlpProtobufEncoder.EncodeLogs(tooDeep)));
        }

        static int Depth(AnyValue v) => v.Kind switch
        {
            AnyValueKind.Array => 1 + Depth(v.ArrayValue[0]),
            AnyValueKind.KeyValueList => 1 + Depth(v.KeyValueListValue[0].Value),
            _ => 1,
        };
    }

    [Fact]
    public void Strings_are_cached_like_the_protobuf_decoder_does()
    {
        var a = DecodeSpan("""{"name":"cached.name","attributes":[{"key":"cached.key","value":{"stringValue":"v1"}}]}""");
        var b = DecodeSpan("""{"name":"cached.name","attributes":[{"key":"cached.key","value":{"stringValue":"v1"}}]}""");
        Assert.Same(a.Name, b.Name);
        Assert.Same(a.Attributes[0].Key, b.Attributes[0].Key);
        // Values are cached from their second sighting on.
        var c = DecodeSpan("""{"name":"cached.name","attributes":[{"key":"cached.key","value":{"stringValue":"v1"}}]}""");
        Assert.Same(b.Attributes[0].Value.StringValue, c.Attributes[0].Value.StringValue);
    }
}
