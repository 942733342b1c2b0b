namespace GreenhouseApp.Telemetry;

internal static class MetricsEndpoint
{
    /// <summary>The Prometheus text exposition format, version 0.0.4, which every scraper reads.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Serves GET /metrics from the app's prometheus-net registry.</summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/metrics", async (HttpContext context, PrometheusMetrics metrics) =>
        {
            context.Response.ContentType = ContentType;
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
}
