using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Vigil.Metrics.Api;

/// <summary>
/// Small built-in pages on 9090, where Prometheus users expect its UI: <c>/</c> redirects to <c>/query</c>
/// (expression box, Table and Graph tabs), and <c>/targets</c>, <c>/rules</c>, <c>/alerts</c>, <c>/status</c>.
/// One HTML shell and one script, embedded in the assembly (no CDN, no build step); every page reads the
/// JSON API. Deep links work as in Prometheus: <c>/query?expr=up&amp;tab=graph&amp;range=1h</c>; the old
/// <c>/graph</c> path redirects there, keeping its query string.
/// </summary>
internal static class WebPages
{
    private static readonly string[] PagePaths = ["/query", "/targets", "/rules", "/alerts", "/status"];

    private static readonly FrozenDictionary<string, (string Resource, string ContentType)> Assets = new Dictionary<string, (string, string)>
    {
        ["/assets/vigil.js"] = ("page.js", "text/javascript; charset=utf-8"),
        ["/assets/vigil.css"] = ("page.css", "text/css; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", context => Redirect(context, "/query"));
        endpoints.MapGet("/graph", context => Redirect(context, "/query" + context.Request.QueryString));
        foreach (string path in PagePaths) endpoints.MapGet(path, context => Serve(context, "page.html", "text/html; charset=utf-8"));
        foreach (var (path, (resource, type)) in Assets) endpoints.MapGet(path, context => Serve(context, resource, type));
    }

    private static Task Redirect(HttpContext context, string location)
    {
        // Prometheus answers / with 302 Found to its query page.
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    }

    private static async Task Serve(HttpContext context, string resource, string contentType)
    {
        byte[] body = Load(resource);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    internal static byte[] Load(string resource) => Cache.GetOrAdd(resource, name =>
    {
        using var stream = typeof(WebPages).Assembly.GetManifestResourceStream("Vigil.Metrics.Pages." + name)
            ?? throw new InvalidOperationException($"embedded page {name} is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
