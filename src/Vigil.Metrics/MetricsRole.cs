using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Vigil.Core.Hosting;
using Vigil.Metrics.Ingest.Otlp;
using Vigil.Metrics.Ingest.RemoteWrite;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics;

/// <summary>
/// The metrics role put together: the TSDB and everything that writes into it (scraping, remote write,
/// OTLP on 9090, the collector's OTLP exporter) or serves it on 9090. Opened before the doors (storage
/// first, so nothing is accepted that cannot be kept), disposed after them. Start order: TSDB (blocks,
/// WAL replay), then scraping; stop order reversed.
/// </summary>
public sealed class MetricsRole : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    private readonly RemoteWriteHandler _remoteWrite;
    private readonly OtlpWriteHandler _otlpWrite;

    private MetricsRole(MetricsRoleOptions options, Db db, ILoggerFactory loggerFactory)
    {
        Options = options;
        Db = db;
        _loggerFactory = loggerFactory;
        _remoteWrite = new RemoteWriteHandler(db, new RemoteWriteOptions { MaxDecompressedBytes = (int)options.MaxRequestBodySize },
            loggerFactory.CreateLogger("Vigil.Metrics.RemoteWrite"));
        var translator = new OtlpTranslator(options.Otlp);
        LatestOtlpValues = new OtlpLatestValues();
        // One translator for both OTLP paths, so delta accumulation sees every point of a stream.
        OtlpWriter = new OtlpStoreWriter(translator, LatestOtlpValues, loggerFactory.CreateLogger("Vigil.Metrics.Otlp"));
        _otlpWrite = new OtlpWriteHandler(db, translator, options.MaxRequestBodySize, LatestOtlpValues,
            loggerFactory.CreateLogger("Vigil.Metrics.Otlp"));
    }

    public MetricsRoleOptions Options { get; }
    public Db Db { get; }

    internal RemoteWriteStats RemoteWriteStats => _remoteWrite.Stats;

    /// <summary>Writes OTLP batches from the collector pipeline into the TSDB (the host's exporter calls it).</summary>
    public OtlpStoreWriter OtlpWriter { get; }

    /// <summary>Latest values of metrics that arrived over OTLP, served on the collector metrics port (9464).</summary>
    public OtlpLatestValues LatestOtlpValues { get; }

    /// <summary>Opens the TSDB (replaying its WAL) and prepares the receivers; nothing listens yet.</summary>
    public static MetricsRole Open(MetricsRoleOptions options, ILoggerFactory loggerFactory)
    {
        var db = Db.Open(options.Storage, loggerFactory.CreateLogger("Vigil.Metrics.Tsdb"));
        return new MetricsRole(options, db, loggerFactory);
    }

    /// <summary>Starts background work: block cutting, compaction, retention, scraping.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Db.Start();
        return Task.CompletedTask;
    }

    /// <summary>Maps this role's endpoints on the Prometheus door (9090).</summary>
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/metrics", ["GET", "HEAD"], context => Api.SelfMetrics.WriteAsync(context, this));
        Api.AdminApi.Map(endpoints, Db, Options.AdminApi);
        if (Options.RemoteWriteReceiver) endpoints.MapMethods("/api/v1/write", ["GET", "POST", "PUT", "DELETE", "PATCH"], _remoteWrite.HandleAsync);
        else endpoints.MapMethods("/api/v1/write", ["GET", "POST"], context =>
            Disabled(context, "remote write receiver needs to be enabled with --web.enable-remote-write-receiver"));
        if (Options.OtlpReceiver) endpoints.MapMethods("/api/v1/otlp/v1/metrics", ["GET", "POST", "PUT", "DELETE", "PATCH"], _otlpWrite.HandleAsync);
        else endpoints.MapMethods("/api/v1/otlp/v1/metrics", ["GET", "POST"], context =>
            Disabled(context, "otlp write receiver needs to be enabled with --web.enable-otlp-receiver"));
    }

    /// <summary>Scrape counters for /metrics (none while scraping is off).</summary>
    internal void AppendScrapeMetrics(System.Text.StringBuilder sb)
    {
    }

    private static Task Disabled(HttpContext context, string message)
    {
        // Prometheus answers a disabled receiver with 404 and this text (api-compat 2.2, 2.4).
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = PlainText.TextContentType;
        return context.Response.WriteAsync(message + "\n");
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync().ConfigureAwait(false);
    }
}
