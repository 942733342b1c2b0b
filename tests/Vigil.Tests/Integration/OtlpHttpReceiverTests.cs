using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Integration;

/// <summary>
/// OTLP/HTTP against the real program: every kind of bad input gets its documented status and message
/// (docs/apis/otlp.md), and the server still takes the next good request.
/// </summary>
public sealed class OtlpHttpReceiverTests : IClassFixture<VigilFixture>
{
    private readonly VigilFixture _fixture;

    public OtlpHttpReceiverTests(VigilFixture fixture) => _fixture = fixture;

    private Uri Url(string path) => new(_fixture.Vigil.Address("otlp-http"), path);

    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string contentType, string? encoding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }
        return await _fixture.Http.PostAsync(Url(path), content);
    }

    private async Task AssertStillServesAsync()
    {
        using var response = await PostAsync("/v1/traces", Payloads.TracesProtobuf(2), "application/x-protobuf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task<(int Code, string Message)> ProtobufStatus(HttpResponseMessage response)
    {
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        return StatusMessage.Decode(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Good_protobuf_and_json_requests_succeed_with_the_request_encoding()
    {
        await AssertStillServesAsync();
        string json = """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","name":"x"}]}]}]}""";
        using var response = await PostAsync("/v1/traces", Payloads.Utf8(json), "application/json; charset=utf-8");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Gzip_body_is_accepted()
    {
        using var response = await PostAsync("/v1/traces", Payloads.Gzip(Payloads.TracesProtobuf(3)), "application/x-protobuf", "gzip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Empty_request_is_a_success()
    {
        using var response = await PostAsync("/v1/logs", [], "application/x-protobuf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Truncated_protobuf_is_400_with_a_status_naming_the_problem()
    {
        var body = Payloads.TracesProtobuf(3);
        using var response = await PostAsync("/v1/traces", body[..(body.Length - 7)], "application/x-protobuf");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (code, message) = await ProtobufStatus(response);
        Assert.Equal(3, code); // INVALID_ARGUMENT
        Assert.Contains("cannot decode OTLP protobuf traces request", message, StringComparison.Ordinal);
        Assert.Contains("past the end", message, StringComparison.Ordinal);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Wrong_wire_type_is_400()
    {
        // Field 1 (resource_spans) sent as a varint instead of a message.
        using var response = await PostAsync("/v1/traces", [0x08, 0x01], "application/x-protobuf");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (_, message) = await ProtobufStatus(response);
        Assert.Contains("field 1 has wire type 0", message, StringComparison.Ordinal);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Invalid_json_is_400_with_a_json_status()
    {
        using var response = await PostAsync("/v1/logs", Payloads.Utf8("{\"resourceLogs\": [ {"), "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, doc.RootElement.GetProperty("code").GetInt32());
        Assert.Contains("cannot decode OTLP/JSON logs request", doc.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Bad_hex_trace_id_in_json_is_400_naming_the_field()
    {
        string json = """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"not-hex","spanId":"EEE19B7EC3C1B174"}]}]}]}""";
        using var response = await PostAsync("/v1/traces", Payloads.Utf8(json), "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("traceId", doc.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Gzip_bomb_is_413_without_inflating_it_all()
    {
        var bomb = Payloads.GzipBomb(200 << 20); // 200 MiB of zeros in about 200 KiB
        Assert.True(bomb.Length < VigilFixture.BodyLimit);
        using var response = await PostAsync("/v1/traces", bomb, "application/x-protobuf", "gzip");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var (_, message) = await ProtobufStatus(response);
        Assert.Contains("decompressed request body exceeds the limit of 1048576 bytes", message, StringComparison.Ordinal);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        using var response = await PostAsync("/v1/metrics", new byte[VigilFixture.BodyLimit + 10], "application/x-protobuf");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var (_, message) = await ProtobufStatus(response);
        Assert.Contains("exceeds the limit of 1048576 bytes", message, StringComparison.Ordinal);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Wrong_content_type_is_415_in_the_collectors_words()
    {
        using var response = await PostAsync("/v1/traces", Payloads.Utf8("hello"), "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("415 unsupported media type, supported: [application/json, application/x-protobuf]", await response.Content.ReadAsStringAsync());
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Unknown_content_encoding_is_400()
    {
        using var response = await PostAsync("/v1/traces", Payloads.TracesProtobuf(1), "application/x-protobuf", "br");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (_, message) = await ProtobufStatus(response);
        Assert.Contains("unsupported Content-Encoding", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_gzip_is_400()
    {
        // A valid gzip header followed by a deflate block of the reserved type 3.
        using var response = await PostAsync("/v1/traces", [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff], "application/x-protobuf", "gzip");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Get_is_405()
    {
        using var response = await _fixture.Http.GetAsync(Url("/v1/traces"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("405 method not allowed, supported: [POST]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_path_is_404()
    {
        using var response = await PostAsync("/v1/profiles", [], "application/x-protobuf");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Spans_with_zero_ids_are_rejected_as_a_partial_success()
    {
        using (var response = await PostAsync("/v1/traces", Payloads.TracesProtobuf(3, zeroTraceIdOnFirst: true), "application/x-protobuf"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var partial = StatusMessage.PartialSuccess(await response.Content.ReadAsByteArrayAsync());
            Assert.NotNull(partial);
            Assert.Equal(1, partial.Value.Rejected);
            Assert.Contains("trace_id and span_id must be non-zero", partial.Value.Message, StringComparison.Ordinal);
        }
        string json = """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"","spanId":"EEE19B7EC3C1B174"},{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174"}]}]}]}""";
        using (var response = await PostAsync("/v1/traces", Payloads.Utf8(json), "application/json"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var partial = doc.RootElement.GetProperty("partialSuccess");
            Assert.Equal("1", partial.GetProperty("rejectedSpans").GetString());
        }
    }

    [Fact]
    public async Task Every_example_from_the_otlp_repository_is_accepted()
    {
        string dir = SharedDirectory.Find(RepoPaths.Root, "otlp");
        foreach (var (file, path) in new[] { ("trace.json", "/v1/traces"), ("logs.json", "/v1/logs"), ("events.json", "/v1/logs"), ("metrics.json", "/v1/metrics") })
        {
            using var response = await PostAsync(path, await File.ReadAllBytesAsync(Path.Combine(dir, file)), "application/json");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        }
    }
}
