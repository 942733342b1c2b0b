using System.Net;
using Google.Protobuf;
using Vigil.Metrics.Ingest.RemoteWrite;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;
using Vigil.Metrics.Tsdb.Head;
using static Vigil.Metrics.Tests.Ingest.RemoteWrite.Support.ReferenceRequests;
using Ref = Vigil.Metrics.Reference.RemoteWrite;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite;

/// <summary>
/// The receiver over real HTTP (Kestrel on 127.0.0.1) into a real head: every status path with its
/// exact text, and 1.0's all-or-nothing write. 2.0 lives in <see cref="RemoteWriteV2HandlerTests"/>.
/// </summary>
public class RemoteWriteHandlerTests
{
    internal static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);
    internal static readonly long T0 = Now.ToUnixTimeMilliseconds();
    internal static readonly RemoteWriteOptions Options = new() { Time = new FixedTime(Now) };

    internal static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string text)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(text + "\n", await response.Content.ReadAsStringAsync());
    }

    internal static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Methods_other_than_post_are_405_as_prometheus_router_answers(string method)
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var response = await server.PostAsync([], method: new HttpMethod(method));
        await AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, "Method Not Allowed");
        Assert.Equal("OPTIONS, POST", string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal(1, server.Handler.Stats.Requests(405));
    }

    [Fact]
    public async Task Options_is_an_empty_204()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var response = await server.PostAsync([], method: HttpMethod.Options);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("application/json", "expected application/x-protobuf as the first (media) part, got application/json content-type")]
    [InlineData("text/plain; charset=utf-8", "expected application/x-protobuf as the first (media) part, got text/plain; charset=utf-8 content-type")]
    [InlineData("application/x-protobuf;proto", "as per https://www.rfc-editor.org/rfc/rfc9110#parameter expected parameters to be key-values, got proto in application/x-protobuf;proto content-type")]
    [InlineData("application/x-protobuf;proto=a=b", "as per https://www.rfc-editor.org/rfc/rfc9110#parameter expected parameters to be key-values, got proto=a=b in application/x-protobuf;proto=a=b content-type")]
    [InlineData("application/x-protobuf;proto=io.prometheus.write.v3.Request", "got application/x-protobuf;proto=io.prometheus.write.v3.Request content type; unknown remote write protobuf message io.prometheus.write.v3.Request, supported: prometheus.WriteRequest, io.prometheus.write.v2.Request")]
    public async Task Unsupported_content_types_are_415_with_upstream_text(string contentType, string text)
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var response = await server.PostAsync(Compressed(V1()), contentType);
        await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, text);
        Assert.False(response.Headers.Contains(RemoteWriteHandler.SamplesWrittenHeader));
    }

    [Fact]
    public async Task Encodings_other_than_snappy_are_415()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var response = await server.PostAsync(Compressed(V1()), encoding: "gzip");
        await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType,
            "gzip encoding (compression) is not accepted by this server; only snappy is acceptable");
    }

    [Fact]
    public async Task A_message_the_server_does_not_accept_is_415()
    {
        await using var server = await RemoteWriteServer.StartAsync(new RemoteWriteOptions { AcceptV2 = false });
        var response = await server.PostAsync(Compressed(V1()), "application/x-protobuf;proto=io.prometheus.write.v2.Request");
        await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType,
            "io.prometheus.write.v2.Request protobuf message is not accepted by this server; accepted [prometheus.WriteRequest]");
    }

    [Fact]
    public async Task No_content_type_and_no_encoding_are_taken_as_snappy_1_0()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var response = await server.PostAsync(Compressed(V1(Series(["__name__", "up"], (T0, 1)))), contentType: null, encoding: null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(HeadContents.All(server.Head!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("67617262616765")]
    public async Task Bodies_that_are_not_snappy_are_400(string hex)
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var response = await server.PostAsync(Convert.FromHexString(hex));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "snappy: corrupt input");
        Assert.Equal("0", Header(response, RemoteWriteHandler.SamplesWrittenHeader));
    }

    [Fact]
    public async Task Bodies_that_are_not_protobuf_are_400_with_the_gogo_text()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var response = await server.PostAsync(Snappy([0x0a, 0x02, 0x08, 0x01]));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "proto: wrong wireType = 0 for field Labels");
    }

    [Fact]
    public async Task A_body_decompressing_past_the_limit_is_413_before_it_is_inflated()
    {
        await using var server = await RemoteWriteServer.StartAsync(new RemoteWriteOptions { MaxDecompressedBytes = 1000 });
        var request = V1(Series(["__name__", "big", "pad", new string('x', 2000)], (T0, 1)));
        var response = await server.PostAsync(Compressed(request));
        int size = request.CalculateSize();
        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge,
            $"snappy: decoded block is too large: {size} bytes exceed the limit of 1000 bytes");
        Assert.Empty(HeadContents.All(server.Head!));
    }

    [Fact]
    public async Task A_compressed_body_past_the_limit_is_413()
    {
        var options = new RemoteWriteOptions { MaxDecompressedBytes = 1000 };
        await using var server = await RemoteWriteServer.StartAsync(options);
        var response = await server.PostAsync(new byte[options.MaxRequestBodyBytes + 1]);
        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge,
            $"request body of {options.MaxRequestBodyBytes + 1} bytes exceeds the limit of {options.MaxRequestBodyBytes} bytes");
    }

    [Fact]
    public async Task A_valid_1_0_request_is_204_with_zero_written_headers_and_lands_in_the_head()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var response = await server.PostAsync(Compressed(V1(
            Series(["job", "node", "__name__", "up", "instance", "h:9100"], (T0, 1), (T0 + 15_000, 1)),
            Series(["__name__", "temp", "room", "kitchen"], (T0, 21.5), (T0 + 15_000, StaleNaN.Value)))));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        // Upstream fills the written counts only for 2.0; 1.0 answers carry zeros.
        Assert.Equal("0", Header(response, RemoteWriteHandler.SamplesWrittenHeader));
        Assert.Equal("0", Header(response, RemoteWriteHandler.HistogramsWrittenHeader));
        Assert.Equal("0", Header(response, RemoteWriteHandler.ExemplarsWrittenHeader));
        var head = HeadContents.All(server.Head!);
        Assert.Equal([(T0, BitConverter.DoubleToUInt64Bits(1)), (T0 + 15_000, BitConverter.DoubleToUInt64Bits(1))],
            head["{__name__=\"up\", instance=\"h:9100\", job=\"node\"}"]);
        // The stale marker keeps its exact bits through the whole path.
        Assert.Equal(StaleNaN.Bits, head["{__name__=\"temp\", room=\"kitchen\"}"][1].Bits);
        Assert.Equal(4, server.Handler.Stats.SamplesWritten);
        Assert.Equal(1, server.Handler.Stats.Requests(204));
    }

    [Fact]
    public async Task Series_with_invalid_labels_are_skipped_silently_and_counted()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        byte[] invalidUtf8Label = [0x0a, 0x02, 0xff, 0xfe, 0x12, 0x01, (byte)'v'];
        var invalidUtf8 = Series(["__name__", "bad_utf8"], (T0, 1));
        var body = V1(
            Series(["job", "no_name"], (T0, 1)),
            Series(["__name__", "dup", "a", "1", "a", "2"], (T0, 1), (T0 + 1, 1)),
            Series(["__name__", "empty_name", "", "v"], (T0, 1)),
            Series(["__name__", ""], (T0, 1)),
            Series(["__name__", "ok", "empty", ""], (T0, 7)),
            invalidUtf8).ToByteArray();
        // Splice a Label with invalid UTF-8 into the last series (its bytes are at the end of the body).
        byte[] last = invalidUtf8.ToByteArray();
        byte[] patched = [.. last, 0x0a, (byte)invalidUtf8Label.Length, .. invalidUtf8Label];
        body = [.. body[..^(last.Length + 2)], 0x0a, (byte)patched.Length, .. patched];

        var response = await server.PostAsync(Snappy(body));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        // An empty value means "no label": {empty=""} is dropped, the series kept.
        Assert.Equal(["{__name__=\"ok\"}"], HeadContents.All(server.Head!).Keys);
        Assert.Equal(5, server.Handler.Stats.InvalidLabelSeries);
        Assert.Equal(6, server.Handler.Stats.InvalidLabelSamples);
    }

    [Fact]
    public async Task An_out_of_order_sample_rolls_back_the_whole_1_0_request()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var response = await server.PostAsync(Compressed(V1(
            Series(["__name__", "first"], (T0, 1), (T0 + 1000, 2)),
            Series(["__name__", "second"], (T0 + 5000, 1), (T0 + 4000, 2)),
            Series(["__name__", "third"], (T0, 1)))));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "out of order sample");
        Assert.Equal("0", Header(response, RemoteWriteHandler.SamplesWrittenHeader));
        // Nothing of the request is visible, not even the series before the bad sample.
        Assert.All(HeadContents.All(server.Head!).Values, Assert.Empty);
        Assert.Equal(0, server.Handler.Stats.SamplesWritten);

        // The sender drops a 400; its next request goes through.
        var next = await server.PostAsync(Compressed(V1(Series(["__name__", "first"], (T0, 1)))));
        Assert.Equal(HttpStatusCode.NoContent, next.StatusCode);
        Assert.Single(HeadContents.All(server.Head!)["{__name__=\"first\"}"]);
    }

    [Fact]
    public async Task A_sample_for_a_committed_timestamp_with_another_value_is_400()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        Assert.Equal(HttpStatusCode.NoContent, (await server.PostAsync(Compressed(V1(Series(["__name__", "x"], (T0, 1)))))).StatusCode);
        // The same sample again is fine (a retry), another value is not.
        Assert.Equal(HttpStatusCode.NoContent, (await server.PostAsync(Compressed(V1(Series(["__name__", "x"], (T0, 1)))))).StatusCode);
        var response = await server.PostAsync(Compressed(V1(Series(["__name__", "x"], (T0, 2)))));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "duplicate sample for timestamp");
        var older = await server.PostAsync(Compressed(V1(Series(["__name__", "x"], (T0 - 1, 2)))));
        await AssertErrorAsync(older, HttpStatusCode.BadRequest, "out of order sample");
    }

    [Fact]
    public async Task Samples_more_than_ten_minutes_ahead_are_out_of_bounds()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        long limit = T0 + 10 * 60_000;
        Assert.Equal(HttpStatusCode.NoContent, (await server.PostAsync(Compressed(V1(Series(["__name__", "x"], (limit, 1)))))).StatusCode);
        var response = await server.PostAsync(Compressed(V1(Series(["__name__", "y"], (T0, 1)), Series(["__name__", "x"], (limit + 1, 1)))));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "out of bounds: timestamp is too far in the future");
        Assert.DoesNotContain("{__name__=\"y\"}", HeadContents.All(server.Head!).Keys);
    }

    [Fact]
    public async Task Request_metadata_reaches_the_head()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var request = V1(Series(["__name__", "node_cpu_seconds_total", "cpu", "0"], (T0, 12.5)));
        request.Metadata.Add(new Ref.MetricMetadata
        {
            Type = Ref.MetricMetadata.Types.MetricType.Counter, MetricFamilyName = "node_cpu_seconds_total",
            Help = "Seconds the CPUs spent in each mode.", Unit = "seconds",
        });
        request.Metadata.Add(new Ref.MetricMetadata { Type = Ref.MetricMetadata.Types.MetricType.Gauge, MetricFamilyName = "only_metadata" });
        Assert.Equal(HttpStatusCode.NoContent, (await server.PostAsync(Compressed(request))).StatusCode);
        var metadata = server.Head!.Metadata;
        Assert.Equal(new MetricMetadata(MetricType.Counter, "Seconds the CPUs spent in each mode.", "seconds"), metadata["node_cpu_seconds_total"]);
        Assert.Equal(new MetricMetadata(MetricType.Gauge, "", ""), metadata["only_metadata"]);
        Assert.Equal(2, server.Handler.Stats.MetadataReceived);
    }

    [Fact]
    public async Task Native_histograms_and_exemplars_are_counted_and_dropped_in_1_0()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var series = Series(["__name__", "latency"], (T0, 3));
        series.Histograms.Add(IntHistogram(T0));
        series.Exemplars.Add(new Ref.Exemplar { Value = 0.2, Timestamp = T0, Labels = { new Ref.Label { Name = "trace_id", Value = "abc" } } });
        var response = await server.PostAsync(Compressed(V1(series)));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(HeadContents.All(server.Head!)["{__name__=\"latency\"}"]);
        Assert.Equal((1, 1, 1), (server.Handler.Stats.SamplesReceived, server.Handler.Stats.HistogramsReceived, server.Handler.Stats.ExemplarsReceived));
    }

    [Fact]
    public async Task A_storage_failure_is_500_and_publishes_nothing()
    {
        var head = new Head(new HeadOptions(), new FullDiskLog());
        await using var server = await RemoteWriteServer.StartAsync(Options, new HeadAppendable(head));
        var response = await server.PostAsync(Compressed(V1(Series(["__name__", "up"], (T0, 1)))));
        await AssertErrorAsync(response, HttpStatusCode.InternalServerError, "write /data/wal/00000001: no space left on device");
        Assert.All(HeadContents.All(head).Values, Assert.Empty);
        Assert.Equal(1, server.Handler.Stats.Requests(500));
    }

    [Fact]
    public async Task Stopped_ingestion_is_500_and_rolls_back()
    {
        var store = new StoppingStore(accept: 1);
        await using var server = await RemoteWriteServer.StartAsync(Options, store);
        var response = await server.PostAsync(Compressed(V1(Series(["__name__", "a"], (T0, 1)), Series(["__name__", "b"], (T0, 1)))));
        await AssertErrorAsync(response, HttpStatusCode.InternalServerError, "storage unavailable");
        Assert.Equal((0, 1), (store.Committed, store.RolledBack));
    }
}
