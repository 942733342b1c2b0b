using System.Net;
using Vigil.Metrics.Tests.Api.Support;

namespace Vigil.Metrics.Tests.Api;

/// <summary>format_query and query_exemplars (api-compat 3.6, 3.7).</summary>
public class QueryToolsApiTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Format_query_returns_the_pretty_form_without_comments()
    {
        var (status, body) = await _server.PostFormAsync("/api/v1/format_query", ("query", "sum   by(a)(rate(x[5m])) # comment"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{\"status\":\"success\",\"data\":\"sum by (a) (rate(x[5m]))\"}", body);
        (status, body) = await _server.GetAsync("/api/v1/format_query?query=sum(");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": 1:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_query_returns_the_ast_as_json()
    {
        var (status, body) = await _server.GetAsync("/api/v1/parse_query?query=1.5");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{\"status\":\"success\",\"data\":{\"type\":\"numberLiteral\",\"val\":\"1.5\"}}", body);
        (status, body) = await _server.PostFormAsync("/api/v1/parse_query", ("query", "a < b"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"op\":\"\\u003c\",", body, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"binaryExpr\"", body, StringComparison.Ordinal);
        (status, body) = await _server.GetAsync("/api/v1/parse_query?query=");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": unknown position: parse error: no expression found in input\"}", body);
    }

    [Fact]
    public async Task Query_exemplars_validates_and_answers_empty_or_204_without_selectors()
    {
        Assert.Equal("{\"status\":\"success\",\"data\":[]}", (await _server.GetAsync("/api/v1/query_exemplars?query=rate(x[5m])&start=1&end=2")).Body);
        var (status, body) = await _server.GetAsync("/api/v1/query_exemplars?query=1%2B1");
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal("", body);
        (status, body) = await _server.GetAsync("/api/v1/query_exemplars?query=x&start=2&end=1");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"end timestamp must not be before start timestamp\"}", body);
        (status, body) = await _server.GetAsync("/api/v1/query_exemplars?query=x&start=y");
        Assert.Equal("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"start\\\": invalid time value for 'start': cannot parse \\\"y\\\" to a valid timestamp\"}", body);
        (status, body) = await _server.GetAsync("/api/v1/query_exemplars?query=x{");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:", body, StringComparison.Ordinal);
    }
}
