using System.Net;
using System.Text.Json;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tests.Api.Support;

namespace Vigil.Metrics.Tests.Api;

/// <summary>
/// The requests Grafana's Prometheus datasource makes (api-compat section 4), sent as it sends them (form POSTs
/// with Grafana's parameters, milliseconds where it puts them, unknown custom parameters), checked for the
/// fields its converter and language provider read.
/// </summary>
public class GrafanaCallsTests : IAsyncLifetime
{
    private ApiServer _server = null!;
    private long _nowS;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync();
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _nowS = now / 1000;
        var points = Enumerable.Range(0, 41).Select(i => (now - 600_000 + i * 15_000, (double)i * 10)).ToArray();
        await _server.AddAsync(Labels.Of("__name__", "http_requests_total", "job", "api", "code", "200"), points);
        await _server.AddAsync(Labels.Of("__name__", "http_requests_total", "job", "api", "code", "500"), points);
        await _server.AddAsync(Labels.Of("__name__", "up", "job", "api", "instance", "h:1"), (now - 5_000, 1));
        var app = _server.Role.Db.Appender();
        app.UpdateMetadata(Labels.Of("__name__", "http_requests_total"), new MetricMetadata(MetricType.Counter, "Requests.", ""));
        await app.CommitAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static JsonElement Success((HttpStatusCode Status, string Body) response)
    {
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return ApiServer.Data(response.Body);
    }

    [Fact]
    public async Task Save_and_test()
    {
        // healthcheck.go: instant query 1+1 at time 4, POST by default; then buildinfo, rules and the exemplar probe (ms in seconds params).
        var data = Success(await _server.PostFormAsync("/api/v1/query", ("query", "1+1"), ("time", "4")));
        Assert.Equal("scalar", data.GetProperty("resultType").GetString());
        Assert.Equal("[4,\"2\"]", data.GetProperty("result").GetRawText());
        var (status, body) = await _server.GetAsync("/api/v1/query?query=1%2B1&time=4");
        Assert.Equal("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[4,\"2\"]}}", body);

        var build = Success(await _server.GetAsync("/api/v1/status/buildinfo"));
        Assert.False(build.TryGetProperty("features", out _)); // a non-empty features map would make Grafana treat Vigil as Mimir

        var rules = Success(await _server.GetAsync("/api/v1/rules"));
        Assert.Equal(JsonValueKind.Array, rules.GetProperty("groups").ValueKind);

        long ms = _nowS * 1000;
        (status, body) = await _server.GetAsync($"/api/v1/query_exemplars?query=test&start={ms - 3_600_000}&end={ms}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{\"status\":\"success\",\"data\":[]}", body);
    }

    [Fact]
    public async Task Metric_browser_and_autocomplete()
    {
        long start = _nowS - 3600, end = _nowS;
        var names = Success(await _server.GetAsync($"/api/v1/label/__name__/values?start={start}&end={end}&limit=40000"));
        Assert.Equal(["http_requests_total", "up"], names.EnumerateArray().Select(e => e.GetString()));

        var metadata = Success(await _server.GetAsync("/api/v1/metadata"));
        Assert.Equal("counter", metadata.GetProperty("http_requests_total")[0].GetProperty("type").GetString());
        Assert.Equal("Requests.", metadata.GetProperty("http_requests_total")[0].GetProperty("help").GetString());

        var labels = Success(await _server.PostFormAsync("/api/v1/labels", ("start", $"{start}"), ("end", $"{end}"), ("limit", "40000")));
        Assert.Equal(["__name__", "code", "instance", "job"], labels.EnumerateArray().Select(e => e.GetString()));

        labels = Success(await _server.PostFormAsync("/api/v1/labels", ("start", $"{start}"), ("end", $"{end}"), ("limit", "40000"),
            ("match[]", "http_requests_total{job=\"api\"}")));
        Assert.Equal(["__name__", "code", "job"], labels.EnumerateArray().Select(e => e.GetString()));

        var values = Success(await _server.GetAsync($"/api/v1/label/code/values?start={start}&end={end}&limit=40000&match[]=http_requests_total"));
        Assert.Equal(["200", "500"], values.EnumerateArray().Select(e => e.GetString()));

        // The series fallback old Grafana versions use, and template variables' series query.
        var series = Success(await _server.PostFormAsync("/api/v1/series", ("match[]", "{__name__!=\"\"}"), ("start", $"{start}"), ("end", $"{end}"), ("limit", "40000")));
        Assert.Equal(3, series.GetArrayLength());
    }

    [Fact]
    public async Task Explore_runs_a_range_and_an_instant_query()
    {
        // promlib: start/end floored to the step, step as float seconds, a timeout and a custom parameter Vigil must ignore.
        long end = _nowS / 15 * 15, start = end - 600;
        const string query = "sum by (code) (rate(http_requests_total{job=\"api\"}[1m]))";
        var range = Success(await _server.PostFormAsync("/api/v1/query_range", ("query", query), ("start", $"{start}"), ("end", $"{end}"), ("step", "15"),
            ("timeout", "60s"), ("customParam", "x")));
        Assert.Equal("matrix", range.GetProperty("resultType").GetString());
        var result = range.GetProperty("result");
        Assert.Equal(2, result.GetArrayLength());
        Assert.Equal("200", result[0].GetProperty("metric").GetProperty("code").GetString());
        var last = result[0].GetProperty("values").EnumerateArray().Last();
        Assert.Equal(JsonValueKind.Number, last[0].ValueKind);
        Assert.Equal(10.0 / 15, double.Parse(last[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture), 9);

        var instant = Success(await _server.PostFormAsync("/api/v1/query", ("query", query), ("time", $"{end}"), ("timeout", "60s")));
        Assert.Equal("vector", instant.GetProperty("resultType").GetString());
        Assert.Equal(2, instant.GetProperty("result").GetArrayLength());
        Assert.Equal(2, instant.GetProperty("result")[0].GetProperty("value").GetArrayLength());

        // A half-second step is float seconds too.
        var (status, _) = await _server.PostFormAsync("/api/v1/query_range", ("query", "up"), ("start", $"{end - 60}"), ("end", $"{end}"), ("step", "0.5"));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Errors_reach_grafana_as_error_type_and_text()
    {
        var (status, body) = await _server.PostFormAsync("/api/v1/query", ("query", "sum(rate("), ("time", $"{_nowS}"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("error", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("bad_data", doc.RootElement.GetProperty("errorType").GetString());
        Assert.StartsWith("invalid parameter \"query\": 1:", doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_variable_query_result_reads_a_vector()
    {
        var data = Success(await _server.GetAsync($"/api/v1/query?query=up&time={_nowS}"));
        Assert.Equal("up", data.GetProperty("result")[0].GetProperty("metric").GetProperty("__name__").GetString());
    }
}
