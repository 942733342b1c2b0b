using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Hosting;

namespace Vigil.Logs.Api;

/// <summary>
/// The Loki HTTP API door (3100). So far: <c>/ready</c> as Loki answers it (200 <c>ready</c>, 503 with the
/// reason while starting or stopping) and Loki's plain-text 404 for the rest; the push and query API come
/// with the logs issue.
/// </summary>
public static class LokiApi
{
    public static void Map(IEndpointRouteBuilder endpoints, Readiness readiness)
    {
        endpoints.MapGet("/ready", context => readiness.IsReady
            ? Text(context, StatusCodes.Status200OK, "ready\n")
            : Text(context, StatusCodes.Status503ServiceUnavailable, $"Ingester not ready: {readiness.Reason}\n"));
        endpoints.MapFallback(context => Text(context, StatusCodes.Status404NotFound, PlainText.GoNotFound));
    }

    private static Task Text(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = PlainText.TextContentType;
        return context.Response.WriteAsync(body);
    }
}
