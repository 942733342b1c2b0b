using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Vigil.Collector.Telemetry;

/// <summary>
/// GET /metrics on the collector-metrics port (9464): Prometheus text format 0.0.4, or OpenMetrics when
/// the scraper asks for it. The Content-Type is always explicit, because Prometheus 3 fails a scrape whose
/// Content-Type it cannot read (api-compat 5.3). <c>appendText</c>, when given, writes more text-format
/// families after the collector's own (the latest OTLP values, as the Collector's prometheus exporter
/// served them); the endpoint then always answers text 0.0.4, because that is what the extra text is.
/// </summary>
public static class TelemetryEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints, CollectorTelemetry telemetry,
        Func<Stream, CancellationToken, Task>? appendText = null)
    {
        endpoints.MapMethods("/metrics", ["GET", "HEAD"], async context =>
        {
            bool openMetrics = appendText is null && context.Request.Headers.Accept.ToString().Contains("application/openmetrics-text", StringComparison.OrdinalIgnoreCase);
            context.Response.ContentType = openMetrics
                ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                : "text/plain; version=0.0.4; charset=utf-8";
            if (HttpMethods.IsHead(context.Request.Method))
            {
                return;
            }
            await telemetry.Registry.CollectAndExportAsTextAsync(context.Response.Body,
                openMetrics ? ExpositionFormat.OpenMetricsText : ExpositionFormat.PrometheusText, context.RequestAborted);
            if (appendText is not null)
            {
                await appendText(context.Response.Body, context.RequestAborted);
            }
        });
    }
}
