using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Vigil.Tests.Support;

namespace Vigil.Tests.Integration;

/// <summary>OTLP/gRPC bad input and back-pressure against the real program, with a raw gRPC client.</summary>
public sealed class OtlpGrpcReceiverTests : IClassFixture<VigilFixture>
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(static (byte[] b) => b, static (byte[] b) => b);
    private static readonly Method<byte[], byte[]> ExportTraces = new(MethodType.Unary,
        "opentelemetry.proto.collector.trace.v1.TraceService", "Export", Bytes, Bytes);

    private readonly VigilFixture _fixture;

    public OtlpGrpcReceiverTests(VigilFixture fixture) => _fixture = fixture;

    private static async Task<byte[]> CallAsync(Uri address, byte[] request, Metadata? headers = null)
    {
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxSendMessageSize = null });
        var invoker = channel.CreateCallInvoker();
        return await invoker.AsyncUnaryCall(ExportTraces, null, new CallOptions(headers), request);
    }

    [Fact]
    public async Task Good_request_gets_an_empty_response()
    {
        var response = await CallAsync(_fixture.Vigil.Address("otlp-grpc"), Payloads.TracesProtobuf(3));
        Assert.Empty(response);
    }

    [Fact]
    public async Task Partial_success_reports_rejected_spans()
    {
        var response = await CallAsync(_fixture.Vigil.Address("otlp-grpc"), Payloads.TracesProtobuf(3, zeroTraceIdOnFirst: true));
        var partial = StatusMessage.PartialSuccess(response);
        Assert.Equal(1, partial?.Rejected);
    }

    [Fact]
    public async Task Malformed_protobuf_is_invalid_argument_and_the_server_keeps_serving()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => CallAsync(_fixture.Vigil.Address("otlp-grpc"), [0x0a, 0x05, 0x01]));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("cannot decode OTLP protobuf traces request", e.Status.Detail, StringComparison.Ordinal);
        await Good_request_gets_an_empty_response();
    }

    [Fact]
    public async Task Oversized_message_is_resource_exhausted()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => CallAsync(_fixture.Vigil.Address("otlp-grpc"), new byte[VigilFixture.BodyLimit + 100]));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        await Good_request_gets_an_empty_response();
    }

    [Fact]
    public async Task Gzip_compressed_request_is_accepted()
    {
        // grpc-internal-encoding-request asks Grpc.Net.Client to gzip the message.
        var headers = new Metadata { { "grpc-internal-encoding-request", "gzip" } };
        var response = await CallAsync(_fixture.Vigil.Address("otlp-grpc"), Payloads.TracesProtobuf(5), headers);
        Assert.Empty(response);
    }
}

/// <summary>The memory limit pushes back instead of queueing without bound.</summary>
public sealed class BackPressureTests
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(static (byte[] b) => b, static (byte[] b) => b);
    private static readonly Method<byte[], byte[]> ExportTraces = new(MethodType.Unary,
        "opentelemetry.proto.collector.trace.v1.TraceService", "Export", Bytes, Bytes);

    [Fact]
    public async Task Over_the_memory_limit_http_gets_429_with_retry_after_and_grpc_resource_exhausted_with_retry_info()
    {
        // A tiny limit and a batch that waits a long time: the first request fills the pipeline.
        await using var vigil = await VigilProcess.StartReadyAsync([
            "--collector.memory_limiter.limit", "1KiB", "--collector.memory_limiter.retry_after", "7s",
            "--collector.batch.timeout", "1h", "--collector.batch.send_batch_size", "1000000",
        ]);
        using var http = new HttpClient();
        var url = new Uri(vigil.Address("otlp-http"), "/v1/traces");
        HttpResponseMessage Post()
        {
            var content = new ByteArrayContent(Payloads.TracesProtobuf(20));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            return http.PostAsync(url, content).GetAwaiter().GetResult();
        }

        using (var first = Post())
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        using (var second = Post())
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), second.Headers.RetryAfter?.Delta);
            var (code, message) = StatusMessage.Decode(await second.Content.ReadAsByteArrayAsync());
            Assert.Equal(8, code);
            Assert.Contains("over its memory limit", message, StringComparison.Ordinal);
        }

        using var channel = GrpcChannel.ForAddress(vigil.Address("otlp-grpc"));
        var e = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(ExportTraces, null, new CallOptions(), Payloads.TracesProtobuf(5)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        var details = e.Trailers.GetValueBytes("grpc-status-details-bin");
        Assert.NotNull(details);
        Assert.Contains("type.googleapis.com/google.rpc.RetryInfo", System.Text.Encoding.UTF8.GetString(details), StringComparison.Ordinal);

        var text = await MetricsText.ScrapeAsync(http, vigil.Address("collector-metrics"));
        Assert.Equal(20, MetricsText.Value(text, "otelcol_receiver_accepted_spans_total", "receiver=\"otlp\",transport=\"http\""));
        Assert.Equal(1, MetricsText.Value(text, "vigil_receiver_refused_requests_total", "receiver=\"otlp\",transport=\"http\",signal=\"traces\""));
        Assert.Equal(1, MetricsText.Value(text, "vigil_receiver_refused_requests_total", "receiver=\"otlp\",transport=\"grpc\",signal=\"traces\""));
    }

    [Fact]
    public async Task Cors_preflight_allows_configured_origins_only()
    {
        await using var vigil = await VigilProcess.StartReadyAsync(["--collector.otlp.http.cors.allowed_origins", "http://app.example"]);
        using var http = new HttpClient();
        var url = new Uri(vigil.Address("otlp-http"), "/v1/traces");
        async Task<HttpResponseMessage> Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, url);
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            return await http.SendAsync(request);
        }
        using (var allowed = await Preflight("http://app.example"))
        {
            Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
            Assert.Equal("http://app.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
        using (var denied = await Preflight("http://evil.example"))
        {
            Assert.False(denied.Headers.Contains("Access-Control-Allow-Origin"));
        }
    }
}
