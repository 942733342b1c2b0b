using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Hosting;

namespace Vigil.Metrics.Api;

/// <summary>
/// The Prometheus door (9090): the health endpoints, the HTTP API v1, /federate, /metrics, the write receivers
/// and the built-in pages, with what Prometheus's web.go wraps around them: gzip when the client accepts it,
/// CORS headers on /api/v1 (the default <c>--web.cors.origin='.*'</c>), 503 before the server is ready, and
/// Go's plain-text 404 for unknown paths. To add an endpoint: map it in <see cref="MetricsRole.Map"/>.
/// </summary>
public static class PrometheusApi
{
    /// <summary>Services the door needs (routing, gzip); call on the door's service collection.</summary>
    public static void AddServices(IServiceCollection services)
    {
        services.AddRouting();
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            // Prometheus compresses with gzip (or deflate) only; brotli would surprise no client but is not upstream.
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ["application/json", "text/plain", "text/html", "text/css", "text/javascript", "application/openmetrics-text"];
        });
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
    }

    public static void Map(IEndpointRouteBuilder endpoints, Readiness readiness, MetricsRole? role = null)
    {
        if (endpoints is IApplicationBuilder app)
        {
            if (app.ApplicationServices.GetService<IResponseCompressionProvider>() is not null) app.UseResponseCompression();
            app.Use((context, next) => ApiMiddleware(context, next, readiness));
        }
        role?.Map(endpoints);
        endpoints.MapMethods("/-/healthy", ["GET", "HEAD"], context =>
            Text(context, StatusCodes.Status200OK, "Prometheus Server is Healthy.\n"));
        endpoints.MapMethods("/-/ready", ["GET", "HEAD"], context => readiness.IsReady
            ? Text(context, StatusCodes.Status200OK, "Prometheus Server is Ready.\n")
            : Text(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable"));
        endpoints.MapFallback(context => MethodNotAllowed(context, endpoints)
            ? Text(context, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed\n")
            : Text(context, StatusCodes.Status404NotFound, PlainText.GoNotFound));
    }

    /// <summary>
    /// ASP.NET's fallback also catches a known path with the wrong method; Prometheus's router answers that with
    /// 405 (api-compat 3.2), so look for a route with this path.
    /// </summary>
    private static bool MethodNotAllowed(HttpContext context, IEndpointRouteBuilder endpoints)
    {
        foreach (var source in endpoints.DataSources)
        {
            foreach (var endpoint in source.Endpoints)
            {
                if (endpoint is not RouteEndpoint route || route.RoutePattern.RawText is not { } raw || raw.Contains("*", StringComparison.Ordinal)) continue;
                var matcher = new TemplateMatcher(TemplateParser.Parse(raw), new RouteValueDictionary());
                if (matcher.TryMatch(context.Request.Path, new RouteValueDictionary())) return true;
            }
        }
        return false;
    }

    /// <summary>CORS (util/httputil/cors.go), OPTIONS → 204, and upstream's 503 on v1 reads before readiness.</summary>
    private static Task ApiMiddleware(HttpContext context, RequestDelegate next, Readiness readiness)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api/v1", StringComparison.Ordinal, out var rest))
        {
            // The door listens while the WAL replays; until then only the health endpoints answer (web.go wraps
            // the pages and /federate in readyf; /metrics and /-/reload wait for the store here too).
            return readiness.IsStarting && !path.StartsWithSegments("/-/healthy", StringComparison.Ordinal)
                && !path.StartsWithSegments("/-/ready", StringComparison.Ordinal)
                ? Text(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable")
                : next(context);
        }
        var headers = context.Response.Headers;
        headers.Append("Vary", "Origin");
        if (context.Request.Headers.Origin.Count > 0)
        {
            headers.AccessControlAllowHeaders = "Accept, Authorization, Content-Type, Origin";
            headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
            headers.AccessControlExposeHeaders = "Date";
            headers.AccessControlAllowOrigin = "*";
        }
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }
        // walreplay and notifications answer while starting, as upstream. The write receivers are refused while
        // the store opens (api.go wraps them in api.ready) but keep taking writes while stopping, so in-flight
        // senders drain.
        bool write = rest.StartsWithSegments("/write", StringComparison.Ordinal) || rest.StartsWithSegments("/otlp", StringComparison.Ordinal);
        if (!readiness.IsReady && !rest.StartsWithSegments("/status/walreplay", StringComparison.Ordinal)
            && !rest.StartsWithSegments("/notifications", StringComparison.Ordinal) && (!write || readiness.IsStarting))
            return Text(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable");
        return next(context);
    }

    private static Task Text(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = PlainText.TextContentType;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync(body);
    }
}
