using System.IO.Compression;
using System.Text;
using Vigil.Otlp.Model;
using Vigil.Otlp.Protobuf;

namespace Vigil.Tests.Support;

/// <summary>Request bodies for receiver tests.</summary>
internal static class Payloads
{
    public static TracesData Traces(int spans, bool zeroTraceIdOnFirst = false)
    {
        var list = new Span[spans];
        for (int i = 0; i < spans; i++)
        {
            list[i] = new Span
            {
                TraceId = zeroTraceIdOnFirst && i == 0 ? TraceId.Empty : new TraceId(0x0102030405060708, (ulong)(i + 1)),
                SpanId = new SpanId((ulong)(i + 1)),
                Name = "span-" + i,
                Kind = SpanKind.Server,
                StartTimeUnixNano = 1_700_000_000_000_000_000,
                EndTimeUnixNano = 1_700_000_000_250_000_000,
                Attributes = [new KeyValue("http.route", AnyValue.String("/plants"))],
            };
        }
        return new TracesData
        {
            ResourceSpans =
            [
                new ResourceSpans
                {
                    Resource = new Resource { Attributes = [new KeyValue("service.name", AnyValue.String("payloads"))] },
                    ScopeSpans = [new ScopeSpans { Scope = new InstrumentationScope { Name = "tests" }, Spans = list }],
                },
            ],
        };
    }

    public static byte[] TracesProtobuf(int spans, bool zeroTraceIdOnFirst = false) =>
        OtlpProtobufEncoder.EncodeTraces(Traces(spans, zeroTraceIdOnFirst));

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    /// <summary>A small gzip body that inflates to <paramref name="inflatedBytes"/> zero bytes.</summary>
    public static byte[] GzipBomb(int inflatedBytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            var zeros = new byte[1 << 20];
            for (int written = 0; written < inflatedBytes; written += zeros.Length)
            {
                gzip.Write(zeros, 0, Math.Min(zeros.Length, inflatedBytes - written));
            }
        }
        return output.ToArray();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
