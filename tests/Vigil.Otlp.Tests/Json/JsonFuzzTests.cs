using System.Text;
using CsCheck;
using Vigil.Otlp.Json;
using Vigil.Otlp.Tests.Support;

namespace Vigil.Otlp.Tests.Json;

/// <summary>Random and mutated input: only <see cref="OtlpJsonException"/> may escape the JSON decoder.</summary>
public sealed class JsonFuzzTests
{
    internal static void DecodeAsEverySignal(byte[] bytes)
    {
        Try(() => OtlpJsonDecoder.DecodeTraces(bytes));
        Try(() => OtlpJsonDecoder.DecodeLogs(bytes));
        Try(() => OtlpJsonDecoder.DecodeMetrics(bytes));

        static void Try(Action decode)
        {
            try
            {
                decode();
            }
            catch (OtlpJsonException e)
            {
                Assert.Contains(" (byte ", e.Message, StringComparison.Ordinal);
                Assert.NotEmpty(e.Path);
            }
        }
    }

    public static TheoryData<string> Files => [.. ConformanceFiles.Names];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_strict_prefix_of_a_conformance_file_is_an_OtlpJsonException(string file)
    {
        byte[] json = ConformanceFiles.Read(file);
        int end = json.AsSpan().TrimEnd("\r\n\t "u8).Length;
        Func<byte[], object> decode = file switch
        {
            "trace.json" => b => OtlpJsonDecoder.DecodeTraces(b),
            "metrics.json" => b => OtlpJsonDecoder.DecodeMetrics(b),
            _ => b => OtlpJsonDecoder.DecodeLogs(b),
        };
        decode(json);
        for (int length = 0; length < end; length++)
        {
            byte[] prefix = json[..length];
            Assert.Throws<OtlpJsonException>(() => decode(prefix));
        }
    }

    [Fact]
    public void Random_bytes_only_throw_OtlpJsonException() =>
        Gen.Byte.Array[0, 128].Sample(DecodeAsEverySignal, iter: 500);

    [Fact]
    public void Random_json_like_text_only_throws_OtlpJsonException() =>
        Gen.OneOf("{", "}", "[", "]", ",", ":", "\"", "\"traceId\"", "\"resourceSpans\"", "\"value\"", "1", "-", "e", "null",
                "true", "\\u", "\\", " ", "\"NaN\"", "0", "\"ab\"", "\"resourceLogs\"", "\"body\"", "\"arrayValue\"", "\"values\"")
            .Array[0, 40]
            .Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts)))
            .Sample(DecodeAsEverySignal, iter: 500);

    [Fact]
    public void Random_mutations_of_valid_documents_only_throw_OtlpJsonException()
    {
        byte[][] fragments =
        [.. ((string[])[
            "null", "\"\"", "{}", "[]", "[", "{", "}", "]", "1e999", "-1", "\"NaN\"", "18446744073709551616", "\"zz\"",
            "\"\\ud800\"", "true", "0.5", ",", ":", "\"x\":", "{\"arrayValue\":{\"values\":[", "\"AAAA\"",
        ]).Select(Encoding.UTF8.GetBytes)];
        var valid = Gen.OneOf(
            ModelGenerators.Traces.Select(OtlpJsonEncoder.EncodeTraces),
            ModelGenerators.Logs.Select(OtlpJsonEncoder.EncodeLogs),
            ModelGenerators.Metrics.Select(OtlpJsonEncoder.EncodeMetrics),
            Gen.OneOf(ConformanceFiles.Names).Select(ConformanceFiles.Read));
        Mutations.Of(valid, fragments).Sample(DecodeAsEverySignal, iter: 500);
    }
}
