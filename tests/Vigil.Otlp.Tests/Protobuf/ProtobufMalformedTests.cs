using CsCheck;
using Vigil.Core.Wire;
using Vigil.Otlp.Json;
using Vigil.Otlp.Model;
using Vigil.Otlp.Protobuf;
using Vigil.Otlp.Tests.Support;

namespace Vigil.Otlp.Tests.Protobuf;

/// <summary>Malformed protobuf: only <see cref="ProtoException"/> may escape the decoder, never a crash.</summary>
public sealed class ProtobufMalformedTests
{
    /// <summary>Decodes as each signal; anything thrown other than ProtoException fails the test.</summary>
    internal static void DecodeAsEverySignal(byte[] bytes)
    {
        Try(() => OtlpProtobufDecoder.DecodeTraces(bytes));
        Try(() => OtlpProtobufDecoder.DecodeLogs(bytes));
        Try(() => OtlpProtobufDecoder.DecodeMetrics(bytes));

        static void Try(Action decode)
        {
            try
            {
                decode();
            }
            catch (ProtoException e)
            {
                Assert.Contains(" at byte ", e.Message, StringComparison.Ordinal);
            }
        }
    }

    private static byte[] ConformancePayload(string name) => name switch
    {
        "trace.json" => OtlpProtobufEncoder.EncodeTraces(OtlpJsonDecoder.DecodeTraces(ConformanceFiles.Read(name))),
        "metrics.json" => OtlpProtobufEncoder.EncodeMetrics(OtlpJsonDecoder.DecodeMetrics(ConformanceFiles.Read(name))),
        _ => OtlpProtobufEncoder.EncodeLogs(OtlpJsonDecoder.DecodeLogs(ConformanceFiles.Read(name))),
    };

    public static TheoryData<string> Files => [.. ConformanceFiles.Names];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_truncation_of_a_real_payload_decodes_or_throws_ProtoException(string file)
    {
        byte[] payload = ConformancePayload(file);
        for (int length = 0; length <= payload.Length; length++)
        {
            DecodeAsEverySignal(payload[..length]);
        }
    }

    [Fact]
    public void Every_truncation_of_random_payloads_decodes_or_throws_ProtoException() =>
        Gen.OneOf(
                ModelGenerators.Traces.Select(OtlpProtobufEncoder.EncodeTraces),
                ModelGenerators.Logs.Select(OtlpProtobufEncoder.EncodeLogs),
                ModelGenerators.Metrics.Select(OtlpProtobufEncoder.EncodeMetrics))
            .Sample(payload =>
            {
                for (int length = 0; length < payload.Length; length += 1 + length / 64)
                {
                    DecodeAsEverySignal(payload[..length]);
                }
            }, iter: 40);

    [Fact]
    public void Random_bytes_only_throw_ProtoException() =>
        Gen.Byte.Array[0, 256].Sample(DecodeAsEverySignal, iter: 500);

    [Fact]
    public void Random_mutations_of_valid_payloads_only_throw_ProtoException()
    {
        byte[][] fragments =
        [
            [0x0B], [0x0C], [0x80, 0x80, 0x80], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
            [0x0A, 0x7F], [0x12, 0x00], [0x0A, 0x05, 0x0A, 0x03, 0x0A, 0x01, 0x00], [0x00], [0x07],
        ];
        var valid = Gen.OneOf(
            ModelGenerators.Traces.Select(OtlpProtobufEncoder.EncodeTraces),
            ModelGenerators.Logs.Select(OtlpProtobufEncoder.EncodeLogs),
            ModelGenerators.Metrics.Select(OtlpProtobufEncoder.EncodeMetrics));
        Mutations.Of(valid, fragments).Sample(DecodeAsEverySignal, iter: 500);
    }

    // ---- specific malformations ----

    private static byte[] Nest(params (int Field, byte[] Body)[] path)
    {
        byte[] body = path[^1].Body;
        for (int i = path.Length - 1; i >= 0; i--)
        {
            using var w = new ProtoWriter();
            if (i == path.Length - 1)
            {
                w.WriteRawBytes(body);
            }
            else
            {
                w.WriteBytesFieldAlways(path[i + 1].Field, body);
            }
            body = w.ToArray();
        }
        using var outer = new ProtoWriter();
        outer.WriteBytesFieldAlways(path[0].Field, body);
        return outer.ToArray();
    }

    private static byte[] InSpan(byte[] spanBody) => Nest((1, []), (2, []), (2, spanBody));

    [Theory]
    [InlineData(new byte[] { 0x28, 0x01 }, "field 5 has wire type 0 (Varint), expected 2 (LengthDelimited)")] // name as varint
    [InlineData(new byte[] { 0x39, 1, 2, 3, 4, 5, 6, 7, 8 }, "field 7 has wire type 1")] // start time is fixed64: OK
    [InlineData(new byte[] { 0x38, 0x01 }, "field 7 has wire type 0 (Varint), expected 1 (Fixed64)")]
    [InlineData(new byte[] { 0x0A, 0x0F, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 }, "span trace_id must be 16 bytes, got 15")]
    [InlineData(new byte[] { 0x12, 0x04, 1, 2, 3, 4 }, "span span_id must be 8 bytes, got 4")]
    [InlineData(new byte[] { 0x22, 0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, "span parent_span_id must be 8 bytes, got 9")]
    [InlineData(new byte[] { 0x4A, 0x03, 0x12, 0x01, 0x08 }, "field 1 has wire type 0")] // an attribute whose AnyValue has string_value (1) as a varint
    [InlineData(new byte[] { 0x82, 0x01, 0x00 }, "field 16 has wire type 2 (LengthDelimited), expected 5 (Fixed32)")]
    [InlineData(new byte[] { 0x2A, 0x05, 0x41 }, "length 5 runs past the end of the message")]
    [InlineData(new byte[] { 0xA7, 0x01 }, "invalid wire type 7 for field 20")]
    [InlineData(new byte[] { 0x00 }, "invalid field number 0")]
    [InlineData(new byte[] { 0xFB, 0x07 }, "unterminated group 127")]
    [InlineData(new byte[] { 0x0B, 0x14 }, "group 1 closed by end-group 2")]
    [InlineData(new byte[] { 0x28 }, "truncated varint")]
    public void Wrong_wire_types_and_bad_lengths_throw_ProtoException(byte[] spanBody, string message)
    {
        if (message.StartsWith("field 7 has wire type 1", StringComparison.Ordinal))
        {
            // Control case: the right wire type decodes.
            Assert.Equal(0x0807060504030201UL, OtlpProtobufDecoder.DecodeTraces(InSpan(spanBody)).ResourceSpans[0].ScopeSpans[0].Spans[0].StartTimeUnixNano);
            return;
        }
        var e = Assert.Throws<ProtoException>(() => OtlpProtobufDecoder.DecodeTraces(InSpan(spanBody)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Matches(@" at byte \d+$", e.Message);
    }

    [Fact]
    public void Error_offsets_point_into_the_whole_request()
    {
        byte[] request = InSpan([0x28, 0x01]);
        var e = Assert.Throws<ProtoException>(() => OtlpProtobufDecoder.DecodeTraces(request));
        // The bad field's value starts right after its tag, 2 bytes from the end.
        Assert.EndsWith($" at byte {request.Length - 1}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_offsets_inside_nested_metric_messages_point_into_the_whole_request()
    {
        // summary point -> quantile value whose quantile (1) is a varint; then an exemplar attribute value.
        byte[] quantile = Nest((1, []), (2, []), (2, []), (11, []), (1, []), (6, [0x08, 0x01]));
        var e = Assert.Throws<ProtoException>(() => OtlpProtobufDecoder.DecodeMetrics(quantile));
        Assert.EndsWith($" at byte {quantile.Length - 1}", e.Message, StringComparison.Ordinal);

        byte[] exemplar = Nest((1, []), (2, []), (2, []), (5, []), (1, []), (5, []), (7, []), (2, [0x08, 0x02]));
        var e2 = Assert.Throws<ProtoException>(() => OtlpProtobufDecoder.DecodeMetrics(exemplar));
        Assert.Contains("field 1 has wire type 0", e2.Message, StringComparison.Ordinal);
        Assert.EndsWith($" at byte {exemplar.Length - 1}", e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_unknown_groups_do_not_overflow_the_stack()
    {
        // 1 MiB of "field 2, start group" on a small stack: once a recursive skip crashed the process here.
        byte[] groups = new byte[1 << 20];
        Array.Fill(groups, (byte)0x13);
        Exception? escaped = null;
        var thread = new Thread(() =>
        {
            try { DecodeAsEverySignal(groups); }
            catch (Exception e) { escaped = e; }
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(escaped);
        var error = Assert.Throws<ProtoException>(() => OtlpProtobufDecoder.DecodeTraces(groups));
        Assert.Contains("groups nested deeper than 100 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_wire_types_in_metric_points_throw_ProtoException()
    {
        // histogram point with bucket_counts (6) as fixed32, and a packed run whose length is not a multiple of 8.
        byte[] fixed32 = Nest((1, []), (2, []), (2, []), (9, []), (1, [0x35, 1, 0, 0, 0]));
        Assert.Contains("field 6 has wire type 5", Assert.Throws<ProtoException>(() => OtlpProtobufDecoder.DecodeMetrics(fixed32)).Message, StringComparison.Ordinal);
        byte[] ragged = Nest((1, []), (2, []), (2, []), (9, []), (1, [0x32, 0x03, 1, 2, 3]));
        Assert.Contains("not a multiple of 8", Assert.Throws<ProtoException>(() => OtlpProtobufDecoder.DecodeMetrics(ragged)).Message, StringComparison.Ordinal);
        // exponential buckets with a truncated packed varint.
        byte[] varints = Nest((1, []), (2, []), (2, []), (10, []), (1, []), (8, [0x12, 0x02, 0x01, 0x80]));
        Assert.Contains("truncated varint", Assert.Throws<ProtoException>(() => OtlpProtobufDecoder.DecodeMetrics(varints)).Message, StringComparison.Ordinal);
        // number point value as a varint.
        byte[] asInt = Nest((1, []), (2, []), (2, []), (5, []), (1, [0x30, 0x01]));
        Assert.Contains("field 6 has wire type 0", Assert.Throws<ProtoException>(() => OtlpProtobufDecoder.DecodeMetrics(asInt)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_any_value_nesting_throws_ProtoException()
    {
        // 2000 nested arrays, built inside out with the reference encoder's wire format.
        byte[] value = [0x18, 0x01]; // int_value = 1
        for (int i = 0; i < 2000; i++)
        {
            using var array = new ProtoWriter();
            array.WriteBytesFieldAlways(1, value);
            using var any = new ProtoWriter();
            any.WriteBytesFieldAlways(5, array.ToArray());
            value = any.ToArray();
        }
        byte[] request = Nest((1, []), (2, []), (2, []), (5, value));
        var e = Assert.Throws<ProtoException>(() => OtlpProtobufDecoder.DecodeLogs(request));
        Assert.Contains("nested deeper than 64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_oneof_member_twice_keeps_the_last_one()
    {
        // AnyValue { string_value "a", int_value 7 } as a log body.
        byte[] request = Nest((1, []), (2, []), (2, []), (5, [0x0A, 0x01, (byte)'a', 0x18, 0x07]));
        Assert.Equal(AnyValue.Int(7), OtlpProtobufDecoder.DecodeLogs(request).ResourceLogs[0].ScopeLogs[0].LogRecords[0].Body);
    }
}
