using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GreenhouseApp.Tests.Process;

/// <summary>A failing handler on the real app: a 500 problem, an error log, and the process keeps serving.</summary>
public class FailureTests
{
    [Fact]
    public async Task A_simulated_failure_is_a_500_with_a_trace_id()
    {
        await using var app = await GreenhouseProcess.StartAsync(new Dictionary<string, string>(AppProcessTests.Quiet) { ["GREENHOUSE_FAILURE_RATE"] = "1" });

        using var response = await app.Client.GetAsync("/api/plants");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("simulated failure", problem.GetProperty("detail").GetString());
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", problem.GetProperty("traceId").GetString());
        // Still serving.
        Assert.Equal("ok", await app.Client.GetStringAsync("/healthz"));
        await app.WaitForMetricsAsync(t => t.Contains("app_requests_total{method=\"GET\",route=\"/api/plants\",status=\"500\"} 1"), TimeSpan.FromSeconds(5));
        await app.WaitForOutputAsync("fail: GreenhouseApp.Api.ErrorHandlingMiddleware[500] Request GET /api/plants failed", TimeSpan.FromSeconds(5));
    }
}
