using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GreenhouseApp.Telemetry;

/// <summary>
/// Wires the OpenTelemetry SDK (traces, metrics, logs over OTLP) and the Prometheus endpoint.
/// The exporter reads the standard variables itself: OTEL_EXPORTER_OTLP_ENDPOINT (default
/// http://localhost:4317, gRPC), OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_BSP_SCHEDULE_DELAY,
/// OTEL_METRIC_EXPORT_INTERVAL, OTEL_BLRP_SCHEDULE_DELAY. When the collector is down, exports fail
/// in the SDK's background threads and the app goes on serving.
/// </summary>
internal static class TelemetrySetup
{
    public static IServiceCollection AddGreenhouseTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<AppMetrics>();
        services.AddSingleton<PrometheusMetrics>();
        services.AddHostedService<TelemetryFlusher>();

        services.AddOpenTelemetry()
            .ConfigureResource(ConfigureResource)
            .WithTracing(tracing => tracing
                .AddSource(GreenhouseTelemetry.SourceName)
                // Scrapes every few seconds would bury the interesting traces.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(GreenhouseTelemetry.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                // .NET's built-in runtime meter (GC, thread pool, CPU): no extra package needed.
                .AddMeter("System.Runtime"))
            .WithLogging(configureBuilder: null, configureOptions: o =>
            {
                o.IncludeFormattedMessage = true;
                // ASP.NET Core's request scope (RequestPath, RequestId) and ours become log attributes.
                o.IncludeScopes = true;
            })
            .UseOtlpExporter();
        return services;
    }

    /// <summary>
    /// Our defaults first, then OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME: a later resource wins a
    /// key, so the environment overrides service.name, service.version or service.instance.id, as
    /// the specification asks.
    /// </summary>
    public static void ConfigureResource(ResourceBuilder resource) => resource
        .Clear()
        .AddService(GreenhouseTelemetry.ServiceName, serviceVersion: GreenhouseTelemetry.Version,
            serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}")
        .AddTelemetrySdk()
        .AddEnvironmentVariableDetector();

    /// <summary>Counts requests, serves /metrics and creates the instruments before the first request.</summary>
    public static WebApplication UseGreenhouseTelemetry(this WebApplication app)
    {
        app.Services.GetRequiredService<AppMetrics>();
        app.UseMiddleware<RequestMetricsMiddleware>();
        app.MapPrometheusMetrics();
        return app;
    }
}
