using System.Net;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tests.Api.Support;

namespace Vigil.Metrics.Tests.Api;

/// <summary>/api/v1/series, /labels and /label/&lt;name&gt;/values: shapes, match[], limits and error texts as api-compat 3.6/3.7 give them.</summary>
public class SeriesApiTests : IAsyncLifetime
{
    private ApiServer _server = null!;
    private const long T = 1_717_000_000_000;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync();
        await _server.AddAsync(Labels.Of("__name__", "up", "job", "node", "instance", "h1:9100"), (T, 1));
        await _server.AddAsync(Labels.Of("__name__", "up", "job", "api", "instance", "h2:8080"), (T, 0));
        await _server.AddAsync(Labels.Of("__name__", "http_requests_total", "job", "api", "code", "200"), (T, 5));
        await _server.AddAsync(Labels.Of("__name__", "my.metric", "a.b", "c<d"), (T + 60_000, 1));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Series_lists_matching_label_sets_sorted()
    {
        // Sorted as labels.Compare sorts: label by label, so instance h1 before h2.
        var (status, body) = await _server.GetAsync("/api/v1/series?match[]=up");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"instance\":\"h1:9100\",\"job\":\"node\"},{\"__name__\":\"up\",\"instance\":\"h2:8080\",\"job\":\"api\"}]}", body);
    }

    [Fact]
    public async Task Series_merges_several_selectors_without_duplicates_and_accepts_form_posts()
    {
        var (status, body) = await _server.PostFormAsync("/api/v1/series", ("match[]", "up{job=\"api\"}"), ("match[]", "{job=\"api\"}"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{\"status\":\"success\",\"data\":[{\"__name__\":\"http_requests_total\",\"code\":\"200\",\"job\":\"api\"},{\"__name__\":\"up\",\"instance\":\"h2:8080\",\"job\":\"api\"}]}", body);
    }

    [Fact]
    public async Task Series_honours_start_end_and_limit_with_the_truncation_warning()
    {
        var (_, body) = await _server.GetAsync($"/api/v1/series?match[]={{__name__=~\".%2B\"}}&start={(T + 30_000) / 1000}&end=9999999999");
        Assert.Equal("{\"status\":\"success\",\"data\":[{\"__name__\":\"my.metric\",\"a.b\":\"c\\u003cd\"}]}", body);
        (_, body) = await _server.GetAsync("/api/v1/series?match[]=up&limit=1");
        Assert.Equal("{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"instance\":\"h1:9100\",\"job\":\"node\"}],\"warnings\":[\"results truncated due to limit\"]}", body);
    }

    [Theory]
    [InlineData("/api/v1/series", "no match[] parameter provided")]
    [InlineData("/api/v1/series?match[]=up&start=x", "invalid parameter \\\"start\\\": invalid time value for 'start': cannot parse \\\"x\\\" to a valid timestamp")]
    [InlineData("/api/v1/series?match[]=up&end=x", "invalid parameter \\\"end\\\": invalid time value for 'end': cannot parse \\\"x\\\" to a valid timestamp")]
    [InlineData("/api/v1/series?match[]=up&limit=-1", "invalid parameter \\\"limit\\\": limit must be non-negative")]
    [InlineData("/api/v1/labels?limit=abc", "invalid parameter \\\"limit\\\": strconv.Atoi: parsing \\\"abc\\\": invalid syntax")]
    [InlineData("/api/v1/label/job/values?start=x", "invalid parameter \\\"start\\\": invalid time value for 'start': cannot parse \\\"x\\\" to a valid timestamp")]
    public async Task Bad_parameters_get_bad_data_with_upstreams_text(string url, string error)
    {
        var (status, body) = await _server.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($"{{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"{error}\"}}", body);
    }

    [Fact]
    public async Task Bad_selectors_carry_the_parser_position_with_the_series_prefix_only_on_series()
    {
        var (status, body) = await _server.GetAsync("/api/v1/series?match[]=up{");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"match[]\\\": 1:", body, StringComparison.Ordinal);
        (status, body) = await _server.GetAsync("/api/v1/labels?match[]=up{");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Labels_lists_sorted_names_filtered_by_match()
    {
        var (_, body) = await _server.GetAsync("/api/v1/labels");
        Assert.Equal("{\"status\":\"success\",\"data\":[\"__name__\",\"a.b\",\"code\",\"instance\",\"job\"]}", body);
        (_, body) = await _server.PostFormAsync("/api/v1/labels", ("match[]", "up"), ("match[]", "http_requests_total"));
        Assert.Equal("{\"status\":\"success\",\"data\":[\"__name__\",\"code\",\"instance\",\"job\"]}", body);
        (_, body) = await _server.GetAsync("/api/v1/labels?limit=2");
        Assert.Equal("{\"status\":\"success\",\"data\":[\"__name__\",\"a.b\"],\"warnings\":[\"results truncated due to limit\"]}", body);
    }

    [Fact]
    public async Task Label_values_sorted_with_match_limit_and_U_escaped_names()
    {
        var (_, body) = await _server.GetAsync("/api/v1/label/job/values");
        Assert.Equal("{\"status\":\"success\",\"data\":[\"api\",\"node\"]}", body);
        (_, body) = await _server.GetAsync("/api/v1/label/job/values?match[]=http_requests_total");
        Assert.Equal("{\"status\":\"success\",\"data\":[\"api\"]}", body);
        (_, body) = await _server.GetAsync("/api/v1/label/__name__/values?limit=1");
        Assert.Equal("{\"status\":\"success\",\"data\":[\"http_requests_total\"],\"warnings\":[\"results truncated due to limit\"]}", body);
        (_, body) = await _server.GetAsync("/api/v1/label/U__a_2e_b/values");
        Assert.Equal("{\"status\":\"success\",\"data\":[\"c\\u003cd\"]}", body);
        (_, body) = await _server.GetAsync("/api/v1/label/nope/values");
        Assert.Equal("{\"status\":\"success\",\"data\":[]}", body);
        (_, body) = await _server.GetAsync("/api/v1/labels/job/values");
        Assert.Equal("{\"status\":\"success\",\"data\":[\"api\",\"node\"]}", body);
    }

    [Fact]
    public async Task Label_values_is_get_only_as_upstream()
    {
        var (status, _) = await _server.PostFormAsync("/api/v1/label/job/values", ("match[]", "up"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
    }
}
