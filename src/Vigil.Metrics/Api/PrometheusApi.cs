using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Hosting;

namespace Vigil.Metrics.Api;

/// <summary>
/// The Prometheus HTTP API door (9090). What exists so far: the health endpoints, answered as
/// Prometheus answers them, and Prometheus's plain-text 404 for everything else. The query API, remote
/// write and the pages come with the TSDB and PromQL issues.
/// </summary>
public static class PrometheusApi
{
    public static void Map(IEndpointRouteBuilder endpoints, Readiness readiness, MetricsRole? role = null)
    {
        role?.Map(endpoints);
        endpoints.MapMethods("/-/healthy", ["GET", "HEAD"], context =>
            Text(context, StatusCodes.Status200OK, "Prometheus Server is Healthy.\n"));
        endpoints.MapMethods("/-/ready", ["GET", "HEAD"], context => readiness.IsReady
            ? Text(context, StatusCodes.Status200OK, "Prometheus Server is Ready.\n")
            : Text(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable"));
        endpoints.MapFallback(context => Text(context, StatusCodes.Status404NotFound, PlainText.GoNotFound));
    }

    private static Task Text(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = PlainText.TextContentType;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync(body);
    }
}
