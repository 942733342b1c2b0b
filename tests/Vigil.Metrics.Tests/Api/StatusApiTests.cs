using System.Net;
using System.Text.Json;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tests.Api.Support;

namespace Vigil.Metrics.Tests.Api;

/// <summary>status/*, rules, alerts, alertmanagers, metadata and targets/metadata in upstream's shapes (api-compat 3.6).</summary>
public class StatusApiTests : IAsyncLifetime
{
    private const string Yml = "global:\n  scrape_interval: 15s\n  external_labels:\n    dc: eu1\n";
    private ApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync(Yml);
        await _server.AddAsync(Labels.Of("__name__", "up", "job", "node", "instance", "h1"), (1000, 1));
        await _server.AddAsync(Labels.Of("__name__", "up", "job", "api", "instance", "h2"), (1000, 1));
        await _server.AddAsync(Labels.Of("__name__", "temp", "job", "api"), (2000, 1));
        var app = _server.Role.Db.Appender();
        app.UpdateMetadata(Labels.Of("__name__", "temp", "job", "api"), new MetricMetadata(MetricType.Gauge, "Temperature.", "celsius"));
        await app.CommitAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Buildinfo_has_upstreams_keys_and_no_features_map()
    {
        var data = ApiServer.Data((await _server.GetAsync("/api/v1/status/buildinfo")).Body);
        Assert.Equal(["version", "revision", "branch", "buildUser", "buildDate", "goVersion"], data.EnumerateObject().Select(p => p.Name));
        Assert.False(data.TryGetProperty("features", out _));
    }

    [Fact]
    public async Task Config_returns_the_loaded_prometheus_yml()
    {
        var (_, body) = await _server.GetAsync("/api/v1/status/config");
        Assert.Equal("{\"status\":\"success\",\"data\":{\"yaml\":\"global:\\n  scrape_interval: 15s\\n  external_labels:\\n    dc: eu1\\n\"}}", body);
    }

    [Fact]
    public async Task Flags_are_strings_under_prometheus_names_sorted()
    {
        var data = ApiServer.Data((await _server.GetAsync("/api/v1/status/flags")).Body);
        var names = data.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.All(data.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        Assert.Equal("2m", data.GetProperty("query.timeout").GetString());
        Assert.Equal("5m", data.GetProperty("query.lookback-delta").GetString());
        Assert.Equal("50000000", data.GetProperty("query.max-samples").GetString());
        Assert.Equal("20", data.GetProperty("query.max-concurrency").GetString());
        Assert.Equal("15d", data.GetProperty("storage.tsdb.retention.time").GetString());
    }

    [Fact]
    public async Task Runtimeinfo_has_every_upstream_field()
    {
        var data = ApiServer.Data((await _server.GetAsync("/api/v1/status/runtimeinfo")).Body);
        Assert.Equal(["startTime", "CWD", "hostname", "serverTime", "reloadConfigSuccess", "lastConfigTime", "corruptionCount", "goroutineCount",
            "GOMAXPROCS", "GOMEMLIMIT", "GOGC", "GODEBUG", "storageRetention"], data.EnumerateObject().Select(p => p.Name));
        Assert.True(data.GetProperty("reloadConfigSuccess").GetBoolean());
        Assert.Equal("15d", data.GetProperty("storageRetention").GetString());
        Assert.EndsWith("Z", data.GetProperty("startTime").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tsdb_status_counts_head_cardinality_top_n()
    {
        var (_, body) = await _server.GetAsync("/api/v1/status/tsdb?limit=2");
        Assert.Equal(
            "{\"status\":\"success\",\"data\":{\"headStats\":{\"numSeries\":3,\"numLabelPairs\":6,\"chunkCount\":3,\"minTime\":1000,\"maxTime\":2000}," +
            "\"seriesCountByMetricName\":[{\"name\":\"up\",\"value\":2},{\"name\":\"temp\",\"value\":1}]," +
            "\"labelValueCountByLabelName\":[{\"name\":\"__name__\",\"value\":2},{\"name\":\"instance\",\"value\":2}]," +
            "\"memoryInBytesByLabelName\":[{\"name\":\"job\",\"value\":10},{\"name\":\"__name__\",\"value\":8}]," +
            "\"seriesCountByLabelValuePair\":[{\"name\":\"__name__=up\",\"value\":2},{\"name\":\"job=api\",\"value\":2}]}}", body);
        var (status, error) = await _server.GetAsync("/api/v1/status/tsdb?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"limit must be a positive number\"}", error);
    }

    [Fact]
    public async Task Walreplay_rules_alerts_alertmanagers_answer_empty_shapes()
    {
        Assert.Equal("{\"status\":\"success\",\"data\":{\"min\":0,\"max\":0,\"current\":0}}", (await _server.GetAsync("/api/v1/status/walreplay")).Body);
        Assert.Equal("{\"status\":\"success\",\"data\":{\"groups\":[]}}", (await _server.GetAsync("/api/v1/rules")).Body);
        Assert.Equal("{\"status\":\"success\",\"data\":{\"groups\":[]}}", (await _server.GetAsync("/api/v1/rules?type=record")).Body);
        Assert.Equal("{\"status\":\"success\",\"data\":{\"alerts\":[]}}", (await _server.GetAsync("/api/v1/alerts")).Body);
        Assert.Equal("{\"status\":\"success\",\"data\":[]}", (await _server.GetAsync("/api/v1/notifications")).Body);
        Assert.Equal("{\"status\":\"success\",\"data\":{\"activeAlertmanagers\":[],\"droppedAlertmanagers\":[]}}", (await _server.GetAsync("/api/v1/alertmanagers")).Body);
        var (status, body) = await _server.GetAsync("/api/v1/rules?type=x");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"type\\\": not supported value \\\"x\\\"\"}", body);
    }

    [Fact]
    public async Task Metadata_lists_families_with_type_help_unit_and_limits()
    {
        Assert.Equal("{\"status\":\"success\",\"data\":{\"temp\":[{\"type\":\"gauge\",\"help\":\"Temperature.\",\"unit\":\"celsius\"}]}}",
            (await _server.GetAsync("/api/v1/metadata")).Body);
        Assert.Equal("{\"status\":\"success\",\"data\":{}}", (await _server.GetAsync("/api/v1/metadata?metric=nope")).Body);
        Assert.Equal("{\"status\":\"success\",\"data\":{}}", (await _server.GetAsync("/api/v1/metadata?limit=0")).Body);
        var (status, body) = await _server.GetAsync("/api/v1/metadata?limit=x");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"limit must be a number\"}", body);
        (_, body) = await _server.GetAsync("/api/v1/metadata?limit_per_metric=x");
        Assert.Equal("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"limit_per_metric must be a number\"}", body);
    }

    [Fact]
    public async Task Targets_and_target_metadata_answer_empty_without_scrape_jobs()
    {
        Assert.Equal("{\"status\":\"success\",\"data\":{\"activeTargets\":[],\"droppedTargets\":[],\"droppedTargetCounts\":{}}}",
            (await _server.GetAsync("/api/v1/targets")).Body);
        Assert.Equal("{\"status\":\"success\",\"data\":[]}", (await _server.GetAsync("/api/v1/targets/metadata")).Body);
        var (status, body) = await _server.GetAsync("/api/v1/targets/metadata?match_target={job=");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"match_target\\\": 1:", body, StringComparison.Ordinal);
    }
}
