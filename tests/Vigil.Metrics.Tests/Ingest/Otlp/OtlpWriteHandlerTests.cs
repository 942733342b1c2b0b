using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using Vigil.Metrics.Ingest.Otlp;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Otlp.Json;
using Vigil.Otlp.Model;
using Vigil.Otlp.Protobuf;
using static Vigil.Metrics.Tests.Ingest.Otlp.OtlpTestKit;

namespace Vigil.Metrics.Tests.Ingest.Otlp;

/// <summary>Status codes and bodies of POST /api/v1/otlp/v1/metrics (write_otlp_handler.go, codec.go), in process.</summary>
public class OtlpWriteHandlerTests
{
    private static readonly MetricsData Valid = Request(Service("svc"), Gauge("g", "", Number(1, T0Ms)));

    private sealed record Response(int Status, string? ContentType, string Body, byte[] Bytes);

    private static async Task<Response> Post(OtlpWriteHandler handler, byte[] body, string? contentType, string? encoding = null, string method = "POST")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        if (contentType is not null) context.Request.ContentType = contentType;
        if (encoding is not null) context.Request.Headers.ContentEncoding = encoding;
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        var output = new MemoryStream();
        context.Response.Body = output;
        await handler.HandleAsync(context);
        byte[] bytes = output.ToArray();
        return new Response(context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(bytes), bytes);
    }

    private static (OtlpWriteHandler Handler, Head Head) NewHandler(long maxBody = OtlpWriteHandler.DefaultMaxBodyBytes, IAppendable? store = null)
    {
        var (head, headStore) = NewHead();
        return (new OtlpWriteHandler(store ?? headStore, Translator(), maxBody), head);
    }

    private static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }

    [Fact]
    public async Task Protobuf_success_is_200_with_an_empty_response_message()
    {
        var (handler, head) = NewHandler();
        var response = await Post(handler, OtlpProtobufEncoder.EncodeMetrics(Valid), "application/x-protobuf");
        Assert.Equal(200, response.Status);
        Assert.Equal("application/x-protobuf", response.ContentType);
        Assert.Empty(response.Bytes);
        Assert.Equal(1, Value(Dump(head), "{__name__=\"g\", job=\"svc\"}"));
    }

    [Fact]
    public async Task Json_success_is_200_with_an_empty_json_object()
    {
        var (handler, head) = NewHandler();
        var response = await Post(handler, OtlpJsonEncoder.EncodeMetrics(Valid), "application/json");
        Assert.Equal(200, response.Status);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("{}", response.Body);
        Assert.Single(Dump(head));
    }

    [Fact]
    public async Task Gzip_bodies_are_accepted()
    {
        var (handler, head) = NewHandler();
        var response = await Post(handler, Gzip(OtlpProtobufEncoder.EncodeMetrics(Valid)), "application/x-protobuf", "gzip");
        Assert.Equal(200, response.Status);
        Assert.Single(Dump(head));
    }

    [Theory]
    [InlineData("text/plain", "unsupported content type: text/plain, supported: [application/json, application/x-protobuf]\n")]
    [InlineData("application/json; charset=utf-8", "unsupported content type: application/json; charset=utf-8, supported: [application/json, application/x-protobuf]\n")]
    [InlineData(null, "unsupported content type: , supported: [application/json, application/x-protobuf]\n")]
    public async Task Content_type_must_match_exactly(string? contentType, string body)
    {
        var response = await Post(NewHandler().Handler, OtlpJsonEncoder.EncodeMetrics(Valid), contentType);
        Assert.Equal(400, response.Status);
        Assert.Equal("text/plain; charset=utf-8", response.ContentType);
        Assert.Equal(body, response.Body);
    }

    [Theory]
    [InlineData("deflate")]
    [InlineData("snappy")]
    [InlineData("GZIP")]
    public async Task Only_gzip_compression(string encoding)
    {
        var response = await Post(NewHandler().Handler, OtlpProtobufEncoder.EncodeMetrics(Valid), "application/x-protobuf", encoding);
        Assert.Equal(400, response.Status);
        Assert.Equal($"unsupported compression: {encoding}. Only \"gzip\" or no compression supported\n", response.Body);
    }

    [Fact]
    public async Task Garbage_is_400_with_the_decoder_reason()
    {
        var handler = NewHandler().Handler;
        var protobuf = await Post(handler, [0xFF, 0xFF, 0xFF], "application/x-protobuf");
        var json = await Post(handler, "{\"resourceMetrics\": ["u8.ToArray(), "application/json");
        var gzip = await Post(handler, [1, 2, 3, 4], "application/x-protobuf", "gzip");
        foreach (var response in new[] { protobuf, json, gzip })
        {
            Assert.Equal(400, response.Status);
            Assert.Equal("text/plain; charset=utf-8", response.ContentType);
            Assert.True(response.Body.Length > 1 && response.Body.EndsWith('\n'));
        }
    }

    [Fact]
    public async Task Oversized_bodies_and_gzip_bombs_are_413()
    {
        var handler = NewHandler(maxBody: 1000).Handler;
        var big = await Post(handler, new byte[2000], "application/x-protobuf");
        Assert.Equal(413, big.Status);
        Assert.Equal("request body of 2000 bytes exceeds the limit of 1000 bytes\n", big.Body);

        var bomb = await Post(handler, Gzip(new byte[100_000]), "application/x-protobuf", "gzip");
        Assert.Equal(413, bomb.Status);
        Assert.Equal("decompressed request body exceeds the limit of 1000 bytes\n", bomb.Body);
    }

    [Fact]
    public async Task Out_of_order_is_400_and_the_whole_request_is_rolled_back()
    {
        var (handler, head) = NewHandler();
        await Post(handler, OtlpProtobufEncoder.EncodeMetrics(Request(Service("svc"), Gauge("g", "", Number(1, T0Ms + 1000)))), "application/x-protobuf");
        var late = Request(Service("svc"), Gauge("g", "", Number(2, T0Ms)), Gauge("new_series", "", Number(3, T0Ms)));
        var response = await Post(handler, OtlpProtobufEncoder.EncodeMetrics(late), "application/x-protobuf");

        Assert.Equal(400, response.Status);
        Assert.Equal("out of order sample\n", response.Body);
        Assert.DoesNotContain(Dump(head).Keys, k => k.Contains("new_series", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Translation_errors_are_500_and_store_nothing()
    {
        var (handler, head) = NewHandler();
        var data = Request(Service("svc"),
            Sum("unset", "", true, AggregationTemporality.Unspecified, Number(1, T0Ms)),
            Gauge("fine", "", Number(1, T0Ms)));
        var response = await Post(handler, OtlpProtobufEncoder.EncodeMetrics(data), "application/x-protobuf");
        Assert.Equal(500, response.Status);
        Assert.Equal("invalid temporality and type combination for metric \"unset\"\n", response.Body);
        Assert.Empty(Dump(head));
    }

    [Fact]
    public async Task Storage_errors_are_500_with_the_reason()
    {
        var handler = NewHandler(store: new FailingStore()).Handler;
        var response = await Post(handler, OtlpProtobufEncoder.EncodeMetrics(Valid), "application/x-protobuf");
        Assert.Equal(500, response.Status);
        Assert.Equal("write-ahead log: no space left on device\n", response.Body);
    }

    [Fact]
    public async Task Only_post()
    {
        var context = await Post(NewHandler().Handler, [], "application/x-protobuf", method: "GET");
        Assert.Equal(405, context.Status);
    }

    [Fact]
    public async Task Accepted_writes_feed_the_latest_values_when_given()
    {
        var (head, store) = NewHead();
        var latest = new OtlpLatestValues(timeProvider: new ManualTime(T0));
        var handler = new OtlpWriteHandler(store, Translator(), latest: latest);
        await Post(handler, OtlpProtobufEncoder.EncodeMetrics(Valid), "application/x-protobuf");
        Assert.Equal(1, latest.SeriesCount);
    }

    private sealed class FailingStore : IAppendable
    {
        public IAppender Appender() => new FailingAppender();

        private sealed class FailingAppender : IAppender
        {
            public AppendStatus Append(ref ulong seriesRef, Labels labels, long timestampMs, double value) => AppendStatus.Ok;

            public void UpdateMetadata(Labels labels, MetricMetadata metadata) { }

            public ValueTask CommitAsync(CancellationToken cancellationToken = default) =>
                ValueTask.FromException(new IOException("write-ahead log: no space left on device"));

            public void Rollback() { }
        }
    }
}
