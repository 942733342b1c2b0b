using System.Text;
using Vigil.Otlp.Json;

namespace Vigil.Otlp.Tests.Json;

/// <summary>Malformed OTLP/JSON: every failure is an <see cref="OtlpJsonException"/> that says what, where and at which byte.</summary>
public sealed class JsonMalformedTests
{
    private static OtlpJsonException TracesError(string json) =>
        Assert.Throws<OtlpJsonException>(() => OtlpJsonDecoder.DecodeTraces(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Bad_trace_id_names_the_path_and_byte()
    {
        string json = """{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"ok"},{"name":"bad","traceId":"zz0102"}]}]}]}""";
        var e = TracesError(json);
        int offset = json.IndexOf("\"zz0102\"", StringComparison.Ordinal);
        Assert.Equal(
            $"invalid traceId \"zz0102\": expected 32 hex digits at resourceSpans[0].scopeSpans[0].spans[1].traceId (byte {offset})",
            e.Message);
        Assert.Equal("resourceSpans[0].scopeSpans[0].spans[1].traceId", e.Path);
        Assert.Equal(offset, e.ByteOffset);
    }

    [Theory]
    // ids
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f1"}]}]}]}""", "expected 32 hex digits", "spans[0].traceId")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"0102030405060708090a0b0c0d0e0f10"}]}]}]}""", "expected 16 hex digits", "spans[0].spanId")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"parentSpanId":"AQIDBAUGBwg="}]}]}]}""", "invalid parentSpanId", "spans[0].parentSpanId")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":12}]}]}]}""", "expected a hex string for traceId, got a number", "spans[0].traceId")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"links":[{"spanId":"xyz"}]}]}]}]}""", "invalid spanId", "spans[0].links[0].spanId")]
    // token types
    [InlineData("""{"resourceSpans":{}}""", "expected an array for resourceSpans, got an object", "resourceSpans")]
    [InlineData("""{"resourceSpans":[1]}""", "expected an object for resourceSpans, got a number", "resourceSpans[0]")]
    [InlineData("""{"resourceSpans":[null]}""", "null is not allowed as an element of resourceSpans", "resourceSpans[0]")]
    [InlineData("""{"resourceSpans":[{"resource":[]}]}""", "expected an object for resource, got an array", "resourceSpans[0].resource")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":5}]}]}]}""", "expected a string for name, got a number", "spans[0].name")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":{}}]}]}]}""", "expected an array for attributes", "spans[0].attributes")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":"v"}]}]}]}]}""", "expected an object for a value, got a string", "spans[0].attributes[0].value")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":{"boolValue":"true"}}]}]}]}]}""", "expected true or false for boolValue", "attributes[0].value.boolValue")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":{"bytesValue":"!!"}}]}]}]}]}""", "invalid base64 in bytesValue", "value.bytesValue")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":{"arrayValue":{"values":[null]}}}]}]}]}]}""", "null is not allowed", "arrayValue.values[0]")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"events":[{"timeUnixNano":true}]}]}]}]}""", "expected a number or a decimal string for timeUnixNano, got a boolean", "events[0].timeUnixNano")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"status":{"code":[]}}]}]}]}""", "expected a number or a decimal string for code, got an array", "spans[0].status.code")]
    // numbers
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"abc"}]}]}]}""", "startTimeUnixNano must be an unsigned 64-bit integer, got \"abc\"", "spans[0].startTimeUnixNano")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":-1}]}]}]}""", "must be an unsigned 64-bit integer", "startTimeUnixNano")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"18446744073709551616"}]}]}]}""", "must be an unsigned 64-bit integer", "startTimeUnixNano")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":1.5}]}]}]}""", "must be an unsigned 64-bit integer", "startTimeUnixNano")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"droppedAttributesCount":4294967296}]}]}]}""", "droppedAttributesCount must be an unsigned 32-bit integer", "droppedAttributesCount")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"droppedAttributesCount":-1}]}]}]}""", "must be an unsigned 32-bit integer", "droppedAttributesCount")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":2147483648}]}]}]}""", "kind must be a 32-bit integer", "spans[0].kind")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":"SERVER"}]}]}]}""", "unknown kind \"SERVER\"", "spans[0].kind")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":{"intValue":"1x"}}]}]}]}]}""", "intValue must be a signed 64-bit integer", "value.intValue")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":{"doubleValue":"nan"}}]}]}]}]}""", "doubleValue must be a number, \"NaN\"", "value.doubleValue")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":{"doubleValue":1e999}}]}]}]}]}""", "out of range for a double", "value.doubleValue")]
    // not an OTLP document at all
    [InlineData("[]", "expected an object for ExportTraceServiceRequest, got an array", "$")]
    [InlineData("\"x\"", "expected an object for ExportTraceServiceRequest", "$")]
    [InlineData("", "invalid JSON: The input does not contain any JSON tokens", "$")]
    [InlineData("   ", "invalid JSON", "$")]
    // invalid JSON
    [InlineData("""{"resourceSpans":[}""", "invalid JSON", "resourceSpans")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"x"}]}]}]} trailing""", "invalid JSON", "$")]
    [InlineData("""{"resourceSpans":[],}""", "invalid JSON", "resourceSpans")]
    [InlineData("""{"resourceSpans":[ /* no */ ]}""", "invalid JSON", "resourceSpans")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"unterminated}]}]}]}""", "invalid JSON", "spans[0].name")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"a\qb"}]}]}]}""", "invalid JSON", "spans[0].name")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"\ud800"}]}]}]}""", "invalid string for name", "spans[0].name")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"na\ud800me":"x"}]}]}]}""", "invalid property name", "spans[0]")]
    [InlineData("""{"resourceSpans" "x"}""", "invalid JSON", "$")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":01}]}]}]}""", "invalid JSON", "spans[0].kind")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"a\u0001b\"}]}]}]}", "invalid JSON", "spans[0].name")]
    public void Malformed_traces_say_what_and_where(string json, string what, string where)
    {
        var e = TracesError(json);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
        Assert.EndsWith(where, e.Path, StringComparison.Ordinal);
        Assert.Contains($" at {e.Path} (byte {e.ByteOffset})", e.Message, StringComparison.Ordinal);
        Assert.InRange(e.ByteOffset, 0, Encoding.UTF8.GetByteCount(json));
    }

    [Theory]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":"5B8EFFF798038103D269B633813FC60"}]}]}]}""", "expected 32 hex digits", "logRecords[0].traceId")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":"INFO"}]}]}]}""", "unknown severityNumber \"INFO\"", "logRecords[0].severityNumber")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":"text"}]}]}]}""", "expected an object for a value, got a string", "logRecords[0].body")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"flags":"0x1"}]}]}]}""", "flags must be a signed 64-bit integer", "logRecords[0].flags")]
    public void Malformed_logs_say_what_and_where(string json, string what, string where)
    {
        var e = Assert.Throws<OtlpJsonException>(() => OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
        Assert.EndsWith(where, e.Path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"sum":{"dataPoints":[{"asInt":1.5}]}}]}]}]}""", "asInt must be a signed 64-bit integer", "dataPoints[0].asInt")]
    [InlineData("""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[{"bucketCounts":["1",null]}]}}]}]}]}""", "null is not allowed as an element of bucketCounts", "bucketCounts[1]")]
    [InlineData("""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[{"bucketCounts":"1"}]}}]}]}]}""", "expected an array for bucketCounts", "dataPoints[0].bucketCounts")]
    [InlineData("""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[{"explicitBounds":[1,"x"]}]}}]}]}]}""", "explicitBounds must be a number", "explicitBounds[1]")]
    [InlineData("""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"exponentialHistogram":{"dataPoints":[{"scale":1e10}]}}]}]}]}""", "scale must be a 32-bit integer", "dataPoints[0].scale")]
    [InlineData("""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"exponentialHistogram":{"dataPoints":[{"positive":[]}]}}]}]}]}""", "expected an object for positive", "dataPoints[0].positive")]
    [InlineData("""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"gauge":{"dataPoints":[{"exemplars":[{"traceId":"00"}]}]}}]}]}]}""", "invalid traceId \"00\"", "exemplars[0].traceId")]
    [InlineData("""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"sum":{"aggregationTemporality":"CUMULATIVE"}}]}]}]}""", "unknown aggregationTemporality", "sum.aggregationTemporality")]
    [InlineData("""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"sum":{"isMonotonic":1}}]}]}]}""", "expected true or false for isMonotonic", "sum.isMonotonic")]
    [InlineData("""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"summary":{"dataPoints":[{"quantileValues":[{"quantile":"half"}]}]}}]}]}]}""", "quantile must be a number", "quantileValues[0].quantile")]
    [InlineData("""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"gauge":[]}]}]}]}""", "expected an object for gauge", "metrics[0].gauge")]
    public void Malformed_metrics_say_what_and_where(string json, string what, string where)
    {
        var e = Assert.Throws<OtlpJsonException>(() => OtlpJsonDecoder.DecodeMetrics(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
        Assert.EndsWith(where, e.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Very_deep_json_fails_cleanly_without_recursing()
    {
        // Nesting in an unknown field: skipped by the reader, bounded by its depth limit.
        string deep = "{\"x\":" + new string('[', 200_000) + new string(']', 200_000) + "}";
        var e = TracesError(deep);
        Assert.Contains("invalid JSON", e.Message, StringComparison.Ordinal);
        Assert.Contains("depth", e.Message, StringComparison.Ordinal);

        // Nesting in AnyValues: stopped by the AnyValue limit before the reader's.
        var value = new StringBuilder();
        for (int i = 0; i < 10_000; i++)
        {
            value.Append("{\"arrayValue\":{\"values\":[");
        }
        string json = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":" + value + "]}}]}]}]}";
        var e2 = Assert.Throws<OtlpJsonException>(() => OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("nested deeper than 64", e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_field_nesting_within_the_reader_limit_is_skipped()
    {
        string json = "{\"x\":" + new string('[', 250) + new string(']', 250) + ",\"resourceSpans\":[]}";
        Assert.Empty(OtlpJsonDecoder.DecodeTraces(Encoding.UTF8.GetBytes(json)).ResourceSpans);
    }

    [Fact]
    public void Errors_on_later_lines_report_absolute_offsets()
    {
        string json = "{\n  \"resourceSpans\": [\n    {\"scopeSpans\": [}\n  ]\n}";
        var e = TracesError(json);
        Assert.Equal(json.IndexOf('}', StringComparison.Ordinal), e.ByteOffset);
        Assert.Equal("resourceSpans[0].scopeSpans", e.Path);
    }

    [Fact]
    public void Invalid_utf8_in_strings_is_replaced_not_fatal()
    {
        byte[] json = [.. "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"a"u8, 0xFF, 0xC3, .. "b\"}]}]}]}"u8];
        try
        {
            var span = OtlpJsonDecoder.DecodeTraces(json).ResourceSpans[0].ScopeSpans[0].Spans[0];
            Assert.StartsWith("a", span.Name, StringComparison.Ordinal);
        }
        catch (OtlpJsonException)
        {
            // Rejecting it is fine too; anything else is not.
        }
    }
}
