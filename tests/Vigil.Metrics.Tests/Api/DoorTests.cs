using System.IO.Compression;
using System.Net;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tests.Api.Support;

namespace Vigil.Metrics.Tests.Api;

/// <summary>What web.go wraps around the API (gzip, CORS, OPTIONS, 404/405, readiness), /federate and the built-in pages.</summary>
public class DoorTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync("global:\n  external_labels:\n    dc: eu1\n    job: fed\n");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Responses_are_gzipped_when_the_client_asks()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/labels");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await _server.Client.SendAsync(request);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        Assert.Equal("{\"status\":\"success\",\"data\":[]}", await new StreamReader(gzip).ReadToEndAsync());

        using var plain = await _server.Client.GetAsync("/api/v1/labels");
        Assert.Empty(plain.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Cors_headers_on_v1_when_an_origin_is_sent_and_options_answers_204()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/labels");
        request.Headers.TryAddWithoutValidation("Origin", "http://grafana:3000");
        using var response = await _server.Client.SendAsync(request);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("GET, POST, OPTIONS", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("Accept, Authorization, Content-Type, Origin", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Contains("Origin", response.Headers.Vary);

        using var options = await _server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/v1/query"));
        Assert.Equal(HttpStatusCode.NoContent, options.StatusCode);
    }

    [Fact]
    public async Task Unknown_paths_404_and_wrong_methods_405_in_plain_text()
    {
        var (status, body) = await _server.GetAsync("/api/v1/nope");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("404 page not found\n", body);
        using var delete = await _server.Client.DeleteAsync("/api/v1/query");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.Equal("Method Not Allowed\n", await delete.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Before_ready_v1_answers_503_but_health_answers()
    {
        await using var starting = await ApiServer.StartAsync(ready: false);
        var (status, body) = await starting.GetAsync("/api/v1/labels");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Service Unavailable", body);
        Assert.Equal(HttpStatusCode.OK, (await starting.GetAsync("/api/v1/status/walreplay")).Status);
        Assert.Equal(HttpStatusCode.OK, (await starting.GetAsync("/-/healthy")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await starting.GetAsync("/-/ready")).Status);
    }

    [Fact]
    public async Task While_starting_writes_federate_and_metrics_answer_503_as_api_ready_does()
    {
        // The host opens this door while the WAL still replays: nothing may reach the store before it is open.
        await using var starting = await ApiServer.StartAsync(ready: false);
        using var write = await starting.Client.PostAsync("/api/v1/write", new ByteArrayContent([1, 2, 3]));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.Equal("Service Unavailable", await write.Content.ReadAsStringAsync());
        using var otlp = await starting.Client.PostAsync("/api/v1/otlp/v1/metrics", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, otlp.StatusCode);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Service Unavailable"), await starting.GetAsync("/federate?match[]=up"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Service Unavailable"), await starting.GetAsync("/metrics"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await starting.GetAsync("/query")).Status);
        Assert.Equal((HttpStatusCode.OK, "Prometheus Server is Healthy.\n"), await starting.GetAsync("/-/healthy"));
        Assert.Equal(HttpStatusCode.OK, (await starting.GetAsync("/api/v1/notifications")).Status);

        starting.Readiness.MarkReady();
        Assert.Equal(HttpStatusCode.OK, (await starting.GetAsync("/metrics")).Status);
        Assert.Equal(HttpStatusCode.OK, (await starting.GetAsync("/-/ready")).Status);
    }

    [Fact]
    public async Task While_stopping_writes_still_reach_the_receiver_but_reads_answer_503()
    {
        await using var stopping = await ApiServer.StartAsync();
        stopping.Readiness.MarkStopping();
        // A garbage body reaches the remote-write handler, which answers it itself (not the door's 503).
        using var write = await stopping.Client.PostAsync("/api/v1/write", new ByteArrayContent([1, 2, 3]));
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await stopping.GetAsync("/api/v1/labels")).Status);
        Assert.Equal(HttpStatusCode.OK, (await stopping.GetAsync("/metrics")).Status);
    }

    [Fact]
    public async Task Federate_writes_the_latest_sample_per_series_with_external_labels()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await _server.AddAsync(Labels.Of("__name__", "up", "job", "node", "instance", "h1"), (now - 20_000, 0), (now - 5_000, 1));
        await _server.AddAsync(Labels.Of("__name__", "temp", "room", "a\"b"), (now - 1_000, 21.5));
        await _server.AddAsync(Labels.Of("__name__", "old", "job", "x"), (now - 600_000, 1)); // outside the 5m lookback
        await _server.AddAsync(Labels.Of("__name__", "gone", "job", "x"), (now - 3_000, 1), (now - 2_000, Vigil.Metrics.Model.StaleNaN.Value));

        using var response = await _server.Client.GetAsync("/federate?match[]=up&match[]={__name__=~\"temp|old|gone\"}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(
            "# TYPE temp untyped\n" +
            $"temp{{room=\"a\\\"b\",dc=\"eu1\",instance=\"\",job=\"fed\"}} 21.5 {now - 1_000}\n" +
            "# TYPE up untyped\n" +
            $"up{{instance=\"h1\",job=\"node\",dc=\"eu1\"}} 1 {now - 5_000}\n",
            await response.Content.ReadAsStringAsync());

        var (status, body) = await _server.GetAsync("/federate?match[]=up{");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("1:", body, StringComparison.Ordinal);
        Assert.Equal("", (await _server.GetAsync("/federate")).Body);
    }

    [Fact]
    public async Task Large_range_results_stream_out_whole_and_gzipped()
    {
        var app = _server.Role.Db.Appender();
        for (int i = 0; i < 300; i++)
        {
            ulong seriesRef = 0;
            app.Append(ref seriesRef, Labels.Of("__name__", "wide", "i", i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)), 1_000_000, i);
        }
        await app.CommitAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/query_range?query=wide&start=1000&end=1299&step=1");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await _server.Client.SendAsync(request);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var doc = await System.Text.Json.JsonDocument.ParseAsync(gzip);
        var result = doc.RootElement.GetProperty("data").GetProperty("result");
        Assert.Equal(300, result.GetArrayLength());
        Assert.All(result.EnumerateArray(), s => Assert.Equal(300, s.GetProperty("values").GetArrayLength()));
        Assert.Equal("299", result[299].GetProperty("values")[299][1].GetString());
    }

    [Fact]
    public async Task Root_redirects_to_the_query_page_and_pages_are_self_contained()
    {
        using var root = await _server.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Found, root.StatusCode);
        Assert.Equal("/query", root.Headers.Location!.ToString());
        using var graph = await _server.Client.GetAsync("/graph?g0.expr=up");
        Assert.Equal("/query?g0.expr=up", graph.Headers.Location!.ToString());
        foreach (string page in new[] { "/query", "/targets", "/rules", "/alerts", "/status" })
        {
            var (status, html) = await _server.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("<script src=\"/assets/vigil.js\"></script>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", html, StringComparison.Ordinal); // no CDN
        }
        var (jsStatus, js) = await _server.GetAsync("/assets/vigil.js");
        Assert.Equal(HttpStatusCode.OK, jsStatus);
        Assert.Contains("query_range", js, StringComparison.Ordinal);
        Assert.DoesNotContain("innerHTML", js, StringComparison.Ordinal); // data is rendered as text only
        Assert.Equal(HttpStatusCode.OK, (await _server.GetAsync("/assets/vigil.css")).Status);
    }
}
