using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Hosting;

namespace Vigil.Web.Api;

/// <summary>
/// The UI door (3000), where Grafana was. So far: <c>/api/health</c> in Grafana's shape
/// (<c>{"database":"ok","version":...,"commit":...}</c>, 503 with <c>"database":"failing"</c> when not
/// ready), Grafana's JSON 404 for unknown <c>/api/</c> paths, and a plain page saying the UI is not built
/// yet for everything else. The UI itself comes with its own issue.
/// </summary>
public static class UiApi
{
    public static void Map(IEndpointRouteBuilder endpoints, Readiness readiness)
    {
        string version = typeof(UiApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        string commit = version.Contains('+', StringComparison.Ordinal) ? version[(version.IndexOf('+', StringComparison.Ordinal) + 1)..] : "unknown";
        version = version.Split('+')[0];
        endpoints.MapGet("/api/health", context =>
        {
            context.Response.StatusCode = readiness.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            return context.Response.WriteAsJsonAsync(new HealthResponse(readiness.IsReady ? "ok" : "failing", version, commit));
        });
        endpoints.Map("/api/{**rest}", context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return context.Response.WriteAsJsonAsync(new MessageResponse("Not found"));
        });
        endpoints.MapFallback(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(
                "<!doctype html><title>Vigil</title><h1>Vigil</h1><p>The web UI is not part of this build yet. " +
                "The APIs are up: Prometheus on :9090, Loki on :3100, Tempo on :3200.</p>");
        });
    }

    private sealed record HealthResponse(string Database, string Version, string Commit);

    private sealed record MessageResponse(string Message);
}
