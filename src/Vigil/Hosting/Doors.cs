using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Collector.Telemetry;
using Vigil.Configuration;
using Vigil.Core.Hosting;
using Vigil.Logs.Api;
using Vigil.Metrics.Api;
using Vigil.Otlp.Receivers;
using Vigil.Traces.Api;
using Vigil.Web.Api;

namespace Vigil.Hosting;

/// <summary>The doors each role opens, wired to the shared services. To add a door: add it here under its role.</summary>
internal static class Doors
{
    public static List<Door> For(VigilConfig config, RoleSet roles, ITelemetrySink sink, CollectorTelemetry telemetry, Readiness readiness,
        Metrics.MetricsRole? metrics)
    {
        var doors = new List<Door>();
        if (roles.Collector)
        {
            var otlp = config.Collector.Otlp;
            if (otlp.Grpc.Enabled)
            {
                doors.Add(new Door("otlp-grpc", "collector", otlp.Grpc.Port, HttpProtocols.Http2,
                    builder =>
                    {
                        builder.Services.AddGrpc(options =>
                        {
                            options.MaxReceiveMessageSize = (int)otlp.Grpc.MaxRecvMsgSize;
                            options.EnableDetailedErrors = false;
                        });
                        builder.Services.AddSingleton(sink);
                        builder.Services.AddSingleton<OtlpGrpcReceiver>();
                        builder.Services.AddSingleton<IServiceMethodProvider<OtlpGrpcReceiver>, OtlpGrpcMethodProvider>();
                    },
                    app => app.MapGrpcService<OtlpGrpcReceiver>()));
            }
            if (otlp.Http.Enabled)
            {
                var cors = otlp.Http.Cors;
                doors.Add(new Door("otlp-http", "collector", otlp.Http.Port, HttpProtocols.Http1,
                    builder =>
                    {
                        builder.Services.AddRouting();
                        builder.Services.AddCors(options => options.AddDefaultPolicy(policy =>
                        {
                            if (cors.AllowedOrigins.Contains("*")) policy.AllowAnyOrigin();
                            else policy.WithOrigins([.. cors.AllowedOrigins]);
                            policy.WithMethods("POST").WithHeaders(["Content-Type", "Content-Encoding", .. cors.AllowedHeaders])
                                .SetPreflightMaxAge(cors.MaxAge);
                        }));
                    },
                    app =>
                    {
                        if (cors.AllowedOrigins.Count > 0)
                        {
                            app.UseCors();
                        }
                        var receiver = new OtlpHttpReceiver(sink, new OtlpHttpOptions { MaxRequestBodySize = otlp.Http.MaxRequestBodySize },
                            app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<OtlpHttpReceiver>>());
                        receiver.Map(app);
                        app.MapFallback(NotFound);
                    }));
            }
            if (config.Collector.Telemetry.Enabled)
            {
                doors.Add(new Door("collector-metrics", "collector", config.Collector.Telemetry.Port, HttpProtocols.Http1,
                    builder => builder.Services.AddRouting(),
                    app =>
                    {
                        // The latest values of OTLP-arrived metrics follow the collector's own, as the seed stack's
                        // collector served them with its prometheus exporter.
                        TelemetryEndpoint.Map(app, telemetry, metrics is null ? null : metrics.LatestOtlpValues.WriteAsync);
                        app.MapFallback(NotFound);
                    }));
            }
        }
        if (roles.Metrics)
        {
            doors.Add(new Door("prometheus", "metrics", config.Metrics.Port, HttpProtocols.Http1,
                builder => PrometheusApi.AddServices(builder.Services), app => PrometheusApi.Map(app, readiness, metrics)));
        }
        if (roles.Logs)
        {
            doors.Add(Simple("loki", "logs", config.Logs.Port, app => LokiApi.Map(app, readiness)));
        }
        if (roles.Traces)
        {
            doors.Add(Simple("tempo", "traces", config.Traces.Port, app => TempoApi.Map(app, readiness)));
        }
        if (roles.Ui)
        {
            doors.Add(Simple("ui", "ui", config.Ui.Port, app => UiApi.Map(app, readiness)));
        }
        return doors;
    }

    // HTTP doors speak HTTP/1.1: without TLS there is no ALPN to offer HTTP/2, and the upstreams do the same.
    private static Door Simple(string name, string role, int port, Action<WebApplication> map) =>
        new(name, role, port, HttpProtocols.Http1, builder => builder.Services.AddRouting(), map);

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = PlainText.TextContentType;
        return context.Response.WriteAsync(PlainText.GoNotFound);
    }
}
