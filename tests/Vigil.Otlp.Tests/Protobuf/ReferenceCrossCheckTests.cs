using CsCheck;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Vigil.Otlp.Model;
using Vigil.Otlp.Protobuf;
using Vigil.Otlp.Tests.Support;
using RC = Vigil.Otlp.Reference.Common;
using RL = Vigil.Otlp.Reference.Logs;
using RM = Vigil.Otlp.Reference.Metrics;
using RT = Vigil.Otlp.Reference.Trace;

namespace Vigil.Otlp.Tests.Protobuf;

/// <summary>
/// Checks the hand-written codec against Google.Protobuf code generated from our reference .proto files: what
/// we encode parses there to the same message, encodes to the very same bytes, and what it encodes (with
/// unknown fields, unpacked repeated scalars, fields out of order) decodes here to the same model. This is what
/// proves our field numbers and wire types independently of our own decoder.
/// </summary>
public sealed class ReferenceCrossCheckTests
{
    private const int Iterations = 200;

    // ---- our encoder -> reference parser ----

    [Fact]
    public void Our_trace_bytes_parse_to_the_reference_message() =>
        ModelGenerators.Traces.Sample(data =>
        {
            var bytes = OtlpProtobufEncoder.EncodeTraces(data);
            var expected = ReferenceModel.ToReference(data);
            Assert.Equal(expected, RT.ExportTraceServiceRequest.Parser.ParseFrom(bytes));
            Assert.Equal(expected.ToByteArray(), bytes);
        }, iter: Iterations);

    [Fact]
    public void Our_log_bytes_parse_to_the_reference_message() =>
        ModelGenerators.Logs.Sample(data =>
        {
            var bytes = OtlpProtobufEncoder.EncodeLogs(data);
            var expected = ReferenceModel.ToReference(data);
            Assert.Equal(expected, RL.ExportLogsServiceRequest.Parser.ParseFrom(bytes));
            Assert.Equal(expected.ToByteArray(), bytes);
        }, iter: Iterations);

    [Fact]
    public void Our_metric_bytes_parse_to_the_reference_message() =>
        ModelGenerators.Metrics.Sample(data =>
        {
            var bytes = OtlpProtobufEncoder.EncodeMetrics(data);
            Assert.Equal(ReferenceModel.ToReference(data), RM.ExportMetricsServiceRequest.Parser.ParseFrom(bytes));
            // Byte for byte once -0.0 is out of the implicit-presence doubles (Google.Protobuf drops it, we keep it).
            ReferenceModel.WithoutNegativeZeros(data);
            Assert.Equal(ReferenceModel.ToReference(data).ToByteArray(), OtlpProtobufEncoder.EncodeMetrics(data));
        }, iter: Iterations);

    // ---- reference encoder -> our decoder ----

    [Fact]
    public void Reference_trace_bytes_with_unknown_fields_decode_to_the_model() =>
        ModelGenerators.Traces.Sample(data =>
        {
            var reference = ReferenceModel.ToReference(data);
            ModelAssert.Equal(data, OtlpProtobufDecoder.DecodeTraces(reference.ToByteArray()));
            InjectUnknownFields(reference);
            ModelAssert.Equal(data, OtlpProtobufDecoder.DecodeTraces(reference.ToByteArray()));
        }, iter: Iterations);

    [Fact]
    public void Reference_log_bytes_with_unknown_fields_decode_to_the_model() =>
        ModelGenerators.Logs.Sample(data =>
        {
            var reference = ReferenceModel.ToReference(data);
            ModelAssert.Equal(data, OtlpProtobufDecoder.DecodeLogs(reference.ToByteArray()));
            InjectUnknownFields(reference);
            ModelAssert.Equal(data, OtlpProtobufDecoder.DecodeLogs(reference.ToByteArray()));
        }, iter: Iterations);

    [Fact]
    public void Reference_metric_bytes_with_unknown_fields_decode_to_the_model() =>
        ModelGenerators.Metrics.Sample(data =>
        {
            // Google.Protobuf does not write -0.0 in implicit-presence doubles, so it would come back as 0.0.
            ReferenceModel.WithoutNegativeZeros(data);
            var reference = ReferenceModel.ToReference(data);
            ModelAssert.Equal(data, OtlpProtobufDecoder.DecodeMetrics(reference.ToByteArray()));
            InjectUnknownFields(reference);
            ModelAssert.Equal(data, OtlpProtobufDecoder.DecodeMetrics(reference.ToByteArray()));
        }, iter: Iterations);

    [Fact]
    public void Unknown_fields_really_are_in_the_reference_bytes()
    {
        var reference = new RT.ExportTraceServiceRequest();
        reference.ResourceSpans.Add(new RT.ResourceSpans());
        int before = reference.ToByteArray().Length;
        InjectUnknownFields(reference);
        Assert.True(reference.ToByteArray().Length > before + 2 * UnknownFields.Length - 1);
    }

    /// <summary>A field of every wire type (group included) with numbers no OTLP message uses.</summary>
    private static readonly byte[] UnknownFields = Build(o =>
    {
        o.WriteTag(900, WireFormat.WireType.Varint);
        o.WriteUInt64(ulong.MaxValue);
        o.WriteTag(901, WireFormat.WireType.Fixed64);
        o.WriteFixed64(0x0102030405060708);
        o.WriteTag(902, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(0x0A, 0x02, 0xFF, 0xFF));
        o.WriteTag(903, WireFormat.WireType.Fixed32);
        o.WriteFixed32(7);
        o.WriteTag(904, WireFormat.WireType.StartGroup);
        o.WriteTag(1, WireFormat.WireType.Varint);
        o.WriteUInt32(5);
        o.WriteTag(2, WireFormat.WireType.LengthDelimited);
        o.WriteString("nested");
        o.WriteTag(904, WireFormat.WireType.EndGroup);
    });

    /// <summary>Adds <see cref="UnknownFields"/> to every message in the tree (Google.Protobuf keeps and re-emits them).</summary>
    private static void InjectUnknownFields(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message)
            {
                continue;
            }
            object? value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                foreach (IMessage child in (System.Collections.IList)value!)
                {
                    InjectUnknownFields(child);
                }
            }
            else if (value is IMessage child)
            {
                InjectUnknownFields(child);
            }
        }
        message.MergeFrom(UnknownFields);
    }

    // ---- hand-built wire variants ----

    [Fact]
    public void Unpacked_and_mixed_repeated_scalars_decode_like_the_reference()
    {
        byte[] positive = Build(o =>
        {
            o.WriteTag(2, WireFormat.WireType.Varint);
            o.WriteUInt64(7);
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteSInt32(-3);
            o.WriteTag(2, WireFormat.WireType.Varint);
            o.WriteUInt64(8);
            WritePacked(o, 2, p =>
            {
                p.WriteUInt64(9);
                p.WriteUInt64(300);
                p.WriteUInt64(ulong.MaxValue);
            });
        });
        byte[] exponentialPoint = Build(o =>
        {
            o.WriteTag(6, WireFormat.WireType.Varint);
            o.WriteSInt32(-2);
            WriteMessage(o, 8, positive);
            o.WriteTag(7, WireFormat.WireType.Fixed64);
            o.WriteFixed64(4);
        });
        byte[] histogramPoint = Build(o =>
        {
            o.WriteTag(6, WireFormat.WireType.Fixed64);
            o.WriteFixed64(1);
            o.WriteTag(5, WireFormat.WireType.Fixed64);
            o.WriteDouble(1.0);
            o.WriteTag(6, WireFormat.WireType.Fixed64);
            o.WriteFixed64(2);
            WritePacked(o, 6, p =>
            {
                p.WriteFixed64(3);
                p.WriteFixed64(4);
            });
            o.WriteTag(7, WireFormat.WireType.Fixed64);
            o.WriteDouble(0.5);
            o.WriteTag(99, WireFormat.WireType.Varint);
            o.WriteUInt64(1);
            WritePacked(o, 7, p =>
            {
                p.WriteDouble(1.5);
                p.WriteDouble(double.PositiveInfinity);
            });
            o.WriteTag(6, WireFormat.WireType.Fixed64);
            o.WriteFixed64(5);
            // A second sum: the last one wins.
            o.WriteTag(5, WireFormat.WireType.Fixed64);
            o.WriteDouble(-2.5);
        });
        byte[] metrics = Build(o => WriteMessage(o, 1, Build(rm => WriteMessage(rm, 2, Build(sm =>
        {
            WriteMessage(sm, 2, Build(m =>
            {
                m.WriteTag(1, WireFormat.WireType.LengthDelimited);
                m.WriteString("h");
                WriteMessage(m, 9, Build(h =>
                {
                    WriteMessage(h, 1, histogramPoint);
                    h.WriteTag(2, WireFormat.WireType.Varint);
                    h.WriteEnum(2);
                }));
            }));
            WriteMessage(sm, 2, Build(m => WriteMessage(m, 10, Build(h => WriteMessage(h, 1, exponentialPoint)))));
        })))));

        var reference = RM.ExportMetricsServiceRequest.Parser.ParseFrom(metrics);
        var decoded = OtlpProtobufDecoder.DecodeMetrics(metrics);

        var refHistogram = reference.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Histogram.DataPoints[0];
        var histogram = decoded.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].HistogramPoints[0];
        Assert.Equal([1UL, 2, 3, 4, 5], refHistogram.BucketCounts);
        Assert.Equal(refHistogram.BucketCounts, histogram.BucketCounts);
        Assert.Equal(refHistogram.ExplicitBounds, histogram.ExplicitBounds);
        Assert.Equal([0.5, 1.5, double.PositiveInfinity], histogram.ExplicitBounds);
        Assert.Equal(refHistogram.Sum, histogram.Sum);
        Assert.Equal(-2.5, histogram.Sum);
        Assert.Equal(AggregationTemporality.Cumulative, decoded.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].AggregationTemporality);

        var refExponential = reference.ResourceMetrics[0].ScopeMetrics[0].Metrics[1].ExponentialHistogram.DataPoints[0];
        var exponential = decoded.ResourceMetrics[0].ScopeMetrics[0].Metrics[1].ExponentialHistogramPoints[0];
        Assert.Equal([7UL, 8, 9, 300, ulong.MaxValue], refExponential.Positive.BucketCounts);
        Assert.Equal(refExponential.Positive.BucketCounts, exponential.Positive.BucketCounts);
        Assert.Equal(-3, exponential.Positive.Offset);
        Assert.Equal(refExponential.Scale, exponential.Scale);
        Assert.Equal(-2, exponential.Scale);
        Assert.Equal(4UL, exponential.ZeroCount);
        Assert.False(exponential.Sum.HasValue);
        Assert.False(refExponential.HasSum);
    }

    [Fact]
    public void Fields_in_any_order_and_repeated_singular_fields_decode_like_the_reference()
    {
        byte[] span = Build(o =>
        {
            o.WriteTag(8, WireFormat.WireType.Fixed64);
            o.WriteFixed64(200);
            o.WriteTag(5, WireFormat.WireType.LengthDelimited);
            o.WriteString("first");
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray()));
            WriteMessage(o, 9, ReferenceModel.ToReference(new KeyValue("a", AnyValue.Int(-1))).ToByteArray());
            o.WriteTag(7, WireFormat.WireType.Fixed64);
            o.WriteFixed64(100);
            o.WriteTag(5, WireFormat.WireType.LengthDelimited);
            o.WriteString("second");
            o.WriteTag(16, WireFormat.WireType.Fixed32);
            o.WriteFixed32(0x301);
            WriteMessage(o, 9, ReferenceModel.ToReference(new KeyValue("b", AnyValue.Bytes([0, 255]))).ToByteArray());
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(8, 7, 6, 5, 4, 3, 2, 1));
            o.WriteTag(6, WireFormat.WireType.Varint);
            o.WriteEnum(-1);
        });
        byte[] request = Build(o => WriteMessage(o, 1, Build(rs => WriteMessage(rs, 2, Build(ss => WriteMessage(ss, 2, span))))));

        var reference = RT.ExportTraceServiceRequest.Parser.ParseFrom(request).ResourceSpans[0].ScopeSpans[0].Spans[0];
        var decoded = OtlpProtobufDecoder.DecodeTraces(request).ResourceSpans[0].ScopeSpans[0].Spans[0];

        Assert.Equal("second", reference.Name);
        Assert.Equal(reference.Name, decoded.Name);
        Assert.Equal(reference.StartTimeUnixNano, decoded.StartTimeUnixNano);
        Assert.Equal(reference.EndTimeUnixNano, decoded.EndTimeUnixNano);
        Assert.Equal(reference.Flags, decoded.Flags);
        Assert.Equal(reference.Kind, (int)decoded.Kind);
        Assert.Equal(reference.TraceId.ToByteArray(), decoded.TraceId.ToBytes());
        Assert.Equal("0102030405060708090a0b0c0d0e0f10", decoded.TraceId.ToHex());
        Assert.Equal(reference.SpanId.ToByteArray(), decoded.SpanId.ToBytes());
        Assert.Equal(["a", "b"], decoded.Attributes.Select(a => a.Key));
        Assert.Equal(-1, decoded.Attributes[0].Value.IntValue);
        Assert.Equal([0, 255], decoded.Attributes[1].Value.BytesValue);
        Assert.Equal(reference.Attributes[1].Value.BytesValue.ToByteArray(), decoded.Attributes[1].Value.BytesValue);
    }

    [Fact]
    public void Every_any_value_kind_built_with_the_reference_types_decodes()
    {
        var value = new RC.AnyValue { KvlistValue = new RC.KeyValueList() };
        value.KvlistValue.Values.Add(new RC.KeyValue { Key = "s", Value = new RC.AnyValue { StringValue = "" } });
        value.KvlistValue.Values.Add(new RC.KeyValue { Key = "b", Value = new RC.AnyValue { BoolValue = false } });
        value.KvlistValue.Values.Add(new RC.KeyValue { Key = "i", Value = new RC.AnyValue { IntValue = long.MinValue } });
        value.KvlistValue.Values.Add(new RC.KeyValue { Key = "d", Value = new RC.AnyValue { DoubleValue = double.NaN } });
        value.KvlistValue.Values.Add(new RC.KeyValue { Key = "y", Value = new RC.AnyValue { BytesValue = ByteString.Empty } });
        value.KvlistValue.Values.Add(new RC.KeyValue { Key = "e", Value = new RC.AnyValue() });
        value.KvlistValue.Values.Add(new RC.KeyValue { Key = "n" });
        var array = new RC.AnyValue { ArrayValue = new RC.ArrayValue() };
        array.ArrayValue.Values.Add(new RC.AnyValue { ArrayValue = new RC.ArrayValue() });
        array.ArrayValue.Values.Add(new RC.AnyValue { DoubleValue = -0.0 });
        value.KvlistValue.Values.Add(new RC.KeyValue { Key = "a", Value = array });
        var request = new RL.ExportLogsServiceRequest();
        var scope = new RL.ScopeLogs();
        scope.LogRecords.Add(new RL.LogRecord { Body = value, SeverityNumber = 17 });
        request.ResourceLogs.Add(new RL.ResourceLogs());
        request.ResourceLogs[0].ScopeLogs.Add(scope);

        var record = OtlpProtobufDecoder.DecodeLogs(request.ToByteArray()).ResourceLogs[0].ScopeLogs[0].LogRecords[0];

        Assert.Equal(SeverityNumber.Error, record.SeverityNumber);
        var kv = record.Body.KeyValueListValue;
        Assert.Equal(AnyValueKind.String, kv[0].Value.Kind);
        Assert.Equal("", kv[0].Value.StringValue);
        Assert.Equal(AnyValueKind.Bool, kv[1].Value.Kind);
        Assert.Equal(long.MinValue, kv[2].Value.IntValue);
        Assert.True(double.IsNaN(kv[3].Value.DoubleValue));
        Assert.Equal(AnyValueKind.Bytes, kv[4].Value.Kind);
        Assert.Empty(kv[4].Value.BytesValue);
        Assert.Equal(AnyValueKind.Empty, kv[5].Value.Kind);
        Assert.Equal(AnyValueKind.Empty, kv[6].Value.Kind);
        Assert.Equal(AnyValueKind.Array, kv[7].Value.Kind);
        Assert.Equal(AnyValueKind.Array, kv[7].Value.ArrayValue[0].Kind);
        Assert.Empty(kv[7].Value.ArrayValue[0].ArrayValue);
        Assert.True(double.IsNegative(kv[7].Value.ArrayValue[1].DoubleValue));

        // And back: our encoding of the decoded model is the reference's bytes.
        var model = OtlpProtobufDecoder.DecodeLogs(request.ToByteArray());
        // The reference omits "n"'s value entirely; we always write an (empty) value, so compare parsed messages.
        var again = RL.ExportLogsServiceRequest.Parser.ParseFrom(OtlpProtobufEncoder.EncodeLogs(model));
        var body = again.ResourceLogs[0].ScopeLogs[0].LogRecords[0].Body;
        Assert.Equal(RC.AnyValue.ValueOneofCase.StringValue, body.KvlistValue.Values[0].Value.ValueCase);
        Assert.Equal(RC.AnyValue.ValueOneofCase.BoolValue, body.KvlistValue.Values[1].Value.ValueCase);
        Assert.Equal(RC.AnyValue.ValueOneofCase.BytesValue, body.KvlistValue.Values[4].Value.ValueCase);
        Assert.Equal(RC.AnyValue.ValueOneofCase.None, body.KvlistValue.Values[6].Value.ValueCase);
    }

    // ---- helpers ----

    internal static byte[] Build(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream, leaveOpen: true);
        write(output);
        output.Flush();
        return stream.ToArray();
    }

    internal static void WriteMessage(CodedOutputStream output, int field, byte[] body)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(body));
    }

    private static void WritePacked(CodedOutputStream output, int field, Action<CodedOutputStream> values) =>
        WriteMessage(output, field, Build(values));
}
