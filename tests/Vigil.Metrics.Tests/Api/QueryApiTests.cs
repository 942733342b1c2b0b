using System.Net;
using System.Text.Json;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tests.Api.Support;

namespace Vigil.Metrics.Tests.Api;

/// <summary>/api/v1/query and /api/v1/query_range: result shapes byte for byte (api-compat 3.5), parameters and error texts (3.7).</summary>
public class QueryApiTests : IAsyncLifetime
{
    private ApiServer _server = null!;
    private const long T0 = 1_717_000_000_000; // seconds 1717000000

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync();
        await _server.AddAsync(Labels.Of("__name__", "up", "job", "node", "instance", "h1"), (T0, 1), (T0 + 15_000, 1), (T0 + 30_000, 0));
        await _server.AddAsync(Labels.Of("__name__", "up", "job", "api", "instance", "h2"), (T0, 1), (T0 + 15_000, 1), (T0 + 30_000, 1));
        await _server.AddAsync(Labels.Of("__name__", "odd", "k", "v"), (T0, double.NaN), (T0 + 15_000, double.PositiveInfinity), (T0 + 30_000, 1e-7));
        await _server.AddAsync(Labels.Of("__name__", "up2", "job", "node", "instance", "h1"), (T0, 1));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Body)> Query(params (string, string)[] form) => await _server.PostFormAsync("/api/v1/query", form);

    private async Task<(HttpStatusCode Status, string Body)> Range(params (string, string)[] form) => await _server.PostFormAsync("/api/v1/query_range", form);

    [Fact]
    public async Task Instant_vector_renders_as_upstream()
    {
        var (status, body) = await _server.GetAsync("/api/v1/query?query=up&time=1717000015.5");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" +
            "{\"metric\":{\"__name__\":\"up\",\"instance\":\"h1\",\"job\":\"node\"},\"value\":[1717000015.500,\"1\"]}," +
            "{\"metric\":{\"__name__\":\"up\",\"instance\":\"h2\",\"job\":\"api\"},\"value\":[1717000015.500,\"1\"]}]}}", Sorted(body));
    }

    [Fact]
    public async Task Special_values_and_small_numbers_render_as_go_does()
    {
        var (_, body) = await Query(("query", "odd"), ("time", "1717000030"));
        Assert.Equal("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"odd\",\"k\":\"v\"},\"value\":[1717000030,\"1e-07\"]}]}}", body);
        (_, body) = await Query(("query", "odd"), ("time", "1717000015"));
        Assert.Contains("\"value\":[1717000015,\"+Inf\"]", body, StringComparison.Ordinal);
        (_, body) = await Query(("query", "odd"), ("time", "1717000000"));
        Assert.Contains("\"value\":[1717000000,\"NaN\"]", body, StringComparison.Ordinal);
        (_, body) = await Query(("query", "-odd"), ("time", "1717000015"));
        Assert.Contains("\"value\":[1717000015,\"-Inf\"]", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scalar_and_string_results_use_encoding_json_timestamps()
    {
        Assert.Equal("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1795579423.84,\"0.0000001\"]}}",
            (await Query(("query", "1e-7"), ("time", "1795579423.84"))).Body);
        Assert.Equal("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[4,\"a\\u003cb\"]}}",
            (await Query(("query", "\"a<b\""), ("time", "4"))).Body);
    }

    [Fact]
    public async Task A_range_selector_in_an_instant_query_gives_a_matrix()
    {
        var (_, body) = await Query(("query", "up{job=\"node\"}[30s]"), ("time", "1717000030"));
        Assert.Equal("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"__name__\":\"up\",\"instance\":\"h1\",\"job\":\"node\"}," +
            "\"values\":[[1717000015,\"1\"],[1717000030,\"0\"]]}]}}", body);
    }

    [Fact]
    public async Task Range_query_renders_a_matrix_sorted_by_labels()
    {
        var (status, body) = await Range(("query", "up"), ("start", "1717000000"), ("end", "2024-05-29T16:27:10Z"), ("step", "15s"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" +
            "{\"metric\":{\"__name__\":\"up\",\"instance\":\"h1\",\"job\":\"node\"},\"values\":[[1717000000,\"1\"],[1717000015,\"1\"],[1717000030,\"0\"]]}," +
            "{\"metric\":{\"__name__\":\"up\",\"instance\":\"h2\",\"job\":\"api\"},\"values\":[[1717000000,\"1\"],[1717000015,\"1\"],[1717000030,\"1\"]]}]}}", body);
        (_, body) = await _server.GetAsync("/api/v1/query_range?query=nothing_here&start=1717000000&end=1717000030&step=0.5");
        Assert.Equal("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}", body);
    }

    [Fact]
    public async Task Stats_and_limit()
    {
        var data = ApiServer.Data((await Query(("query", "up"), ("time", "1717000000"), ("stats", "all"))).Body);
        var stats = data.GetProperty("stats");
        Assert.Equal(["evalTotalTime", "resultSortTime", "queryPreparationTime", "innerEvalTime", "execQueueTime", "execTotalTime"],
            stats.GetProperty("timings").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, stats.GetProperty("samples").GetProperty("totalQueryableSamples").ValueKind);
        Assert.Equal(JsonValueKind.Number, stats.GetProperty("samples").GetProperty("peakSamples").ValueKind);

        var (_, body) = await Query(("query", "up"), ("time", "1717000000"), ("limit", "1"));
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(1, doc.RootElement.GetProperty("data").GetProperty("result").GetArrayLength());
        Assert.Equal("results truncated due to limit", doc.RootElement.GetProperty("warnings")[0].GetString());
    }

    [Fact]
    public async Task Annotations_become_warnings_and_infos_with_positions()
    {
        var (_, body) = await Query(("query", "rate(up[1m])"), ("time", "1717000030"));
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"up\" (1:6)",
            doc.RootElement.GetProperty("infos")[0].GetString());
    }

    [Theory]
    [InlineData("query=sum(up&time=1", "invalid parameter \\\"query\\\": 1:7: parse error: unclosed left parenthesis")]
    [InlineData("query=&time=1", "invalid parameter \\\"query\\\": unknown position: parse error: no expression found in input")]
    [InlineData("query=up&time=x", "invalid parameter \\\"time\\\": invalid time value for 'time': cannot parse \\\"x\\\" to a valid timestamp")]
    [InlineData("query=up&timeout=1ns", "invalid parameter \\\"timeout\\\": cannot parse \\\"1ns\\\" to a valid duration")]
    [InlineData("query=up&limit=-1", "invalid parameter \\\"limit\\\": limit must be non-negative")]
    [InlineData("query=up&lookback_delta=x", "error parsing lookback delta duration: cannot parse \\\"x\\\" to a valid duration")]
    public async Task Instant_query_errors(string form, string error)
    {
        var (status, body) = await _server.GetAsync("/api/v1/query?" + form.Replace("+", "%2B", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($"{{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"{error}\"}}", body);
    }

    [Theory]
    [InlineData("query=up&start=x&end=2&step=1", "invalid parameter \\\"start\\\": cannot parse \\\"x\\\" to a valid timestamp")]
    [InlineData("query=up&start=1&end=&step=1", "invalid parameter \\\"end\\\": cannot parse \\\"\\\" to a valid timestamp")]
    [InlineData("query=up&start=2&end=1&step=1", "invalid parameter \\\"end\\\": end timestamp must not be before start time")]
    [InlineData("query=up&start=1&end=2", "invalid parameter \\\"step\\\": cannot parse \\\"\\\" to a valid duration")]
    [InlineData("query=up&start=1&end=2&step=0", "invalid parameter \\\"step\\\": zero or negative query resolution step widths are not accepted. Try a positive integer")]
    [InlineData("query=up&start=1&end=2&step=-1", "invalid parameter \\\"step\\\": zero or negative query resolution step widths are not accepted. Try a positive integer")]
    [InlineData("query=up&start=0&end=11001&step=1", "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")]
    [InlineData("query=up[5m]&start=0&end=10&step=1", "invalid parameter \\\"query\\\": invalid expression type \\\"range vector\\\" for range query, must be Scalar or instant Vector")]
    public async Task Range_query_errors(string form, string error)
    {
        var (status, body) = await _server.GetAsync("/api/v1/query_range?" + form);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($"{{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"{error}\"}}", body);
    }

    [Fact]
    public async Task Eleven_thousand_points_are_still_allowed()
    {
        var (status, _) = await Range(("query", "up"), ("start", "0"), ("end", "11000"), ("step", "1"));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Execution_errors_are_422_and_timeouts_503()
    {
        var (status, body) = await Query(("query", "abs({__name__=~\"up|up2\",job=\"node\"})"), ("time", "1717000000"));
        Assert.Equal((HttpStatusCode)422, status);
        Assert.Equal("{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"vector cannot contain metrics with the same labelset\"}", body);

        (status, body) = await Query(("query", "up"), ("time", "1717000000"), ("timeout", "0"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_samples_is_an_execution_error_and_lookback_delta_applies_per_query()
    {
        await using var small = await ApiServer.StartAsync(engine: new Vigil.Metrics.PromQL.Engine.EngineOptions { MaxSamples = 1 });
        await small.AddAsync(Labels.Of("__name__", "up", "i", "1"), (T0, 1));
        await small.AddAsync(Labels.Of("__name__", "up", "i", "2"), (T0, 1));
        var (status, body) = await small.GetAsync("/api/v1/query?query=up&time=1717000000");
        Assert.Equal((HttpStatusCode)422, status);
        Assert.Equal("{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query processing would load too many samples into memory in query execution\"}", body);

        // 60s after the last sample: found with the default 5m lookback, gone with lookback_delta=30s.
        Assert.Equal(2, ApiServer.Data((await Query(("query", "up"), ("time", "1717000090"))).Body).GetProperty("result").GetArrayLength());
        Assert.Equal(0, ApiServer.Data((await Query(("query", "up"), ("time", "1717000090"), ("lookback_delta", "30s"))).Body).GetProperty("result").GetArrayLength());
    }

    /// <summary>Vector order is unspecified upstream; sort the items so the comparison is stable.</summary>
    private static string Sorted(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var items = doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(e => e.GetRawText()).Order(StringComparer.Ordinal);
        int start = body.IndexOf("\"result\":[", StringComparison.Ordinal) + 10;
        return body[..start] + string.Join(",", items) + "]}}";
    }
}
