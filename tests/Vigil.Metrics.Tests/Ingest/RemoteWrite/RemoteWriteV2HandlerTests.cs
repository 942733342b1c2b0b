using System.Net;
using Vigil.Metrics.Ingest.RemoteWrite;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;
using static Vigil.Metrics.Tests.Ingest.RemoteWrite.RemoteWriteHandlerTests;
using RefV2 = Vigil.Metrics.Reference.RemoteWriteV2;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite;

/// <summary>
/// Remote write 2.0 over HTTP into a head: written-count headers, partial writes (the valid part is
/// committed, the rest reported in one 400), symbol table errors, and histograms Vigil cannot store.
/// </summary>
public class RemoteWriteV2HandlerTests
{
    private const string V2ContentType = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

    private static Task<HttpResponseMessage> PostAsync(RemoteWriteServer server, V2RequestBuilder builder) =>
        server.PostAsync(builder.Compressed(), V2ContentType);

    [Fact]
    public async Task A_valid_request_is_204_with_the_written_counts_and_metadata()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var builder = new V2RequestBuilder();
        var series = builder.Series(["__name__", "http_requests_total", "code", "200"], (T0, 10), (T0 + 15_000, 12));
        series.Metadata = builder.Metadata(RefV2.Metadata.Types.MetricType.Counter, "Requests served.", "");
        series.Exemplars.Add(new RefV2.Exemplar { LabelsRefs = { builder.Ref("trace_id"), builder.Ref("4bf92f") }, Value = 1, Timestamp = T0 });
        builder.Series(["__name__", "up", "job", "api"], (T0, 1));

        // Whitespace after the ';' is tolerated (upstream would take this for 1.0).
        var response = await server.PostAsync(builder.Compressed(), "application/x-protobuf; proto=io.prometheus.write.v2.Request");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("3", Header(response, RemoteWriteHandler.SamplesWrittenHeader));
        Assert.Equal("0", Header(response, RemoteWriteHandler.HistogramsWrittenHeader));
        // No exemplar storage: received, not written, and (as upstream for exemplar errors) no failure.
        Assert.Equal("0", Header(response, RemoteWriteHandler.ExemplarsWrittenHeader));
        var head = HeadContents.All(server.Head!);
        Assert.Equal(2, head["{__name__=\"http_requests_total\", code=\"200\"}"].Count);
        Assert.Equal(new MetricMetadata(MetricType.Counter, "Requests served.", ""), server.Head!.Metadata["http_requests_total"]);
        Assert.False(server.Head.Metadata.ContainsKey("up")); // empty metadata is not applied
    }

    [Fact]
    public async Task A_partial_write_commits_the_valid_part_and_reports_the_rest_in_one_400()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var builder = new V2RequestBuilder();
        builder.Series(["__name__", "good"], (T0, 1), (T0 + 1000, 2));
        builder.Series(["__name__", "bad", "job", "x"], (T0 + 5000, 1), (T0 + 4000, 2));
        builder.Series(["job", "no_name"], (T0, 1));
        builder.Series(["__name__", "dup", "a", "1", "a", "2"], (T0, 1));
        builder.Series(["__name__", "late"], (T0 + 3_600_000, 1));

        var response = await PostAsync(server, builder);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, string.Join('\n',
            "out of order sample for series {__name__=\"bad\", job=\"x\"}",
            "invalid metric name or labels, got {job=\"no_name\"}",
            "invalid labels for series, labels {__name__=\"dup\", a=\"1\", a=\"2\"}, duplicated label a",
            "out of bounds: timestamp is too far in the future for series {__name__=\"late\"}"));
        Assert.Equal("3", Header(response, RemoteWriteHandler.SamplesWrittenHeader));
        var head = HeadContents.All(server.Head!);
        Assert.Equal(2, head["{__name__=\"good\"}"].Count);
        Assert.Equal([(T0 + 5000, BitConverter.DoubleToUInt64Bits(1))], head["{__name__=\"bad\", job=\"x\"}"]);
        Assert.Equal((2, 2), (server.Handler.Stats.InvalidLabelSeries, server.Handler.Stats.InvalidLabelSamples));
    }

    [Fact]
    public async Task Native_histograms_are_not_written_and_say_so()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var builder = new V2RequestBuilder();
        var histogramSeries = builder.Series(["__name__", "latency_seconds"]);
        histogramSeries.Histograms.Add(new RefV2.Histogram { CountInt = 2, Sum = 0.5, Schema = 3, Timestamp = T0 });
        builder.Series(["__name__", "up"], (T0, 1));
        var both = builder.Series(["__name__", "mixed"], (T0, 1));
        both.Histograms.Add(new RefV2.Histogram { CountFloat = 1, Timestamp = T0 });

        var response = await PostAsync(server, builder);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest,
            "native histograms are disabled for series {__name__=\"latency_seconds\"}\n" +
            "series {__name__=\"mixed\"} has both samples and histograms; send them as separate series");
        Assert.Equal("1", Header(response, RemoteWriteHandler.SamplesWrittenHeader));
        Assert.Equal("0", Header(response, RemoteWriteHandler.HistogramsWrittenHeader));
        Assert.Equal(["{__name__=\"up\"}"], HeadContents.All(server.Head!).Where(kv => kv.Value.Count > 0).Select(kv => kv.Key));
        Assert.Equal(2, server.Handler.Stats.HistogramsReceived);
    }

    [Fact]
    public async Task A_broken_symbol_table_refuses_the_whole_request()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var builder = new V2RequestBuilder();
        builder.Series(["__name__", "fine"], (T0, 1));
        builder.Series(["__name__", "broken"], (T0, 1)).LabelsRefs.Add(40);
        builder.Request.Timeseries[1].LabelsRefs.Add(41);

        var response = await PostAsync(server, builder);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest,
            "timeseries[1]: labels_refs references symbol 40, but the symbols table has 4 entries");
        Assert.Equal("0", Header(response, RemoteWriteHandler.SamplesWrittenHeader));
        Assert.Empty(HeadContents.All(server.Head!));
    }

    [Fact]
    public async Task Stopped_ingestion_is_500_and_rolls_back_even_the_valid_part()
    {
        var store = new StoppingStore(accept: 2);
        await using var server = await RemoteWriteServer.StartAsync(Options, store);
        var builder = new V2RequestBuilder();
        builder.Series(["__name__", "a"], (T0, 1), (T0 + 1, 1), (T0 + 2, 1));

        var response = await PostAsync(server, builder);

        await AssertErrorAsync(response, HttpStatusCode.InternalServerError, "storage unavailable");
        Assert.Equal("0", Header(response, RemoteWriteHandler.SamplesWrittenHeader));
        Assert.Equal((0, 2), (store.Committed, store.RolledBack));
    }

    [Fact]
    public async Task Many_errors_are_capped_in_the_body()
    {
        await using var server = await RemoteWriteServer.StartAsync(Options);
        var builder = new V2RequestBuilder();
        for (int i = 0; i < 25; i++)
        {
            builder.Series(["job", $"j{i}"], (T0, 1));
        }
        var response = await PostAsync(server, builder);
        string body = await response.Content.ReadAsStringAsync();
        var lines = body.TrimEnd('\n').Split('\n');
        Assert.Equal(RemoteWriteWriter.MaxErrorLines + 1, lines.Length);
        Assert.Equal("... and 15 more errors", lines[^1]);
    }
}
