using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Hosting;

namespace Vigil.Metrics.Api;

/// <summary>
/// <c>/-/reload</c> as Prometheus's web.go serves it (api-compat 3.6): POST or PUT re-reads prometheus.yml,
/// 200 with an empty body, or 500 <c>failed to reload config: …</c> with the old configuration still running;
/// other methods 405 <c>Only POST or PUT requests allowed</c>; 403 <c>Lifecycle API is not enabled.</c> when off.
/// </summary>
internal static class LifecycleApi
{
    public static void Map(IEndpointRouteBuilder endpoints, MetricsRole role, bool enabled)
    {
        endpoints.Map("/-/reload", async context =>
        {
            if (!HttpMethods.IsPost(context.Request.Method) && !HttpMethods.IsPut(context.Request.Method))
            {
                await Text(context, StatusCodes.Status405MethodNotAllowed, "Only POST or PUT requests allowed").ConfigureAwait(false);
                return;
            }
            if (!enabled)
            {
                await Text(context, StatusCodes.Status403Forbidden, "Lifecycle API is not enabled.").ConfigureAwait(false);
                return;
            }
            var result = await role.ReloadAsync(context.RequestAborted).ConfigureAwait(false);
            if (result.Success) context.Response.StatusCode = StatusCodes.Status200OK;
            else await Text(context, StatusCodes.Status500InternalServerError, "failed to reload config: " + result.Error).ConfigureAwait(false);
        });
    }

    private static Task Text(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = PlainText.TextContentType;
        return context.Response.WriteAsync(body + "\n");
    }
}
