using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Tsdb;
using Vigil.Metrics.Tsdb.Querying;
using Vigil.Otlp.Model;
using Vigil.Otlp.Protobuf;
using Vigil.Tests.Support;

namespace Vigil.Tests.Integration;

/// <summary>
/// The metrics role in the real program: OTLP into the TSDB and onto 9464, 9090's own /metrics, the admin
/// API (snapshot, delete_series) and its disabled shape.
/// </summary>
public class MetricsDoorTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static byte[] Gauge(string name, double value, long unixMs) => OtlpProtobufEncoder.EncodeMetrics(new MetricsData
    {
        ResourceMetrics =
        [
            new ResourceMetrics
            {
                Resource = new Resource { Attributes = [new KeyValue("service.name", AnyValue.String("door-test"))] },
                ScopeMetrics =
                [
                    new ScopeMetrics
                    {
                        Metrics =
                        [
                            new Metric
                            {
                                Name = name, Unit = "Cel", Type = Vigil.Otlp.Model.MetricType.Gauge,
                                NumberPoints = [new NumberDataPoint { TimeUnixNano = (ulong)unixMs * 1_000_000, Value = NumberValue.FromDouble(value) }],
                            },
                        ],
                    },
                ],
            },
        ],
    });

    private static async Task<HttpResponseMessage> PostProtobuf(Uri uri, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return await Http.PostAsync(uri, content);
    }

    [Fact]
    public async Task Otlp_metrics_reach_the_tsdb_9464_and_the_admin_api_snapshots_and_deletes()
    {
        await using var vigil = await VigilProcess.StartReadyAsync(["--web.enable-admin-api"]);
        var prometheus = vigil.Address("prometheus");
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // Through the collector (4318 → pipeline → TSDB exporter) and straight into 9090's OTLP endpoint.
        using (var r = await PostProtobuf(new Uri(vigil.Address("otlp-http"), "/v1/metrics"), Gauge("greenhouse.temperature", 21.5, now)))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using (var r = await PostProtobuf(new Uri(prometheus, "/api/v1/otlp/v1/metrics"), Gauge("soil.temperature", 12.25, now)))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        // 9464 serves the latest OTLP values in text format, next to the collector's own metrics.
        string exposition = "";
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!exposition.Contains("greenhouse_temperature_celsius{", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            exposition = await MetricsText.ScrapeAsync(Http, vigil.Address("collector-metrics"));
        }
        Assert.Contains("# TYPE greenhouse_temperature_celsius gauge", exposition, StringComparison.Ordinal);
        Assert.Contains("greenhouse_temperature_celsius{job=\"door-test\"} 21.5", exposition, StringComparison.Ordinal);

        // 9090's /metrics shows the head holding both series (and target_info is not made: no other attributes).
        string self = await Http.GetStringAsync(new Uri(prometheus, "/metrics"));
        Assert.Equal(2, MetricsText.Value(self, "prometheus_tsdb_head_series", ""));
        // Two samples leave both series' chunks open: nothing in head_chunks/ yet, and the gauge says so.
        Assert.Equal(0, MetricsText.Value(self, "prometheus_tsdb_head_chunks_storage_size_bytes", ""));

        using (var snapshot = await Http.PostAsync(new Uri(prometheus, "/api/v1/admin/tsdb/snapshot"), null))
        {
            Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
            using var json = JsonDocument.Parse(await snapshot.Content.ReadAsStringAsync());
            string name = json.RootElement.GetProperty("data").GetProperty("name").GetString()!;
            await using var restored = Db.Open(new DbOptions { Directory = Path.Combine(vigil.DataDir, "metrics", "snapshots", name) }, NullLogger.Instance);
            Assert.Equal(2, TsdbRead.Series(restored).Count);
        }

        using (var delete = await Http.PostAsync(new Uri(prometheus, "/api/v1/admin/tsdb/delete_series?match[]=soil_temperature_celsius"), null))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var bad = await Http.PostAsync(new Uri(prometheus, "/api/v1/admin/tsdb/delete_series?match[]=up{"), null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.StartsWith("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"match[]\\\": 1:4: parse error:",
                await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        vigil.Signal(15);
        await vigil.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await using var db = Db.Open(new DbOptions { Directory = Path.Combine(vigil.DataDir, "metrics") }, NullLogger.Instance);
        Assert.Equal(["greenhouse_temperature_celsius"], TsdbRead.Series(db).Select(l => l.Name));
    }

    [Fact]
    public async Task Remote_written_samples_answer_query_and_query_range()
    {
        await using var vigil = await VigilProcess.StartReadyAsync(["--role", "metrics"]);
        var prometheus = vigil.Address("prometheus");
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000 * 1000;
        byte[] body = RemoteWriteRequests.Encode([([("__name__", "door_temp"), ("room", "a")], [(now - 30_000, 20), (now - 15_000, 21.5), (now, 22)])]);
        using (var write = await Http.SendAsync(RemoteWriteRequests.Post(prometheus, body)))
            Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);

        string instant = await Http.GetStringAsync(new Uri(prometheus, $"/api/v1/query?query=door_temp&time={now / 1000}"));
        Assert.Equal($"{{\"status\":\"success\",\"data\":{{\"resultType\":\"vector\",\"result\":[{{\"metric\":{{\"__name__\":\"door_temp\",\"room\":\"a\"}},\"value\":[{now / 1000},\"22\"]}}]}}}}", instant);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["query"] = "max(door_temp)", ["start"] = $"{now / 1000 - 30}", ["end"] = $"{now / 1000}", ["step"] = "15",
        });
        using var range = await Http.PostAsync(new Uri(prometheus, "/api/v1/query_range"), form);
        Assert.Equal($"{{\"status\":\"success\",\"data\":{{\"resultType\":\"matrix\",\"result\":[{{\"metric\":{{}},\"values\":[[{now / 1000 - 30},\"20\"],[{now / 1000 - 15},\"21.5\"],[{now / 1000},\"22\"]]}}]}}}}",
            await range.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_admin_api_is_off_by_default_with_prometheus_error_shape()
    {
        await using var vigil = await VigilProcess.StartReadyAsync(["--role", "metrics"]);
        using var response = await Http.PostAsync(new Uri(vigil.Address("prometheus"), "/api/v1/admin/tsdb/snapshot"), null);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"admin APIs disabled\"}", await response.Content.ReadAsStringAsync());
    }
}

internal static class TsdbRead
{
    public static List<Vigil.Metrics.Model.Labels> Series(Db db)
    {
        using var q = db.Querier(long.MinValue, long.MaxValue);
        return q.Select(true, [Matcher.Create(MatcherType.Regex, "__name__", ".+")]).Select(s => s.Labels).ToList();
    }
}
