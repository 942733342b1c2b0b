using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Hosting;

namespace Vigil.Traces.Api;

/// <summary>
/// The Tempo HTTP API door (3200). So far: <c>/ready</c> (200 <c>ready</c>, 503 with the reason while
/// starting or stopping), <c>/api/echo</c> (Grafana's connection check) and Tempo's plain-text 404; trace
/// search and TraceQL come with the traces issue.
/// </summary>
public static class TempoApi
{
    public static void Map(IEndpointRouteBuilder endpoints, Readiness readiness)
    {
        endpoints.MapGet("/ready", context => readiness.IsReady
            ? Text(context, StatusCodes.Status200OK, "ready")
            : Text(context, StatusCodes.Status503ServiceUnavailable, $"not ready: {readiness.Reason}"));
        endpoints.MapGet("/api/echo", context => Text(context, StatusCodes.Status200OK, "echo"));
        endpoints.MapFallback(context => Text(context, StatusCodes.Status404NotFound, PlainText.GoNotFound));
    }

    private static Task Text(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = PlainText.TextContentType;
        return context.Response.WriteAsync(body);
    }
}
